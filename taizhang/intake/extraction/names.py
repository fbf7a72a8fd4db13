"""Org units and places named in a report (…区, …街道, …村, …社区, …局, …院, …委, …党校).

Two passes: the org tree's own names (a gazetteer, longest first, and a unit's short name
"东王庄" for "东王庄村" when no other unit shares it), then names built from a suffix and the
characters before it, up to a preposition, verb or punctuation ("向市生态环境局提出" gives
"市生态环境局"). A chain such as "白登山街道古城村" gives both places. Generic words (全区, 该院,
农业村, 示范区, 社区工作人员) are not names.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from taizhang.intake.extraction.name_words import (
    CONJOINED_SUFFIXES,
    DEFAULT_STEM_LIMIT,
    FOLLOWERS_NOT_NAMES,
    GENERIC,
    GENERIC_PREFIXES,
    LEVEL_START,
    NAME_WINDOW,
    NON_UNIT_ENDINGS,
    PARTY_ORGANS,
    PLACE_SUFFIXES,
    STEM_LIMIT,
    STOP_CHARS,
    SUFFIX_RE,
    SUFFIXES,
    WEAK_SUFFIXES,
    WORDS_AFTER_SUFFIX,
)
from taizhang.lib.text import split_aliases


@dataclass
class Name:
    text: str
    start: int
    end: int
    kind: str
    unit_id: int | None = None
    unit_name: str = ""


@dataclass
class Gazetteer:
    """The org tree's names: full names and unambiguous short names, each to (id, kind)."""

    units: dict[str, tuple[int, str, str]] = field(default_factory=dict)  # text → (id, kind, name)
    pattern: re.Pattern | None = None

    @classmethod
    def build(cls, rows: list[tuple[int, str, str]] | list[tuple[int, str, str, str]]) -> Gazetteer:
        """From (id, name, kind) or (id, name, kind, other names) rows. An other name (区发改局,
        团区委) counts when no unit has it as its name and no other unit shares it."""
        units: dict[str, tuple[int, str, str]] = {}
        short: dict[str, list[tuple[int, str, str]]] = {}
        aliases: dict[str, list[tuple[int, str, str]]] = {}
        for unit_id, name, kind, *other in rows:
            units.setdefault(name, (unit_id, kind, name))
            for alias in split_aliases(other[0] if other else ""):
                aliases.setdefault(alias, []).append((unit_id, kind, name))
            suffix = SUFFIX_RE.search(name)
            if suffix and suffix.end() == len(name) and suffix.group() in PLACE_SUFFIXES:
                stem = name[: suffix.start()]
                if len(stem) >= 2:
                    short.setdefault(stem, []).append((unit_id, kind, name))
        for alias, matches in aliases.items():
            if len(matches) == 1 and alias not in units:
                units[alias] = matches[0]
        for stem, matches in short.items():
            if (
                len(matches) == 1
                and stem not in units
                and matches[0][1] in ("village", "community")
            ):
                units[stem] = matches[0]
        pattern = None
        if units:
            pattern = re.compile(
                "|".join(re.escape(n) for n in sorted(units, key=len, reverse=True))
            )
        return cls(units, pattern)


def _protected_spans(text: str) -> list[tuple[int, int]]:
    """Short quoted slogans (“产城村一体”): no names are built inside them."""
    return [m.span() for m in re.finditer(r"“[^”，。！？,!?]{0,20}”", text)]


# Words a stop character opens ("全区", "各市", "年度", "其中"): a name found by walking back to
# a stop character does not start inside one of them ("全区城乡居民" names no 区城乡, "年度城乡"
# no 度城乡, "其中农村" no 中农村); the name, if any, starts after the word.
WORDS_AT_STOP = re.compile(
    r"[全各][区市县镇乡村]|[年月]度|[年月](?:初|底|末|中|内)|月[上中下]旬|其中"
)


def _past_word_at_stop(text: str, start: int, end: int) -> int:
    """`start` moved past a word that the stop character before it opens, up to `end`."""
    while 0 < start < end:
        word = WORDS_AT_STOP.match(text, start - 1)
        if not word:
            break
        start = word.end()
    return start


