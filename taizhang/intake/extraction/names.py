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

from taizhang.lib.text import split_aliases

# suffix → the kind of unit it names (core.models.UnitKind values). Only suffixes that name a
# unit nearly every time they end a word; weaker ones (部, 所, 站, 中心, 办) are left to the tree.
SUFFIXES: dict[str, str] = {
    "街道办事处": "subdistrict",
    "人民检察院": "agency",
    "人民法院": "agency",
    "管委会": "department",
    "委员会": "department",
    "村委会": "village",
    "居委会": "community",
    "党工委": "party_org",
    "党支部": "party_org",
    "党总支": "party_org",
    "检察院": "agency",
    "法院": "agency",
    "医院": "agency",
    "党校": "party_org",
    "街道": "subdistrict",
    "社区": "community",
    "党委": "party_org",
    "区委": "party_org",
    "中心": "agency",
    "政府": "district",
    "大队": "agency",
    "支队": "agency",
    "中队": "agency",
    "中学": "agency",
    "小学": "agency",
    "学校": "agency",
    "幼儿园": "agency",
    "卫生院": "agency",
    "红十字会": "department",
    "慈善总会": "department",
    "联合会": "department",
    "办公室": "department",
    "总工会": "department",
    "工商联": "department",
    "妇联": "department",
    "残联": "department",
    "科协": "department",
    "文联": "department",
    "馆": "agency",
    "室": "department",
    "办": "department",
    "委": "department",
    "部": "department",
    "所": "agency",
    "站": "agency",
    "局": "department",
    "镇": "subdistrict",
    "乡": "subdistrict",
    "村": "village",
    "区": "district",
    "县": "district",
    "市": "city",
}
SUFFIX_RE = re.compile("|".join(sorted(SUFFIXES, key=len, reverse=True)))
PLACE_SUFFIXES = ("街道", "社区", "镇", "乡", "村", "区", "县", "市")
CONJOINED_SUFFIXES = ("局", "委", "厅", "部", "委员会")
NAME_WINDOW = 40  # no name is longer than this
PARTY_ORGANS = ("党工委", "党支部", "党总支", "党委")
# Weak suffixes name a unit only when the name starts with a level or a place: "区纪委监委",
# "市生态环境局", "平城区委督查室"; "会议室", "康复室", "服务中心" alone are not units.
WEAK_SUFFIXES = (
    "大队",
    "支队",
    "中队",
    "中学",
    "小学",
    "学校",
    "幼儿园",
    "卫生院",
    "红十字会",
    "慈善总会",
    "联合会",
    "总工会",
    "工商联",
    "妇联",
    "残联",
    "科协",
    "文联",
    "办公室",
    "馆",
    "政府",
    "中心",
    "室",
    "办",
    "委",
    "部",
    "所",
    "站",
    "局",
)
LEVEL_START = re.compile(r"^(?:省|市|区|县|乡|镇|[\u4e00-\u9fff]{2,4}(?:省|市|区|县|街道|镇|乡))")
# Longest name stem (characters before the suffix) a free-standing name may have.
# An office (办公室) is named after its unit, which may be long: 区生态环境保护委员会办公室.
STEM_LIMIT = {
    "区": 3,
    "县": 3,
    "市": 3,
    "村": 4,
    "镇": 4,
    "乡": 3,
    "街道": 5,
    "社区": 6,
    "办公室": 16,
}
DEFAULT_STEM_LIMIT = 10
# A suffix character followed by one of these is part of another word: 区位, 市场, 村民, 局面.
FOLLOWERS_NOT_NAMES = {
    "区": set("位域间块划别分长内外级县"),
    "市": set("场民容貌值级区县委政井况价面"),
    "县": set("级城域委政"),
    "村": set("民庄级落务容内里两委集支组干居"),
    "局": set("面势长部"),
    "镇": set("守定压"),
    "部": set("门署分位长队落件"),
    "办": set("理结法公事情件好实"),
    "室": set("内外温"),
    "中心": set("城区任工"),
    "乡": set("村镇亲土愁情音"),
    "区委": set("各书副常"),  # 区委各部委, 区委书记: its parts and posts, not the committee
    "馆": set("长藏内外舍"),
}
# Words a suffix character opens that need more than one character to tell: 市集 (a market:
# "消夏市集") but not 市集中 (朔州市集中开展), where the city ends before 集中.
WORDS_AFTER_SUFFIX = {"市": re.compile(r"集(?![中体团聚结合约成])")}

