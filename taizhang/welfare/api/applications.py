"""Welfare API: applications through the civil-affairs flow (every step an endpoint), and
periodic reviews due with the recording of one. Reads start from `.for_user()` and use the
pages' FilterSets; writes call the services, which check access again."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.pagination import paginate

from taizhang.core.access import access_record, can_write, reads_ledgers, require
from taizhang.core.api import api_field_names, filtered
from taizhang.core.models import User
from taizhang.core.requests import AuthedRequest
from taizhang.core.schemas import PageNumberPage, with_errors
from taizhang.welfare.filters import (
    ApplicationFilter,
    ReviewDueFilter,
    programmes_by_application,
)
from taizhang.welfare.models import Application, ApplicationStep, Enrolment, Notice, Objection
from taizhang.welfare.schemas.applications import (
    ApplicationApproveIn,
    ApplicationDetailOut,
    ApplicationFilterIn,
    ApplicationIn,
    ApplicationNoteIn,
    ApplicationOut,
    ApplicationReasonIn,
    EnrolmentDueOut,
    InvestigationIn,
    ObjectionCheckIn,
    ObjectionIn,
    ObjectionOut,
    PreliminaryIn,
    RefuseIn,
    ReviewDueFilterIn,
    ReviewIn,
    ReviewOut,
)
from taizhang.welfare.services import applications as services
from taizhang.welfare.services import reviews as periodic

router = Router(tags=["welfare"])
WRITE_ERRORS = (400, 403, 404, 422)
FIELD_NAMES = {
    "applicant": "applicant_id_number",
    "programme": "programme_id",
    "first_investigator": "first_investigator_id",
    "second_investigator": "second_investigator_id",
}


def _applications(user: Any) -> QuerySet[Application]:
    return Application.objects.for_user(user).select_related("programme", "unit", "applicant")


def _detail(user: Any, pk: int) -> Application:
    notices = Notice.objects.prefetch_related("objections")
    steps = ApplicationStep.objects.select_related("by")
    records = _applications(user).prefetch_related(  # type: ignore[type-var]
        Prefetch("steps", steps), "investigations", Prefetch("notice", notices)
    )
    return get_object_or_404(records, pk=pk)


def _staff(pk: int, field: str) -> User:
    user = User.objects.filter(pk=pk, is_active=True).first()
    if user is None:
        raise ValidationError({field: [_("No such user.")]})
    return user


@router.get("/welfare/applications", response=with_errors({200: list[ApplicationOut]}, 403, 422))
@paginate(PageNumberPage)
def list_applications(request: AuthedRequest, filters: Query[ApplicationFilterIn]) -> Any:
    """The applications the caller may see, filtered like the list page (programme, unit,
    status, overdue, flagged)."""
    require(reads_ledgers(request.user))
    found = filtered(ApplicationFilter, filters, _applications(request.user))
    return found.order_by("-received_on", "-pk")


@router.get(
    "/welfare/applications/{application_id}",
    response=with_errors({200: ApplicationDetailOut}, 404),
)
def get_application(request: AuthedRequest, application_id: int) -> Any:
    """One application with its timeline, investigations, notice and objections."""
    return _detail(request.user, application_id)


@router.post(
    "/welfare/applications", response=with_errors({201: ApplicationDetailOut}, *WRITE_ERRORS)
)
def create_application(request: AuthedRequest, payload: ApplicationIn) -> Any:
    """Receive an application of a registered resident (by ID number) of a village the caller
    writes for; the decision is due 30 working days later."""
    require(can_write(request.user))
    with api_field_names(FIELD_NAMES):
        programme = programmes_by_application(request).filter(pk=payload.programme_id).first()
        if programme is None:
            raise ValidationError({"programme": [_("No such programme.")]})
        applicant = services.applicant_by_number(request.user, payload.applicant_id_number)
        application = services.receive(
            by=request.user,
            programme=programme,
            applicant=applicant,
            **payload.model_dump(exclude={"programme_id", "applicant_id_number"}),
        )
    return Status(201, _detail(request.user, application.pk))


def _step(request: AuthedRequest, application_id: int, write: Any) -> Any:
    application = access_record(Application, application_id, request.user)
    with api_field_names(FIELD_NAMES):
        write(application)
    return _detail(request.user, application_id)


STEP = with_errors({200: ApplicationDetailOut}, *WRITE_ERRORS)


@router.post("/welfare/applications/{application_id}/investigations", response=STEP)
def investigate(request: AuthedRequest, application_id: int, payload: InvestigationIn) -> Any:
    """Record a home investigation by two different staff of the village (photos: upload
    them as attachments of the investigation)."""
    return _step(
        request,
        application_id,
        lambda a: services.record_investigation(
            a,
            by=request.user,
            investigated_on=payload.investigated_on,
            first_investigator=_staff(payload.first_investigator_id, "first_investigator"),
            second_investigator=_staff(payload.second_investigator_id, "second_investigator"),
            findings=payload.findings,
            verified_income_yuan=payload.verified_income_yuan,
        ),
    )


@router.post("/welfare/applications/{application_id}/preliminary", response=STEP)
def preliminary(request: AuthedRequest, application_id: int, payload: PreliminaryIn) -> Any:
    """初审: passed opens a public notice of at least the programme's days (≥ 7; a shorter one
    is refused); not passed refuses in writing. A flagged application: above the village."""
    return _step(
        request,
        application_id,
        lambda a: services.preliminary_review(a, by=request.user, **payload.model_dump()),
    )


@router.post(
    "/welfare/applications/{application_id}/objections",
    response=with_errors({201: ObjectionOut}, *WRITE_ERRORS),
)
def object_to(request: AuthedRequest, application_id: int, payload: ObjectionIn) -> Any:
    """Record an objection raised while the notice runs."""
    application = access_record(Application, application_id, request.user)
    notice = get_object_or_404(Notice, application=application)
    objection = services.record_objection(notice, by=request.user, **payload.model_dump())
    return Status(201, objection)


@router.post(
    "/welfare/objections/{objection_id}/check",
    response=with_errors({200: ObjectionOut}, *WRITE_ERRORS),
)
def check(request: AuthedRequest, objection_id: int, payload: ObjectionCheckIn) -> Any:
    """Record how an objection was checked and whether it is true (sustained)."""
    objection = access_record(Objection, objection_id, request.user)
    return services.check_objection(objection, by=request.user, **payload.model_dump())


@router.post("/welfare/applications/{application_id}/submit", response=STEP)
def submit(request: AuthedRequest, application_id: int, payload: ApplicationNoteIn) -> Any:
    """Submit for decision, once the notice has run its full days without an unchecked or
    true objection."""
    return _step(
        request,
        application_id,
        lambda a: services.submit_application(a, by=request.user, note=payload.note),
    )


@router.post("/welfare/applications/{application_id}/approve", response=STEP)
def approve(request: AuthedRequest, application_id: int, payload: ApplicationApproveIn) -> Any:
    """Approve (the deciding unit): eligibility is checked again on the enrolment day and the
    person is enrolled from it."""
    return _step(
        request,
        application_id,
        lambda a: services.approve_application(a, by=request.user, **payload.model_dump()),
    )


@router.post("/welfare/applications/{application_id}/refuse", response=STEP)
def refuse(request: AuthedRequest, application_id: int, payload: RefuseIn) -> Any:
    """Refuse in writing with the reasons (the deciding unit)."""
    return _step(
        request,
        application_id,
        lambda a: services.refuse_application(a, by=request.user, reasons=payload.reasons),
    )


@router.post("/welfare/applications/{application_id}/return", response=STEP)
def send_back(request: AuthedRequest, application_id: int, payload: ApplicationReasonIn) -> Any:
    """Return for a new home investigation, with the reason (the deciding unit)."""
    return _step(
        request,
        application_id,
        lambda a: services.return_application(a, by=request.user, reason=payload.reason),
    )


@router.post("/welfare/applications/{application_id}/extend", response=STEP)
def extend(request: AuthedRequest, application_id: int, payload: ApplicationReasonIn) -> Any:
    """Extend the deadline once, to 45 working days from receipt, with the reason."""
    return _step(
        request,
        application_id,
        lambda a: services.extend_deadline(a, by=request.user, reason=payload.reason),
    )


@router.post("/welfare/applications/{application_id}/withdraw", response=STEP)
def withdraw(request: AuthedRequest, application_id: int, payload: ApplicationReasonIn) -> Any:
    """Withdraw the application; a running notice ends."""
    return _step(
        request,
        application_id,
        lambda a: services.withdraw_application(a, by=request.user, reason=payload.reason),
    )


@router.get("/welfare/reviews/due", response=with_errors({200: list[EnrolmentDueOut]}, 403, 422))
@paginate(PageNumberPage)
def reviews_due(request: AuthedRequest, filters: Query[ReviewDueFilterIn]) -> Any:
    """Enrolments the caller may see whose periodic review is due, the most overdue first."""
    require(reads_ledgers(request.user))
    found = filtered(ReviewDueFilter, filters, Enrolment.objects.for_user(request.user))
    return periodic.due(found).select_related("programme", "person__unit")


@router.post(
    "/welfare/enrolments/{enrolment_id}/reviews",
    response=with_errors({201: ReviewOut}, *WRITE_ERRORS),
)
def record_review(request: AuthedRequest, enrolment_id: int, payload: ReviewIn) -> Any:
    """Record a periodic review: continue, change (new amount) or stop (published), with the
    reason in writing."""
    enrolment = access_record(Enrolment, enrolment_id, request.user)
    review = periodic.record_review(enrolment, by=request.user, **payload.model_dump())
    return Status(201, review)
