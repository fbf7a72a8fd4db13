"""The fields of a report that its lines give: an official document's masthead, number and date,
a government portal's labelled metadata, a WeChat post's account line, a briefing's issuer and
date on one line."""

from __future__ import annotations

import re

from taizhang.lib.cn_numbers import to_halfwidth

CJK = r"\u4e00-\u9fff"
SPACE = r"[ \t\u3000]"
# How a unit's name ends (an issuer line, a signature): 区, 村, 街道, 局, 委 …
UNIT_ENDINGS = (
    "区",
    "县",
    "市",
    "镇",
    "乡",
    "村",
    "街道",
    "社区",
    "局",
    "委",
    "办",
    "院",
    "部",
    "校",
)

# A date alone on a line: "2023年10月12日", "（2023年3月6日）", "2023-11-20 18:30 发表于山西"
# (or "18:30 山西"),
# "二〇二三年十月十二日"
_CN_DATE_DIGITS = "〇○零一二三四五六七八九十"
DATE_LINE = re.compile(
    rf"^[（(]?(?P<y>\d{{4}}|[{_CN_DATE_DIGITS}]{{4}})(?:年|-|/|\.)"
    rf"(?P<m>\d{{1,2}}|[{_CN_DATE_DIGITS}]{{1,2}})(?:月|-|/|\.)"
    rf"(?P<d>\d{{1,2}}|[{_CN_DATE_DIGITS}]{{1,3}})日?[）)]?"
    r"(?P<time>\s*\d{1,2}:\d{2})?"
    r"(?(time)(?:\s*(?:发表于)?[\u4e00-\u9fff]{2,10})?|(?:\s*发表于\S{0,10})?)(?:\s*星期.)?$"
)
# "平城区人民政府办公室文件", "中共平城区委文件": an official document's masthead
DOC_MASTHEAD = re.compile(r"^(?P<issuer>[\u4e00-\u9fff（）()]{4,40}?)\s*文\s*件$")
# "平政办发〔2023〕27号", "平发〔2022〕5号", "区委办字[2023]12号"
DOC_NUMBER = re.compile(
    r"^[\u4e00-\u9fff]{1,10}\s*[〔\[［【(（]\s*\d{4}\s*[〕\]］】)）]\s*\d{1,4}\s*号$"
)


def date_value(text: str) -> str | None:
    """A date line as ISO 8601 (2023-10-12), or None when it is not one."""
    match = DATE_LINE.match(to_halfwidth(text.strip()))
    if not match:
        return None
    parts = []
    for key in ("y", "m", "d"):
        raw = match.group(key)
        if raw.isdigit():
            parts.append(int(raw))
        else:
            from taizhang.lib.cn_numbers import parse_cn_integer

            try:
                parts.append(parse_cn_integer(raw))
            except ValueError:
                return None
    year, month, day = parts
    if not (1 <= month <= 12 and 1 <= day <= 31 and 1900 <= year <= 2200):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


# A government website's labelled metadata over a document: "发文机关：平城区民政局",
# "文　　号：平民发〔2022〕14号", "成文日期：2022年6月8日", "主　　送：各街道办事处". The label's
# letters may be spaced out (索 引 号).
FIELD_LABELS = {
    "issuer": ("发文机关", "发文单位", "发布机构", "发布机关", "印发机关"),
    "doc_number": ("文号", "发文字号", "发文文号"),
    "date": ("成文日期", "发文日期", "发布日期", "印发日期", "签发日期"),
    "recipients": ("主送", "主送机关", "主送单位"),
}
OTHER_LABELS = (
    "索引号",
    "主题分类",
    "体裁分类",
    "公文种类",
    "信息分类",
    "公开方式",
    "公开范围",
    "公开时限",
    "有效性",
    "生成日期",
    "主题词",
    "标题",  # the title, repeated over the document as its headline
)
_LABELS = sorted(
    [label for labels in FIELD_LABELS.values() for label in labels] + list(OTHER_LABELS),
    key=len,
    reverse=True,
)
LABEL_LINE = re.compile(
    "^(?P<label>"
    + "|".join(rf"{SPACE}*".join(label) for label in _LABELS)
    + rf"){SPACE}*[:：]{SPACE}*(?P<value>\S.{{0,80}})$"
)


def labelled_field(text: str) -> tuple[str, str] | None:
    """A labelled metadata line as a field of the report, or None."""
    match = LABEL_LINE.match(to_halfwidth(text))
    if not match:
        return None
    label = re.sub(rf"{SPACE}", "", match.group("label"))
    value = match.group("value").strip()
    key = next((key for key, labels in FIELD_LABELS.items() if label in labels), None)
    if key == "date":
        date = date_value(value)
        return ("date", date) if date else None
    if key == "doc_number":
        number = re.sub(r"\s+", "", text[match.start("value") :])
        return ("doc_number", number) if DOC_NUMBER.match(number) else None
    if key is not None:
        return (key, text[match.start("value") :].strip())
    return None


# A WeChat post's account line: "原创 平城文旅 2022-08-15 17:42 发表于山西" (the account name, then
# the time it was posted).
ACCOUNT_LINE = re.compile(
    rf"^(?:原创{SPACE}+)?(?:[^\s\d]{{2,16}}{SPACE}+)?(?P<account>[^\s\d:：]{{2,16}}){SPACE}+"
    r"(?P<date>\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?(?:\s*\d{1,2}:\d{2})?(?:\s*发表于\S{0,10})?)$"
)


def account_line(text: str) -> tuple[int, str] | None:
    """Where the date starts in a WeChat account line and the date (ISO 8601), or None. A line
    that only says a date (2023年5月12日 星期五) is not one: it needs 原创, a time or 发表于."""
    half = to_halfwidth(text)
    match = ACCOUNT_LINE.match(half)
    if not match or not re.search(r"原创|:|发表于", half):
        return None
    date = date_value(match.group("date"))
    return (match.start("date"), date) if date else None


# A briefing's or a bulletin's issuer and date on one line, set apart by wide space:
# "中共平城区委组织部　　　　2023年11月6日"
ISSUER_DATE = re.compile(
    rf"^(?P<issuer>[{CJK}（）()]{{4,30}}(?:{SPACE}[{CJK}（）()]{{4,30}})?){SPACE}{{2,}}(?P<date>[\d〇○零一二三四五六七八九十]{{4}}年\S{{3,8}})$"
)


def issuer_date_line(text: str) -> tuple[int, str] | None:
    """Where the date starts in an issuer-and-date line and the date (ISO 8601), or None."""
    match = ISSUER_DATE.match(text)
    if not match or not match.group("issuer").endswith((*UNIT_ENDINGS, "室", "中心", "政府")):
        return None
    date = date_value(match.group("date"))
    return (match.start("date"), date) if date else None


def classify_field(text: str) -> tuple[str, str] | None:
    half = to_halfwidth(text)
    labelled = labelled_field(text)
    if labelled:
        return labelled
    date = date_value(half)
    if date:
        return ("date", date)
    masthead = DOC_MASTHEAD.match(text)
    if masthead:
        return ("issuer", masthead.group("issuer"))
    if DOC_NUMBER.match(text):
        return ("doc_number", re.sub(r"\s+", "", text))
    return None