# Characters that end a name when walking back from its suffix: function words and verbs.
STOP_CHARS = set(
    "在向于对由和与及的了是把将为到从等被给让使跟同以并或而且也都还又就才已经共其该各本每全住年月日号时"
    "这那此之个位名家项次多少到至有无据"
    "，。；：、,;:！？!?（）()“”《》「」『』 \t\n　0123456789%—-·…"
)
# Words a name may not start with, and whole names that are generic.
GENERIC_PREFIXES = (
    "新建",
    "新增",
    "新修",
    "建设",
    "建成",
    "改造",
    "老旧",
    "全",
    "各",
    "本",
    "该",
    "我",
    "你",
    "他",
    "此",
    "两",
    "多",
    "每",
    "某",
    "其",
    "贫困",
    "农业",
    "涉农",
    "部分",
    "重点",
    "美丽",
    "示范",
    "试点",
    "先进",
    "文明",
    "所在",
    "周边",
    "偏远",
    "城中",
    "城乡",
    "相关",
    "有关",
    "结合",
    "所属",
    "下辖",
    "辖区",
    "城区",
    "社区",
    "市区",
    "小区",
    "园区",
    "景区",
    "省委",
)
GENERIC = {
    "社区",
    "街道",
    "村",
    "区",
    "市",
    "县",
    "镇",
    "乡",
    "小区",
    "城区",
    "园区",
    "景区",
    "辖区",
    "地区",
    "校区",
    "主城区",
    "城市",
    "都市",
    "乡村",
    "农村",
    "山村",
    "新村",
    "城市社区",
    "村委",
    "村村",
    "党委",
    "中心城区",
    "示范区",
    "开发区",
    "功能区",
    "城镇",
    "乡镇",
    "集镇",
    "小镇",
    "城乡",
    "下乡",
    "家乡",
    "返乡",
    "故乡",
    "老乡",
    "回乡",
    "医院",
    "行政村",
    "自然村",
    "贫困村",
    "重点村",
    "村委会",
    "居委会",
    "委员会",
    "管委会",
}
NON_UNIT_ENDINGS = (
    "格局",
    "布局",
    "大局",
    "结局",
    "当局",
    "开局",
    "全局",
    "骗局",
    "片区",
    "街区",
    "棚户区",
    "城乡",
    "核心区",
    "先行区",
    "实验区",
    "集聚区",
    "聚集区",
    "产业区",
    "超市",
    "集市",
    "上市",
    "菜市",
    "夜市",
    "督办",
    "交办",
    "举办",
    "主办",
    "承办",
    "协办",
    "创办",
    "开办",
    "兴办",
    "包办",
    "代办",
    "操办",
    "帮办",
    "快办",
    "网办",
    "领办",
    "即办",
    "专办",
    "难办",
    "马上办",
    "会议室",
    "活动室",
    "阅览室",
    "休息室",
    "康复室",
    "卫生室",
    "值班室",
    "小区",
    "校区",
    "营区",
    "厂区",
    "林区",
    "矿区",
    "库区",
    "灾区",
    "牧区",
    "山区",
    "老区",
    "全部",
    "内部",
    "外部",
    "局部",
    "干部",
    "门市",
    "股市",
    "楼市",
    "坐镇",
    "城镇",
    "乡镇",
    "集镇",
    "进社区",
    "进村",
    "进小区",
    "进乡村",
    "进街道",
    "到社区",
    "下社区",
    "水乡",
    "之乡",
    "梦乡",
    "异乡",
    "他乡",
    "鱼米之乡",
    "乡村",
    "山村",
    "新村",
    "城中村",
    "一体化示范区",
)


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
