"""Draft kind of report intake: a rectification case (整治案件) from a supervision report.

An article that reports a finding ("…发现位于白登山街道古城村北的某汽车修理部存在3项环境污染隐患，即
混放废弃机油与其他物品，未单独设有危险废物储存间和危险废物识别标志。") and what was done about it
(检察建议, 整改, 督办, 查处, 责令…) gives one case draft: the subject, its address and village,
the unit that found it, the agency addressed (向市生态环境局提出检察建议), the findings one per
line and the legal basis (根据《中华人民共和国固体废物污染环境防治法》). Proposing is pure; the
campaign (chosen among those the person may file in, pre-selected by the words the article
shares with it) and each finding's category are filled in when the draft is shown.

A finding line may start with its category, "无危险废物标识｜未设置危险废物识别标志"; a line
without one takes the draft's default category. Confirming files the case through
`rectification.services.cases.open_case`; report intake links it to the sentence.
"""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from taizhang.core.access import can_write
from taizhang.core.models import Unit, UnitKind
from taizhang.intake.drafts.registry import DraftField, Proposal
from taizhang.lib import clock
from taizhang.lib.cn_numbers import parse_cn_integer

# A sentence that reports something found, and a problem in it.
FOUND = re.compile(r"发现|查出|查明|排查出|检查出|检查中|暗访中")
PROBLEM = re.compile(
    r"隐患|问题|违法|违规|不符合|不规范|未按|未设|未单独|未取得|未办理|未落实|未配备|无证|"
    r"混放|混存|乱堆|乱放|乱排|私设|超标|偷排|直排|占用"
)
# What was done about it: the genre of supervision and rectification reports.
ACTION = re.compile(r"检察建议|整改|督办|查处|责令|限期|立案|处罚|移交|移送|通报|约谈|诉前")
# Where the listing of the findings starts.
INTRO = re.compile(
    r"(?:(?<=[，,])|(?<=隐患)|(?<=问题)|(?<=情况)|(?<=行为))\s*"
    r"(?:即|分别是|分别为|主要是|主要有|主要表现为|表现为|包括|具体为|具体是)[：:，,]?|[：:]"
)
ORDINAL = re.compile(
    r"(?:[一二三四五六七八九十]是|其[一二三四五六七八九十]|（[一二三四五六七八九十\d]+）|"
    r"\([一二三四五六七八九十\d]+\)|[①②③④⑤⑥⑦⑧⑨⑩]|(?<![\d.])\d+[、.．](?!\d))"
)
COUNT = re.compile(
    r"(\d+|[一二两三四五六七八九十]+)\s*(?:项|处|个|条|类|方面)[\u4e00-\u9fa5]{0,8}?(?:隐患|问题)"
)
SINGLE = re.compile(r"存在(?P<what>[^，。；;]{2,60}?)(?:的|等)?(?:问题|隐患|情况|行为)")
# A negated duty ("未单独设有") that the next item of a list shares ("…和危险废物识别标志").
DUTY = re.compile(
    r"^(?:未|无|没有|缺少|不)[\u4e00-\u9fa5]{0,3}?"
    r"(?:设有|设置|设立|建立|配备|配置|张贴|悬挂|办理|取得|落实|开展|签订|制定|安装|做到|按照|按)"
)
AND = re.compile(r"以及|和|(?<!涉)及(?!时)")
LEADING = re.compile(r"^(?:并且|并|且|还|同时|以及|和|及|其中|分别|均|等)+")
TRAILING = re.compile(r"(?:等)?(?:问题|隐患|情况|行为)?$")

