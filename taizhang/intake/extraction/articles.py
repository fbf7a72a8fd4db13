"""Splitting a report page into articles.

An article starts where a headline run (short lines without sentence punctuation) is followed
by something that signs it: a byline line ("本报记者 宋芳"), a writer's name alone ("孙权"), a
lead ("本报讯（记者 何婧）…") or a photo with its credit. A headline run followed directly by body
text inside an article is a section heading (小标题) and stays in that article; a run whose lines
were already printed as an earlier article's headline is a repeated headline block and is
dropped. An article whose last paragraph stops mid-sentence was cut off at the page edge.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from taizhang.intake.extraction.lines import NUMBERED, Kind, Line
from taizhang.intake.extraction.names import Gazetteer, find_names

# A body that opens like a news item: "近日，", "3月5日，", "连日来，" — after a headline it starts
# a new (unsigned) article rather than a section of the current one.
NEWS_OPENING = re.compile(
    r"^(?:本报讯|近日|日前|连日来|近期|今年以来|年初以来|入冬以来|入夏以来|春节前夕|春节期间|"
    r"[\d一二三四五六七八九十]{1,3}月[\d一二三四五六七八九十]{1,3}日|[\d一二三四五六七八九十]{1,3}月(?:上旬|中旬|下旬|初|底)?以来)"
)
KICKER_HINT = re.compile(
    r"系列|巡礼|专栏|专题|之[一二三四五六七八九十]|[（(][一二三四五六七八九十\d]+[）)]$"
)


@dataclass
class Article:
    heads: list[Line] = field(default_factory=list)
    bylines: list[str] = field(default_factory=list)
    body: list[Line] = field(default_factory=list)
    captions: list[Line] = field(default_factory=list)
    closed: bool = False  # a trailing byline ended it
    trailers: list[Line] = field(default_factory=list)  # "（通讯员 …）", "（区委督查室）"
    tables: list[Line] = field(default_factory=list)  # lines of kind TABLE, apart from the body
    # the report's fields an official document or a WeChat post gives: issuer (发文机关 or the
    # account), doc_number (平政办发〔2023〕27号), date (ISO 8601), recipients (主送)
    fields: dict[str, str] = field(default_factory=dict)
    credits: bool = False  # signed with WeChat credits (文字：, 摄影：) or from an account

    kicker: str = ""
    title: str = ""
    subtitles: list[str] = field(default_factory=list)
    kicker_lines: list[Line] = field(default_factory=list)

    @property
    def truncated(self) -> bool:
        """The last paragraph stops mid-sentence; one ending in a colon over a table does not."""
        if self.tables and self.body and self.body[-1].text.endswith(("：", ":")):
            return False
        return bool(self.body) and not self.body[-1].ends_sentence()

    def add_names(self, names: list[str]) -> None:
        for name in names:
            if name not in self.bylines:
                self.bylines.append(name)

    def parts(self) -> list[tuple[str, Line]]:
        """Every line of the article with the field it belongs to, in reading order."""
        return (
            [("head", line) for line in self.heads]
            + [("caption", line) for line in self.captions]
            + [("body", line) for line in self.body]
            + [("table", line) for line in self.tables]
            + [("trailer", line) for line in self.trailers]
        )

    def as_dict(self) -> dict:
        return {
            "kicker": self.kicker,
            "title": self.title,
            "subtitles": self.subtitles,
            "bylines": self.bylines,
            "body": [line.text for line in self.body],
            "captions": [line.text for line in self.captions],
            "tables": [line.table.as_dict() for line in self.tables if line.table is not None],
            "fields": self.fields,
            "truncated": self.truncated,
        }


def _key(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _names_place(line: str) -> bool:
    """A headline line that says who did something ("寺儿村…开张") rather than only naming a
    place ("迎宾街道") or a theme ("人居环境整治见实效")."""
    names = find_names(line, Gazetteer())
    return bool(names) and not (len(names) == 1 and names[0].text == line)


CREDIT_ROLES = ("文字", "文案", "摄影", "摄像", "图片", "视频")
# The addressees of a notice: "各街道办事处，区直各有关单位："
RECIPIENTS = re.compile(r"^[^。！？!?]{2,60}[:：]$")


def _is_unit_line(text: str) -> bool:
    names = find_names(text, Gazetteer())
    return bool(names) and names[-1].end == len(text) and names[0].start == 0


def _join_document_title(lines: list[str]) -> tuple[list[str], list[str]]:
    """An official title set over lines, issuers then 关于…: "平城区人民政府办公室" /
    "关于印发…的通知" is one title; so is a joint one with two issuers' lines. Returns the
    lines and the issuers."""
    for index, text in enumerate(lines):
        first = index
        while first and _is_unit_line(lines[first - 1]):
            first -= 1
        if text.startswith("关于") and first < index:
            issuers = lines[first:index]
            return [*lines[:first], "".join(issuers) + text, *lines[index + 1 :]], issuers
    return lines, []


def assign_headline(article: Article) -> None:
    """Kicker (引题), title and subtitles (副题) from the headline lines, top to bottom."""
    lines, issuers = _join_document_title([line.text for line in article.heads])
    if issuers:
        article.fields.setdefault("issuer", "、".join(issuers))
    if article.body and (
        "doc_number" in article.fields or (lines and lines[-1].startswith("关于"))
    ):
        first = article.body[0].text
        if RECIPIENTS.match(first) and "，" not in first[-3:]:
            article.fields.setdefault("recipients", first[:-1])
    kicker: list[str] = []
    subtitles: list[str] = []
    rest = list(lines)
    # Subtitles are marked with a dash, or are the lines after the title; a feature's
    # subtitle may open with 记 alone (记“百家示范党组织”古城村党支部).
    while len(rest) > 1 and (
        rest[-1].lstrip().startswith(("——", "—", "--"))
        or (rest[-1].startswith("记") and not rest[-1].startswith("记者"))
    ):
        subtitles.insert(0, rest.pop().lstrip("—- "))
    if subtitles and len(rest) == 2:
        kicker, rest = rest[:1], rest[1:]
    elif (
        len(rest) >= 3 and all(len(t) <= 7 for t in rest[:2]) and len(rest[2]) >= 1.5 * len(rest[1])
    ):
        # a couplet kicker over a long title: "重点项目引领 / 相关部门齐抓 / 平城区…"
        kicker, rest = rest[:2], rest[2:]
    elif len(rest) >= 3:
        kicker, rest = rest[:1], rest[1:]
    elif len(rest) == 2 and not (_names_place(rest[0]) and not _names_place(rest[1])):
        kicker, rest = rest[:1], rest[1:]  # 引题 over 主题, the commonest two-line headline
    title = rest[0] if rest else ""
    subtitles = rest[1:] + subtitles
    article.kicker = " ".join(kicker)
    article.title = title
    article.subtitles = subtitles


def _opens_news(heads: list[Line], line: Line) -> bool:
    """A headline followed by a news opening ("近日，…"), or by a first sentence that names
    the unit the headline names ("寺儿村建成…" / "…寺儿村…"), starts an unsigned article; a
    couplet of short lines is a section heading."""
    couplet = len(heads) >= 2 and all(len(h.text) <= 8 for h in heads)
    if couplet:
        return False
    if NEWS_OPENING.match(line.text):
        return True
    opening = line.text[:40]
    return any(name.text in opening for name in find_names(heads[-1].text, Gazetteer()))


def _section(heads: list[Line], line: Line) -> bool:
    """A numbered heading with its text right under it (一、充分肯定成绩 / 今年以来，…) is a
    section of the article; a numbered item set apart by a blank line ((二)白登山街道开展… in a
    bulletin) may be a news item of its own."""
    return len(heads) == 1 and bool(NUMBERED.match(heads[0].text)) and line.gap_before == 0


def split_articles(lines: list[Line]) -> list[Article]:
    articles: list[Article] = []
    seen_heads: set[str] = set()
    pending: list[Line] = []
    pending_fields: dict[str, str] = {}
    current: Article | None = None

    def settle_fields(article: Article) -> None:
        for key, value in pending_fields.items():
            if key == "account":  # a WeChat post's account is its issuer; it signs with credits
                article.credits = True
                key = "issuer"
            article.fields.setdefault(key, value)
        pending_fields.clear()

    def start(heads: list[Line]) -> Article:
        nonlocal current
        fresh = [line for line in heads if _key(line.text) not in seen_heads]
        current = Article(heads=fresh)
        settle_fields(current)
        articles.append(current)
        seen_heads.update(_key(line.text) for line in fresh)
        return current

    for line in lines:
        kind = line.kind
        if kind == Kind.HEAD:
            pending.append(line)
            continue
        if kind == Kind.FIELD and line.field is not None:
            key, value = line.field
            if pending or current is None or (current.closed and key != "date"):
                pending_fields.setdefault(key, value)
            else:
                current.fields.setdefault(key, value)
            continue
        if kind == Kind.EDITOR:
            if current is not None and current.credits and not pending:
                current.add_names(line.names)  # a WeChat post's editor; a page's is furniture
            continue
        if kind in (Kind.BYLINE, Kind.LEAD, Kind.CAPTION):
            fresh = [h for h in pending if _key(h.text) not in seen_heads]
            starts_new = (
                bool(fresh)
                or current is None
                or (kind == Kind.LEAD and (current.body or current.closed))
            )
            article = start(pending) if starts_new or current is None else current
            if kind == Kind.BYLINE and not starts_new and article.body:
                article.closed = True  # "记者 张三" after the text signs it off
            if kind == Kind.BYLINE and line.text.startswith(CREDIT_ROLES):
                article.credits = True
            pending = []
            article.add_names(line.names)
            if kind == Kind.LEAD:
                article.body.append(line)
            elif kind == Kind.CAPTION:
                article.captions.append(line)
            continue
        if kind == Kind.TRAILER:
            if current is None:
                current = start(pending)
                pending = []
            current.trailers.append(line)
            current.add_names(line.names)
            current.closed = True
            continue
        if kind == Kind.TABLE:
            if pending:
                fresh = [h for h in pending if _key(h.text) not in seen_heads]
                if current is None or current.closed:
                    current = start(pending)
                elif fresh:
                    current.body.extend(fresh)  # a table's title
                pending = []
            if current is None:
                current = start([])
            current.tables.append(line)
            continue
        # body text
        if pending:
            fresh = [h for h in pending if _key(h.text) not in seen_heads]
            if (
                current is None
                or current.closed
                or (_opens_news(pending, line) and not _section(pending, line))
            ):
                current = start(pending)
            elif fresh:
                current.body.extend(fresh)  # section headings (小标题) inside the article
                settle_fields(current)
            pending = []
        if current is None:
            current = start([])
        current.body.append(line)
    if pending:
        fresh = [h for h in pending if _key(h.text) not in seen_heads]
        if fresh and current is not None:
            # short lines after the last body with nothing below them: a signature
            # ("平城区人民政府督查室"), not an article without text
            current.trailers.extend(fresh)
            signers = [line.text for line in fresh]
            if "issuer" not in current.fields and all(_is_unit_line(t) for t in signers):
                current.fields["issuer"] = "、".join(signers)
        elif fresh:
            start(fresh)
    if current is not None:
        settle_fields(current)
    for article in articles:
        assign_headline(article)
    return articles
