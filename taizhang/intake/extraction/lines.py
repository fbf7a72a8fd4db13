"""Lines of a report page: what each line is, and column-broken lines mended into paragraphs.

A page set in columns breaks sentences anywhere ("街道\\n\\n党工委", "过年过\\n\\n节"). A body line
that does not end a sentence is joined with the next line when that line reads as body text.
Every character keeps its offset in the original text, so figures and names found in mended
paragraphs point back at the source.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum

from taizhang.intake.extraction.columns import is_unit_line, unit_statements
from taizhang.intake.extraction.fields import (
    CJK,
    LABEL_LINE,
    SPACE,
    UNIT_ENDINGS,
    account_line,
    classify_field,
    issuer_date_line,
)
from taizhang.intake.extraction.tables import MAX_CELL, Table, cells, find_tables
from taizhang.lib.cn_numbers import to_halfwidth

# Sentence ends: a paragraph ending in one of these is complete.
TERMINAL = set("。！？!?…”」』）)．.")
NAME = rf"[{CJK}·]{{2,4}}"

ROLE_WORDS = (
    "文字|文案|摄影|摄像|图片|视频|本报记者|本报特约通讯员|本报通讯员|特约通讯员|特约记者|首席记者|驻站记者|融媒记者|见习记者|融媒体记者|实习记者|实习生|记者|通讯员|"
    "撰稿|作者|供稿|图/文|图／文|文/图|文／图|摄影|文/|文／|图/|图／|文:|文：|图:|图："
)
# "本报记者 宋芳", "记者 张三 通讯员 李四", "文/图 王五". Names are always separated, so the
# pattern cannot backtrack over a long line of text.
_NAMES = rf"{NAME}(?:[ \t\u3000、，,]+{NAME})*"
# The writer's unit before the names ("作者：平城区委组织部 赵欣"), and the newsroom before the
# role ("平城区融媒体中心记者 王晓雯").
_WRITERS_UNIT = rf"[{CJK}]{{2,14}}(?:部|局|委|办|中心|街道|社区|村|镇|院|室|站|所){SPACE}+"
NEWSROOM = rf"[{CJK}]{{2,12}}(?:融媒体中心|新闻中心|广播电视台|电视台|日报社|日报|报社)"
_SIGNED = rf"(?:{ROLE_WORDS}){SPACE}*[:：/／]?{SPACE}*(?:{_WRITERS_UNIT})?{_NAMES}"
BYLINE_LINE = re.compile(rf"^(?:{NEWSROOM})?{_SIGNED}(?:{SPACE}+{_SIGNED})*$")
# A WeChat credit line: "文字/王鹏 摄影/李晓 视频/张凯 责编/赵雪"; its editor is a credit, while
# "编辑：X" or "责编：X" alone on a newspaper page is furniture.
CREDIT_ROLES = "文字|文案|摄影|摄像|图片|视频"
_CREDIT = rf"(?:{ROLE_WORDS}|责任编辑|责编|编辑){SPACE}*[:：/／]?{SPACE}*{_NAMES}"
CREDIT_LINE = re.compile(rf"^{_CREDIT}(?:{SPACE}+{_CREDIT})*$")
BYLINE_MAX = 60
# "本报讯（记者 何婧）为进一步……", "本报讯 (通讯员 张三 李四)"
LEAD = re.compile(
    rf"^(?:本报讯|[{CJK}]{{0,8}}(?:讯|电))?{SPACE}*[（(]{SPACE}*((?:{ROLE_WORDS}){SPACE}*"
    rf"[:：]?{SPACE}*[^）)]{{2,40}})[）)]"
)
LEAD_PLAIN = re.compile(r"^本报讯")
# "（记者 张三）" or "（通讯员 李四 王五）" alone at the end of an article
TRAILER = re.compile(
    rf"^[（(]{SPACE}*((?:{ROLE_WORDS}|{NEWSROOM}|区融媒体中心|融媒体中心)[^）)]{{0,40}})[）)]$"
)
# "（区委督查室）", "（转自《大同日报》）": the source, alone in brackets after an article (a
# supplier, "（…供稿）", signs it: SUPPLIER)
SOURCE = re.compile(r"^[（(][^（）()。，]{2,24}[）)]$")
# A note right under a table (注：, 说明：, 备注：): it may state the table's units.
NOTE = re.compile(r"^[（(]?(?:注|说明|备注)\s*\d?\s*[:：]")
CAPTION = re.compile(r"^(?:图为|图：|图:|\[图\]|【图】|（图|\(图|上图|下图|左图|右图)")
CREDIT = re.compile(
    rf"(?:^|[\s。．）)（(]){SPACE}*({NAME}(?:{SPACE}*[、，]{SPACE}*{NAME})*){SPACE}*摄[）)]?$"
)
NAME_ONLY = re.compile(rf"^[{CJK}]{{2,3}}$|^[{CJK}]{SPACE}+[{CJK}]{{1,2}}$")


class Kind(StrEnum):
    HEAD = "head"  # a headline line: kicker, title, subtitle or a section heading
    BODY = "body"
    LEAD = "lead"  # a body paragraph that opens with "本报讯（记者 …）"
    BYLINE = "byline"
    NAME = "name"  # a line that may be a writer's name alone ("孙权"); decided in context
    CAPTION = "caption"
    TRAILER = "trailer"
    FURNITURE = "furniture"  # page header or footer: edition, editor, date line
    TABLE = "table"  # a whole table: its header and rows (Line.table)
    FIELD = "field"  # a field of the report: issuer, document number, date (Line.field)
    EDITOR = "editor"  # "编辑：X": a WeChat post's credit, a newspaper page's furniture


# "第3版", "责任编辑：王某", "2022年2月10日 星期四", "平城日报", "（上接第一版）", a briefing's
# masthead ("“百项行动”工作简报", "督查通报"), a portal's breadcrumb ("首页 > 政府信息公开 > …")
FURNITURE = re.compile(
    r"^(?:.{0,20}第\s*[\d一二三四五六七八九十]+\s*版.{0,30}|(?:责任|本版|美术|版式|校对)?编辑[:：].{0,30}"
    r"|(?:责任)?校对[:：].{0,20}|.{0,20}星期[一二三四五六日天].{0,20}|[（(][上下]接第.{1,6}版[）)]"
    r"|[（(]?(?:转|接)第.{1,6}版[）)]?|-\s*\d+\s*-|\d{1,3}"
    r"|.{0,12}第\s*[\d一二三四五六七八九十〇]+\s*期"
    r"|[\d〇○零一二三四五六七八九]{4}年[\d一二三四五六七八九十]{1,2}月[\d一二三四五六七八九十]{1,3}日"
    r"|[\u4e00-\u9fff]{2,30}(?:编|编印|主办|承办|印发)"
    r"|[\u4e00-\u9fff“”\"]{2,24}(?:简报|快报|专报|工作动态)|[\u4e00-\u9fff]{2,6}(?<![的于])通报"
    r"|(?:当前位置\s*[:：]\s*)?首页\s*[>＞»›].{0,80})$"
)


@dataclass
class Line:
    """A (mended) line with the offset in the source text of each of its characters."""

    text: str
    offsets: list[int]
    kind: Kind = Kind.BODY
    gap_before: int = 0  # blank lines before it
    names: list[str] = field(default_factory=list)
    table: Table | None = None
    field: tuple[str, str] | None = None  # ("issuer" | "doc_number" | "date", value)

    @property
    def span(self) -> tuple[int, int]:
        return (self.offsets[0], self.offsets[-1] + 1) if self.offsets else (0, 0)

    def ends_sentence(self) -> bool:
        return bool(self.text) and self.text[-1] in TERMINAL


# A bar after a credit's role word separates it from the names as a colon does: "文字丨王丹",
# "摄影｜李振华", "编辑 | 薛冰" (丨 U+4E28 is a CJK character, so it would read as part of a name).
CREDIT_BAR = re.compile(
    rf"((?:{ROLE_WORDS}|责任编辑|责编|编辑|审核|初审|复审|终审|审校|审签|监制|出品)){SPACE}*"
    rf"[丨|｜│┃∣¦]{SPACE}*"
)


def bars_as_colons(text: str) -> str:
    """A credit's bar separator as a colon (for reading the kind and names; offsets are not
    kept)."""
    return CREDIT_BAR.sub(r"\1：", text)


def split_names(text: str) -> list[str]:
    """Writers' names from the text after a role word: "张三 李四", "张三、李四"."""
    text = re.sub(rf"{ROLE_WORDS}|责任编辑|责编|编辑", " ", bars_as_colons(to_halfwidth(text)))
    return [
        token
        for token in re.split(r"[\s、，,:：/／]+", text)
        if re.fullmatch(NAME, token)
        and not SUPPLIED.search(token)
        and not (len(token) == 4 and token.endswith(("社区", "街道")))  # 文字丨文兴社区 周敏
    ]