SUBJECT_AT = re.compile(
    r"位于(?P<address>[^，。；;]{2,40}?)的(?P<name>[^，。；;的]{2,30}?)(?:存在|有)"
)
SUBJECT = re.compile(
    r"(?:发现|查出|检查出|排查出|对)[，,]?(?:辖区内?|该)?(?P<name>[^，。；;]{2,30}?)(?:存在|有|进行)"
)
BUSINESS_SUFFIX = re.compile(
    r"(?:有限公司|公司|修理部|修理厂|维修厂|维修部|门市部|加油站|加气站|洗车店|洗车场|养殖场|"
    r"屠宰场|砖厂|工厂|作坊|商店|超市|市场|酒店|宾馆|饭店|餐馆|诊所|医院|学校|幼儿园|工地|"
    r"合作社|厂|店|部|站|场|馆|行)$"
)
ENTERPRISE = re.compile(r"公司|厂|企业|集团|加油站|加气站|矿|场$")
BUSINESS = re.compile(r"部$|店$|门市|作坊|摊|馆$|行$|铺$|诊所|超市")
ORGANISATION = re.compile(r"学校|幼儿园|医院|卫生院|中心$|协会|委员会|单位$")

# The agency a recommendation or an order is addressed to: "向市生态环境局提出检察建议".
ADDRESSED = re.compile(r"向$|交由$|移交$|移送$|转交$|督促$|责令$|要求$|建议$")
ADDRESS_ACTS = re.compile(r"检察建议|建议|督办|整改|通知|移送|移交|函|处理|查处|监管")
LAW = re.compile(
    r"《(?P<title>[^》]{2,50}?)》(?P<article>第[一二三四五六七八九十百零\d]+条(?:第[一二三四五六七八九十\d]+款)?)?"
)
LAW_TITLE = re.compile(r"(?:法|条例|规定|办法|细则|规范|标准)$")
BASIS_BEFORE = re.compile(r"(?:根据|依据|依照|按照|违反了?|不符合)[^，。；]{0,6}$")
CONTEXT_WORDS = re.compile(r"专项|整治|行动|方案|活动|攻坚")

PLACE_KINDS = (UnitKind.VILLAGE, UnitKind.COMMUNITY)
AGENCY_KINDS = (UnitKind.DEPARTMENT, UnitKind.AGENCY, UnitKind.SUBDISTRICT, UnitKind.DISTRICT)
CATEGORY_MARK = re.compile(r"^(?P<category>[^｜|]{1,100})[｜|](?P<description>.*)$")
# Characters that say nothing about which category a finding is.
COMMON = set("的了和与及或未无有不在其等是对该个项处为把被将已")


def _campaigns(user: Any) -> list[tuple[str, str]]:
    from taizhang.rectification.models import Campaign

    rows = (
        Campaign.objects.for_user(user)
        .filter(ends_on__gte=clock.today())
        .order_by("-starts_on", "-id")
        .values_list("pk", "name")
    )
    return [(str(pk), name) for pk, name in rows[:200]]


def _categories(user: Any) -> list[tuple[str, str]]:
    from taizhang.rectification.models import HazardCategory

    rows = (
        HazardCategory.objects.filter(campaign__in=[int(pk) for pk, _name in _campaigns(user)])
        .select_related("campaign")
        .order_by("campaign_id", "id")
    )
    return [(str(c.pk), f"{c.campaign.name} · {c.name}") for c in rows]


def _agencies(user: Any) -> list[tuple[str, str]]:
    from taizhang.rectification.forms import addressable_agencies

    return [(str(pk), name) for pk, name in addressable_agencies().values_list("pk", "name")]


def _villages(user: Any) -> list[tuple[str, str]]:
    rows = (
        Unit.objects.filter(is_active=True, kind__in=PLACE_KINDS)
        .order_by("code")
        .values_list("pk", "name")
    )
    return [(str(pk), name) for pk, name in rows]


def _origins(user: Any) -> list[tuple[str, Any]]:
    from taizhang.rectification.models import Origin

    return list(Origin.choices)


def _subject_kinds(user: Any) -> list[tuple[str, Any]]:
    from taizhang.rectification.models import SubjectKind

    return list(SubjectKind.choices)


# Sentences of an article with their places in the report text ---------------------------------


def _article_texts(text: str) -> list[tuple[str, list[int]]]:
    """Each article's body as one string, with the report offset of every character."""
    from taizhang.intake.extraction.articles import split_articles
    from taizhang.intake.extraction.lines import read_lines

    articles = []
    for article in split_articles(read_lines(text)):
        chars: list[str] = []
        offsets: list[int] = []
        for line in article.body:
            if len(line.text) != len(line.offsets):
                continue
            chars.append(line.text)
            offsets.extend(line.offsets)
            chars.append("\n")
            offsets.append(line.offsets[-1] + 1 if line.offsets else 0)
        articles.append(("".join(chars), offsets))
    return articles


