"""Households (户): the list, a household's page with its members, opening a household with
its head (a registered resident or a new person entered on the same page), and adding,
moving and removing members."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Prefetch, Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from taizhang.core import printing, versions
from taizhang.core.access import access_record, can_write, reads_ledgers, require
from taizhang.core.requests import AuthedRequest
from taizhang.core.views.records import record_context
from taizhang.lib.idcard import normalize_id_number
from taizhang.people.filters import HouseholdFilter
from taizhang.people.forms import (
    AddMemberForm,
    HeadChoiceForm,
    HouseholdForm,
    NewMemberForm,
    PersonForm,
    ReasonForm,
    RelationForm,
    apply_errors,
)
from taizhang.people.models import Household, HouseholdMember, Person, Relation
from taizhang.people.services import households as household_services
from taizhang.people.services import persons as person_services
from taizhang.people.views.common import PAGE_SIZE, menu, run


def household_list(request: AuthedRequest) -> HttpResponse:
    require(reads_ledgers(request.user))
    households = HouseholdFilter(
        request.GET, queryset=Household.objects.for_user(request.user), request=request
    )
    heads = HouseholdMember.objects.filter(relation=Relation.HEAD).select_related("person")
    rows = (
        households.qs.select_related("unit")
        .annotate(size=Count("members"))
        .prefetch_related(Prefetch("members", queryset=heads, to_attr="heads"))
        .order_by("unit__code", "number")
    )
    page = printing.page_of(request, rows, PAGE_SIZE)
    return render(
        request,
        "people/household_list.html",
        {"filter": households, "page": page, **menu(request)},
    )


def household_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    household = access_record(Household, pk, request.user)
    writes = can_write(request.user, household)
    # the head first, then the others in the order they were added
    members = sorted(
        household.members.select_related("person"),
        key=lambda member: (member.relation != Relation.HEAD, member.pk),
    )
    return render(
        request,
        "people/household_detail.html",
        {
            "household": household,
            "members": members,
            "writes": writes,
            "relations": Relation.choices,
            "add_form": AddMemberForm(household=household, user=request.user) if writes else None,
            **menu(request),
            **record_context(request, household),
        },
    )


def _existing_resident(request: AuthedRequest, number: str) -> Person | None:
    """The resident the user may see whose ID number (or other document number) is `number`."""
    number = number.strip()
    if not number:
        return None
    people = Person.objects.for_user(request.user)
    return people.filter(
        Q(id_number=normalize_id_number(number)) | Q(document_number=number)
    ).first()


def _create_with_head(
    request: AuthedRequest, form: HouseholdForm, choice: HeadChoiceForm, head_form: PersonForm
) -> Household | None:
    """Open the household and put its head in it, in one transaction: a refusal of either
    writes nothing. Errors go onto the form they belong to."""
    unit = form.cleaned_data["unit"]
    try:
        with transaction.atomic():
            if choice.cleaned_data["head"] == HeadChoiceForm.EXISTING:
                head = _existing_resident(request, choice.cleaned_data["existing_number"])
                if head is None:
                    choice.add_error(
                        "existing_number", _("No resident you may see has this number.")
                    )
                    return None
            else:
                try:
                    head = person_services.create_person(
                        by=request.user, unit=unit, **head_form.person_fields()
                    )
                except ValidationError as error:
                    apply_errors(head_form, error)
                    raise
            try:
                return household_services.create_household(
                    by=request.user, unit=unit, head=head, **form.household_fields()
                )
            except ValidationError as error:
                target: Any = choice if "person" in getattr(error, "error_dict", {}) else form
                apply_errors(target, error)
                raise
    except ValidationError:
        return None


def household_create(request: AuthedRequest) -> HttpResponse:
    require(can_write(request.user))
    data = request.POST or None
    form = HouseholdForm(data, user=request.user)
    choice = HeadChoiceForm(data)
    # Not marked required in the page: with a registered head, the new head's fields stay empty.
    head_form = PersonForm(
        data, user=request.user, with_unit=False, prefix="head", use_required_attribute=False
    )
    if request.method == "POST":
        valid = form.is_valid() and choice.is_valid()
        new_head = choice.is_valid() and choice.cleaned_data["head"] == HeadChoiceForm.NEW
        if valid and (not new_head or head_form.is_valid()):
            household = _create_with_head(request, form, choice, head_form)
            if household is not None:
                messages.success(request, _("Household %(number)s opened.") % {
                    "number": household.number})  # fmt: skip
                return redirect(household)
    return render(
        request,
        "people/household_form.html",
        {"form": form, "choice": choice, "head_form": head_form, **menu(request)},
    )


def household_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    household = access_record(Household, pk, request.user, write=True)
    form = HouseholdForm(request.POST or None, user=request.user, household=household)
    if request.method == "POST" and form.is_valid():
        try:
            household_services.update_household(
                household,
                by=request.user,
                version=versions.form_version(form),
                **form.household_fields(),
            )
        except versions.StaleEdit as error:
            versions.refuse_on_form(form, error)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(household)
    return render(
        request,
        "people/household_form.html",
        {"form": form, "household": household, **menu(request)},
    )


@require_POST
def member_add(request: AuthedRequest, pk: int) -> HttpResponse:
    household = access_record(Household, pk, request.user, write=True)
    run(
        request,
        AddMemberForm(request.POST, household=household, user=request.user),
        lambda data: household_services.add_member(
            household, data["person"], by=request.user, relation=data["relation"]
        ),
        _("Member added."),
    )
    return redirect(household)


def member_new(request: AuthedRequest, pk: int) -> HttpResponse:
    """Register a new person straight into the household (a newborn, a spouse moving in)."""
    household = access_record(Household, pk, request.user, write=True)
    data = request.POST or None
    relation_form = NewMemberForm(data)
    form = PersonForm(data, user=request.user, with_unit=False)
    if request.method == "POST" and relation_form.is_valid() and form.is_valid():
        try:
            with transaction.atomic():
                person = person_services.create_person(
                    by=request.user, unit=household.unit, **form.person_fields()
                )
                household_services.add_member(
                    household,
                    person,
                    by=request.user,
                    relation=relation_form.cleaned_data["relation"],
                )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("%(name)s registered in the household.") % {
                "name": person.name})  # fmt: skip
            return redirect(household)
    return render(
        request,
        "people/member_form.html",
        {"household": household, "form": form, "relation_form": relation_form, **menu(request)},
    )


def _member(request: AuthedRequest, pk: int) -> HouseholdMember:
    member = access_record(HouseholdMember, pk, request.user, write=True)
    return member


@require_POST
def member_relation(request: AuthedRequest, pk: int) -> HttpResponse:
    member = _member(request, pk)
    run(
        request,
        RelationForm(request.POST),
        lambda data: household_services.change_relation(
            member, by=request.user, relation=data["relation"]
        ),
        _("Relation changed."),
    )
    return redirect(member.household)


@require_POST
def member_remove(request: AuthedRequest, pk: int) -> HttpResponse:
    member = _member(request, pk)
    household = member.household
    run(
        request,
        ReasonForm(request.POST),
        lambda data: household_services.remove_member(
            member, by=request.user, reason=data["reason"]
        ),
        _("Member removed from the household."),
    )
    return redirect(household)