# "图片：社区供图", "图：区民政局提供": who supplied a picture or a text, not a person's name
SUPPLIED = re.compile(r"(?:供图|供稿|提供|资料图)$")


# WeChat furniture: "点击蓝字 关注我们", "往期推荐", "分享 点赞 在看", "阅读原文"; and a post's
# reviewers (审核：X), who sign off a text but did not write it.
WECHAT_FURNITURE = re.compile(
    r"^(?:.{0,8}点击.{0,6}蓝字.{0,12}|.{0,8}关注我们.{0,8}|往期(?:推荐|回顾|精彩).{0,8}"
    r"|分享\s*点赞\s*在看.{0,4}|.{0,4}(?:点赞|在看|分享).{0,4}(?:点赞|在看|分享).{0,4}"
    r"|(?:点击)?阅读原文.{0,8}|.{0,12}(?:扫码|识别二维码|长按二维码).{0,16}"
    r"|(?:审核|初审|复审|终审|审校|审签|监制|出品)\s*[:：].{1,30})$"
)
# The head of a WeChat post's list of other posts, whose titles (▶ 平城区新增3个省级文明村)
# follow it up to the first line of text.
RELATED_POSTS = re.compile(
    r"^.{0,4}(?:(?:往期|相关|更多)(?:推荐|回顾|精彩|阅读|文章)|推荐阅读|延伸阅读).{0,8}$"
)
# "区长 王志刚", "区委副书记、区长 王志刚": the speaker of a speech or a report
SPEAKER = re.compile(
    rf"^(?P<role>[{CJK}、]{{0,14}}(?:区长|县长|市长|镇长|书记|主任|主席|部长|局长|"
    rf"常委|委员|巡视员|调研员|秘书长|检察长|院长|主任委员)){SPACE}+(?P<name>{NAME})$"
)
# "供稿单位：小南头街道", "供稿：区民政局", and after an article "（永泰街道党工委供稿）"
SUPPLIER = re.compile(
    r"^(?:(?:供稿单位|供稿)\s*[:：]\s*(?P<unit>[\u4e00-\u9fff（）()]{2,30})"
    r"|[（(]\s*(?P<bracketed>[\u4e00-\u9fff]{2,24}?)\s*供稿\s*[）)])$"
)
SOURCE_LINE = re.compile(r"^(?:来源|信息来源|稿件来源)\s*[:：]\s*\S.{0,30}$")
EDITOR = re.compile(rf"^编辑{SPACE}*[:：]{SPACE}*({_NAMES})$")


