"""Groups (人员类别): the list with each group's current members in the user's scope, the
members of a group on a day, and the district's forms to define groups."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from taizhang.core import printing
from taizhang.core.access import is_district_writer, reads_ledgers, require
from taizhang.core.requests import AuthedRequest
from taizhang.lib import clock
from taizhang.people.forms import GroupForm, apply_errors
from taizhang.people.models import Group, Person
from taizhang.people.services import groups as group_services
from taizhang.people.tables import PersonTable, people_for_list
from taizhang.people.views.common import PAGE_SIZE, menu


def group_list(request: AuthedRequest) -> HttpResponse:
    """Every group with how many people of the user's scope belong to it today (one query)."""
    require(reads_ledgers(request.user))
    today = clock.today()
    in_scope = Person.objects.for_user(request.user).values("pk")
    current = (
        Q(memberships__started_on__lte=today)
        & (Q(memberships__ended_on__isnull=True) | Q(memberships__ended_on__gte=today))
        & Q(memberships__person__in=in_scope)
    )
    groups = Group.objects.annotate(
        members=Count("memberships__person", filter=current, distinct=True)
    ).order_by("-is_active", "name")
    return render(request, "people/group_list.html", {"groups": groups, **menu(request)})


def _day(value: str | None) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value) if value else clock.today()
    except ValueError:
        return clock.today()


def group_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    """The people of the user's scope who belong to the group on a day (today by default)."""
    require(reads_ledgers(request.user))
    group = get_object_or_404(Group, pk=pk)
    day = _day(request.GET.get("on"))
    people = Person.objects.for_user(request.user).in_group(group, on=day)
    table = PersonTable(people_for_list(people), user=request.user)
    printing.paginate_table(request, table, per_page=PAGE_SIZE)
    return render(
        request,
        "people/group_detail.html",
        {"group": group, "day": day, "table": table, **menu(request)},
    )


def _group_form(request: AuthedRequest, group: Group | None) -> HttpResponse:
    require(is_district_writer(request.user))
    initial = (
        {name: getattr(group, name) for name in group_services.GROUP_FIELDS} if group else None
    )
    form = GroupForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if group is None:
                group = group_services.create_group(by=request.user, **form.cleaned_data)
            else:
                group_services.update_group(group, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Group saved."))
            return redirect("people-group", group.pk)
    return render(
        request, "people/group_form.html", {"form": form, "group": group, **menu(request)}
    )


def group_create(request: AuthedRequest) -> HttpResponse:
    return _group_form(request, None)


def group_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    require(is_district_writer(request.user))
    return _group_form(request, get_object_or_404(Group, pk=pk))
