"""Application pages (申请审核): the list with its filters, an application's page with its
timeline, investigations and photos, notice and objections, deadline and every step the user
may take as a small form; opening an application; and the public notice page of a village
(公示栏), open to anyone, with masked names and no ID number."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from taizhang.core import attachments, personal, printing
from taizhang.core.access import access_record, can_write, reads_ledgers, require, writes_for
from taizhang.core.models import Unit, UnitKind
from taizhang.core.requests import AuthedRequest
from taizhang.core.views.records import record_context
from taizhang.lib import clock
from taizhang.lib.masking import mask_name
from taizhang.lib.workdays import working_days_between
from taizhang.welfare.access import may_decide
from taizhang.welfare.filters import ApplicationFilter
from taizhang.welfare.forms.applications import (
    ApplicationForm,
    ApproveForm,
    InvestigationForm,
    NoteForm,
    ObjectionCheckForm,
    ObjectionForm,
    PreliminaryForm,
    ReasonForm,
    ReasonsForm,
)
from taizhang.welfare.models import (
    Application,
    ApplicationStatus,
    Notice,
    Objection,
)
from taizhang.welfare.services import applications as services

NAV = "welfare"
PAGE_SIZE = 50
PUBLIC_DAYS = 30  # ended notices stay on the public page this many days
S = ApplicationStatus


def _run(request: AuthedRequest, form: Any, write: Callable[[dict], object], ok: Any) -> bool:
    """Validate a step's form and call the service; the outcome is a message on the page."""
    if not form.is_valid():
        messages.error(
            request,
            " ".join(
                f"{form.fields[n].label}: {m}" if n in form.fields else m
                for n, errors in form.errors.items()
                for m in errors
            ),
        )
        return False
    try:
        write(form.cleaned_data)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return False
    messages.success(request, ok)
    return True


def _menu(request: AuthedRequest) -> dict[str, Any]:
    return {"active_nav": NAV, "may_write": can_write(request.user)}


def application_list(request: AuthedRequest) -> HttpResponse:
    require(reads_ledgers(request.user))
    found = ApplicationFilter(
        request.GET, queryset=Application.objects.for_user(request.user), request=request
    )
    rows = found.qs.select_related("programme", "applicant", "unit").order_by("-received_on", "-pk")
    return render(
        request,
        "welfare/application_list.html",
        {
            "filter": found,
            "page": printing.page_of(request, rows, PAGE_SIZE),
            "today": clock.today(),
            **_menu(request),
        },
    )


def _actions(user: Any, application: Application, notice: Notice | None) -> dict[str, bool]:
    """Which steps `user` may take on the application now (the services check again)."""
    status = application.status
    village = writes_for(user, application.unit)
    today = clock.today()
    reopened = (
        status == S.IN_NOTICE
        and notice is not None
        and any(o.sustained and o.received_on >= notice.starts_on for o in notice.objections.all())
    )
    preliminary = (
        (S.INVESTIGATED,) if application.is_staff_relative else (S.RECEIVED, S.INVESTIGATED)
    )
    decides = status == S.SUBMITTED and may_decide(user, application.programme)
    return {
        "investigate": village and (status in services.INVESTIGABLE or reopened),
        "preliminary": status in preliminary and services.may_preliminary_review(user, application),
        "object": village
        and status == S.IN_NOTICE
        and notice is not None
        and notice.starts_on <= today <= notice.ends_on,
        "check": village and notice is not None,
        "submit": village and status == S.IN_NOTICE,
        "decide": decides,
        "extend": application.is_open
        and not application.extended
        and (village or may_decide(user, application.programme)),
        "withdraw": village and application.is_open,
    }


