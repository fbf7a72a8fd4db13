"""Reading a supervision report for a case draft: which sentences report a finding, the
findings listed in them, the subject, the agency addressed, the finding unit and the legal
basis. Pure functions over the report's text and the names intake found; no database."""

from __future__ import annotations

import re
from typing import Any

from taizhang.core.models import UnitKind

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
# Characters that say nothing about which category a finding is.
COMMON = set("的了和与及或未无有不在其等是对该个项处为把被将已")


# Sentences of an article with their places in the report text ---------------------------------


def article_texts(text: str) -> list[tuple[str, list[int]]]:
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


def sentences(body: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for index, char in enumerate(body):
        if char in "。！？!?\n":
            if body[start:index].strip():
                spans.append((start, index + 1))
            start = index + 1
    if body[start:].strip():
        spans.append((start, len(body)))
    return spans


def clean_item(item: str) -> str:
    item = LEADING.sub("", item.strip(" \u3000，,、；;：:。.\n"))
    item = TRAILING.sub("", item).strip(" \u3000，,、；;：:。.")
    return item


def split_items(listing: str) -> list[tuple[int, int]]:
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


def findings(sentence: str, offset: int, count: int | None) -> list[tuple[str, int, int]]:
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
        description = clean_item(single.group("what"))
        if len(description) < 2 or COUNT.match(description + "问题"):
            return []
        return [(description, offset + single.start("what"), offset + single.end("what"))]
    listing = sentence[listing_start:].rstrip("。！？!?\n ")
    items: list[tuple[str, int, int]] = []
    for start, end in split_items(listing):
        raw = listing[start:end]
        item = clean_item(raw)
        if len(item) < 2 or ACTION.search(item) or re.match(r"该|已|要求|目前", item):
            continue
        at = offset + listing_start + start + max(raw.find(item), 0)
        items.append((item, at, at + len(item)))
    if count and len(items) < count:
        items = split_joined(items, count)
    return items[:count] if count else items


def split_joined(items: list[tuple[str, int, int]], count: int) -> list[tuple[str, int, int]]:
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


def units_in(body: str, names: list[dict[str, Any]]) -> list[tuple[int, int, dict[str, Any]]]:
    """Every place in the body where a matched org unit is named, longest names first, no
    overlaps."""
    found: list[tuple[int, int, dict[str, Any]]] = []
    for name in sorted(names, key=lambda n: -len(n["text"])):
        for match in re.finditer(re.escape(name["text"]), body):
            if not any(s < match.end() and match.start() < e for s, e, _n in found):
                found.append((match.start(), match.end(), name))
    return sorted(found, key=lambda row: row[0])


def clause_bounds(body: str, start: int, end: int) -> tuple[int, int]:
    while start > 0 and body[start - 1] not in "，,。；;！？\n":
        start -= 1
    while end < len(body) and body[end] not in "，,。；;！？\n":
        end += 1
    return start, end


def agency(body: str, units: list[tuple[int, int, dict[str, Any]]]) -> dict[str, Any] | None:
    for start, end, name in units:
        if name.get("unit_kind") in PLACE_KINDS:
            continue
        clause_start, clause_end = clause_bounds(body, start, end)
        before = body[clause_start:start]
        after = body[end:clause_end]
        if ADDRESSED.search(before.rstrip()) and ADDRESS_ACTS.search(after):
            return name
        if re.search(r"向$", before) and ADDRESS_ACTS.search(body[end : end + 30]):
            return name
    return None


def finder(
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


def legal_basis(body: str) -> str:
    fallback = ""
    for match in LAW.finditer(body):
        if not LAW_TITLE.search(match.group("title")):
            continue
        basis = f"《{match.group('title')}》{match.group('article') or ''}"
        if BASIS_BEFORE.search(body[max(0, match.start() - 12) : match.start()]):
            return basis[:300]
        fallback = fallback or basis
    return fallback[:300]


def subject(sentence: str) -> tuple[str, str]:
    """(name, address) of the subject the sentence names."""
    match = SUBJECT_AT.search(sentence)
    if match:
        return match.group("name").strip(), match.group("address").strip()
    match = SUBJECT.search(sentence)
    if match and BUSINESS_SUFFIX.search(match.group("name")):
        return match.group("name").strip(), ""
    return "", ""


def subject_kind(name: str) -> str:
    if ORGANISATION.search(name):
        return "organisation"
    if BUSINESS.search(name) and not re.search(r"公司|企业|集团", name):
        return "business"
    return "enterprise"


def shared(left: str, right: str) -> int:
    """Characters two texts share, leaving out those that say nothing."""
    return len((set(left) & set(right)) - COMMON)


def bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)}
