"""Age bands (年龄段) of the registry's lists and statistics: computed from birth dates on a
given day, never stored."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class AgeBand:
    key: str
    label: str | Promise
    at_least: int
    below: int | None


AGE_BANDS = (
    AgeBand("0-17", _("under 18"), 0, 18),
    AgeBand("18-59", _("18 to 59"), 18, 60),
    AgeBand("60-79", _("60 to 79"), 60, 80),
    AgeBand("80+", _("80 and over"), 80, None),
)
# Facts the welfare and retiree modules ask for: 60 and over, 80 and over (高龄).
AGE_FACTS = (AgeBand("60+", _("60 and over"), 60, None), AgeBand("80+", _("80 and over"), 80, None))
BY_KEY = {band.key: band for band in (*AGE_BANDS, *AGE_FACTS)}
