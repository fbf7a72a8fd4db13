"""The volunteer router of the API under /api/v1/volunteers/: campaigns, shifts, volunteers,
sign-ups (confirm, reject, check in and out), letter campaigns with their rates, targets (mark
signed or refused) and the year's figures. Reads start from `.for_user()`; writes call the
services, which check access again."""

from typing import Any, cast

from django.shortcuts import get_object_or_404
from ninja import Query, Router, Status
from ninja.pagination import paginate

from taizhang.core.api import filtered
from taizhang.core.models import Unit
from taizhang.core.requests import AuthedRequest
from taizhang.core.schemas import PageNumberPage, with_errors
from taizhang.lib import clock
from taizhang.volunteers import queries, services
from taizhang.volunteers.filters import CampaignFilter, TargetFilter, VolunteerFilter
from taizhang.volunteers.models import (
    Award,
    Campaign,
    Evaluation,
    LetterCampaign,
    LetterTarget,
    Participation,
    Shift,
    Team,
    Training,
    Volunteer,
)
from taizhang.volunteers.schemas import (
    VolunteerAttendanceIn,
    VolunteerAwardIn,
    VolunteerAwardOut,
    VolunteerCampaignFilterIn,
    VolunteerCampaignOut,
    VolunteerDashboardOut,
    VolunteerEvaluationIn,
    VolunteerEvaluationOut,
    VolunteerFilterIn,
    VolunteerLettersOut,
    VolunteerOut,
    VolunteerParticipationOut,
    VolunteerReasonIn,
    VolunteerRecordOut,
    VolunteerShiftOut,
    VolunteerSignIn,
    VolunteerStatsIn,
    VolunteerStatsOut,
    VolunteerTargetFilterIn,
    VolunteerTargetOut,
    VolunteerTeamOut,
    VolunteerTrainingIn,
    VolunteerTrainingOut,
)

router = Router(tags=["volunteers"])
WRITE_ERRORS = (400, 403, 404, 422)


@router.get("/volunteers/campaigns", response=with_errors({200: list[VolunteerCampaignOut]}, 422))
@paginate(PageNumberPage)
def list_campaigns(request: AuthedRequest, filters: Query[VolunteerCampaignFilterIn]) -> Any:
    """The volunteer campaigns the caller sees (organised by their units or held in them),
    filtered like the list page."""
    campaigns = filtered(CampaignFilter, filters, Campaign.objects.for_user(request.user))
    return campaigns.select_related("unit").order_by("-starts_on", "-pk")


@router.get(
    "/volunteers/campaigns/{campaign_id}/shifts",
    response=with_errors({200: list[VolunteerShiftOut]}, 404),
)
def list_shifts(request: AuthedRequest, campaign_id: int) -> Any:
    """The shifts of a campaign the caller sees."""
    campaign = get_object_or_404(Campaign.objects.for_user(request.user), pk=campaign_id)
    return Shift.objects.filter(campaign=campaign).order_by("starts_at", "pk")


@router.get("/volunteers/people", response=with_errors({200: list[VolunteerOut]}, 422))
@paginate(PageNumberPage)
def list_volunteers(request: AuthedRequest, filters: Query[VolunteerFilterIn]) -> Any:
    """The volunteers the caller sees, filtered like the list page; phones masked."""
    volunteers = filtered(VolunteerFilter, filters, Volunteer.objects.for_user(request.user))
    return volunteers.select_related("person").order_by("number", "pk")


@router.get(
    "/volunteers/campaigns/{campaign_id}/participations",
    response=with_errors({200: list[VolunteerParticipationOut]}, 404),
)
@paginate(PageNumberPage)
def list_participations(request: AuthedRequest, campaign_id: int) -> Any:
    """The sign-ups of a campaign's shifts."""
    campaign = get_object_or_404(Campaign.objects.for_user(request.user), pk=campaign_id)
    return (
        Participation.objects.for_user(request.user)
        .filter(shift__campaign=campaign)
        .select_related("volunteer")
        .order_by("shift_id", "requested_at", "pk")
    )


def _volunteer(request: AuthedRequest, pk: int) -> Volunteer:
    return get_object_or_404(
        Volunteer.objects.for_user(request.user).select_related("person__unit"), pk=pk
    )