def classify(text: str) -> tuple[Kind, list[str]]:
    half = bars_as_colons(to_halfwidth(text))
    is_field = classify_field(text) is not None
    if LABEL_LINE.match(half) and not is_field:
        return Kind.FURNITURE, []  # 索引号：…, 主题分类：…: a document page's other labels
    if WECHAT_FURNITURE.match(half):
        return Kind.FURNITURE, []
    if is_field:
        return Kind.FIELD, []
    match = EDITOR.match(half)
    if match:
        return Kind.EDITOR, split_names(match.group(1))
    match = SPEAKER.match(half)
    if match:
        return Kind.BYLINE, [match.group("name")]
    match = SUPPLIER.match(half)
    if match:
        return Kind.BYLINE, [match.group("unit") or match.group("bracketed")]
    if SOURCE_LINE.match(half):
        return Kind.TRAILER, []
    # A page header spreads its parts across the page: "第2版      要闻      2023年5月12日".
    if FURNITURE.match(re.sub(r"\s{2,}", " ", half)) and not half.endswith("。"):
        return Kind.FURNITURE, []
    match = TRAILER.match(half)
    if match:
        return Kind.TRAILER, split_names(match.group(1))
    if CAPTION.match(half) or (len(half) < 80 and CREDIT.search(half)):
        credit = CREDIT.search(half)
        return Kind.CAPTION, split_names(credit.group(1)) if credit else []
    match = LEAD.match(half)
    if match:
        return Kind.LEAD, split_names(match.group(1))
    if LEAD_PLAIN.match(half):
        return Kind.LEAD, []
    if SOURCE.match(half):
        return Kind.TRAILER, []
    if (
        len(half) <= BYLINE_MAX
        and re.search(CREDIT_ROLES, half)
        and re.search("编辑|责编", half)
        and CREDIT_LINE.match(half)
    ):
        return Kind.BYLINE, split_names(half)
    if len(half) <= BYLINE_MAX and BYLINE_LINE.match(half):
        return Kind.BYLINE, split_names(half)
    if NAME_ONLY.match(half) and not half.endswith(UNIT_ENDINGS):
        return Kind.NAME, [re.sub(r"\s", "", half)]
    if half.startswith(("——", "—", "--")) and len(half) <= 40:
        return Kind.HEAD, []  # a subtitle (副题)
    if _is_body(half):
        return Kind.BODY, []
    return Kind.HEAD, []


