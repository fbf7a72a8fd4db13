"""Quantities in report sentences: 223个, 809.68亿元, 2000多亩, 600~700元, 百分之八十, 七个.

Each figure keeps its verbatim text, an exact value (or low and high for a range), its unit,
a qualifier (多, 余, 近, 约, 以上, …) and the subject the sentence says it measures. Dates and
periods (2022年, 1—10月, 3月5日) are recognised so that they are never taken for quantities.
Chinese numerals count only before a measure word, never as a lone 一 ("一个缩影", "一片"),
as an ordinal (第一), nor inside a short quoted slogan or a document title (“两个五年”, 《…》).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from taizhang.lib import money
from taizhang.lib.cn_numbers import (
    CN_DIGIT_CHARS,
    CN_NUMBER_CHARS,
    parse_number,
    parse_percent,
    to_halfwidth,
)

# Units, longest first so that "万平方米" wins over "万" and "个百分点" over "个".
MONEY_UNITS = ("亿元", "万元", "千元", "元")
UNITS = (
    "个百分点",
    "个工作日",
    "个小时",
    "摄氏度",
    "万平方米",
    "平方公里",
    "万人次",
    "平方米",
    "立方米",
    "万千瓦",
    "千瓦时",
    "亿元",
    "万元",
    "千元",
    "万亩",
    "万人",
    "万户",
    "万吨",
    "万株",
    "万册",
    "人次",
    "车次",
    "架次",
    "场次",
    "户次",
    "公顷",
    "公里",
    "千米",
    "千瓦",
    "千克",
    "公斤",
    "平米",
    "个月",
    "小时",
    "分钟",
    "周岁",
    "℃",
    "元",
    "亩",
    "个",
    "项",
    "家",
    "人",
    "名",
    "位",
    "户",
    "岁",
    "次",
    "场",
    "件",
    "条",
    "所",
    "座",
    "栋",
    "处",
    "台",
    "辆",
    "棵",
    "株",
    "盏",
    "册",
    "份",
    "套",
    "间",
    "张",
    "批",
    "支",
    "吨",
    "米",
    "倍",
    "起",
    "宗",
    "笔",
    "块",
    "天",
    "年",
    "期",
    "轮",
    "类",
    "组",
    "队",
    "本",
    "斤",
    "箱",
    "袋",
    "篇",
    "首",
    "部",
    "种",
    "成",
    "度",
    "车",
    "班",
    "只",
    "头",
    "眼",
    "届",
    "门",
    "单",
    "床",
    "人份",
    "分",
    "微克",
    "毫克",
    "万",
    "亿",
)
# A rate's denominator: 元/亩, 元/月, 人次/天, 微克/立方米.
PER_UNITS = (
    "平方公里",
    "千瓦时",
    "立方米",
    "平方米",
    "人次",
    "小时",
    "公里",
    "千克",
    "公斤",
    "个月",
    "月",
    "天",
    "日",
    "年",
    "周",
    "亩",
    "人",
    "户",
    "次",
    "吨",
    "斤",
    "米",
    "餐",
    "间",
    "辆",
    "件",
    "个",
    "台",
)
# 万 / 亿 before any unit keep it (1.87万名, 1.2万小时); alone they are the unit (1.87万).
BASE_UNITS = tuple(sorted((u for u in UNITS if u[0] not in "万亿"), key=len, reverse=True))
# Units that start a longer word: 单 (560多单 orders) but not 单元 or 单位; 分 (满分100分)
# but not 分之, 分钟, 分别.
UNIT_GUARDS = {"单": "单(?![元位])", "分": "分(?![之钟别类批期局成项头管红厘])"}
_BASE_RE = "|".join(UNIT_GUARDS.get(unit, unit) for unit in BASE_UNITS)
# a rate's denominator may carry a period: 486元/人·月
UNIT_RE = rf"(?:[万亿]?(?:{_BASE_RE})(?:/(?:{'|'.join(PER_UNITS)})(?:·[月年天日次])?)?|万|亿)"
UNIT_SPELLINGS = {"个小时": "小时", "平米": "平方米", "摄氏度": "℃", "公斤": "千克"}
PREFIX_QUALIFIERS = (
    "不少于",
    "不低于",
    "不超过",
    "不高于",
    "多于",
    "少于",
    "高于",
    "低于",
    "将近",
    "大约",
    "超过",
    "不足",
    "不到",
    "至少",
    "最高",
    "最低",
    "最长",
    "最短",
    "近",
    "约",
    "逾",
    "超",
    "上",  # 上百人, 上千户: only before 百, 千 or 万 (checked in _build)
)
SUFFIX_QUALIFIERS = ("以上", "以下", "以内", "左右", "上下", "余")
INNER_QUALIFIERS = "多余"

ARABIC = r"\d+(?:,\d{3})*(?:\.\d+)?"
# Greedy: a numeral is read whole (一万二千条), never as its tail (二千条).
CHINESE = rf"[{CN_NUMBER_CHARS}]+(?:点[{CN_DIGIT_CHARS}]+)?"
NUM = rf"(?:{ARABIC}|{CHINESE})"
SEP = r"[~～至到\-—–－]"

FIGURE = re.compile(
    rf"(?P<pre>{'|'.join(PREFIX_QUALIFIERS)})?"
    rf"(?:"
    rf"百分之(?P<pct_cn>[{CN_NUMBER_CHARS}]+(?:点[{CN_NUMBER_CHARS}]+)?)"
    rf"|(?P<den>[{CN_NUMBER_CHARS}]+)分之(?P<part>[{CN_NUMBER_CHARS}]+)"
    rf"|(?P<low>{NUM})(?P<lowunit>%|(?:{UNIT_RE}))?{SEP}{{1,2}}(?P<high>{NUM})"
    rf"(?P<rinner>[{INNER_QUALIFIERS}])?(?P<runit>%|(?:{UNIT_RE}))"
    rf"|(?P<bnum>{NUM})(?P<big>[万亿])(?P<binner>[多余])(?P<bunit>{_BASE_RE})"
    rf"|(?P<num>{NUM})(?P<inner>[{INNER_QUALIFIERS}])?(?P<unit>%|(?:{UNIT_RE}))"
    rf")"
    rf"(?P<post>{'|'.join(SUFFIX_QUALIFIERS)})?"
)
# Dates and periods: 2022年, 二〇二二年, 1—10月, 3月5日, 2022年1月, 5日, 上旬
DATE = re.compile(
    rf"(?:\d{{4}}{SEP}{{1,2}}\d{{4}}年"
    rf"|(?:\d{{4}}|[〇○零一二三四五六七八九]{{4}})年(?:度|代)?"
    rf"|{NUM}{SEP}{{1,2}}{NUM}月(?!份?[内中底初末]?[{CN_NUMBER_CHARS}\d])"
    rf"|前{NUM}(?:个)?(?:月|季度)|{NUM}(?:个)?季度"
    rf"|{NUM}月(?:份)?(?:{NUM}[日号])?|{NUM}[日号](?:至|到|—|-)?|\d+(?::\d+)+|\d+[时点]\d*分?)"
)
# A single Chinese digit before 年/天 is a duration only after one of these: 为期三年, 最长三年,
# 连续三年, 用三年时间; otherwise it names something (五年规划, 三年行动).
DURATION_CUE = re.compile(r"(?:为期|期限|限期|最长|最短|长达|连续|历时|用|用了|用时|坚持|持续|满)$")
DURATION_UNITS = ("个月", "年", "天", "周", "小时")
VAGUE_BEFORE = set("几数若第上成每")  # 几百元, 数十家, 第一, 成百上千
SLOGAN_LIMIT = 20  # a quoted text this short is a slogan, not reported speech


@dataclass
class Figure:
    text: str
    start: int  # in the mended line
    end: int
    unit: str
    qualifier: str
    subject: str
    value: Decimal | None = None
    low: Decimal | None = None
    high: Decimal | None = None
    unreadable: bool = False  # a numeral that cannot be read whole: no value at all

    @property
    def wan(self) -> Decimal | None:
        """Money in 万元 (money.py's factors); None for anything that is not money."""
        if self.unit not in MONEY_UNITS:
            return None
        amount = self.value if self.value is not None else self.high
        assert amount is not None
        try:
            return money.parse_money(f"{amount}{self.unit}")
        except ValueError:  # more than two places in 万元: keep it exact
            return amount * money.UNIT_FACTORS.get(self.unit, Decimal("0.1"))

    def as_dict(self) -> dict:
        data: dict = {"text": self.text}
        if self.unreadable:
            data.update(unreadable=True, unit=self.unit, subject=self.subject)
            return data
        if self.value is not None:
            data["value"] = self.value
        else:
            data["low"], data["high"] = self.low, self.high
        data.update(unit=self.unit, qualifier=self.qualifier, subject=self.subject)
        if self.unit in MONEY_UNITS:
            if self.value is None:
                if self.low is not None and self.high is not None:  # a range: always both
                    data["low_wan"] = _wan(self.low, self.unit)
                    data["high_wan"] = _wan(self.high, self.unit)
            else:
                data["wan"] = self.wan
        return data


def _wan(amount: Decimal, unit: str) -> Decimal:
    try:
        return money.parse_money(f"{amount}{unit}")
    except ValueError:
        return amount * money.UNIT_FACTORS.get(unit, Decimal("0.1"))


def _protected_spans(text: str) -> list[tuple[int, int]]:
    """Short quoted slogans and document titles: no figures inside them."""
    spans = [m.span() for m in re.finditer(r"《[^》]{0,80}》", text)]
    spans += [
        m.span()
        for m in re.finditer(r"“[^”，。！？,!?]{0,%d}”" % SLOGAN_LIMIT, text)  # noqa: UP031
    ]
    spans += [m.span() for m in NUMBERED_TERMS.finditer(text)]
    return spans


# Set phrases of official language that hold a numeral but count nothing: 四套班子 (the four
# leading bodies), 两委 (a village's two committees), 三会一课, 两个维护, 五位一体.
NUMBERED_TERMS = re.compile(
    r"[四两]套班子|两委|两项补贴|一式[两二三四五]份|三会一课|三重一大|两个(?:维护|确立|务必)|四个(?:意识|自信|全面)"
    r"|五位一体"
)


def _inside(position: int, spans: list[tuple[int, int]]) -> bool:
    return any(start <= position < end for start, end in spans)


def _chinese_ok(
    number: str, text: str, start: int, qualified: bool = False, big: bool = False
) -> bool:
    """Chinese numerals are a quantity only when they cannot be a word or an ordinal; `big`
    when the unit starts with 万 or 亿 (一万元 is a sum, 一个 may be a word) or the figure is a
    duration (为期一个月)."""
    if start and text[start - 1] == "点":
        return False  # the decimals of 七十八点六
    if number[0] in "百千万亿佰仟" and not qualified:
        return False  # 百项行动, 千亩基地: names; but 近千人, 百余户 are counts
    if qualified and start and text[start - 1] == "上":
        return True  # 上百人 (the qualifier 上, not a vague word)
    if (number == "一" or number == "壹") and not big:
        return False  # 一个缩影, 一片喜庆, 每月通报一次
    if number == "二" and not big and text[start + 1 : start + 2] in ORDINAL_AFTER_ER:
        return False  # 二轮承包, 二期工程, 二次创业: 二 before a measure word is an ordinal (两轮)
    if (
        len(number) == 1
        and number in FORMAL_DIGITS
        and start
        and "\u4e00" <= text[start - 1] <= "\u9fff"
    ):
        return False  # 队伍成立, 入伍: a formal digit alone after a character is in a word
    return not (start and text[start - 1] in VAGUE_BEFORE)


FORMAL_DIGITS = "壹贰叁肆伍陆柒捌玖拾"


def _is_chinese(number: str) -> bool:
    return number[0] in CN_NUMBER_CHARS


SUBJECT_STOP = re.compile(r"[，。；：、,;:！？!?（）()\s“”《》]")
TRAILING_VERBS = re.compile(
    r"(?:共计|合计|累计|总计|共有|共|达到了|达到|达|为|是|有|了|约|近|超过|实现|完成|新增|增加|"
    r"增长|减少|下降|提高|提升|下辖|辖|涉及|覆盖|惠及|帮助|组织|开展|发放|收到|收集|招募|"
    r"筹集|拨付|争取|到位|已|将|存在|发现|排查|查处|整改|建成|建有|拥有|包括|包含|"
    r"累计完成|可达|可|能|的)+$"
)
LEADING_WORDS = re.compile(
    r"^(?:其中|包含|包括|含|目前|截至目前|今年|去年|同时|此外|另外|全年|共|并|已)+"
)
AFTER_STOP = set(
    "们每都在从中得受参将已正也均和与及的被把向对于为是有了送提获领享"
    "，。；：、,;:！？!?（）()“”《》 0123456789"
)
CLASSIFIERS = set(
    "个项家人名位户次场件条所座栋处台辆棵株盏册份套间张批支起宗笔块轮类组队本部种车班只头眼届门单"
)
ORDINAL_AFTER_ER = CLASSIFIERS | {"期"}


def _subject(text: str, start: int, end: int, unit: str) -> str:
    """What the figure measures: the noun phrase before it, or after a measure word."""
    clause_start = start
    while clause_start > 0 and not SUBJECT_STOP.match(text[clause_start - 1]):
        clause_start -= 1
    before = text[clause_start:start]
    before = DATE.sub("", before).lstrip("，—-")
    before = LEADING_WORDS.sub("", TRAILING_VERBS.sub("", before) or before) or before
    before = re.sub(r"(?:每|约|近|达)$", "", before)
    after = _noun_after(text, end)
    if after and (text[end : end + 1] == "的" or unit in CLASSIFIERS or unit.endswith("岁")):
        return after  # "7个农业村", "80%的农民", "五百元的过节费"
    return before


def _noun_after(text: str, end: int) -> str:
    """The noun a measure word counts: "7个农业村，" → 农业村; "60岁以上的村民们" → 村民."""
    position = end + 1 if text[end : end + 1] == "的" else end
    stop = position
    while stop < len(text) and stop - position < 8 and text[stop] not in AFTER_STOP:
        stop += 1
    return text[position:stop] if stop - position >= 2 else ""


def find_figures(text: str) -> list[Figure]:
    """Every quantity in one (mended) paragraph, in order."""
    half = to_halfwidth(text)
    dates = [m.span() for m in DATE.finditer(half)]
    protected = _protected_spans(half)
    figures: list[Figure] = []
    for match in FIGURE.finditer(half):
        start, end = match.span()
        groups = match.groupdict()
        number_start = match.start(
            next(g for g in ("pct_cn", "den", "low", "bnum", "num") if groups[g] is not None)
        )
        if _inside(number_start, protected) or any(s <= number_start < e for s, e in dates):
            continue
        if number_start and (half[number_start - 1].isdigit() or half[number_start - 1] in ".+/第"):
            continue  # part of a longer number, or an ordinal (第15期)
        if number_start and half[number_start - 1].isascii() and half[number_start - 1].isalpha():
            continue
        try:
            figure = _build(half, match, groups)
        except (ValueError, ArithmeticError):
            continue
        if figure is None:
            continue
        figure.text = text[start:end]
        figures.append(figure)
    return figures


def _build(half: str, match: re.Match, groups: dict) -> Figure | None:
    start, end = match.span()
    pre = groups["pre"] or ""
    post = groups["post"] or ""
    if groups["pct_cn"]:
        value = parse_percent("百分之" + groups["pct_cn"])
        return Figure(
            "", start, end, "%", pre or post, _subject(half, start, end, "%"), value=value
        )
    if groups["den"]:  # 三分之一: a share, in % to two places
        share = parse_number(groups["part"]) * 100 / parse_number(groups["den"])
        value = share.quantize(Decimal("0.01"))
        value = value.to_integral_value() if value == value.to_integral_value() else value
        return Figure(
            "", start, end, "%", pre or post, _subject(half, start, end, "%"), value=value
        )
    if groups["low"]:
        low_text, high_text = groups["low"], groups["high"]
        for number, position in ((low_text, match.start("low")), (high_text, match.start("high"))):
            if _is_chinese(number) and not _chinese_ok(number, half, position):
                return None
        unit = groups["runit"]
        low, high = parse_number(low_text), parse_number(high_text)
        lowunit = groups["lowunit"]
        if lowunit and lowunit != unit and lowunit in MONEY_UNITS and unit in MONEY_UNITS:
            # "5000万元至1亿元": both ends in 万元
            low, high = _wan(low, lowunit), _wan(high, unit)
            unit = "万元"
        elif lowunit and not unit.startswith(lowunit):
            return None
        if _is_chinese(low_text) != _is_chinese(high_text) or low >= high:
            return None  # "10-2" is an address or a code, not a range
        qualifier = pre or groups["rinner"] or post
        return Figure(
            "", start, end, unit, qualifier, _subject(half, start, end, unit), low=low, high=high
        )
    if groups["bnum"]:
        number, number_start = groups["bnum"], match.start("bnum")
        unit = groups["big"] + groups["bunit"]  # "三万余元": 3 万元, qualifier 余
        inner = groups["binner"]
    else:
        number, number_start = groups["num"], match.start("num")
        unit, inner = groups["unit"], groups["inner"]
    if pre == "上" and (number[0] not in "百千万" or half[start - 1 : start] in ("百", "成")):
        return None  # 上 counts only in 上百, 上千, 上万, and 成百上千 counts nothing
    qualified = bool(groups["pre"] or inner)
    if (
        _is_chinese(number)
        and (len(number) > 1 or qualified)
        and number[-1] in "万亿"
        and unit[0] not in "万亿%"
    ):
        # 三千五百万元 as 3500 万元, like 3500万元; 一百二十万次 as 120 万次; 近万人 as 1 万人
        number, unit = number[:-1] or "一", number[-1] + unit
    duration = unit in DURATION_UNITS and bool(
        DURATION_CUE.search(half[max(0, start - 4) : start + len(pre)])
    )
    if _is_chinese(number) and not _chinese_ok(
        number, half, number_start, qualified, big=unit[0] in "万亿" or duration
    ):
        return None
    if (
        unit in ("年", "期", "部", "本", "首", "天")
        and _is_chinese(number)
        and len(number) == 1
        and number not in "十两"
        and not (
            unit in ("年", "天") and DURATION_CUE.search(half[max(0, start - 4) : start + len(pre)])
        )
    ):
        return None  # 五年规划, 三期工程: names more often than quantities
    if unit == "年" and re.fullmatch(r"\d{4}", number):
        return None
    unit = UNIT_SPELLINGS.get(unit, unit)
    qualifier = pre or inner or post
    subject = _subject(half, start, end, unit)
    try:
        value = parse_number(number)
    except ValueError:
        if not _is_chinese(number):
            raise
        # 三五万人, 一万二千三四百条: not a number to record, and never a smaller one
        return Figure("", start, end, unit, qualifier, subject, unreadable=True)
    return Figure("", start, end, unit, qualifier, subject, value=value)
