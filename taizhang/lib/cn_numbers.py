"""Numbers as Chinese reports write them: "七", "两千多", "一万二千五百", "3.5万", "百分之八十".

Pure helpers, no Django. Values are exact `Decimal`s, never floats. `to_halfwidth` maps the
full-width digits and signs of Chinese typesetting ("１２３．５％") one character to one, so that
offsets found in the mapped text are offsets in the original.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

DIGITS: dict[str, int] = {
    "零": 0,
    "〇": 0,
    "○": 0,
    "一": 1,
    "壹": 1,
    "二": 2,
    "贰": 2,
    "两": 2,
    "三": 3,
    "叁": 3,
    "四": 4,
    "肆": 4,
    "五": 5,
    "伍": 5,
    "六": 6,
    "陆": 6,
    "七": 7,
    "柒": 7,
    "八": 8,
    "捌": 8,
    "九": 9,
    "玖": 9,
}
SMALL_UNITS: dict[str, int] = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
BIG_UNITS: dict[str, int] = {"万": 10_000, "亿": 100_000_000}

CN_DIGIT_CHARS = "".join(DIGITS)
CN_NUMBER_CHARS = CN_DIGIT_CHARS + "".join(SMALL_UNITS) + "".join(BIG_UNITS)

# Full-width forms (U+FF01..U+FF5E) to ASCII, plus the ideographic full stop used as a decimal
# point in some typesetting ("１２．５") is left alone: it ends sentences far more often.
_HALFWIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_HALFWIDTH[0x3000] = 0x20  # ideographic space


def to_halfwidth(text: str) -> str:
    """Full-width ASCII forms to ASCII, one character for one (offsets are kept)."""
    return text.translate(_HALFWIDTH)


_ARABIC = re.compile(r"\d+(?:\.\d+)?")
_ARABIC_WITH_BIG = re.compile(r"(\d+(?:\.\d+)?)([万亿]{0,2})")


def _parse_section(text: str) -> int:
    """A number below 10000 written with 十/百/千 ("三千零五", "十二", "两百")."""
    total = 0
    digit: int | None = None
    for char in text:
        if char in DIGITS:
            if digit:  # 三五, 一万二千三四百: two digits in a row are an estimate, not a number
                raise ValueError(f"“{text}” is not a Chinese number")
            digit = DIGITS[char]
        elif char in SMALL_UNITS:
            total += (1 if digit is None else digit) * SMALL_UNITS[char]
            digit = None
        else:
            raise ValueError(f"“{text}” is not a Chinese number")
    if digit is not None:
        total += digit
    return total


def _positional(text: str) -> int | None:
    """ "二〇二二" (digit by digit) when the text has no 十/百/千/万/亿 at all: a year or a
    code of three digits or more, or with a zero ("二〇"); "三五" is an estimate, not 35."""
    if (
        len(text) > 1
        and all(char in DIGITS for char in text)
        and (len(text) >= 3 or any(char in "零〇○" for char in text))
    ):
        return int("".join(str(DIGITS[char]) for char in text))
    return None


def parse_cn_integer(text: str) -> int:
    """An integer in Chinese numerals: 七, 十二, 两千, 一万二千五百, 三亿零五万, 二〇二二."""
    if not text:
        raise ValueError("empty number")
    positional = _positional(text)
    if positional is not None:
        return positional
    total = 0
    section = ""
    pending = 0  # the value accumulated below the current 亿
    for char in text:
        if char == "亿":
            total += (pending + _parse_section(section)) * BIG_UNITS["亿"]
            pending, section = 0, ""
        elif char == "万":
            pending += _parse_section(section or "一") * BIG_UNITS["万"]
            section = ""
        else:
            section += char
    return total + pending + _parse_section(section)


def parse_number(text: str) -> Decimal:
    """A number written with Arabic digits, Chinese numerals or both ("3.5万", "两千", "１２").

    Raises ValueError for anything else."""
    text = to_halfwidth(text).replace(",", "").strip()
    if not text:
        raise ValueError("empty number")
    match = _ARABIC_WITH_BIG.fullmatch(text)
    if match:
        try:
            value = Decimal(match.group(1))
        except InvalidOperation as error:  # pragma: no cover - the pattern is a number
            raise ValueError(text) from error
        for char in match.group(2):
            value *= BIG_UNITS[char]
        return value
    whole, point, fraction = text.partition("点")
    if whole and all(char in CN_NUMBER_CHARS for char in whole):
        value = Decimal(parse_cn_integer(whole))
        if point:  # 七十八点六
            if not fraction or any(char not in DIGITS for char in fraction):
                raise ValueError(f"“{text}” is not a number")
            value += Decimal("0." + "".join(str(DIGITS[char]) for char in fraction))
        return value
    raise ValueError(f"“{text}” is not a number")


def parse_percent(text: str) -> Decimal:
    """ "百分之八十" → 80, "百分之十二点五" → 12.5, "80%" → 80."""
    text = to_halfwidth(text).strip()
    if text.endswith("%"):
        return parse_number(text[:-1])
    if text.startswith("百分之"):
        rest = text[3:]
        whole, _, fraction = rest.partition("点")
        value = parse_number(whole)
        if fraction:
            digits = "".join(str(DIGITS[c]) for c in fraction if c in DIGITS)
            if len(digits) != len(fraction):
                raise ValueError(f"“{text}” is not a percentage")
            value += Decimal("0." + digits)
        return value
    raise ValueError(f"“{text}” is not a percentage")