def application_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    application = access_record(Application, pk, request.user)
    notice = (
        Notice.objects.filter(application=application)
        .prefetch_related(Prefetch("objections", Objection.objects.select_related("recorded_by")))
        .first()
    )
    investigations = list(
        application.investigations.select_related("first_investigator", "second_investigator")
    )
    for investigation in investigations:
        investigation.photos = attachments.attachments_of(investigation, request.user)  # type: ignore[attr-defined]
    today = clock.today()
    may = _actions(request.user, application, notice)
    return render(
        request,
        "welfare/application_detail.html",
        {
            "application": application,
            "id_number": personal.shown(application.applicant, "id_number", request.user),
            "steps": [
                (step, services.STEP_LABELS.get(step.step, step.step))
                for step in application.steps.select_related("by")
            ],
            "investigations": investigations,
            "notice": notice,
            "objections": list(notice.objections.all()) if notice else [],
            "today": today,
            "overdue": application.is_open and application.deadline < today,
            "working_days_left": working_days_between(today, application.deadline),
            "enrolment": services.enrolment_of(application),
            "may": may,
            "investigation_form": InvestigationForm(
                application=application, initial={"investigated_on": today}
            )
            if may["investigate"]
            else None,
            "preliminary_form": PreliminaryForm(
                initial={
                    "notice_days": application.programme.notice_days,
                    "notice_starts_on": today,
                }
            ),
            "objection_form": ObjectionForm(initial={"received_on": today}),
            "check_form": ObjectionCheckForm(),
            "approve_form": ApproveForm(),
            "reasons_form": ReasonsForm(),
            "reason_form": ReasonForm(),
            **_menu(request),
            **record_context(request, application),
        },
    )