@router.get(
    "/volunteers/people/{volunteer_id}/record",
    response=with_errors({200: VolunteerRecordOut}, 404),
)
def volunteer_record(request: AuthedRequest, volunteer_id: int) -> Any:
    """The volunteer's training, awards and evaluations (志愿服务记录)."""
    volunteer = _volunteer(request, volunteer_id)
    return {
        "trainings": volunteer.trainings.all(),
        "awards": volunteer.awards.all(),
        "evaluations": volunteer.evaluations.select_related("unit"),
    }


@router.post(
    "/volunteers/people/{volunteer_id}/trainings",
    response=with_errors({201: VolunteerTrainingOut}, *WRITE_ERRORS),
)
def add_training(request: AuthedRequest, volunteer_id: int, payload: VolunteerTrainingIn) -> Any:
    """Record a training (no date in the future, hours above zero)."""
    volunteer = _volunteer(request, volunteer_id)
    return Status(201, services.record_training(volunteer, by=request.user, **payload.model_dump()))


@router.post(
    "/volunteers/people/{volunteer_id}/awards",
    response=with_errors({201: VolunteerAwardOut}, *WRITE_ERRORS),
)
def add_award(request: AuthedRequest, volunteer_id: int, payload: VolunteerAwardIn) -> Any:
    """Record an award (no date in the future)."""
    volunteer = _volunteer(request, volunteer_id)
    return Status(201, services.record_award(volunteer, by=request.user, **payload.model_dump()))


@router.post(
    "/volunteers/people/{volunteer_id}/evaluations",
    response=with_errors({201: VolunteerEvaluationOut}, *WRITE_ERRORS),
)
def add_evaluation(
    request: AuthedRequest, volunteer_id: int, payload: VolunteerEvaluationIn
) -> Any:
    """Record the evaluation of a period in the name of a unit the caller writes for; one per
    period."""
    volunteer = _volunteer(request, volunteer_id)
    fields = payload.model_dump()
    unit = get_object_or_404(Unit.objects.filter(is_active=True), pk=fields.pop("unit_id"))
    evaluation = services.record_evaluation(volunteer, by=request.user, unit=unit, **fields)
    return Status(201, evaluation)


def _remove(request: AuthedRequest, model: type[Training | Award | Evaluation], pk: int) -> Any:
    record = get_object_or_404(model.objects.for_user(request.user), pk=pk)
    services.remove_record(cast(Training | Award | Evaluation, record), by=request.user)
    return Status(204, None)


@router.delete("/volunteers/trainings/{record_id}", response=with_errors({204: None}, 403, 404))
def remove_training(request: AuthedRequest, record_id: int) -> Any:
    """Remove a training entered by mistake; the audit keeps it."""
    return _remove(request, Training, record_id)


@router.delete("/volunteers/awards/{record_id}", response=with_errors({204: None}, 403, 404))
def remove_award(request: AuthedRequest, record_id: int) -> Any:
    """Remove an award entered by mistake; the audit keeps it."""
    return _remove(request, Award, record_id)


@router.delete("/volunteers/evaluations/{record_id}", response=with_errors({204: None}, 403, 404))
def remove_evaluation(request: AuthedRequest, record_id: int) -> Any:
    """Remove an evaluation entered by mistake; the audit keeps it."""
    return _remove(request, Evaluation, record_id)


def _participation(request: AuthedRequest, pk: int) -> Participation:
    return get_object_or_404(Participation.objects.for_user(request.user), pk=pk)


@router.post(
    "/volunteers/participations/{participation_id}/confirm",
    response=with_errors({200: VolunteerParticipationOut}, *WRITE_ERRORS),
)
def confirm(request: AuthedRequest, participation_id: int) -> Any:
    """Confirm a requested sign-up (within the shift's cap)."""
    return services.confirm(_participation(request, participation_id), by=request.user)


@router.post(
    "/volunteers/participations/{participation_id}/reject",
    response=with_errors({200: VolunteerParticipationOut}, *WRITE_ERRORS),
)
def reject(request: AuthedRequest, participation_id: int, payload: VolunteerReasonIn) -> Any:
    """Reject a sign-up, saying why."""
    participation = _participation(request, participation_id)
    return services.reject(participation, by=request.user, reason=payload.reason)


@router.post(
    "/volunteers/participations/{participation_id}/check-in",
    response=with_errors({200: VolunteerParticipationOut}, *WRITE_ERRORS),
)
def check_in(request: AuthedRequest, participation_id: int, payload: VolunteerAttendanceIn) -> Any:
    """Check a confirmed volunteer in (now, or at `at`)."""
    participation = _participation(request, participation_id)
    return services.check_in(participation, by=request.user, at=payload.at)


