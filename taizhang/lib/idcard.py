"""Citizen ID numbers (公民身份号码), GB 11643-1999.

18 characters: the region code where the number was first issued (6 digits, GB/T 2260), the birth
date (YYYYMMDD), a sequence (3 digits; the last one odd for a man, even for a woman) and a check
character (ISO 7064 MOD 11-2: a digit or X). Numbers come from spreadsheets and forms as
"１１０１０５ １９４９１２３１ ００２ｘ": `normalize_id_number` makes them plain, `parse_id_number`
checks them and reads the birth date and sex. An unknown region code is only a warning: the
table cannot know every code ever issued, and the check character already catches typos.

The old 15-digit numbers (before 1999) are refused rather than converted: the card in the
person's hand has had 18 characters since, and that is the number to record.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass

from django.utils.translation import gettext as _

from taizhang.lib import clock
from taizhang.lib.regions import is_known_region, region_name

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARACTERS = "10X98765432"  # indexed by the weighted sum modulo 11
EARLIEST_BIRTH_DATE = datetime.date(1880, 1, 1)
MALE, FEMALE = "male", "female"

_FIRST17 = re.compile(r"\d{17}")


class IdNumberError(ValueError):
    """An ID number that cannot be right; the message says what is wrong, for the clerk."""


@dataclass(frozen=True)
class CitizenId:
    number: str  # normalized: 18 characters, X upper-case
    region_code: str
    birth_date: datetime.date
    sex: str  # MALE or FEMALE
    region_name: str | None  # 山西省大同市平城区; None when the code is unknown
    warnings: tuple[str, ...] = ()


def normalize_id_number(text: str) -> str:
    """Full-width digits and letters made plain (NFKC), every space and invisible character
    (zero-width space, byte-order mark) removed, x upper-cased: " １１０１０５…ｘ " → "110105…X"."""
    text = unicodedata.normalize("NFKC", text)
    kept = (c for c in text if not c.isspace() and unicodedata.category(c) != "Cf")
    return "".join(kept).replace("x", "X")


def check_character(first17: str) -> str:
    """The 18th character of a number whose first 17 digits are given."""
    if not _FIRST17.fullmatch(first17):
        raise ValueError("check_character needs exactly 17 digits")
    total = sum(int(digit) * weight for digit, weight in zip(first17, WEIGHTS, strict=True))
    return CHECK_CHARACTERS[total % 11]


def make_id_number(region: str, birth: datetime.date, sequence: int) -> str:
    """A valid number for synthetic people (demo data, tests): region code, birth date, a
    sequence 0–999 (odd: male) and the check character computed."""
    if not re.fullmatch(r"\d{6}", region):
        raise ValueError("the region code must have 6 digits")
    if not 0 <= sequence <= 999:
        raise ValueError("the sequence must be between 0 and 999")
    first17 = f"{region}{birth:%Y%m%d}{sequence:03d}"
    return first17 + check_character(first17)


def parse_id_number(text: str, *, today: datetime.date | None = None) -> CitizenId:
    """The checked number with its birth date, sex and region; raises IdNumberError.

    A number whose birth date does not exist and whose check character is wrong gets both
    problems in one message, since a mistyped digit of the date breaks both.
    """
    number = normalize_id_number(text)
    _check_shape(number)
    problems = []
    birth_date = _birth_date(number[6:14])
    if birth_date is None:
        problems.append(
            _("The birth date %(date)s (characters 7 to 14) does not exist.")
            % {"date": number[6:14]}
        )
    expected = check_character(number[:17])
    if number[17] != expected:
        problems.append(
            _(
                "The check character (the last one) should be %(expected)s, not %(actual)s: "
                "if the card shows %(actual)s, another character was mistyped."
            )
            % {"expected": expected, "actual": number[17]}
        )
    if problems:
        raise IdNumberError(" ".join(problems))
    assert birth_date is not None
    _check_birth_date_range(birth_date, today or clock.today())
    region_code = number[:6]
    return CitizenId(
        number=number,
        region_code=region_code,
        birth_date=birth_date,
        sex=MALE if int(number[16]) % 2 else FEMALE,
        region_name=region_name(region_code),
        warnings=_region_warnings(region_code),
    )


def _check_shape(number: str) -> None:
    if not number:
        raise IdNumberError(_("The ID number is empty."))
    if len(number) == 15 and number.isdigit():
        raise IdNumberError(
            _(
                "This is an old 15-digit ID number (issued before 1999); enter the 18-character "
                "number on the person's current ID card."
            )
        )
    if len(number) != 18:
        raise IdNumberError(
            _("An ID number has 18 characters; this one has %(count)d.") % {"count": len(number)}
        )
    for position, character in enumerate(number, start=1):
        allowed = character in "0123456789" or (position == 18 and character == "X")
        if not allowed:
            raise IdNumberError(
                _(
                    "Only digits, with X allowed as the last character: character %(position)d "
                    "is “%(character)s”."
                )
                % {"position": position, "character": character}
            )


def _birth_date(yyyymmdd: str) -> datetime.date | None:
    try:
        return datetime.date(int(yyyymmdd[:4]), int(yyyymmdd[4:6]), int(yyyymmdd[6:]))
    except ValueError:
        return None


def _check_birth_date_range(birth_date: datetime.date, today: datetime.date) -> None:
    if birth_date > today:
        raise IdNumberError(
            _("The birth date %(date)s is in the future.") % {"date": birth_date.isoformat()}
        )
    if birth_date < EARLIEST_BIRTH_DATE:
        raise IdNumberError(
            _("The birth date %(date)s is before 1880.") % {"date": birth_date.isoformat()}
        )


def _region_warnings(region_code: str) -> tuple[str, ...]:
    if is_known_region(region_code):
        return ()
    if not is_known_region(region_code[:2] + "0000"):
        return (
            _(
                "The first two digits %(province)s are not a province code; check the number "
                "against the ID card."
            )
            % {"province": region_code[:2]},
        )
    return (
        _(
            "The region code %(code)s (the first six digits) is not in the list of "
            "administrative divisions; check the number against the ID card."
        )
        % {"code": region_code},
    )
