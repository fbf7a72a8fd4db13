"""Who a person is (身份): the checks of the ID number or other document, shared by the form,
the API and the roster import, and the one place that says where a duplicate already is."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from taizhang.core import access
from taizhang.lib.idcard import IdNumberError, normalize_id_number, parse_id_number
from taizhang.people.models import DocumentType, Person


@dataclass
class Identity:
    """A person's identity fields after the checks: normalized, with what the ID number says
    (sex, birth date) and warnings that do not refuse (an unknown region code)."""

    id_number: str
    document_type: str
    document_number: str
    sex: str
    birth_date: datetime.date | None
    warnings: list[str] = field(default_factory=list)


def check_identity(
    *,
    id_number: str = "",
    document_type: str = "",
    document_number: str = "",
    sex: str = "",
    birth_date: datetime.date | None = None,
    today: datetime.date | None = None,
) -> Identity:
    """The identity of a person as given, checked: a valid ID number (GB 11643) whose sex and
    birth date agree with those given, or another document with its number. Raises a
    ValidationError by field."""
    id_number = normalize_id_number(id_number or "")
    document_number = (document_number or "").strip()
    if not id_number:
        if not document_type or document_type == DocumentType.ID_CARD or not document_number:
            raise ValidationError(
                {"id_number": _("Give the citizen ID number, or another document and its number.")}
            )
        return Identity("", document_type, document_number, sex, birth_date)
    try:
        citizen = parse_id_number(id_number, today=today)
    except IdNumberError as error:
        raise ValidationError({"id_number": str(error)}) from error
    errors: dict[str, str] = {}
    if sex and sex != citizen.sex:
        errors["sex"] = _("The ID number says %(sex)s.") % {"sex": _sex_label(citizen.sex)}
    if birth_date and birth_date != citizen.birth_date:
        errors["birth_date"] = _("The ID number says born on %(date)s.") % {
            "date": citizen.birth_date.isoformat()
        }
    if errors:
        raise ValidationError(errors)
    return Identity(
        citizen.number,
        DocumentType.ID_CARD,
        "",
        citizen.sex,
        citizen.birth_date,
        list(citizen.warnings),
    )


def _sex_label(sex: str) -> str:
    from taizhang.people.models import Sex

    return str(Sex(sex).label)


def duplicate_message(existing: Person, user: Any) -> str:
    """Why a person cannot be added twice, saying where the existing record is when the
    user may see it (and nothing about it otherwise)."""
    if user is access.SYSTEM or access.can_read(user, existing):
        return _("Already registered: %(name)s, %(unit)s (%(url)s).") % {
            "name": existing.name,
            "unit": existing.unit.name,
            "url": existing.get_absolute_url(),
        }
    return _("Already registered in a village or community outside yours; ask the district office.")


def holder_of_id(id_number: str, *, exclude: Person | None = None) -> Person | None:
    if not id_number:
        return None
    people = Person.objects.select_related("unit").filter(id_number=id_number)
    if exclude is not None and exclude.pk:
        people = people.exclude(pk=exclude.pk)
    return people.first()


def holder_of_document(
    document_type: str, document_number: str, *, exclude: Person | None = None
) -> Person | None:
    if not document_number:
        return None
    people = Person.objects.select_related("unit").filter(
        document_type=document_type, document_number=document_number
    )
    if exclude is not None and exclude.pk:
        people = people.exclude(pk=exclude.pk)
    return people.first()


def refuse_duplicate(person: Person, user: Any) -> None:
    """Raise a ValidationError if another person has this one's ID number or document."""
    existing = holder_of_id(person.id_number, exclude=person)
    if existing is not None:
        raise ValidationError({"id_number": duplicate_message(existing, user)})
    existing = holder_of_document(person.document_type, person.document_number, exclude=person)
    if existing is not None:
        raise ValidationError({"document_number": duplicate_message(existing, user)})
