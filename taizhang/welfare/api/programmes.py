"""Welfare API: programmes, their candidate lists, and enrolments (list, enrol, stop).

Lists start from `.for_user()` and use the pages' FilterSets; writes call the services, whose
refusals come back in the platform's one error shape. Enrolling several people is all or
nothing: the first refusal names the person and nothing is saved."""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.pagination import paginate

from taizhang.core.access import access_record, can_write, reads_ledgers, require, scope
from taizhang.core.api import api_field_names, filtered, unit_by_id, units_by_id
from taizhang.core.models import Unit
from taizhang.core.requests import AuthedRequest
from taizhang.core.schemas import PageNumberPage, with_errors
from taizhang.core.versions import expected_version
from taizhang.lib import clock
from taizhang.people.models import Group, Person
from taizhang.welfare.access import may_manage_programme
from taizhang.welfare.filters import EnrolmentFilter, ProgrammeFilter
from taizhang.welfare.models import Enrolment, Programme
from taizhang.welfare.schemas.programmes import (
    CandidatesOut,
    EnrolIn,
    EnrolmentFilterIn,
    EnrolmentOut,
    ProgrammeFilterIn,
    ProgrammeIn,
    ProgrammeOut,
    ProgrammePatchIn,
    StopIn,
)
from taizhang.welfare.services import eligibility
from taizhang.welfare.services import enrolments as enrolment_services
from taizhang.welfare.services import programmes as programme_services

router = Router(tags=["welfare"])
WRITE_ERRORS = (400, 403, 404, 422)
FIELD_NAMES = {
    "deciding_unit": "deciding_unit_id",
    "excludes": "exclude_ids",
    "residence_units": "residence_unit_ids",
    "groups": "group_ids",
}
CANDIDATES_SHOWN = 200  # the first of each list; the page paginates the rest


def _programmes(user: Any) -> QuerySet[Programme]:
    return (
        Programme.objects.for_user(user)
        .select_related("owner", "deciding_unit")
        .prefetch_related("tiers", "basket", "excludes", "residence_units", "groups")
    )


def _programme(user: Any, pk: int) -> Programme:
    return get_object_or_404(_programmes(user), pk=pk)


def _enrolments(user: Any) -> QuerySet[Enrolment]:
    return Enrolment.objects.for_user(user).select_related("programme", "person__unit")


def _related(user: Any, data: dict[str, Any]) -> dict[str, Any]:
    """The ids of a body as records the caller may see ("No such …" on the field otherwise)."""
    found: dict[str, Any] = {}
    if "deciding_unit_id" in data:
        units = Unit.objects.for_user(user)
        found["deciding_unit"] = unit_by_id(units, data.pop("deciding_unit_id"), "deciding_unit_id")
    if "residence_unit_ids" in data:
        ids = data.pop("residence_unit_ids")
        if ids is not None:
            found["residence_units"] = units_by_id(
                Unit.objects.for_user(user), ids, "residence_unit_ids"
            )
    if "group_ids" in data:
        ids = data.pop("group_ids")
        if ids is not None:
            groups = list(Group.objects.filter(pk__in=ids))
            if len(groups) != len(set(ids)):
                raise ValidationError({"group_ids": [_("No such group.")]})
            found["groups"] = groups
    if "exclude_ids" in data:
        ids = data.pop("exclude_ids")
        if ids is not None:
            others = list(Programme.objects.for_user(user).filter(pk__in=ids))
            if len(others) != len(set(ids)):
                raise ValidationError({"exclude_ids": [_("No such programme.")]})
            found["excludes"] = others
    for name in ("tiers", "basket"):
        if name in data and data[name] is None:
            data.pop(name)
    return found


@router.get("/welfare/programmes", response=with_errors({200: list[ProgrammeOut]}, 422))
@paginate(PageNumberPage)
def list_programmes(request: AuthedRequest, filters: Query[ProgrammeFilterIn]) -> Any:
    """The programmes the caller may see (of their unit's line, or that their unit decides),
    filtered like the list page."""
    require(reads_ledgers(request.user))
    return filtered(ProgrammeFilter, filters, _programmes(request.user)).order_by(
        "owner__path", "name", "pk"
    )


@router.get("/welfare/programmes/{programme_id}", response=with_errors({200: ProgrammeOut}, 404))
def get_programme(request: AuthedRequest, programme_id: int) -> Any:
    """One programme with its tiers, basket, exclusions and eligibility. 404 if the caller may
    not see it."""
    return _programme(request.user, programme_id)


@router.post("/welfare/programmes", response=with_errors({201: ProgrammeOut}, *WRITE_ERRORS))
def create_programme(request: AuthedRequest, payload: ProgrammeIn) -> Any:
    """Define a programme of a unit the caller writes for (a unit defines programmes only
    within its subtree). Tiers may not overlap; basket quantities are above zero."""
    require(can_write(request.user))
    owner = unit_by_id(Unit.objects.for_user(request.user), payload.owner_id, "owner_id")
    data = payload.model_dump(exclude={"owner_id"})
    with api_field_names(FIELD_NAMES):
        related = _related(request.user, data)
        programme = programme_services.create_programme(
            by=request.user, owner=owner, **data, **related
        )
    return Status(201, _programme(request.user, programme.pk))


