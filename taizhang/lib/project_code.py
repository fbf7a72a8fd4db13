"""The national investment project code (投资项目代码) of the 全国投资项目在线审批监管平台.

The code is 24 characters in five segments joined by hyphens, e.g. ``2018-110105-70-03-006548``
(GB/T 40058-2021 《全国固定资产投资项目代码编码规范》, and the NDRC's 《固定资产投资项目代码管理
规范》, 发改投资〔2020〕1439号):

- 4 digits: the year the code was given (时间代码);
- 6 digits: the region code of GB/T 2260 (地区代码), e.g. 140213 for 平城区;
- 2 digits: the central guiding department (中央业务指导部门代码, the "industry" code);
- 2 digits: the project type (项目类型代码), e.g. 03;
- 6 digits: a 5-digit random number (随机码) and a final check digit (校验码).

The standard says the last digit is a check digit, but its algorithm is not in any public
source we could find (the standard's text is sold, and the summaries published by the NDRC
and the standards bodies give only the structure). So this module does NOT verify the check
digit: it validates the format strictly — every segment's length and digits, a plausible
year, a region code whose first two digits are a province of GB/T 2260 — and nothing more.
Adding the check is one function once the algorithm is known.

Pure: no Django models, no database. People type these codes from paper and WPS sheets, so
full-width digits (２０１８), full-width or typographic hyphens (－ – — ‐) and spaces are
accepted and normalised, and so are the 20 digits written without hyphens.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# The first two digits of GB/T 2260 region codes: the provinces (省级行政区).
PROVINCES = frozenset(
    {
        "11", "12", "13", "14", "15",
        "21", "22", "23",
        "31", "32", "33", "34", "35", "36", "37",
        "41", "42", "43", "44", "45", "46",
        "50", "51", "52", "53", "54",
        "61", "62", "63", "64", "65",
        "71", "81", "82",
    }
)  # fmt: skip
# The online platform gave its first codes in 2015 (发改电〔2015〕501号); a year before that
# is a typing mistake.
FIRST_YEAR = 2015
SEGMENTS = (("year", 4), ("region", 6), ("industry", 2), ("type", 2), ("serial", 6))
SEGMENT_LABELS = {
    "year": gettext_lazy("year"),
    "region": gettext_lazy("region"),
    "industry": gettext_lazy("industry"),
    "type": gettext_lazy("type"),
    "serial": gettext_lazy("serial"),
}
LENGTH = sum(size for _name, size in SEGMENTS) + len(SEGMENTS) - 1  # 24

_HYPHENS = "-－‐‑‒–—―−﹣"
_TRANSLATE = {ord(c): "-" for c in _HYPHENS} | {0xFF10 + i: str(i) for i in range(10)}
_SPACES = re.compile(r"[\s\u3000]+")
_DIGITS = re.compile(r"[0-9]+")


class ProjectCodeError(ValueError):
    """A project code that is not in the national format. `segment` names the bad part."""

    def __init__(self, message: str, segment: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.segment = segment


@dataclass(frozen=True)
class ProjectCode:
    year: int
    region: str
    industry: str
    type: str
    serial: str

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.region}-{self.industry}-{self.type}-{self.serial}"


def normalise(raw: str | None) -> str:
    """Half-width digits and ASCII hyphens, no spaces; 20 bare digits get their hyphens.

    Does not validate: ``normalise("２０１８－１１０１０５…")`` → ``"2018-110105…"``."""
    text = _SPACES.sub("", (raw or "").translate(_TRANSLATE))
    if len(text) == LENGTH - (len(SEGMENTS) - 1) and text.isascii() and text.isdigit():
        parts, start = [], 0
        for _name, size in SEGMENTS:
            parts.append(text[start : start + size])
            start += size
        text = "-".join(parts)
    return text


def parse(raw: str | None, *, this_year: int) -> ProjectCode:
    """The code's segments, or ProjectCodeError saying which segment is wrong and why.

    `this_year` bounds the year segment (a code cannot come from the future)."""
    text = normalise(raw)
    if not text:
        raise ProjectCodeError(_("The project code is empty."))
    parts = text.split("-")
    if len(parts) != len(SEGMENTS):
        raise ProjectCodeError(
            _(
                "A project code has 5 parts joined by hyphens, like 2018-110105-70-03-006548; "
                "“%(code)s” has %(count)d."
            )
            % {"code": text, "count": len(parts)}
        )
    for (name, size), part in zip(SEGMENTS, parts, strict=True):
        if len(part) != size or not (part.isascii() and _DIGITS.fullmatch(part)):
            raise ProjectCodeError(
                _("The %(part)s part of a project code is %(size)d digits; got “%(value)s”.")
                % {"part": SEGMENT_LABELS[name], "size": size, "value": part},
                name,
            )
    year, region, industry, type_, serial = parts
    if not FIRST_YEAR <= int(year) <= this_year:
        raise ProjectCodeError(
            _("The year part %(year)s is not a plausible year (%(first)d to %(last)d).")
            % {"year": year, "first": FIRST_YEAR, "last": this_year},
            "year",
        )
    if region[:2] not in PROVINCES:
        raise ProjectCodeError(
            _("The region part %(region)s is not a region code: no province starts %(prefix)s.")
            % {"region": region, "prefix": region[:2]},
            "region",
        )
    return ProjectCode(int(year), region, industry, type_, serial)


def is_valid(raw: str | None, *, this_year: int) -> bool:
    try:
        parse(raw, this_year=this_year)
    except ProjectCodeError:
        return False
    return True
