"""Reads that feed the dashboard, the workbench and `taizhang stats volunteers`: counted in the
database, for what a user sees (everything for None).

Hours of a year are those of attendance checked in that year and of approved claims starting in
it. A letter campaign's completion rate (签订完成率) is signed targets over all targets,
computed from the list, never typed; a campaign without targets has no rate (None)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, Q, Sum

from taizhang.core.models import User
from taizhang.volunteers.models import (
    ClaimState,
    HoursClaim,
    LetterCampaign,
    LetterTarget,
    Participation,
    ParticipationState,
    Shift,
    TargetState,
    Volunteer,
)

ZERO = Decimal("0")
CENT = Decimal("0.01")


def _scoped(model: Any, user: User | None) -> Any:
    records = model.objects.all()
    return records if user is None else records.for_user(user)


def rate(signed: int, targets: int) -> float | None:
    return round(signed / targets, 4) if targets else None


@dataclass
class LetterRow:
    pk: int
    campaign: str
    unit: str
    targets: int
    signed: int
    refused: int
    rate: float | None

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("pk")
        data.pop("refused")
        return data


def letter_rows(user: User | None, *, year: int) -> list[LetterRow]:
    """Each letter campaign starting in `year`: targets, signed, refused and the rate (one
    query)."""
    campaigns = (
        _scoped(LetterCampaign, user)
        .filter(starts_on__year=year)
        .select_related("unit")
        .annotate(
            n_targets=Count("targets", distinct=True),
            n_signed=Count("targets", filter=Q(targets__state=TargetState.SIGNED), distinct=True),
            n_refused=Count("targets", filter=Q(targets__state=TargetState.REFUSED), distinct=True),
        )
        .order_by("starts_on", "pk")
    )
    return [
        LetterRow(
            pk=letters.pk,
            campaign=letters.title,
            unit=letters.unit.name,
            targets=letters.n_targets,
            signed=letters.n_signed,
            refused=letters.n_refused,
            rate=rate(letters.n_signed, letters.n_targets),
        )
        for letters in campaigns
    ]


def letter_rates_by(user: User | None, letters: LetterCampaign, field: str) -> list[dict]:
    """A letter campaign's targets grouped by `field` ("community__name", "team__name", or
    "volunteer__number"): targets, signed and the rate of each group (one query)."""
    targets = _scoped(LetterTarget, user).filter(letter_campaign=letters)
    rows = (
        targets.order_by()
        .values(field)
        .annotate(targets=Count("pk"), signed=Count("pk", filter=Q(state=TargetState.SIGNED)))
        .order_by(field)
    )
    return [
        {"name": row[field] or "—", "targets": row["targets"], "signed": row["signed"],
         "rate": rate(row["signed"], row["targets"])}
        for row in rows
    ]  # fmt: skip


def pending_targets(targets: Any) -> Any:
    """The reminder list (催签清单): targets neither signed nor refused."""
    return targets.filter(state=TargetState.PENDING)


@dataclass
class Figures:
    year: int
    volunteers: int
    hours: Decimal
    shifts: int
    shifts_filled: int
    requests_waiting: int
    claims_waiting: int


def hours_of_year(user: User | None, year: int) -> Decimal:
    attended = (
        _scoped(Participation, user)
        .served_in(year)
        .aggregate(total=Sum("hours", default=ZERO))["total"]
    )
    claimed = (
        _scoped(HoursClaim, user)
        .filter(state=ClaimState.APPROVED, starts_at__year=year)
        .aggregate(total=Sum("hours", default=ZERO))["total"]
    )
    return (Decimal(attended or 0) + Decimal(claimed or 0)).quantize(CENT)


def figures(user: User | None, *, year: int) -> Figures:
    """The year's figures: volunteers who served (confirmed in a shift of the year), hours,
    shifts and those filled (confirmed ≥ needed), sign-ups and claims waiting."""
    participations = _scoped(Participation, user).filter(shift__starts_at__year=year)
    volunteers = (
        participations.filter(state=ParticipationState.CONFIRMED)
        .values("volunteer")
        .distinct()
        .count()
    )
    shifts = (
        _scoped(Shift, user)
        .filter(starts_at__year=year)
        .annotate(
            confirmed=Count(
                "participations",
                filter=Q(participations__state=ParticipationState.CONFIRMED),
            )
        )
    )
    counted = shifts.aggregate(
        total=Count("pk"), filled=Count("pk", filter=Q(confirmed__gte=F("needed")))
    )
    return Figures(
        year=year,
        volunteers=volunteers,
        hours=hours_of_year(user, year),
        shifts=counted["total"],
        shifts_filled=counted["filled"],
        requests_waiting=participations.filter(state=ParticipationState.REQUESTED).count(),
        claims_waiting=_scoped(HoursClaim, user).filter(state=ClaimState.PENDING).count(),
    )


def ranking(user: User | None, *, year: int, limit: int = 20) -> list[tuple[Volunteer, Decimal]]:
    """The volunteers with the most hours attended in the year (one grouped query and one for
    the volunteers)."""
    rows = list(
        _scoped(Participation, user)
        .served_in(year)
        .order_by()
        .values("volunteer")
        .annotate(total=Sum("hours"))
        .order_by("-total", "volunteer")[:limit]
    )
    volunteers = Volunteer.objects.select_related("person").in_bulk([r["volunteer"] for r in rows])
    return [(volunteers[r["volunteer"]], Decimal(r["total"]).quantize(CENT)) for r in rows]


def hours_of(volunteer: Volunteer) -> Decimal:
    """All hours on a volunteer's record: attendance and approved claims."""
    attended = volunteer.participations.filter(checked_out_at__isnull=False).aggregate(
        total=Sum("hours", default=ZERO)
    )["total"]
    claimed = volunteer.claims.filter(state=ClaimState.APPROVED).aggregate(
        total=Sum("hours", default=ZERO)
    )["total"]
    return (Decimal(attended or 0) + Decimal(claimed or 0)).quantize(CENT)


def letters_by_community(user: User | None, *, year: int) -> list[dict]:
    """Targets and signed letters per community over the year's letter campaigns."""
    rows = (
        _scoped(LetterTarget, user)
        .filter(letter_campaign__starts_on__year=year)
        .order_by()
        .values("community__name")
        .annotate(targets=Count("pk"), signed=Count("pk", filter=Q(state=TargetState.SIGNED)))
        .order_by("community__name")
    )
    return [
        {"name": row["community__name"], "targets": row["targets"], "signed": row["signed"],
         "rate": rate(row["signed"], row["targets"])}
        for row in rows
    ]  # fmt: skip


# Star levels (星级志愿者) by hours on record: 100 / 300 / 600 / 1000 / 1500 hours for one to five
# stars by default; a site sets TAIZHANG_VOLUNTEER_STAR_HOURS (five ascending numbers) to change
# them.
STAR_HOURS = (100, 300, 600, 1000, 1500)


def star_level(hours: Decimal) -> int:
    from django.conf import settings

    thresholds = getattr(settings, "TAIZHANG_VOLUNTEER_STAR_HOURS", STAR_HOURS)
    return sum(1 for threshold in thresholds if hours >= threshold)