@router.patch(
    "/welfare/programmes/{programme_id}",
    response=with_errors({200: ProgrammeOut}, *WRITE_ERRORS, 409),
)
def update_programme(request: AuthedRequest, programme_id: int, payload: ProgrammePatchIn) -> Any:
    """Change the fields sent; tiers, basket, exclusions, units and groups sent replace the
    stored ones. With `version` (or If-Match): 409 if the programme changed since."""
    programme = access_record(Programme, programme_id, request.user)
    require(may_manage_programme(request.user, programme))
    data = payload.model_dump(exclude_unset=True, exclude={"reason", "version"})
    with api_field_names(FIELD_NAMES):
        related = _related(request.user, data)
        programme_services.update_programme(
            programme,
            by=request.user,
            version=expected_version(request, payload.version),
            reason=payload.reason,
            **data,
            **related,
        )
    return _programme(request.user, programme.pk)


@router.get(
    "/welfare/programmes/{programme_id}/candidates", response=with_errors({200: CandidatesOut}, 404)
)
def programme_candidates(
    request: AuthedRequest, programme_id: int, on: datetime.date | None = None
) -> Any:
    """The candidate list on a day (`on`, YYYY-MM-DD; today by default), within what the caller
    may see: who qualifies and is not enrolled (`joining`), who is enrolled and no longer
    qualifies with the reasons (`leaving`), who qualifies but receives an excluded programme
    (`excluded`). The first 200 of each; the counts say how many in all."""
    programme = access_record(Programme, programme_id, request.user)
    user = request.user
    day = on or clock.today()
    found = eligibility.candidates(programme, day, within=lambda records: scope(records, user))
    joining = found.joining.select_related("unit").order_by("unit__path", "name", "pk")
    excluded = found.excluded.select_related("unit").order_by("unit__path", "name", "pk")
    return {
        "on": day,
        "joining": list(joining[:CANDIDATES_SHOWN]),
        "joining_count": joining.count(),
        "leaving": [
            {"enrolment": enrolment, "reasons": reasons}
            for enrolment, reasons in found.leaving[:CANDIDATES_SHOWN]
        ],
        "excluded": list(excluded[:CANDIDATES_SHOWN]),
        "excluded_count": excluded.count(),
    }


@router.get("/welfare/enrolments", response=with_errors({200: list[EnrolmentOut]}, 422))
@paginate(PageNumberPage)
def list_enrolments(request: AuthedRequest, filters: Query[EnrolmentFilterIn]) -> Any:
    """Enrolments the caller may see (their residents', or of programmes their unit owns or
    decides), filtered like the list page. ID numbers are masked."""
    require(reads_ledgers(request.user))
    return filtered(EnrolmentFilter, filters, _enrolments(request.user)).order_by(
        "programme_id", "person__unit__path", "person__name", "pk"
    )


@router.get("/welfare/enrolments/{enrolment_id}", response=with_errors({200: EnrolmentOut}, 404))
def get_enrolment(request: AuthedRequest, enrolment_id: int) -> Any:
    """One enrolment with its person (ID number masked). 404 if the caller may not see it."""
    return get_object_or_404(_enrolments(request.user), pk=enrolment_id)


@router.post("/welfare/enrolments", response=with_errors({201: list[EnrolmentOut]}, *WRITE_ERRORS))
def enrol(request: AuthedRequest, payload: EnrolIn) -> Any:
    """Enrol people in a programme from a day, all or nothing: each must qualify on the day,
    receive no excluded programme and not be enrolled already; the first refusal names the
    person (400) and nobody is enrolled."""
    require(can_write(request.user))
    user = request.user
    programme = get_object_or_404(Programme.objects.for_user(user), pk=payload.programme_id)
    if programme.needs_application:
        raise ValidationError(
            {"programme_id": [str(programme_services.BY_APPLICATION) % {"name": programme.name}]}
        )
    people = {p.pk: p for p in Person.objects.for_user(user).filter(pk__in=payload.person_ids)}
    missing = [pk for pk in payload.person_ids if pk not in people]
    if missing:
        raise ValidationError({"person_ids": [_("No such person: %(id)s.") % {"id": missing[0]}]})
    created = []
    with transaction.atomic():
        for pk in dict.fromkeys(payload.person_ids):
            person = people[pk]
            try:
                created.append(
                    enrolment_services.enrol(
                        programme,
                        person,
                        by=user,
                        started_on=payload.started_on,
                        amount_yuan=payload.amount_yuan,
                        income_unstable=payload.income_unstable,
                    )
                )
            except ValidationError as error:
                text = " ".join(error.messages)
                raise ValidationError(
                    text if person.name in text else f"{person.name}: {text}"
                ) from error
    records = _enrolments(user).filter(pk__in=[e.pk for e in created]).order_by("pk")
    return Status(201, list(records))


@router.post(
    "/welfare/enrolments/{enrolment_id}/stop",
    response=with_errors({200: EnrolmentOut}, *WRITE_ERRORS),
)
def stop(request: AuthedRequest, enrolment_id: int, payload: StopIn) -> Any:
    """Stop an enrolment from a day (its last day of benefit), with a written reason."""
    enrolment = access_record(Enrolment, enrolment_id, request.user, write=True)
    enrolment_services.stop_enrolment(
        enrolment, by=request.user, ended_on=payload.ended_on, reason=payload.reason
    )
    return get_object_or_404(_enrolments(request.user), pk=enrolment_id)