def _walk_back(text: str, end: int, limit: int) -> int | None:
    """Where a name ending at `end` starts: at a stop character, or None past `limit`."""
    start = end
    while start > 0 and text[start - 1] not in STOP_CHARS:
        start -= 1
        if end - start > limit:
            return None
    return start


# Verbs that end the words before a name: "联合区消防救援大队", "配合区应急管理局",
# "会同市生态环境局", "走访社区" (a verb and a generic place, no name).
VERBISH = re.compile(
    r"落实|深入|推进|开展|召开|组织|实施|发展|加强|提升|打造|启动|联合|协调|会同|通过|作为|成为|按照|"
    r"根据|围绕|结合|进行|参加|参与|看到|认为|表示|介绍|要求|强调|号召|动员|带领|依托|"
    r"覆盖|涵盖|涉及|包括|配合|协同|协助|携手|联手|牵头|督促|邀请|陪同|走访|走进|服务|"
    r"扎根|下沉|巡查|遍布|来到|前往|回到|返回|新建|新增|建成|改造|实现|安排|报送|上报|报请|"
    r"移交|移送|抄送|提请|交由|责成|约谈|培训"
)
# Department names that hold a verb (市发展改革委, 区发展和改革局, 区经济发展局) or a stop
# character (区住建局: 住房和城乡建设; 区数据局).
NAMED_FIELDS = re.compile(
    r"发展(?:和)?改革|经济发展|发展研究|服务(?:中心|站|队|联合会|协会)|住建|数据"
)
PEOPLES_ORGANISATIONS = ("红十字会", "慈善总会", "总工会", "工商联", "妇联", "残联", "科协", "文联")
# Kinds of village, not names: "覆盖行政村18个" names none.
GENERIC_TAILS = ("行政村", "自然村")


def _is_generic(name: str, suffix: str) -> bool:
    if name.endswith("辖区"):
        return True  # 深入辖区, 本辖区: never a unit
    if VERBISH.search(NAMED_FIELDS.sub("", name)) or (
        suffix == "委" and len(name) > 4 and name[-2] in "省市县"
    ):
        return True
    if name in GENERIC or name.startswith(GENERIC_PREFIXES) or name.endswith(GENERIC_TAILS):
        return True
    if name.endswith(NON_UNIT_ENDINGS) and not re.fullmatch("[^进]进(?:村|社区|街道)", name):
        return True  # but 前进村 and 前进社区 are places
    if any(name[i] == "和" and name[i - 1] in WORD_ENDS for i in range(1, len(name))):
        return True  # 村民和社区: 和 after a word joins two words
    if suffix == "村" and (name.endswith("农村") or re.fullmatch("村.村", name)):
        return True  # 涉农村, 巩固农村 (农村: the countryside); 村容村貌, 村前村后 name no village
    if suffix == "政府" and name[:-2] in ("区", "市", "县", "省", "镇", "乡"):
        return False  # 区政府, 市政府
    if name in ("区委", "市委", "县委", "省委"):
        return False  # the party committee of a level
    if suffix in PEOPLES_ORGANISATIONS and name[: -len(suffix)] in ("区", "市", "县", "省"):
        return False  # 区妇联, 市总工会
    return len(name) - len(suffix) < 2


