"""People (人员): the list, a person's page with their household, groups, status changes and
merges, the create and edit forms, and the small forms of the person's page."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from taizhang.core import personal, printing, versions
from taizhang.core.access import access_record, can_write, reads_ledgers, require
from taizhang.core.personal import PersonalKind
from taizhang.core.requests import AuthedRequest
from taizhang.core.views.records import record_context
from taizhang.lib import clock
from taizhang.people.filters import PersonFilter
from taizhang.people.forms import (
    EndMembershipForm,
    MembershipForm,
    PersonForm,
    StatusForm,
    apply_errors,
)
from taizhang.people.models import GroupMembership, HouseholdMember, Person, PersonMerge
from taizhang.people.services import groups as group_services
from taizhang.people.services import persons as person_services
from taizhang.people.tables import PersonTable, people_for_list
from taizhang.people.views.common import PAGE_SIZE, menu, run


def person_list(request: AuthedRequest) -> HttpResponse:
    require(reads_ledgers(request.user))
    people = PersonFilter(
        request.GET, queryset=Person.objects.for_user(request.user), request=request
    )
    table = PersonTable(people_for_list(people.qs), user=request.user)
    printing.paginate_table(request, table, per_page=PAGE_SIZE)
    return render(
        request,
        "people/person_list.html",
        {"filter": people, "table": table, **menu(request)},
    )


def _merges(person: Person) -> list[dict[str, object]]:
    """The records merged into this one, as their snapshots were, personal fields masked."""
    rows = []
    for merge in PersonMerge.objects.filter(kept=person).select_related("merged_by"):
        snapshot = merge.removed_snapshot or {}
        rows.append(
            {
                "merge": merge,
                "name": snapshot.get("name", ""),
                "id_number": personal.mask(PersonalKind.ID_NUMBER, snapshot.get("id_number") or ""),
                "document_number": personal.mask(
                    PersonalKind.ID_NUMBER, snapshot.get("document_number") or ""
                ),
            }
        )
    return rows


def person_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    person = access_record(Person, pk, request.user)
    user = request.user
    membership = HouseholdMember.objects.filter(person=person).select_related("household").first()
    household_members = (
        membership.household.members.select_related("person").order_by("person__name")
        if membership
        else []
    )
    today = clock.today()
    memberships = person.memberships.select_related("group", "added_by").order_by(
        "-started_on", "pk"
    )
    writes = can_write(user, person)
    return render(
        request,
        "people/person_detail.html",
        {
            "person": person,
            "age": person.age_on(today),
            "id_number": personal.shown(person, "id_number", user),
            "document_number": personal.shown(person, "document_number", user),
            "phone": personal.shown(person, "phone", user),
            "membership": membership,
            "household_members": household_members,
            "memberships": [
                (m, m.started_on <= today and (m.ended_on is None or m.ended_on >= today))
                for m in memberships
            ],
            "status_changes": person.status_changes.select_related("recorded_by"),
            "merges": _merges(person),
            "writes": writes,
            "status_form": StatusForm(person=person) if writes else None,
            "membership_form": MembershipForm(initial={"started_on": today}) if writes else None,
            "end_form": EndMembershipForm(initial={"ended_on": today}) if writes else None,
            **menu(request),
            **record_context(request, person),
        },
    )


def _form_page(request: AuthedRequest, form: PersonForm, person: Person | None) -> HttpResponse:
    return render(
        request, "people/person_form.html", {"form": form, "person": person, **menu(request)}
    )


def person_create(request: AuthedRequest) -> HttpResponse:
    require(can_write(request.user))
    form = PersonForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            person = person_services.create_person(
                by=request.user, unit=form.cleaned_data["unit"], **form.person_fields()
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("%(name)s registered.") % {"name": person.name})
            return redirect(person)
    return _form_page(request, form, None)


def person_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    person = access_record(Person, pk, request.user, write=True)
    form = PersonForm(request.POST or None, user=request.user, person=person)
    if request.method == "POST" and form.is_valid():
        changes = form.person_fields()
        if form.cleaned_data["unit"] != person.unit:
            changes["unit"] = form.cleaned_data["unit"]
        try:
            person_services.update_person(
                person, by=request.user, version=versions.form_version(form), **changes
            )
        except versions.StaleEdit as error:
            versions.refuse_on_form(form, error)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(person)
    return _form_page(request, form, person)


@require_POST
def person_status(request: AuthedRequest, pk: int) -> HttpResponse:
    person = access_record(Person, pk, request.user, write=True)
    form = StatusForm(request.POST, person=person)
    run(
        request,
        form,
        lambda data: person_services.change_status(
            person,
            by=request.user,
            status=data["status"],
            on=data["on"],
            reason=data["reason"],
            version=data.get("version"),
        ),
        _("Status recorded."),
    )
    return redirect(person)


@require_POST
def person_group_add(request: AuthedRequest, pk: int) -> HttpResponse:
    person = access_record(Person, pk, request.user, write=True)
    run(
        request,
        MembershipForm(request.POST),
        lambda data: group_services.add_to_group(
            person,
            data["group"],
            by=request.user,
            started_on=data["started_on"],
            ended_on=data["ended_on"],
            evidence=data["evidence"],
        ),
        _("Added to the group."),
    )
    return redirect(person)


@require_POST
def membership_end(request: AuthedRequest, pk: int) -> HttpResponse:
    membership = access_record(GroupMembership, pk, request.user, write=True)
    run(
        request,
        EndMembershipForm(request.POST),
        lambda data: group_services.end_membership(
            membership, by=request.user, ended_on=data["ended_on"], reason=data["reason"]
        ),
        _("Membership ended."),
    )
    return redirect(membership.person)
