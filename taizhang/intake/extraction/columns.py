"""The columns of a table: what each one is called and in what unit its numbers are.

A column's unit comes, in this order, from its own header cell (扶持资金（万元）, or a bare unit
(万元) in a second header row under 扶持资金), from the header of the group over it (资金（万元）
over 2021年 | 2022年), from what its name says it counts (户数 → 户, 人数 → 人), and last from
the unit the table's title or caption line states for the whole table (单位：万元, （单位：亩、户）,
金额单位：万元), which applies only to the columns that carry no unit of their own and never to a
serial number (序号) or to a column whose name says it is of another kind (完成进度 is a rate,
not 万元).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from taizhang.intake.extraction.figures import MONEY_UNITS, UNIT_RE, UNIT_SPELLINGS
from taizhang.lib.cn_numbers import to_halfwidth

HEADER_UNIT = re.compile(rf"^(?P<label>.*?)\s*[（(](?P<unit>%|{UNIT_RE})[）)]$")
UNIT_ONLY = re.compile(rf"^[（(]?\s*(?P<unit>%|{UNIT_RE})\s*[）)]?$")
# "单位：万元", "（单位：亩、户）", "金额单位：万元", "单位:万元、%", "金额单位为万元": the unit a
# table's title, caption or note line states; the words before 单位 may say which columns it
# is for.
_SCOPE_WORDS = "金额|资金|投资|面积|价格"
UNIT_STATEMENT = re.compile(
    rf"(?P<scope>{_SCOPE_WORDS})?(?:计量)?单位\s*(?:[:：]|为|是)\s*"
    # up to the next statement of the line ("金额单位为万元，面积单位为亩")
    rf"(?P<units>(?:(?!(?:{_SCOPE_WORDS})?(?:计量)?单位)[^（）()。；;\n]){{1,30}})"
)
# A line that states nothing but the unit: it belongs to the table under it.
UNIT_LINE = re.compile(
    rf"^[（(]?\s*(?:{_SCOPE_WORDS}|计量)?单位\s*[:：]\s*[^（）()。；;，,]{{1,30}}?\s*[）)]?$"
)
# Columns that number or date the rows: never a quantity, whatever the table's unit.
INDEX_LABEL = re.compile(
    r"^(?:序号|序|编号|排名|名次|排序|代码|编码|年份|年度|月份|时间|日期|电话|联系电话|邮编|NO\.?|No\.?)$"
)
# What a column's name says it holds; a table's unit of another kind does not apply to it.
KIND_WORDS = {
    "money": re.compile(
        r"资金|金额|投资|收入|补贴|补助|费|租金|款|产值|价|预算|资产|营收|税|工资|奖励|慰问金"
    ),
    "area": re.compile(r"面积|耕地|土地|流转|林地|用地|占地|播种|种植"),
    "percent": re.compile(r"率|比例|占比|进度|增长|增速|比重|百分比"),
}
UNIT_KIND = {
    **{unit: "money" for unit in MONEY_UNITS},
    **{unit: "area" for unit in ("亩", "万亩", "平方米", "万平方米", "平米", "公顷", "平方公里")},
    "%": "percent",
}
# "户数" counts 户, "受益人数" 人, "楼栋数" 栋; "服务人次" is counted in 人次.
COUNTED = re.compile(
    r"(?P<unit>[户人个次家栋套件台辆场名所座处间项天])数$|(?P<times>人次|户次|场次)$"
)


@dataclass
class Column:
    label: str
    unit: str = ""


def split_unit(text: str) -> tuple[str, str]:
    """A header cell's name and the unit it carries: 扶持资金（万元） → (扶持资金, 万元);
    a bare unit (万元) → ("", 万元); a plain name → (name, "")."""
    half = to_halfwidth(text)
    match = HEADER_UNIT.match(half)
    if match:
        unit = match.group("unit")
        return text[: len(match.group("label"))], UNIT_SPELLINGS.get(unit, unit)
    match = UNIT_ONLY.match(half)
    if match:
        unit = match.group("unit")
        return "", UNIT_SPELLINGS.get(unit, unit)
    return text, ""


def is_unit_only(text: str) -> bool:
    return bool(UNIT_ONLY.match(to_halfwidth(text)))


def counted_unit(label: str) -> str:
    """The unit a column's name says it counts in (户数 → 户), or ""."""
    match = COUNTED.search(label)
    if not match:
        return ""
    return match.group("unit") or match.group("times")