BODY_END = set("。！？!?…；;:：")  # a line ending in a colon introduces text: 各街道、区直各部门：


# An official document's title, however long: "平城区民政局关于做好…工作的通知"
DOCUMENT_TITLE = re.compile(
    r"^[^，。；：,;:]{0,40}关于[^，。；：,;:]{2,80}的"
    r"(?:通知|通报|意见|决定|办法|方案|报告|请示|批复|函|公告|通告|规定|细则)$"
)


# A paragraph's last sentence followed by who wrote or supplied it, in brackets.
SIGNED_AT_END = re.compile(r"[。！？!?”](?P<sign>[（(][^（）()。，]{2,30}[）)])$")
# Bracketed words after a sentence that are not a writer: （完）, （摘要）, （试行）
NOT_SIGNERS = {"完", "未完", "待续", "未完待续", "摘要", "节选", "试行", "草案", "略", "全文"}


def _signed_at_end(text: str) -> tuple[int, Kind, list[str]] | None:
    """Where a body line's closing signature starts, its kind and its signers, or None:
    （通讯员 冯丽）, （迎宾街道供稿）, or a bare name （高文涛）."""
    match = SIGNED_AT_END.search(text)
    if not match:
        return None
    sign = match.group("sign")
    kind, names = classify(sign)
    if kind in (Kind.TRAILER, Kind.BYLINE) and names:
        return match.start("sign"), kind, names
    inner = sign[1:-1].strip()
    if NAME_ONLY.match(inner) and inner not in NOT_SIGNERS and not inner.endswith(UNIT_ENDINGS):
        return match.start("sign"), Kind.TRAILER, [re.sub(r"\s", "", inner)]
    return None


def _is_body(text: str) -> bool:
    if text[-1] in BODY_END or "。" in text or (text[-1] in "”」』" and text[-2:-1] in BODY_END):
        return True
    if DOCUMENT_TITLE.match(text):
        return False
    if text[0] == "“" and text[-1] == "”" and len(text) <= 30:
        return False  # a quoted headline: “村里的账，一笔一笔都亮在墙上”
    if len(text) >= 30 and (len(text) >= 45 or any(mark in text for mark in ",;、")):
        return True  # (a headline of two parts may run longer, but has no comma)
    return ("," in text or ";" in text) and len(text) >= 15


_STRIP = " \t\u3000\ufeff\xa0"
_AS_SPACE = {0xFEFF: " ", 0xA0: " "}


