"""Editing the party organisations and their rosters: a new organisation under its superior,
its name and level, its secretary and committee, a member taken on (chosen by search among
the registry's persons of its unit), taken off with the day and reason, or transferred to
another branch (转接)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _

from taizhang.core.access import access_record, is_district_writer, require
from taizhang.core.forms import show_refusal
from taizhang.core.requests import AuthedRequest
from taizhang.core.versions import form_version
from taizhang.lib import clock
from taizhang.party.forms.orgs import (
    LeadershipForm,
    MemberAddForm,
    MemberRemoveForm,
    MemberSearchForm,
    MemberTransferForm,
    OrgCreateForm,
    OrgEditForm,
    leaders_offered,
)
from taizhang.party.models import Membership, OrgLevel, PartyOrg
from taizhang.party.pickers import people_for_roster
from taizhang.party.services import orgs as services
from taizhang.party.views.common import form_page


def _create(
    request: AuthedRequest, form: OrgCreateForm, parent: PartyOrg | None
) -> HttpResponse | None:
    """Create the organisation the posted form describes and go to it; None to show the form
    (not posted, invalid, or refused by the service, the refusal on it)."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        org = services.create_org(by=request.user, parent=parent, **form.cleaned_data)
    except ValidationError as error:
        show_refusal(form, error)
        return None
    messages.success(request, _("The organisation is created."))
    return redirect(org)


def org_create(request: AuthedRequest, pk: int) -> HttpResponse:
    """A new organisation under this one (a branch under a 党工委, a group under a branch)."""
    parent = access_record(PartyOrg, pk, request.user, write=True)
    form = OrgCreateForm(request.POST or None, parent=parent, user=request.user)
    created = _create(request, form, parent)
    if created is not None:
        return created
    return form_page(
        request,
        form,
        title=_("New organisation below"),
        subtitle=parent.name,
        cancel=parent.get_absolute_url(),
    )


def org_create_top(request: AuthedRequest) -> HttpResponse:
    """A new organisation at the top of the tree, with no superior (the 区委): the district's
    writers only."""
    require(is_district_writer(request.user))
    form = OrgCreateForm(
        request.POST or None, parent=None, user=request.user, initial={"level": OrgLevel.DISTRICT}
    )
    created = _create(request, form, None)
    if created is not None:
        return created
    return form_page(
        request,
        form,
        title=_("New top-level organisation"),
        subtitle=_("An organisation with no superior, such as the district party committee."),
        cancel=reverse("party-org-list"),
    )


def org_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    org = access_record(PartyOrg, pk, request.user, write=True)
    form = OrgEditForm(request.POST or None, org=org)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_org(
                org,
                by=request.user,
                name=form.cleaned_data["name"],
                level=form.cleaned_data["level"],
                version=form_version(form),
            )
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, _("The organisation is saved."))
            return redirect(org)
    return form_page(
        request, form, title=_("Edit the organisation"), subtitle=org.name,
        cancel=org.get_absolute_url(),
    )  # fmt: skip


def org_leadership(request: AuthedRequest, pk: int) -> HttpResponse:
    """The secretary and committee, chosen among the members of its branches."""
    org = access_record(PartyOrg, pk, request.user, write=True)
    form = LeadershipForm(request.POST or None, org=org, offered=leaders_offered(org))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.set_leadership(
                org,
                by=request.user,
                secretary=form.people[data["secretary"]] if data["secretary"] else None,
                committee=[form.people[pk] for pk in data["committee"]],
                published_names=data["published_names"],
            )
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, _("The leadership is saved."))
            return redirect(org)
    return form_page(
        request, form, title=_("Secretary and committee"), subtitle=org.name,
        cancel=org.get_absolute_url(),
    )  # fmt: skip


def member_add(request: AuthedRequest, pk: int) -> HttpResponse:
    """Take a person onto the branch's roster: search the registry of the branch's unit by
    name or the end of the ID number (shown masked), choose one, give the days."""
    org = access_record(PartyOrg, pk, request.user, write=True)
    search = MemberSearchForm(request.GET or request.POST or None)
    query = search.cleaned_data["q"] if search.is_valid() else ""
    found = people_for_roster(request.user, org, query)
    form = MemberAddForm(
        request.POST or None, found=found, initial={"joined_org_on": clock.today()}
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        person = next(person for person, _number in found if person.pk == data.pop("person"))
        try:
            services.add_member(org, by=request.user, person=person, **data)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, _("%(name)s is on the roster.") % {"name": person.name})
            return redirect(org)
    return form_page(
        request,
        form,
        title=_("Add a member"),
        subtitle=org.name,
        cancel=org.get_absolute_url(),
        template="party/member_add.html",
        search=search,
        query=query,
        found=found,
    )


def member_remove(request: AuthedRequest, pk: int) -> HttpResponse:
    member = access_record(Membership, pk, request.user, write=True)
    form = MemberRemoveForm(request.POST or None, initial={"left_on": clock.today()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.remove_member(
                member,
                by=request.user,
                left_on=data["left_on"],
                reason=data["reason"],
                transferred_to=data["transferred_to"],
            )
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, _("The member is off the roster."))
            return redirect(member.org)
    return form_page(
        request, form, title=_("Take off the roster"), subtitle=str(member),
        cancel=member.org.get_absolute_url(),
    )  # fmt: skip


def member_transfer(request: AuthedRequest, pk: int) -> HttpResponse:
    """Move a member's relation to another branch the user writes for (转接)."""
    member = access_record(Membership, pk, request.user, write=True)
    form = MemberTransferForm(
        request.POST or None, member=member, user=request.user, initial={"on": clock.today()}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            moved = services.transfer_member(member, by=request.user, to=data["to"], on=data["on"])
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, _("The member is transferred."))
            return redirect(moved.org)
    return form_page(
        request, form, title=_("Transfer to another branch"), subtitle=str(member),
        cancel=member.org.get_absolute_url(),
    )  # fmt: skip


urlpatterns: list[URLPattern] = [
    path("orgs/new/", org_create_top, name="party-org-create-top"),
    path("orgs/<int:pk>/new/", org_create, name="party-org-create"),
    path("orgs/<int:pk>/edit/", org_edit, name="party-org-edit"),
    path("orgs/<int:pk>/leadership/", org_leadership, name="party-org-leadership"),
    path("orgs/<int:pk>/members/new/", member_add, name="party-member-add"),
    path("members/<int:pk>/remove/", member_remove, name="party-member-remove"),
    path("members/<int:pk>/transfer/", member_transfer, name="party-member-transfer"),
]