def _pattern_names(text: str) -> list[Name]:
    """Names built from a unit suffix and the characters before it."""
    protected = _protected_spans(text)
    found: list[Name] = []
    # the text with department names that hold a verb or a stop character masked, so that
    # 发展 in 市发展改革委 and 住 in 市住建局 do not end the name
    masked = NAMED_FIELDS.sub(lambda m: "_" * len(m.group()), text)
    for match in SUFFIX_RE.finditer(text):
        suffix, end = match.group(), match.end()
        if any(s <= match.start() < e for s, e in protected):
            continue
        if end < len(text) and text[end] in FOLLOWERS_NOT_NAMES.get(suffix, ()):
            continue
        if suffix in WORDS_AFTER_SUFFIX and WORDS_AFTER_SUFFIX[suffix].match(text, end):
            continue
        limit = STEM_LIMIT.get(suffix, DEFAULT_STEM_LIMIT)
        start = _walk_back(masked, match.start(), limit + 6)
        if suffix in PARTY_ORGANS:  # 白登山街道党工委: the organ, and its place at its own suffix
            organ = _party_organ(text, start, match.start(), end)
            if organ is not None:
                found.append(organ)
            continue
        if start is not None:
            start = _past_word_at_stop(text, start, match.start())
        if start == match.start() and _joined_name(text, start, suffix):
            start -= 2  # 中和社区, 王家村: 和 or 家 right before the suffix, inside the name
        if start is None or (start >= match.start() and suffix != "区委"):
            continue  # (区委 alone is the district's party committee)
        if text[max(0, start - 2) : start] == "中共":
            start -= 2  # 中共平城区委办公室: the party's prefix is part of the name
        elif text[max(0, start - 1) : start + 2] == "共青团":
            start -= 1
        if (
            match.start() - start == 1
            and start >= 1
            and text[start - 1] in "和家"
            and suffix in ("社区", "村", "街道", "镇", "乡")
        ):
            # 和平社区, 王家堡村: 和 and 家 inside a place's name, not a conjunction
            further = _walk_back(text, start - 1, limit + 6)
            if further is not None and start - 1 - further >= 1:
                start = further
            elif further is not None:
                start = start - 1
        if (
            suffix in CONJOINED_SUFFIXES
            and start > 1
            and text[start - 1] in "和与及"
            and text[start - 2] not in WORD_ENDS  # 区市场监管局和区公安分局: two units
        ):
            # "区文化和旅游局": a department named after two fields
            further = _walk_back(text, start - 1, limit + 6)
            if further is not None and further < start - 1:
                start = further
        verbs = list(VERBISH.finditer(masked, start, match.start()))
        if verbs:  # "联合区消防救援大队": the name starts after the verb
            start = verbs[-1].end()
        name = text[start:end]
        for piece_start, piece_end in _split_chain(name):
            piece = name[piece_start:piece_end]
            last = last_suffix(piece)
            if not last or _is_generic(piece, last):
                continue
            if len(piece) - len(last) > STEM_LIMIT.get(last, DEFAULT_STEM_LIMIT):
                continue
            if last in WEAK_SUFFIXES and not LEVEL_START.match(piece):
                continue
            found.append(Name(piece, start + piece_start, start + piece_end, SUFFIXES[last]))
    return found


# Characters that end a word of their own before 和 ("村民和社区", "街道和社区"), so that
# 和 there joins two words rather than standing inside a name.
WORD_ENDS = set("村区市镇乡县道户民众部局位委办所站们")


def _joined_name(text: str, at: int, suffix: str) -> bool:
    """A place of two characters whose second is 和 or 家, right before its suffix and after a
    stop character or the start (中和社区, 在王家村), not a conjunction after a word."""
    return (
        suffix in ("社区", "村", "街道", "镇", "乡")
        and at >= 2
        and text[at - 1] in "和家"
        and text[at - 2] not in STOP_CHARS
        and text[at - 2] not in WORD_ENDS
        and (at == 2 or text[at - 3] in STOP_CHARS)
    )


def last_suffix(name: str) -> str | None:
    for suffix in sorted(SUFFIXES, key=len, reverse=True):
        if name.endswith(suffix):
            return suffix
    return None


def _split_chain(name: str) -> list[tuple[int, int]]:
    """ "白登山街道古城村" → [(0, 5), (5, 8)]; "平城区人民检察院" stays whole."""
    pieces: list[tuple[int, int]] = []
    start = 0
    for match in re.finditer(r"街道|社区|镇|乡|区|县|市", name):
        rest = name[match.end() :]
        if not rest:
            break
        if len(SUFFIX_RE.match(name, match.start()).group()) > len(match.group()):  # type: ignore[union-attr]
            continue  # 迎宾街道办事处: 街道办事处 is one suffix
        if match.group() in ("区", "市", "县") and not rest.endswith(
            ("街道", "社区", "镇", "乡", "村")
        ):
            continue
        if match.end() - start >= 3:
            pieces.append((start, match.end()))
            start = match.end()
    pieces.append((start, len(name)))
    return pieces