@router.post(
    "/volunteers/participations/{participation_id}/check-out",
    response=with_errors({200: VolunteerParticipationOut}, *WRITE_ERRORS),
)
def check_out(request: AuthedRequest, participation_id: int, payload: VolunteerAttendanceIn) -> Any:
    """Check a volunteer out; the hours are computed from the attendance."""
    participation = _participation(request, participation_id)
    return services.check_out(participation, by=request.user, at=payload.at)


@router.get("/volunteers/letters", response=with_errors({200: list[VolunteerLettersOut]}, 422))
def list_letters(request: AuthedRequest, filters: Query[VolunteerStatsIn]) -> Any:
    """The year's letter campaigns with targets, signed, refused and the computed rate."""
    return queries.letter_rows(request.user, year=filters.year or clock.today().year)


@router.get(
    "/volunteers/letters/{letters_id}/targets",
    response=with_errors({200: list[VolunteerTargetOut]}, 404, 422),
)
@paginate(PageNumberPage)
def list_targets(
    request: AuthedRequest, letters_id: int, filters: Query[VolunteerTargetFilterIn]
) -> Any:
    """The targets of a letter campaign, filtered like its page; `pending=true`: the reminder
    list."""
    letters = get_object_or_404(LetterCampaign.objects.for_user(request.user), pk=letters_id)
    scoped = LetterTarget.objects.for_user(request.user).filter(letter_campaign=letters)
    targets = (
        filtered(TargetFilter, filters, scoped)
        .select_related("organisation", "household", "team")
        .order_by("community_id", "pk")
    )
    return queries.pending_targets(targets) if filters.pending else targets


@router.get("/volunteers/teams", response=with_errors({200: list[VolunteerTeamOut]}))
@paginate(PageNumberPage)
def list_teams(request: AuthedRequest) -> Any:
    """The teams of volunteers the caller sees, with their leader and members."""
    return (
        Team.objects.for_user(request.user)
        .prefetch_related("members")
        .order_by("unit_id", "name", "pk")
    )


def _target(request: AuthedRequest, pk: int) -> LetterTarget:
    return get_object_or_404(LetterTarget.objects.for_user(request.user), pk=pk)


@router.post(
    "/volunteers/targets/{target_id}/sign",
    response=with_errors({200: VolunteerTargetOut}, *WRITE_ERRORS),
)
def sign(request: AuthedRequest, target_id: int, payload: VolunteerSignIn) -> Any:
    """Mark a letter signed: the date, who signed and the signature drawn on screen (a PNG data
    URL, kept as an attachment), all required: a letter without proof is refused (400)."""
    return services.sign_target(
        _target(request, target_id),
        by=request.user,
        signed_on=payload.signed_on,
        signed_by=payload.signed_by,
        signature=payload.signature,
    )


@router.post(
    "/volunteers/targets/{target_id}/refuse",
    response=with_errors({200: VolunteerTargetOut}, *WRITE_ERRORS),
)
def refuse(request: AuthedRequest, target_id: int, payload: VolunteerReasonIn) -> Any:
    """Record that the counterparty refused, and why."""
    return services.refuse_target(
        _target(request, target_id), by=request.user, reason=payload.reason
    )


@router.get(
    "/volunteers/stats",
    response=with_errors({200: VolunteerStatsOut}, 422),
    url_name="volunteers_stats",
)
def stats(request: AuthedRequest, filters: Query[VolunteerStatsIn]) -> Any:
    """The year's figures of what the caller sees (as `taizhang stats volunteers`)."""
    year = filters.year or clock.today().year
    figures = queries.figures(request.user, year=year)
    return {
        **figures.__dict__,
        "letters": [row.as_json() for row in queries.letter_rows(request.user, year=year)],
    }


@router.get(
    "/volunteers/dashboard",
    response=with_errors({200: VolunteerDashboardOut}, 422),
    url_name="volunteers_dashboard",
)
def dashboard(request: AuthedRequest, filters: Query[VolunteerStatsIn]) -> Any:
    """The dashboard's charts: letters by community and the ranking by hours."""
    year = filters.year or clock.today().year
    return {
        "communities": queries.letters_by_community(request.user, year=year),
        "ranking": [
            {"name": volunteer.person.name, "hours": hours, "url": volunteer.get_absolute_url()}
            for volunteer, hours in queries.ranking(request.user, year=year)
        ],
    }
