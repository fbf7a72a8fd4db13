"""Welfare pages: programmes (福利项目), their candidate lists (待认定名单) and enrolments
(享受名单).

Reads start from `.for_user(user)`; every write calls services/programmes.py or
services/enrolments.py. A confirmation of several candidates, or a stop of several
enrolments, is all or nothing: one refusal names the person and nothing is saved."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from taizhang.core import personal, printing, versions
from taizhang.core.access import (
    access_record,
    can_write,
    reads_ledgers,
    require,
    scope,
    writable_units,
)
from taizhang.core.forms import show_refusal
from taizhang.core.models import Unit
from taizhang.core.requests import AuthedRequest
from taizhang.core.views.records import record_context
from taizhang.lib import clock
from taizhang.people.models import Person
from taizhang.people.views.common import run
from taizhang.welfare.access import may_manage_programme
from taizhang.welfare.filters import EnrolmentFilter, ProgrammeFilter
from taizhang.welfare.forms.programmes import (
    AmountForm,
    CandidateDayForm,
    DeactivateForm,
    ProgrammeForm,
    StopForm,
)
from taizhang.welfare.models import Enrolment, EnrolmentStatus, Programme
from taizhang.welfare.services import eligibility
from taizhang.welfare.services import enrolments as enrolment_services
from taizhang.welfare.services import programmes as programme_services
from taizhang.welfare.tables.programmes import (
    EnrolmentTable,
    ProgrammeTable,
    enrolments_for_list,
    programmes_for_list,
)
from taizhang.welfare.views.words import rules_in_words

NAV = "welfare"
PAGE_SIZE = 50


def _menu() -> dict[str, Any]:
    return {"active_nav": NAV}


# Programmes ---------------------------------------------------------------------------------


def programme_list(request: AuthedRequest) -> HttpResponse:
    require(reads_ledgers(request.user))
    found = ProgrammeFilter(
        request.GET, queryset=Programme.objects.for_user(request.user), request=request
    )
    table = ProgrammeTable(programmes_for_list(found.qs))
    printing.paginate_table(request, table, per_page=PAGE_SIZE)
    may_create = writable_units(request.user, Unit.objects.all()).exists()
    return render(
        request,
        "welfare/programme_list.html",
        {"filter": found, "table": table, "may_create": may_create, **_menu()},
    )


def programme_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    programme = access_record(Programme, pk, request.user)
    active = Q(status=EnrolmentStatus.ACTIVE)
    counts = (
        Enrolment.objects.for_user(request.user)
        .filter(programme=programme)
        .aggregate(
            people=Count("person", filter=active, distinct=True),
            households=Count("household", filter=active, distinct=True),
            stopped=Count("pk", filter=Q(status=EnrolmentStatus.STOPPED)),
            review_due=Count("pk", filter=active & Q(next_review_on__lte=clock.today())),
        )
    )
    manages = may_manage_programme(request.user, programme)
    return render(
        request,
        "welfare/programme_detail.html",
        {
            "programme": programme,
            "rules": rules_in_words(programme),
            "tiers": programme.tiers.all(),
            "basket": programme.basket.all(),
            "excludes": programme.excludes.select_related("owner"),
            "counts": counts,
            "manages": manages,
            "deactivate_form": DeactivateForm() if manages and programme.is_active else None,
            **_menu(),
            **record_context(request, programme),
        },
    )


def _form_page(
    request: AuthedRequest, form: ProgrammeForm, programme: Programme | None
) -> HttpResponse:
    return render(
        request,
        "welfare/programme_form.html",
        {"form": form, "programme": programme, **_menu()},
    )


def _saved(form: ProgrammeForm, write: Callable[[], Programme]) -> Programme | None:
    try:
        return write()
    except ValidationError as error:
        show_refusal(form, error)
    return None


def programme_create(request: AuthedRequest) -> HttpResponse:
    require(can_write(request.user))
    form = ProgrammeForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        programme = _saved(
            form,
            lambda: programme_services.create_programme(
                by=request.user, owner=form.cleaned_data["owner"], **form.service_arguments()
            ),
        )
        if programme is not None:
            messages.success(request, _("Programme %(name)s defined.") % {"name": programme.name})
            return redirect(programme)
    return _form_page(request, form, None)


def programme_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    programme = access_record(Programme, pk, request.user)
    require(may_manage_programme(request.user, programme))
    form = ProgrammeForm(request.POST or None, user=request.user, programme=programme)
    if request.method == "POST" and form.is_valid():
        saved = _saved(
            form,
            lambda: programme_services.update_programme(
                programme,
                by=request.user,
                version=versions.form_version(form),
                **form.service_arguments(),
            ),
        )
        if saved is not None:
            messages.success(request, _("Changes saved."))
            return redirect(saved)
    return _form_page(request, form, programme)


@require_POST
def programme_deactivate(request: AuthedRequest, pk: int) -> HttpResponse:
    programme = access_record(Programme, pk, request.user)
    require(may_manage_programme(request.user, programme))
    run(
        request,
        DeactivateForm(request.POST),
        lambda data: programme_services.deactivate_programme(
            programme, by=request.user, reason=data["reason"]
        ),
        _("The programme is no longer active."),
    )
    return redirect(programme)


# Candidates ---------------------------------------------------------------------------------


def _day(request: AuthedRequest) -> datetime.date:
    form = CandidateDayForm(request.GET)
    return (form.cleaned_data.get("on") if form.is_valid() else None) or clock.today()


def _page(request: AuthedRequest, records: Any, param: str) -> Any:
    return Paginator(records, PAGE_SIZE).get_page(request.GET.get(param))


def candidate_list(request: AuthedRequest, pk: int) -> HttpResponse:
    """Who qualifies on the day and is not enrolled, who is enrolled and no longer qualifies
    (with the reasons), and who qualifies but receives an excluded programme."""
    programme = access_record(Programme, pk, request.user)
    user = request.user
    day = _day(request)
    found = eligibility.candidates(programme, day, within=lambda records: scope(records, user))
    joining = _page(
        request,
        found.joining.select_related("unit", "household_membership__household").order_by(
            "unit__path", "name", "pk"
        ),
        "page",
    )
    leaving = _page(request, found.leaving, "leaving_page")
    excluded = _page(
        request,
        found.excluded.select_related("unit", "household_membership__household").order_by(
            "unit__path", "name", "pk"
        ),
        "excluded_page",
    )
    clashes: dict[int, list[str]] = {}
    for enrolment in (
        eligibility.excluded_by(programme, day)
        .filter(person__in=[person.pk for person in excluded])
        .select_related("programme")
    ):
        clashes.setdefault(enrolment.person_id, []).append(enrolment.programme.name)
    writes = can_write(user)
    return render(
        request,
        "welfare/candidate_list.html",
        {
            "programme": programme,
            "day": day,
            "joining": joining,
            "leaving": leaving,
            "excluded": [(person, clashes.get(person.pk, [])) for person in excluded],
            "excluded_page": excluded,
            "writes": writes and programme.is_active and not programme.needs_application,
            "stop_form": StopForm(initial={"ended_on": day}),
            **_menu(),
        },
    )


def _candidates_url(programme: Programme, day: datetime.date) -> str:
    return f"{reverse('welfare-programme-candidates', args=[programme.pk])}?on={day.isoformat()}"


class Refused(Exception):
    """One refusal in a batch: the batch rolls back and the message names the person."""


def _all_or_nothing(
    items: list[Any], write: Callable[[Any], object], name: Callable[[Any], str]
) -> None:
    with transaction.atomic():
        for item in items:
            try:
                write(item)
            except ValidationError as error:
                text = " ".join(error.messages)
                who = name(item)
                raise Refused(text if who in text else f"{who}: {text}") from error


@require_POST
def candidate_confirm(request: AuthedRequest, pk: int) -> HttpResponse:
    """Enrol the candidates ticked, from the day of the list, all or nothing."""
    programme = access_record(Programme, pk, request.user)
    started = CandidateDayForm({"on": request.POST.get("started_on")})
    started_on = started.cleaned_data.get("on") if started.is_valid() else None
    day = started_on or clock.today()
    ids = [value for value in request.POST.getlist("person") if value.isdigit()]
    people = list(Person.objects.for_user(request.user).filter(pk__in=ids).order_by("name", "pk"))
    if programme.needs_application:
        messages.error(request, programme_services.BY_APPLICATION % {"name": programme.name})
    elif not people or len(people) != len(set(ids)):
        messages.error(request, _("Tick the people to enrol."))
    elif started_on is None:
        messages.error(request, _("Give the day the enrolment starts."))
    else:
        try:
            _all_or_nothing(
                people,
                lambda person: enrolment_services.enrol(
                    programme, person, by=request.user, started_on=started_on
                ),
                lambda person: person.name,
            )
        except Refused as error:
            messages.error(request, _("Nobody was enrolled. %(why)s") % {"why": error})
        else:
            messages.success(request, _("%(count)s people enrolled.") % {"count": len(people)})
    return redirect(_candidates_url(programme, day))


@require_POST
def candidate_stop(request: AuthedRequest, pk: int) -> HttpResponse:
    """Stop the enrolments ticked, with one written reason, all or nothing."""
    programme = access_record(Programme, pk, request.user)
    form = StopForm(request.POST)
    ids = [value for value in request.POST.getlist("enrolment") if value.isdigit()]
    records = list(
        Enrolment.objects.for_user(request.user)
        .filter(programme=programme, pk__in=ids)
        .select_related("person__unit")
    )
    day = form.cleaned_data["ended_on"] if form.is_valid() else clock.today()
    if not records or len(records) != len(set(ids)):
        messages.error(request, _("Tick the enrolments to stop."))
    elif not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    else:
        try:
            _all_or_nothing(
                records,
                lambda enrolment: enrolment_services.stop_enrolment(
                    enrolment,
                    by=request.user,
                    ended_on=form.cleaned_data["ended_on"],
                    reason=form.cleaned_data["reason"],
                ),
                lambda enrolment: enrolment.person.name,
            )
        except Refused as error:
            messages.error(request, _("Nothing was stopped. %(why)s") % {"why": error})
        else:
            messages.success(request, _("%(count)s enrolments stopped.") % {"count": len(records)})
    return redirect(_candidates_url(programme, day))


# Enrolments ---------------------------------------------------------------------------------


def enrolment_list(request: AuthedRequest) -> HttpResponse:
    require(reads_ledgers(request.user))
    found = EnrolmentFilter(
        request.GET, queryset=Enrolment.objects.for_user(request.user), request=request
    )
    table = EnrolmentTable(enrolments_for_list(found.qs), user=request.user)
    printing.paginate_table(request, table, per_page=PAGE_SIZE)
    return render(
        request, "welfare/enrolment_list.html", {"filter": found, "table": table, **_menu()}
    )


def enrolment_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    enrolment = access_record(Enrolment, pk, request.user)
    writes = can_write(request.user, enrolment) and enrolment.status == EnrolmentStatus.ACTIVE
    return render(
        request,
        "welfare/enrolment_detail.html",
        {
            "enrolment": enrolment,
            "person": enrolment.person,
            "id_number": personal.shown(enrolment.person, "id_number", request.user),
            "reviews": enrolment.reviews.select_related("reviewed_by"),
            "writes": writes,
            "stop_form": StopForm(initial={"ended_on": clock.today()}) if writes else None,
            "amount_form": AmountForm(initial={"amount_yuan": enrolment.amount_yuan})
            if writes
            else None,
            **_menu(),
            **record_context(request, enrolment),
        },
    )


@require_POST
def enrolment_stop(request: AuthedRequest, pk: int) -> HttpResponse:
    enrolment = access_record(Enrolment, pk, request.user, write=True)
    run(
        request,
        StopForm(request.POST),
        lambda data: enrolment_services.stop_enrolment(
            enrolment, by=request.user, ended_on=data["ended_on"], reason=data["reason"]
        ),
        _("The enrolment is stopped."),
    )
    return redirect(enrolment)


@require_POST
def enrolment_amount(request: AuthedRequest, pk: int) -> HttpResponse:
    enrolment = access_record(Enrolment, pk, request.user, write=True)
    run(
        request,
        AmountForm(request.POST),
        lambda data: enrolment_services.change_enrolment(
            enrolment, by=request.user, reason=data["reason"], amount_yuan=data["amount_yuan"]
        ),
        _("The amount is changed."),
    )
    return redirect(enrolment)


urlpatterns: list[URLPattern] = [
    path("", programme_list, name="welfare-programme-list"),
    path("programmes/new/", programme_create, name="welfare-programme-create"),
    path("programmes/<int:pk>/", programme_detail, name="welfare-programme"),
    path("programmes/<int:pk>/edit/", programme_edit, name="welfare-programme-edit"),
    path(
        "programmes/<int:pk>/deactivate/",
        programme_deactivate,
        name="welfare-programme-deactivate",
    ),
    path("programmes/<int:pk>/candidates/", candidate_list, name="welfare-programme-candidates"),
    path(
        "programmes/<int:pk>/candidates/confirm/",
        candidate_confirm,
        name="welfare-programme-candidates-confirm",
    ),
    path(
        "programmes/<int:pk>/candidates/stop/",
        candidate_stop,
        name="welfare-programme-candidates-stop",
    ),
    path("enrolments/", enrolment_list, name="welfare-enrolment-list"),
    path("enrolments/<int:pk>/", enrolment_detail, name="welfare-enrolment"),
    path("enrolments/<int:pk>/stop/", enrolment_stop, name="welfare-enrolment-stop"),
    path("enrolments/<int:pk>/amount/", enrolment_amount, name="welfare-enrolment-amount"),
]