def kind_of(label: str) -> str:
    return next((kind for kind, words in KIND_WORDS.items() if words.search(label)), "")


def column(text: str, group: str = "") -> Column:
    """A column from its header cell and, in a two-row header, the group cell over it."""
    label, unit = split_unit(text)
    group_label, group_unit = split_unit(group)
    if not group_label or group_label == label:
        name = label or group_label
    elif not label:
        name = group_label
    else:
        name = group_label + label
    unit = unit or group_unit
    if not unit and not INDEX_LABEL.match(to_halfwidth(name)):
        unit = counted_unit(label) or counted_unit(name)
    return Column(name, unit)


def stated_units(text: str) -> tuple[list[str], str]:
    """The units a title or caption line states for its table, and the kind of columns they
    are for ("金额单位：万元" → (["万元"], "money")); ([], "") when it states none."""
    statements = unit_statements(text)
    return statements[0] if statements else ([], "")


def unit_statements(text: str) -> list[tuple[list[str], str]]:
    """Every statement of units in a line, with the kind of columns each is for: "金额单位为
    万元，面积单位为亩" → [(["万元"], "money"), (["亩"], "area")]."""
    return [
        found
        for match in UNIT_STATEMENT.finditer(to_halfwidth(text).replace("％", "%"))
        if (found := _statement(match))[0]
    ]


def _statement(match: re.Match) -> tuple[list[str], str]:
    units = []
    for token in re.split(r"[、，,\s]+|[和及]", match.group("units").strip()):
        if not token:
            continue
        found = UNIT_ONLY.fullmatch(token)
        if not found:
            break  # 单位：区农业农村局 names an office; "单位：万元  制表：张三" ends at 万元
        units.append(UNIT_SPELLINGS.get(found.group("unit"), found.group("unit")))
    scope = kind_of(match.group("scope")) if match.group("scope") else ""
    return units, scope


def is_unit_line(text: str) -> bool:
    return bool(UNIT_LINE.match(to_halfwidth(text).strip())) and bool(stated_units(text)[0])


def apply_units(columns: list[Column], units: list[str], scope: str = "") -> None:
    """Give the table's stated units to the columns without one: a unit to the columns whose
    name is of its kind (资金 → 万元, 面积 → 亩); then one unit left over goes to every column of
    no other kind, or as many units as columns left go to them in order."""
    open_columns = [
        c
        for c in columns
        if not c.unit
        and not INDEX_LABEL.match(to_halfwidth(c.label))
        and (not scope or kind_of(c.label) == scope)
    ]
    if not units or not open_columns:
        return
    left = list(units)
    for unit in units:
        kind = UNIT_KIND.get(unit, "")
        if not kind or sum(UNIT_KIND.get(u, "") == kind for u in units) > 1:
            continue  # 元 and 万元 both stated: which column has which is not said
        matching = [c for c in open_columns if not c.unit and kind_of(c.label) == kind]
        for c in matching:
            c.unit = unit
        if matching:
            left.remove(unit)
    rest = [c for c in open_columns if not c.unit]
    if len(left) == 1:
        kind = UNIT_KIND.get(left[0], "")
        for c in rest:
            if kind_of(c.label) in ("", kind):
                c.unit = left[0]
    elif left and len(left) == len(rest) and not any(kind_of(c.label) for c in rest):
        for c, unit in zip(rest, left, strict=True):
            c.unit = unit
