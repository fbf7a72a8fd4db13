"""The registry of draft kinds.

A draft kind turns what was read from a report into proposals for one ledger, and writes a
confirmed proposal through that ledger's own service. To add one (for example a case of a
campaign module), write a class with these members and register it from the module's
AppConfig.ready():

    key            "rectification_case": stable, used in URLs and SourceLink.draft_kind
    label          shown above the draft
    fields         the DraftFields a person edits (text, int, decimal, year, date, choice,
                   unit, quantities)
    propose(result, text) -> list[Proposal]
                   pure: from the extraction dict (articles, figures, names with spans) and the
                   report text; no database
    may_confirm(user) -> bool
                   whether to offer the confirm button (the service checks again)
    compare(proposal, user) -> list[dict]
                   optional side information, e.g. the ledger's own figures
    prefill(proposal, user) -> dict
                   optional: values that need the database or the person, put over the
                   proposal's data when the draft is shown (e.g. the campaign whose words the
                   article uses)
    confirm(*, report, data, by, proposal) -> Model
                   write the record through the module's service (inside the intake
                   transaction, which also writes the SourceLink and its audit entry)
    opens_record   optional, True: after confirming, the page goes to the new record
                   rather than back to the report
    duplicates(proposal, user, *, report) -> list[Model]
                   optional: records already in the ledger that the draft seems to repeat
                   (confirmed from another report or entered by hand: the same subject,
                   unit and date, as the kind defines them), among those `user` may read.
                   The draft warns and links to them; the person may still confirm.

Nothing is written until confirm() runs. A kind whose record is a report's published figures
of a unit and year (intake.models.PublishedFigures) may subclass
published.PublishedFiguresDraft: it then gives key, label, fields, propose(), compare(), its
record (`model`) and values(); the base does the rest.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, Protocol

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from taizhang.core.models import User

FIELD_TYPES = (
    "text",
    "textarea",
    "int",
    "decimal",
    "year",
    "date",
    "choice",
    "unit",
    "quantities",
)
MAX_DUPLICATES = 5  # records a draft lists as the ones it may repeat


@dataclass(frozen=True)
class DraftField:
    name: str
    label: Any
    type: str = "text"
    required: bool = False
    choices: tuple[tuple[str, Any], ...] = ()
    unit_kinds: tuple[str, ...] = ()  # for type "unit": which org units to offer
    # for type "choice": the options offered to a user, read from the database when the draft
    # is shown and checked again on confirming (e.g. the campaigns the user may file in)
    options: Callable[[Any], list[tuple[str, Any]]] | None = None

    def choices_for(self, user: Any) -> list[tuple[str, Any]]:
        if self.options is not None:
            return [(str(key), label) for key, label in self.options(user)]
        return [(str(key), label) for key, label in self.choices]


@dataclass
class Proposal:
    kind: str
    key: str  # stable for a given report: the same text gives the same key
    article: int
    start: int  # span in the report text
    end: int
    sentence: str
    data: dict[str, Any] = field(default_factory=dict)
    figures: list[tuple[int, int]] = field(default_factory=list)  # spans to highlight


class DraftKind(Protocol):
    key: str
    label: Any

    @property
    def fields(self) -> tuple[DraftField, ...]: ...

    def propose(self, result: dict[str, Any], text: str) -> list[Proposal]: ...

    def may_confirm(self, user: Any) -> bool: ...

    def compare(self, proposal: Proposal, user: Any) -> list[dict[str, Any]]: ...

    def confirm(
        self, *, report: Any, data: dict[str, Any], by: User | None, proposal: Proposal
    ) -> Any: ...


_registry: dict[str, DraftKind] = {}


def register(kind: DraftKind) -> None:
    if not re.fullmatch(r"[a-z][a-z0-9_]{1,39}", kind.key):
        raise ValueError(f"draft kind key {kind.key!r}: lowercase letters, digits, _")
    for draft_field in kind.fields:
        if draft_field.type not in FIELD_TYPES:
            raise ValueError(f"{kind.key}.{draft_field.name}: unknown type {draft_field.type}")
    _registry[kind.key] = kind


def get_kind(key: str) -> DraftKind | None:
    return _registry.get(key)


def all_kinds() -> list[DraftKind]:
    return list(_registry.values())


def proposals(result: dict[str, Any], text: str) -> list[Proposal]:
    found: list[Proposal] = []
    for kind in _registry.values():
        found.extend(kind.propose(result, text))
    return found


SENTENCE_END = "。！？!?；;\n"


def sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence (or clause ended by ；) holding text[start:end]."""
    while start > 0 and text[start - 1] not in SENTENCE_END:
        start -= 1
    while end < len(text) and text[end - 1] not in SENTENCE_END:
        end += 1
    while start < end and text[start] in " \t\n\u3000":
        start += 1
    return start, end


