"""Unified social credit codes (统一社会信用代码), GB 32100-2015.

18 characters from "0123456789ABCDEFGHJKLMNPQRTUWXY" (no I, O, S, V, Z): the registration
authority (登记管理部门, 1 character: 9 for market regulation, 5 for civil affairs …), the kind of
organisation (机构类别, 1), the region code of the registering office (6 digits, GB/T 2260), the
organisation's own code (主体标识码, 9) and a check character (mod 31).

The authority codes are those of the standard (1, 5, 9, Y) and of the departments given one
since (2–4, 6–8, A, N); the second character is checked against the character set only, since
the kinds per authority have grown by notice and no table of them could be verified.
"""

from __future__ import annotations

import re
import unicodedata

from django.utils.translation import gettext as _

CHARACTERS = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # a character's value is its index
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
AUTHORITIES = {
    "1": "机构编制",
    "2": "外交",
    "3": "司法行政",
    "4": "文化",
    "5": "民政",
    "6": "旅游",
    "7": "宗教",
    "8": "工会",
    "9": "市场监管（工商）",
    "A": "中央军委改革和编制办公室",
    "N": "农业农村",
    "Y": "其他",
}

_FIRST17 = re.compile(f"[{CHARACTERS}]{{17}}")


class CreditCodeError(ValueError):
    """A credit code that cannot be right; the message says what is wrong, for the clerk."""


def normalize_credit_code(text: str) -> str:
    """Full-width characters made plain (NFKC), every space and invisible character removed,
    letters upper-cased: " ９１３５０１００ｍ０００１００ｙ４３ " → "91350100M000100Y43"."""
    text = unicodedata.normalize("NFKC", text)
    kept = (c for c in text if not c.isspace() and unicodedata.category(c) != "Cf")
    return "".join(kept).upper()


def check_character(first17: str) -> str:
    """The 18th character of a code whose first 17 characters are given."""
    if not _FIRST17.fullmatch(first17):
        raise ValueError("check_character needs 17 characters of the code's character set")
    total = sum(CHARACTERS.index(c) * w for c, w in zip(first17, WEIGHTS, strict=True))
    return CHARACTERS[(31 - total % 31) % 31]


def make_credit_code(first17: str) -> str:
    """A valid code for synthetic organisations (demo data, tests): the check character added."""
    return first17 + check_character(first17)


def parse_credit_code(text: str) -> str:
    """The normalized code, or CreditCodeError saying what is wrong with it."""
    code = normalize_credit_code(text)
    if not code:
        raise CreditCodeError(_("The credit code is empty."))
    if len(code) != 18:
        raise CreditCodeError(
            _("A credit code has 18 characters; this one has %(count)d.") % {"count": len(code)}
        )
    for position, character in enumerate(code, start=1):
        if character not in CHARACTERS:
            raise CreditCodeError(_bad_character(position, character))
    if code[0] not in AUTHORITIES:
        raise CreditCodeError(
            _(
                "The first character “%(character)s” is not a registration authority code "
                "(%(codes)s)."
            )
            % {"character": code[0], "codes": ", ".join(AUTHORITIES)}
        )
    if not code[2:8].isdigit():
        raise CreditCodeError(
            _("Characters 3 to 8 are a region code and must be digits; they are “%(region)s”.")
            % {"region": code[2:8]}
        )
    expected = check_character(code[:17])
    if code[17] != expected:
        raise CreditCodeError(
            _(
                "The check character (the last one) should be %(expected)s, not %(actual)s: "
                "if the licence shows %(actual)s, another character was mistyped."
            )
            % {"expected": expected, "actual": code[17]}
        )
    return code


def _bad_character(position: int, character: str) -> str:
    if character in "IOSVZ":
        return _(
            "Character %(position)d is “%(character)s”, a letter credit codes never use "
            "(no I, O, S, V or Z): perhaps %(guess)s?"
        ) % {"position": position, "character": character, "guess": _LOOKALIKES[character]}
    return _(
        "Character %(position)d is “%(character)s”; a credit code has only digits and "
        "capital letters other than I, O, S, V and Z."
    ) % {"position": position, "character": character}


# The character a letter that credit codes never use was most likely typed for.
_LOOKALIKES = {"I": "1", "O": "0", "S": "5", "V": "U", "Z": "2"}
