"""Teams of volunteers (志愿服务分队): the list, a new team, and a team with its members and
leader to set, its letter targets and their completion rate."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from taizhang.core import printing
from taizhang.core.access import access_record, can_write, reads_ledgers, require, writes_for
from taizhang.core.forms import show_refusal
from taizhang.core.requests import AuthedRequest
from taizhang.volunteers import services
from taizhang.volunteers.forms import TeamForm, TeamMembersForm
from taizhang.volunteers.models import TargetState, Team
from taizhang.volunteers.views.campaigns import NAV, PAGE_SIZE, _form_page


def team_list(request: AuthedRequest) -> HttpResponse:
    require(reads_ledgers(request.user))
    rows = (
        Team.objects.for_user(request.user)
        .select_related("unit", "campaign", "leader__person")
        .annotate(
            n_members=Count("members", distinct=True),
            n_targets=Count("targets", distinct=True),
            n_signed=Count("targets", filter=Q(targets__state=TargetState.SIGNED), distinct=True),
        )
        .order_by("unit__code", "name", "pk")
    )
    page = printing.page_of(request, rows, PAGE_SIZE)
    return render(
        request,
        "volunteers/team_list.html",
        {"page": page, "may_write": can_write(request.user), "active_nav": NAV},
    )


def team_create(request: AuthedRequest) -> HttpResponse:
    require(can_write(request.user))
    form = TeamForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            team = services.create_team(by=request.user, members=list(data.pop("members")), **data)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, _("The team is created."))
            return redirect(team.get_absolute_url())
    return _form_page(request, form, _("New team"), "volunteers-team-list")


def team_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    """A team: its members and leader (to set, for an officer of its unit) and its targets."""
    team = access_record(Team, pk, request.user)
    may_set = writes_for(request.user, team.unit)
    form = TeamMembersForm(
        request.POST or None,
        user=request.user,
        initial={"members": list(team.members.all()), "leader": team.leader},
    )
    if request.method == "POST":
        require(may_set)
        if form.is_valid():
            try:
                services.set_team_members(
                    team,
                    by=request.user,
                    members=list(form.cleaned_data["members"]),
                    leader=form.cleaned_data["leader"],
                )
            except ValidationError as error:
                show_refusal(form, error)
            else:
                messages.success(request, _("The team's members are saved."))
                return redirect(team.get_absolute_url())
    targets = team.targets.for_user(request.user).select_related(
        "letter_campaign", "community", "organisation", "household"
    )
    return render(
        request,
        "volunteers/team_detail.html",
        {
            "team": team,
            "members": team.members.select_related("person").order_by("number"),
            "targets": targets.order_by("letter_campaign_id", "pk"),
            "form": form,
            "may_set": may_set,
            "active_nav": NAV,
        },
    )