def read_lines(source: str) -> list[Line]:
    """Non-empty lines of `source`, stripped, each with its offsets and blank lines before it;
    a table's lines (with a line before it that only states its unit, 单位：万元) become one
    line of kind TABLE."""
    raw_lines: list[tuple[str, int, int]] = []  # (stripped text, start, blank lines before)
    contents: list[tuple[str, int]] = []  # the whole line and where it starts
    position = 0
    gap = 0
    for raw in source.splitlines(keepends=True):
        content = raw.rstrip("\r\n")
        stripped = content.strip(_STRIP)
        if stripped:
            start = position + (len(content) - len(content.lstrip(_STRIP)))
            raw_lines.append((stripped, start, gap))
            # the whole line for its cells' columns on screen; a BOM or a no-break space
            # counts as a space (same length, so offsets stay)
            contents.append((content.translate(_AS_SPACE), position))
            gap = 0
        else:
            gap += 1
        position += len(raw)
    tables: dict[int, tuple[int, Table]] = {}
    if any("\t" in text or "  " in text or "\u3000" in text for text, _start, _gap in raw_lines):
        row_cells = [
            # from the whole line: a tab-separated line keeps its empty cells at either end
            # ("\t资金\t户数"), a space-aligned one the columns where its cells start
            cells(*contents[index])
            if ("\t" in text or "  " in text or "\u3000" in text)
            or contents[index][0].endswith("\t")  # "一、基础设施类\t": a heading row
            or len(text) <= MAX_CELL  # 一、小南头街道 alone: a heading row inside a table
            else []
            for index, (text, _start, _gap) in enumerate(raw_lines)
        ]
        tables = _with_captions(raw_lines, find_tables(row_cells))
    lines: list[Line] = []
    index = 0
    related = False  # under a WeChat post's list of related posts
    while index < len(raw_lines):
        stripped, start, gap = raw_lines[index]
        if index in tables:
            end, table = tables[index]
            last_text, last_start, _gap = raw_lines[end - 1]
            offsets = list(range(start, last_start + len(last_text)))
            text = "\n".join(text for text, _start, _gap in raw_lines[index:end])
            lines.append(Line(text, offsets, Kind.TABLE, gap, table=table))
            index = end
            continue
        index += 1
        account = account_line(stripped)
        masthead = None if account else issuer_date_line(stripped)
        if (account is not None and len(lines) <= 2) or masthead is not None:
            # "原创 平城文旅 2022-08-15 17:42 发表于山西": a post's account and its date;
            # "中共平城区委组织部　　2023年11月6日": a briefing's issuer and its date
            key = "account" if account else "issuer"
            at, date = account or masthead  # type: ignore[misc]
            name = stripped[:at].strip(_STRIP)
            if account:  # the account's name, after 原创 and a column name
                name = re.sub(r"^原创", "", name).strip(_STRIP).split()[-1]
            name_at = stripped.rindex(name, 0, at)
            lines.append(
                Line(
                    name,
                    list(range(start + name_at, start + name_at + len(name))),
                    Kind.FIELD,
                    gap,
                    field=(key, name),
                )
            )
            date_text = stripped[at:]
            lines.append(
                Line(
                    date_text,
                    list(range(start + at, start + len(stripped))),
                    Kind.FIELD,
                    0,
                    field=("date", date),
                )
            )
            continue
        kind, names = classify(stripped)
        if RELATED_POSTS.match(to_halfwidth(stripped)):
            related = True  # "往期回顾": the links below it are other posts' titles
            continue
        if related and (kind == Kind.HEAD or stripped[0] in "▶►▷•●·>》"):
            continue  # a linked title, marked or not
        else:
            related = False
        if kind == Kind.FURNITURE:
            continue
        signed = _signed_at_end(stripped) if kind == Kind.BODY else None
        if signed is not None:  # "…覆盖主次干道18条。（迎宾街道供稿）": a brief signed inline
            at, sign_kind, signers = signed
            lines.append(Line(stripped[:at], list(range(start, start + at)), kind, gap))
            lines.append(
                Line(
                    stripped[at:],
                    list(range(start + at, start + len(stripped))),
                    sign_kind,
                    0,
                    signers,
                )
            )
            continue
        offsets = list(range(start, start + len(stripped)))
        line = Line(stripped, offsets, kind, gap, names)
        if kind == Kind.FIELD:
            line.field = classify_field(stripped)
            previous = lines[-1] if lines else None
            if (
                line.field
                and line.field[0] == "date"
                and ":" in to_halfwidth(stripped)
                and previous is not None
                and previous.kind in (Kind.HEAD, Kind.NAME)
                and len(previous.text) <= 16
                and len(lines) <= 2
            ):
                # a WeChat post's account name over its date and time: "平城发布 / 2023-11-20 18:30"
                previous.kind, previous.field, previous.names = (
                    Kind.FIELD,
                    ("account", previous.text),
                    [],
                )
        lines.append(line)
    _decide_names(lines)
    return mend(lines)