def find_names(text: str, gazetteer: Gazetteer) -> list[Name]:
    """Org units and places in one paragraph, longest first where they overlap."""
    names: list[Name] = []
    if gazetteer.pattern is not None:
        for match in gazetteer.pattern.finditer(text):
            unit_id, kind, full = gazetteer.units[match.group()]
            names.append(Name(match.group(), match.start(), match.end(), kind, unit_id, full))
            # a party organ of a place also names the place: "西王庄村党支部" → 西王庄村
            inner = _place_prefix(match.group(), gazetteer)
            if inner:
                unit_id, kind, full = gazetteer.units[inner]
                names.append(
                    Name(inner, match.start(), match.start() + len(inner), kind, unit_id, full)
                )
    # Names are short, so overlaps are looked up among names starting shortly before.
    starts = [n.start for n in names]  # the gazetteer's matches come in order
    dropped: set[int] = set()
    for name in _pattern_names(text):
        low = bisect.bisect_left(starts, name.start - NAME_WINDOW)
        high = bisect.bisect_left(starts, name.end)
        overlaps = [
            index
            for index in range(low, high)
            if index not in dropped and names[index].end > name.start
        ]
        if any(names[i].start <= name.start and name.end <= names[i].end for i in overlaps):
            continue  # inside a known name
        other_level = [i for i in overlaps if _at_other_level(name, names[i])]
        if other_level:  # 市住建局 is the city's bureau, not the district's 住建局
            dropped.update(other_level)
            overlaps = [i for i in overlaps if i not in other_level]
        if overlaps:
            # a longer unknown name around a known one ("平城区人民检察院" when only 平城区
            # is known); but a known name at its end is that unit after a stray word
            # ("住文兴社区")
            if not all(name.start <= names[i].start and names[i].end < name.end for i in overlaps):
                continue
            dropped.update(i for i in overlaps if not _chain_piece(names[i], name))
        position = bisect.bisect_right(starts, name.start)
        starts.insert(position, name.start)
        names.insert(position, name)
        dropped = {i + 1 if i >= position else i for i in dropped}
    names = [n for i, n in enumerate(names) if i not in dropped]
    names.sort(key=lambda n: (n.start, -n.end))
    return names


def _party_organ(text: str, start: int | None, at: int, end: int) -> Name | None:
    """The party organ of a named place (白登山街道党工委, 古城村党支部), or None ("村党支部",
    "街道党工委" alone name no place)."""
    if start is None:
        return None
    start = _past_word_at_stop(text, start, at)
    start += _split_chain(text[start:at])[-1][0]  # 白登山街道古城村党支部: the village's
    place = text[start:at]
    suffix = last_suffix(place)
    if suffix not in ("街道", "社区", "村", "镇", "乡") or _is_generic(place, suffix):
        return None
    if len(place) - len(suffix) > STEM_LIMIT[suffix]:
        return None
    return Name(text[start:end], start, end, "party_org")


def _at_other_level(name: Name, known: Name) -> bool:
    """A level word before a short name of a known unit (市 + 住建局 of 区住建局) names the
    same kind of unit at that level, not the known one."""
    if known.end != name.end or known.unit_id is None:
        return False
    level = name.text[: known.start - name.start]
    at = known.unit_name.find(known.text)
    return level in ("省", "市", "县", "区") and level not in known.unit_name[: max(at, 0)]


def _chain_piece(inner: Name, outer: Name) -> bool:
    return inner.start == outer.start and inner.kind in ("subdistrict", "village", "community")


def _place_prefix(name: str, gazetteer: Gazetteer) -> str | None:
    for place in ("街道", "社区", "村", "镇", "乡"):
        index = name.find(place)
        if index > 0 and index + len(place) < len(name):
            prefix = name[: index + len(place)]
            if prefix in gazetteer.units:
                return prefix
    return None