def _sentences(body: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for index, char in enumerate(body):
        if char in "。！？!?\n":
            if body[start:index].strip():
                spans.append((start, index + 1))
            start = index + 1
    if body[start:].strip():
        spans.append((start, len(body)))
    return spans


def _clean_item(item: str) -> str:
    item = LEADING.sub("", item.strip(" \u3000，,、；;：:。.\n"))
    item = TRAILING.sub("", item).strip(" \u3000，,、；;：:。.")
    return item


def _split_items(listing: str) -> list[tuple[int, int]]:
    """Spans of the items of a listing: by ordinals if it has them, else by ，、；."""
    marks = list(ORDINAL.finditer(listing))
    if len(marks) >= 2:
        bounds = [m.end() for m in marks]
        ends = [m.start() for m in marks[1:]] + [len(listing)]
        return list(zip(bounds, ends, strict=True))
    spans, start = [], 0
    for index, char in enumerate(listing):
        if char in "，,、；;":
            spans.append((start, index))
            start = index + 1
    spans.append((start, len(listing)))
    return spans


def _findings(sentence: str, offset: int, count: int | None) -> list[tuple[str, int, int]]:
    """(description, start, end) of each finding the sentence lists, offsets into the body."""
    problem = PROBLEM.search(sentence)
    found = FOUND.search(sentence)
    after = max(found.end() if found else 0, 0)
    intro = None
    for match in INTRO.finditer(sentence, after):
        if problem and match.start() >= problem.start() - 1:
            intro = match
            break
    if intro is None and len(list(ORDINAL.finditer(sentence, after))) >= 2:
        intro = ORDINAL.search(sentence, after)
        listing_start = intro.start() if intro else after
    elif intro is not None:
        listing_start = intro.end()
    else:
        single = SINGLE.search(sentence, after)
        if single is None:
            return []
        description = _clean_item(single.group("what"))
        if len(description) < 2 or COUNT.match(description + "问题"):
            return []
        return [(description, offset + single.start("what"), offset + single.end("what"))]
    listing = sentence[listing_start:].rstrip("。！？!?\n ")
    items: list[tuple[str, int, int]] = []
    for start, end in _split_items(listing):
        raw = listing[start:end]
        item = _clean_item(raw)
        if len(item) < 2 or ACTION.search(item) or re.match(r"该|已|要求|目前", item):
            continue
        at = offset + listing_start + start + max(raw.find(item), 0)
        items.append((item, at, at + len(item)))
    if count and len(items) < count:
        items = _split_joined(items, count)
    return items[:count] if count else items


def _split_joined(items: list[tuple[str, int, int]], count: int) -> list[tuple[str, int, int]]:
    """A clause "未单独设有危险废物储存间和危险废物识别标志" is two findings when the report
    counts more findings than clauses: split at 和/及/以及; the second shares the first's duty
    (未单独设有)."""
    result = list(items)
    index = 0
    while len(result) < count and index < len(result):
        description, start, _end = result[index]
        cuts = list(AND.finditer(description))
        bounds = [0, *(m.end() for m in cuts)]
        ends = [*(m.start() for m in cuts), len(description)]
        parts = [description[b:e] for b, e in zip(bounds, ends, strict=True)]
        if not cuts or any(len(part) < 2 for part in parts):
            index += 1
            continue
        duty = DUTY.match(parts[0])
        pieces = []
        for number, (b, e) in enumerate(zip(bounds, ends, strict=True)):
            part = description[b:e]
            if number and duty and not DUTY.match(part):
                part = duty.group() + part
            pieces.append((part, start + b, start + e))
        result[index : index + 1] = pieces
        index += len(pieces)
    return result


# The kind --------------------------------------------------------------------------------------


def _units_in(body: str, names: list[dict[str, Any]]) -> list[tuple[int, int, dict[str, Any]]]:
    """Every place in the body where a matched org unit is named, longest names first, no
    overlaps."""
    found: list[tuple[int, int, dict[str, Any]]] = []
    for name in sorted(names, key=lambda n: -len(n["text"])):
        for match in re.finditer(re.escape(name["text"]), body):
            if not any(s < match.end() and match.start() < e for s, e, _n in found):
                found.append((match.start(), match.end(), name))
    return sorted(found, key=lambda row: row[0])


def _clause_bounds(body: str, start: int, end: int) -> tuple[int, int]:
    while start > 0 and body[start - 1] not in "，,。；;！？\n":
        start -= 1
    while end < len(body) and body[end] not in "，,。；;！？\n":
        end += 1
    return start, end


def _agency(body: str, units: list[tuple[int, int, dict[str, Any]]]) -> dict[str, Any] | None:
    for start, end, name in units:
        if name.get("unit_kind") in PLACE_KINDS:
            continue
        clause_start, clause_end = _clause_bounds(body, start, end)
        before = body[clause_start:start]
        after = body[end:clause_end]
        if ADDRESSED.search(before.rstrip()) and ADDRESS_ACTS.search(after):
            return name
        if re.search(r"向$", before) and ADDRESS_ACTS.search(body[end : end + 30]):
            return name
    return None


def _finder(
    body: str,
    sentence: tuple[int, int],
    units: list[tuple[int, int, dict[str, Any]]],
    agency: dict[str, Any] | None,
) -> dict[str, Any] | None:
    candidates = [
        (s, name)
        for s, _e, name in units
        if name.get("unit_kind") not in PLACE_KINDS
        and name is not agency
        and (agency is None or name.get("unit_id") != agency.get("unit_id"))
    ]
    found = FOUND.search(body, sentence[0], sentence[1])
    before = [name for s, name in candidates if sentence[0] <= s < (found.start() if found else 0)]
    if before:
        return before[0]
    earlier = [name for s, name in candidates if s < sentence[0]]
    if earlier:
        return earlier[-1]
    return candidates[0][1] if candidates else None


def _legal_basis(body: str) -> str:
    fallback = ""
    for match in LAW.finditer(body):
        if not LAW_TITLE.search(match.group("title")):
            continue
        basis = f"《{match.group('title')}》{match.group('article') or ''}"
        if BASIS_BEFORE.search(body[max(0, match.start() - 12) : match.start()]):
            return basis[:300]
        fallback = fallback or basis
    return fallback[:300]


def _subject(sentence: str) -> tuple[str, str]:
    """(name, address) of the subject the sentence names."""
    match = SUBJECT_AT.search(sentence)
    if match:
        return match.group("name").strip(), match.group("address").strip()
    match = SUBJECT.search(sentence)
    if match and BUSINESS_SUFFIX.search(match.group("name")):
        return match.group("name").strip(), ""
    return "", ""


def _subject_kind(name: str) -> str:
    if ORGANISATION.search(name):
        return "organisation"
    if BUSINESS.search(name) and not re.search(r"公司|企业|集团", name):
        return "business"
    return "enterprise"


def _shared(left: str, right: str) -> int:
    """Characters two texts share, leaving out those that say nothing."""
    return len((set(left) & set(right)) - COMMON)


def _bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)}