def application_create(request: AuthedRequest) -> HttpResponse:
    require(can_write(request.user))
    form = ApplicationForm(
        request.POST or None, user=request.user, initial={"received_on": clock.today()}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            applicant = services.applicant_by_number(request.user, data["id_number"])
            application = services.receive(
                by=request.user,
                programme=data["programme"],
                applicant=applicant,
                received_on=data["received_on"],
                household_size=data["household_size"],
                monthly_income_yuan=data["monthly_income_yuan"],
                reason=data["reason"],
                is_staff_relative=data["is_staff_relative"],
                staff_relative_note=data["staff_relative_note"],
            )
        except ValidationError as error:
            for field, errors in (
                error.message_dict.items()
                if hasattr(error, "error_dict")
                else [(None, error.messages)]
            ):
                target = "id_number" if field == "applicant" else field
                form.add_error(target if target in form.fields else None, errors)
        else:
            messages.success(
                request, _("Application %(number)s received.") % {"number": application.number}
            )
            return redirect(application)
    return render(request, "welfare/application_form.html", {"form": form, **_menu(request)})


def _application(request: AuthedRequest, pk: int) -> Application:
    return access_record(Application, pk, request.user)


@require_POST
def application_investigate(request: AuthedRequest, pk: int) -> HttpResponse:
    application = _application(request, pk)
    form = InvestigationForm(request.POST, request.FILES, application=application)
    _run(
        request,
        form,
        lambda d: services.record_investigation(
            application,
            by=request.user,
            investigated_on=d["investigated_on"],
            first_investigator=d["first_investigator"],
            second_investigator=d["second_investigator"],
            findings=d["findings"],
            verified_income_yuan=d["verified_income_yuan"],
            photos=request.FILES.getlist("photos"),
        ),
        _("Home investigation recorded."),
    )
    return redirect(application)


@require_POST
def application_preliminary(request: AuthedRequest, pk: int) -> HttpResponse:
    application = _application(request, pk)
    _run(
        request,
        PreliminaryForm(request.POST),
        lambda d: services.preliminary_review(
            application,
            by=request.user,
            passed=d["passed"],
            note=d["note"],
            notice_starts_on=d["notice_starts_on"],
            notice_days=d["notice_days"],
        ),
        _("Preliminary review recorded."),
    )
    return redirect(application)


@require_POST
def application_objection(request: AuthedRequest, pk: int) -> HttpResponse:
    application = _application(request, pk)
    notice = get_object_or_404(Notice, application=application)
    _run(
        request,
        ObjectionForm(request.POST),
        lambda d: services.record_objection(notice, by=request.user, **d),
        _("Objection recorded."),
    )
    return redirect(application)


@require_POST
def objection_check(request: AuthedRequest, pk: int) -> HttpResponse:
    objection = access_record(Objection, pk, request.user)
    _run(
        request,
        ObjectionCheckForm(request.POST),
        lambda d: services.check_objection(objection, by=request.user, **d),
        _("Objection checked."),
    )
    application = objection.notice.application
    return redirect(application or "welfare-application-list")


@require_POST
def application_submit(request: AuthedRequest, pk: int) -> HttpResponse:
    application = _application(request, pk)
    _run(
        request,
        NoteForm(request.POST),
        lambda d: services.submit_application(application, by=request.user, note=d["note"]),
        _("Submitted for approval."),
    )
    return redirect(application)


@require_POST
def application_approve(request: AuthedRequest, pk: int) -> HttpResponse:
    application = _application(request, pk)
    _run(
        request,
        ApproveForm(request.POST),
        lambda d: services.approve_application(application, by=request.user, **d),
        _("Approved: the household is enrolled."),
    )
    return redirect(application)


@require_POST
def application_refuse(request: AuthedRequest, pk: int) -> HttpResponse:
    application = _application(request, pk)
    _run(
        request,
        ReasonsForm(request.POST),
        lambda d: services.refuse_application(application, by=request.user, **d),
        _("Refused in writing."),
    )
    return redirect(application)


def _with_reason(
    step: Callable[..., object], ok: Any
) -> Callable[[AuthedRequest, int], HttpResponse]:
    @require_POST
    def view(request: AuthedRequest, pk: int) -> HttpResponse:
        application = _application(request, pk)
        _run(
            request,
            ReasonForm(request.POST),
            lambda d: step(application, by=request.user, reason=d["reason"]),
            ok,
        )
        return redirect(application)

    return view


application_return = _with_reason(
    services.return_application, gettext_lazy("Returned for a new investigation.")
)
application_extend = _with_reason(services.extend_deadline, gettext_lazy("Deadline extended."))
application_withdraw = _with_reason(
    services.withdraw_application, gettext_lazy("Application withdrawn.")
)


# The public notice page -----------------------------------------------------------------------


@login_not_required
@require_GET
def public_notices(request: AuthedRequest, unit_pk: int) -> HttpResponse:
    """A village's public notices (公示栏), for anyone: the running ones and those ended in the
    last 30 days, each with the masked name (王*), the programme, the amount, the period and
    how to object. Never an ID number, an address or an officer's name."""
    unit = get_object_or_404(
        Unit.objects.filter(kind__in=(UnitKind.VILLAGE, UnitKind.COMMUNITY), is_active=True),
        pk=unit_pk,
    )
    today = clock.today()
    notices = (
        Notice.objects.filter(
            unit=unit,
            starts_on__lte=today,
            ends_on__gte=today - datetime.timedelta(days=PUBLIC_DAYS),
        )
        .exclude(application__status=S.WITHDRAWN)
        .select_related(
            "application__applicant", "application__programme", "enrolment__person",
            "enrolment__programme",
        )
        .order_by("-starts_on", "-pk")
    )  # fmt: skip
    rows = []
    for notice in notices:
        application, enrolment = notice.application, notice.enrolment
        if application is not None:
            person, programme = application.applicant, application.programme
            amount, size = application.amount_yuan, application.household_size
        elif enrolment is not None:  # a stop (停发公示)
            person, programme = enrolment.person, enrolment.programme
            amount, size = enrolment.amount_yuan, None
        else:
            continue  # a constraint forbids it
        rows.append(
            {
                "notice": notice,
                "name": mask_name(person.name),
                "programme": programme.name,
                "amount": programme.amount_yuan if amount is None else amount,
                "household_size": size,
                "running": notice.ends_on >= today,
            }
        )
    return render(
        request,
        "welfare/public_notices.html",
        {"unit": unit, "rows": rows, "today": today, "subdistrict": unit.subdistrict()},
    )


urlpatterns = [
    path("applications/", application_list, name="welfare-application-list"),
    path("applications/new/", application_create, name="welfare-application-create"),
    path("applications/<int:pk>/", application_detail, name="welfare-application"),
    path(
        "applications/<int:pk>/investigate/",
        application_investigate,
        name="welfare-application-investigate",
    ),
    path(
        "applications/<int:pk>/preliminary/",
        application_preliminary,
        name="welfare-application-preliminary",
    ),
    path(
        "applications/<int:pk>/objections/",
        application_objection,
        name="welfare-application-objection",
    ),
    path("objections/<int:pk>/check/", objection_check, name="welfare-objection-check"),
    path("applications/<int:pk>/submit/", application_submit, name="welfare-application-submit"),
    path("applications/<int:pk>/approve/", application_approve, name="welfare-application-approve"),
    path("applications/<int:pk>/refuse/", application_refuse, name="welfare-application-refuse"),
    path("applications/<int:pk>/return/", application_return, name="welfare-application-return"),
    path("applications/<int:pk>/extend/", application_extend, name="welfare-application-extend"),
    path(
        "applications/<int:pk>/withdraw/",
        application_withdraw,
        name="welfare-application-withdraw",
    ),
    path("public/<int:unit_pk>/", public_notices, name="welfare-public-notices"),
]