def duplicates_of(kind: DraftKind, proposal: Proposal, user: Any, *, report: Any) -> list[Any]:
    """The records the draft seems to repeat, if its kind looks for them."""
    finder = getattr(kind, "duplicates", None)
    return list(finder(proposal, user, report=report)) if finder is not None else []


def initial_data(kind: DraftKind, proposal: Proposal, user: Any) -> dict[str, Any]:
    """The values a draft is shown with: the proposal's, with the kind's prefill over them."""
    data = dict(proposal.data)
    prefill = getattr(kind, "prefill", None)
    if prefill is not None:
        data.update(prefill(proposal, user))
    return data


def clean_data(
    kind: DraftKind, raw: dict[str, Any], units: Any, user: Any = None
) -> dict[str, Any]:
    """Typed values from what a person submitted (strings from a form or JSON from the API);
    ValidationError naming each field that is wrong. `units` is the queryset of org units the
    person may pick; `user` is who submits (for choices offered per user)."""
    errors: dict[str, list[str]] = {}
    data: dict[str, Any] = {}
    for draft_field in kind.fields:
        value = raw.get(draft_field.name)
        try:
            data[draft_field.name] = _clean_value(draft_field, value, units, user)
        except ValidationError as error:
            errors[draft_field.name] = error.messages
    if errors:
        raise ValidationError(errors)
    return data


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _clean_value(draft_field: DraftField, value: Any, units: Any, user: Any = None) -> Any:
    if draft_field.type == "quantities":
        return _clean_quantities(value or [])
    if _blank(value):
        if draft_field.required:
            raise ValidationError(_("This field is required."))
        return "" if draft_field.type in ("text", "textarea", "choice") else None
    text = str(value).strip()
    if draft_field.type in ("int", "year"):
        if not re.fullmatch(r"\d{1,9}", text):
            raise ValidationError(_("Enter a whole number."))
        whole = int(text)
        if draft_field.type == "year" and not 1990 <= whole <= 2100:
            raise ValidationError(_("The year must be from 1990 to 2100."))
        return whole
    if draft_field.type == "date":
        try:
            day = datetime.date.fromisoformat(text)
        except ValueError as error:
            raise ValidationError(_("Enter a date as YYYY-MM-DD.")) from error
        if not 1990 <= day.year <= 2100:
            raise ValidationError(_("The year must be from 1990 to 2100."))
        return day
    if draft_field.type == "decimal":
        try:
            number = Decimal(text.replace(",", ""))
        except InvalidOperation as error:
            raise ValidationError(_("Enter a number.")) from error
        if not number.is_finite() or number < 0:
            raise ValidationError(_("Enter a number that is not negative."))
        return number.quantize(Decimal("0.01"))
    if draft_field.type == "choice":
        if text not in {key for key, _label in draft_field.choices_for(user)}:
            raise ValidationError(_("Choose one of the options."))
        return text
    if draft_field.type == "unit":
        unit = units.filter(pk=text).first() if text.isdigit() else None
        if unit is None:
            raise ValidationError(_("Choose an org unit you may record for."))
        return unit
    return text


def _clean_quantities(rows: Any) -> list[dict[str, Any]]:
    if not isinstance(rows, list):
        raise ValidationError(_("Quantities must be a list."))
    cleaned = []
    for number, row in enumerate(rows, start=1):
        if not isinstance(row, dict):
            raise ValidationError(_("Quantity %(n)d is not an object.") % {"n": number})
        item = str(row.get("item") or "").strip()
        if not item and _blank(row.get("value")):
            continue  # an empty row of the form
        try:
            value = Decimal(str(row.get("value")).strip())
        except (InvalidOperation, ValueError) as error:
            raise ValidationError(
                _("Quantity %(n)d: “%(v)s” is not a number.") % {"n": number, "v": row.get("value")}
            ) from error
        if not item or not str(row.get("unit_of_measure") or "").strip():
            raise ValidationError(_("Quantity %(n)d needs an item and a unit.") % {"n": number})
        cleaned.append(
            {
                "item": item[:100],
                "value": value,
                "unit_of_measure": str(row["unit_of_measure"]).strip()[:20],
                "qualifier": str(row.get("qualifier") or "").strip()[:10],
            }
        )
    return cleaned