class RectificationCaseDraft:
    key = "rectification_case"
    label = gettext_lazy("Rectification case")
    fields = (
        DraftField(
            "campaign", gettext_lazy("campaign"), "choice", required=True, options=_campaigns
        ),
        DraftField("origin", gettext_lazy("origin"), "choice", required=True, options=_origins),
        DraftField("origin_reference", gettext_lazy("origin reference"), "text"),
        DraftField("subject_name", gettext_lazy("subject"), "text", required=True),
        DraftField(
            "subject_kind",
            gettext_lazy("kind of subject"),
            "choice",
            required=True,
            options=_subject_kinds,
        ),
        DraftField("subject_address", gettext_lazy("address"), "text", required=True),
        DraftField(
            "village",
            gettext_lazy("village or community"),
            "choice",
            required=True,
            options=_villages,
        ),
        DraftField("found_by_unit", gettext_lazy("found by"), "unit", required=True),
        DraftField(
            "agency",
            gettext_lazy("responsible agency"),
            "choice",
            required=True,
            options=_agencies,
        ),
        DraftField(
            "category",
            gettext_lazy("category of findings without one"),
            "choice",
            options=_categories,
        ),
        DraftField(
            "findings",
            gettext_lazy("findings, one a line (category｜finding)"),
            "textarea",
            required=True,
        ),
        DraftField("legal_basis", gettext_lazy("legal basis"), "text"),
        DraftField("summary", gettext_lazy("summary"), "textarea"),
    )

    def propose(self, result: dict[str, Any], text: str) -> list[Proposal]:
        proposals = []
        for index, (body, offsets) in enumerate(_article_texts(text)):
            if not offsets or not ACTION.search(body):
                continue
            sentence = next(
                (
                    (s, e)
                    for s, e in _sentences(body)
                    if FOUND.search(body, s, e) and PROBLEM.search(body, s, e)
                ),
                None,
            )
            if sentence is None:
                continue
            start, end = sentence
            # numbered findings may run on in the sentences after ("一是…。二是…。")
            for s, e in _sentences(body):
                if s == end and ORDINAL.match(body[s:e].lstrip()):
                    end = e
            words = body[start:end].replace("\n", "")
            count_match = COUNT.search(words)
            count = None
            if count_match:
                number = count_match.group(1)
                try:
                    count = int(number) if number.isdigit() else parse_cn_integer(number)
                except ValueError:
                    count = None
            findings = _findings(body[start:end], start, count)
            if not findings:
                continue
            names = [
                n
                for n in result.get("names", [])
                if n.get("article") == index and n.get("kind") == "unit" and n.get("unit_id")
            ]
            units = _units_in(body, names)
            agency = _agency(body, units)
            finder = _finder(body, (start, end), units, agency)
            subject_name, address = _subject(body[start:end])
            for _s, _e, name in units:
                # "西王庄村一加油站": the place goes to the address
                if subject_name.startswith(name["text"]) and len(subject_name) > len(name["text"]):
                    address = address or name["text"]
                    subject_name = re.sub(
                        r"^(?:一家|一处|一)", "", subject_name[len(name["text"]) :]
                    )
            villages = [(s, name) for s, _e, name in units if name.get("unit_kind") in PLACE_KINDS]
            village = next(
                (name for s, name in villages if start <= s < end),
                villages[0][1] if villages else None,
            )
            context = "".join(
                body[s:e] for s, e in _sentences(body) if CONTEXT_WORDS.search(body[s:e])
            )
            articles = result.get("articles") or []
            heading = (articles[index].get("title") or "") if index < len(articles) else ""
            report_start = offsets[start]
            report_end = offsets[end - 1] + 1
            while report_end > report_start and text[report_end - 1] in "\n ":
                report_end -= 1
            data = {
                "campaign": "",
                "origin": "intake",
                "origin_reference": "",
                "subject_name": subject_name[:200],
                "subject_kind": _subject_kind(subject_name),
                "subject_address": (address or (village or {}).get("text", ""))[:200],
                "village": str(village["unit_id"]) if village else "",
                "found_by_unit": finder["unit_id"] if finder else None,
                "agency": str(agency["unit_id"]) if agency else "",
                "category": "",
                "findings": "\n".join(description for description, _s, _e in findings),
                "legal_basis": _legal_basis(body),
                "summary": words.strip(),
                "context": (heading + context)[:1000],
            }
            proposals.append(
                Proposal(
                    kind=self.key,
                    key=f"a{index}-{report_start}",
                    article=index,
                    start=report_start,
                    end=report_end,
                    sentence=text[report_start:report_end],
                    data=data,
                    figures=[(offsets[s], offsets[e - 1] + 1) for _d, s, e in findings if e > s],
                )
            )
        return proposals

    def may_confirm(self, user: Any) -> bool:
        """Whoever may file a case (the case form's rule)."""
        return can_write(user)

    def compare(self, proposal: Proposal, user: Any) -> list[dict[str, Any]]:
        return []

    def prefill(self, proposal: Proposal, user: Any) -> dict[str, Any]:
        """The campaign that shares most words with the article, and for each finding the
        category of that campaign it resembles most."""
        from taizhang.rectification.models import Campaign

        context = proposal.data.get("context", "") + proposal.sentence
        campaigns = Campaign.objects.for_user(user).filter(ends_on__gte=clock.today())
        best, best_score = None, 0
        for campaign in campaigns.order_by("-starts_on", "-id")[:200]:
            plan = campaign.plan_document.strip("《》 ")
            score = (100 if plan and plan in context else 0) + len(
                _bigrams(campaign.name) & _bigrams(context)
            )
            if score > best_score:
                best, best_score = campaign, score
        if best is None or best_score < 4:
            return {}
        categories = list(best.categories.all())
        lines = []
        for line in proposal.data.get("findings", "").splitlines():
            scores = sorted(((_shared(c.name, line), c.pk) for c in categories), reverse=True)
            best_category = next((c for c in categories if scores and c.pk == scores[0][1]), None)
            unique = len(scores) == 1 or (scores and scores[0][0] > scores[1][0])
            if best_category is not None and scores[0][0] >= 2 and unique:
                lines.append(f"{best_category.name}｜{line}")
            else:
                lines.append(line)
        return {"campaign": str(best.pk), "findings": "\n".join(lines)}

    def confirm(self, *, report: Any, data: dict[str, Any], by: Any, proposal: Proposal) -> Any:
        from taizhang.rectification.forms import addressable_agencies
        from taizhang.rectification.models import Campaign
        from taizhang.rectification.services.cases import open_case

        campaign = Campaign.objects.for_user(by).filter(pk=int(data["campaign"])).first()
        if campaign is None:
            raise ValidationError({"campaign": [_("No such campaign.")]})
        agency = addressable_agencies().filter(pk=int(data["agency"])).first()
        if agency is None:
            raise ValidationError({"agency": [_("Choose an agency a case may be addressed to.")]})
        village = Unit.objects.filter(
            pk=int(data["village"]), is_active=True, kind__in=PLACE_KINDS
        ).first()
        if village is None:
            raise ValidationError({"village": [_("Choose a village or community.")]})
        return open_case(
            by=by,
            campaign=campaign,
            found_by_unit=data["found_by_unit"],
            agency=agency,
            origin=data["origin"],
            origin_reference=(data.get("origin_reference") or str(report))[:100],
            subject_name=data["subject_name"],
            subject_kind=data["subject_kind"],
            subject_address=data["subject_address"],
            village=village,
            summary=data.get("summary") or "",
            findings=self._findings(campaign, data),
        )

    def _findings(self, campaign: Any, data: dict[str, Any]) -> list[dict[str, Any]]:
        categories = {c.name: c for c in campaign.categories.all()}
        default = None
        if data.get("category"):
            default = campaign.categories.filter(pk=int(data["category"])).first()
            if default is None:
                raise ValidationError(
                    {"category": [_("The category is not one of the campaign's.")]}
                )
        findings = []
        lines = [line.strip() for line in (data.get("findings") or "").splitlines()]
        for number, line in enumerate((line for line in lines if line), start=1):
            marked = CATEGORY_MARK.match(line)
            category, description = default, line
            if marked:
                name = marked.group("category").strip()
                category = categories.get(name)
                description = marked.group("description").strip()
                if category is None:
                    raise ValidationError(
                        {
                            "findings": [
                                _("Finding %(n)d: “%(c)s” is not a category of the campaign.")
                                % {"n": number, "c": name}
                            ]
                        }
                    )
            if category is None:
                raise ValidationError(
                    {
                        "findings": [
                            _(
                                "Finding %(n)d has no category: start the line with one "
                                "or choose a default category."
                            )
                            % {"n": number}
                        ]
                    }
                )
            if not description:
                raise ValidationError(
                    {"findings": [_("Finding %(n)d has no description.") % {"n": number}]}
                )
            # the category's law and article, unless the report cites another law
            basis = (data.get("legal_basis") or "").strip()
            if not basis or basis in category.legal_basis:
                basis = category.legal_basis
            findings.append(
                {"category": category, "description": description, "legal_basis": basis}
            )
        return findings