def _with_captions(
    raw_lines: list[tuple[str, int, int]], found: list[tuple[int, int, Table]]
) -> dict[int, tuple[int, Table]]:
    """Each table by its first line, with the units its title or caption line states (单位：万元,
    表1 各村扶持资金（单位：万元）) one or two lines above it, or a note right under it states
    (注：金额单位为万元，面积单位为亩). A line that states nothing but the unit is part of the
    table."""
    tables: dict[int, tuple[int, Table]] = {}
    taken = 0  # lines up to here belong to an earlier table
    for first, end, table in found:
        start = first
        for before in (first - 1, first - 2):
            if before < taken or len(raw_lines[before][0]) > 60:
                break
            statements = unit_statements(raw_lines[before][0])
            if statements:
                for units, scope in statements:
                    table.state_units(units, scope)
                if before == first - 1 and is_unit_line(raw_lines[before][0]):
                    start = before
                break
        if end < len(raw_lines) and NOTE.match(raw_lines[end][0]):
            for units, scope in unit_statements(raw_lines[end][0]):
                table.state_units(units, scope)
        tables[start] = (end, table)
        taken = end
    return tables


def _decide_names(lines: list[Line]) -> None:
    """A short line is a writer's name only between a headline and the body it signs."""
    for index, line in enumerate(lines):
        if line.kind != Kind.NAME:
            continue
        before = lines[index - 1].kind if index else None
        after = lines[index + 1].kind if index + 1 < len(lines) else None
        if before == Kind.HEAD and after in (Kind.BODY, Kind.LEAD):
            line.kind = Kind.BYLINE
        else:
            line.kind = Kind.HEAD
            line.names = []


def _continues(previous: Line, line: Line) -> bool:
    """A short line after an unfinished sentence goes on with it when nothing says it is a
    headline: it sits in the same block, or carries commas, or opens with a digit."""
    text = to_halfwidth(line.text)
    return line.gap_before == 0 or any(mark in text for mark in ",、;") or text[0].isdigit()


# A numbered item: 一、 （一） (1) 1. 1、 ① 一是
NUMBERED = re.compile(
    r"^(?:[一二三四五六七八九十]+是|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d+[.、．]|[①-⑳])"
)


def mend(lines: list[Line]) -> list[Line]:
    """Join body lines that a column break cut mid-sentence. A line ending in a colon is whole:
    a lead ending in 如下： stays apart from the first numbered section, a salutation
    (各街道、区直各部门：) from the text it addresses; an item ending in ； from the next
    numbered item ((一)…； / (二)…)."""
    mended: list[Line] = []
    for line in lines:
        previous = next((m for m in reversed(mended) if m.kind != Kind.FIELD), None)
        if (
            previous is not None
            and previous.kind in (Kind.BODY, Kind.LEAD)
            and not previous.ends_sentence()
            and previous.text[-1] not in "：:"
            and not (previous.text[-1] in "；;" and NUMBERED.match(line.text))
            and (line.kind == Kind.BODY or (line.kind == Kind.HEAD and _continues(previous, line)))
        ):
            previous.text += line.text
            previous.offsets.extend(line.offsets)
            continue
        mended.append(line)
    return mended
