"""The hundred demonstration party organisations (百家示范党组织): the rubric, candidates and
their scores, the public notice and the yearly star reviews."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from taizhang.core.models import ScopedQuerySet, User
from taizhang.party.models.orgs import PartyOrg


class AutoSource(models.TextChoices):
    """Where an item of the rubric is scored from the records."""

    NONE = "", _("Scored by assessors")
    MEETING_COMPLIANCE = "meeting_compliance", _("Meeting compliance")
    MILESTONES_MET = "milestones_met", _("Action-project milestones met")
    # A measure another module keeps of what the members did (core/modules.py PeopleMeasure).
    MEMBERS_MEASURE = "members_measure", _("A measure of the members' records")


class Rubric(models.Model):
    """The scoring rubric of a year's demonstration organisations (评分细则), as data."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    title = models.CharField(_("title"), max_length=200)
    pass_mark = models.DecimalField(
        _("pass mark"), max_digits=6, decimal_places=2, default=Decimal("85")
    )

    class Meta:
        verbose_name = _("rubric")
        verbose_name_plural = _("rubrics")
        ordering = ["-year"]

    def __str__(self) -> str:
        return self.title


class RubricItem(models.Model):
    """An item of the rubric: what is scored, its weight (the most points), the evidence it
    needs and, where the records tell, where it is scored from."""

    rubric = models.ForeignKey(
        Rubric, verbose_name=_("rubric"), on_delete=models.CASCADE, related_name="items"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("item"), max_length=200)
    weight = models.DecimalField(_("weight (points)"), max_digits=6, decimal_places=2)
    evidence_needed = models.CharField(_("evidence needed"), max_length=300, blank=True)
    auto_source = models.CharField(
        _("scored from"), max_length=30, choices=AutoSource.choices, blank=True
    )
    measure = models.CharField(
        _("measure"),
        max_length=40,
        blank=True,
        help_text=_("For an item scored from a measure of the members' records: its key."),
    )
    target = models.DecimalField(
        _("target per member"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("The measure per member that gives the full points."),
    )

    class Meta:
        verbose_name = _("rubric item")
        verbose_name_plural = _("rubric items")
        ordering = ["rubric_id", "order", "pk"]

    def __str__(self) -> str:
        return f"{self.title} ({self.weight})"

    def clean(self) -> None:
        if self.auto_source == AutoSource.MEMBERS_MEASURE:
            errors = {}
            if not self.measure:
                errors["measure"] = _("Choose the measure the item is scored from.")
            if self.target is None or self.target <= 0:
                errors["target"] = _("Give the measure per member that gives the full points.")
            if errors:
                raise ValidationError(errors)
        elif self.measure or self.target is not None:
            raise ValidationError(
                {"measure": _("Only an item scored from a measure has a measure and a target.")}
            )


class CandidateStatus(models.TextChoices):
    NOMINATED = "nominated", _("Nominated")  # 推荐
    PUBLICISED = "publicised", _("Under public notice")  # 公示中
    NAMED = "named", _("Named")  # 命名
    NOT_NAMED = "not_named", _("Not named")


class Candidate(models.Model):
    """A party organisation nominated for a year's demonstration list (示范党组织候选)."""

    scope_unit_field = "org__unit"
    is_ledger_record = True

    year = models.PositiveSmallIntegerField(_("year"))
    org = models.ForeignKey(
        PartyOrg,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="candidacies",
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=CandidateStatus.choices,
        default=CandidateStatus.NOMINATED,
    )
    total = models.DecimalField(_("total score"), max_digits=6, decimal_places=2, default=0)
    stars = models.PositiveSmallIntegerField(_("stars"), default=0)
    is_demo = models.BooleanField(_("demo"), default=False)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        ordering = ["-year", "-total", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "org"],
                name="party_candidate_once_a_year",
                violation_error_message=_("This organisation is nominated for this year already."),
            ),
            models.CheckConstraint(
                condition=Q(stars__lte=5),
                name="party_candidate_stars_at_most_five",
                violation_error_message=_("At most five stars."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} · {self.org.name}"

    def get_absolute_url(self) -> str:
        return reverse("party-candidate", args=[self.pk])


class Score(models.Model):
    """The points of one rubric item for a candidate, with its evidence and who gave them
    (no one: scored from the records)."""

    scope_unit_field = "candidate__org__unit"

    candidate = models.ForeignKey(
        Candidate, verbose_name=_("candidate"), on_delete=models.CASCADE, related_name="scores"
    )
    item = models.ForeignKey(
        RubricItem, verbose_name=_("rubric item"), on_delete=models.PROTECT, related_name="+"
    )
    points = models.DecimalField(_("points"), max_digits=6, decimal_places=2)
    evidence = models.TextField(_("evidence"), blank=True)
    given_by = models.ForeignKey(
        User,
        verbose_name=_("given by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    automatic = models.BooleanField(_("scored from the records"), default=False)
    given_at = models.DateTimeField(_("given at"))

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        ordering = ["candidate_id", "item__order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["candidate", "item"],
                name="party_score_once_per_item",
                violation_error_message=_("This item is scored already."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.item_id}: {self.points}"

    def clean(self) -> None:
        if self.points < 0 or self.points > self.item.weight:
            raise ValidationError(
                {"points": _("%(item)s takes 0 to %(weight)s points; %(points)s is refused.") % {
                    "item": self.item.title, "weight": self.item.weight, "points": self.points}}
            )  # fmt: skip


MIN_NOTICE_DAYS = 5


class PublicNotice(models.Model):
    """The public notice (公示) of a year's list of demonstration organisations: at least five
    days, after which the list is named."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    text = models.TextField(_("notice"), blank=True)
    contact = models.CharField(
        _("how to object"),
        max_length=300,
        blank=True,
        help_text=_("Where and how anyone may object during the notice: office, phone, address."),
    )
    named_on = models.DateField(_("list named on"), null=True, blank=True)

    class Meta:
        verbose_name = _("public notice")
        verbose_name_plural = _("public notices")
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year} {self.starts_on}–{self.ends_on}"

    @property
    def days(self) -> int:
        return (self.ends_on - self.starts_on).days + 1

    def is_running(self, day: datetime.date) -> bool:
        """Whether the notice is up on `day` (its first and last days included)."""
        return self.starts_on <= day <= self.ends_on

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.days < MIN_NOTICE_DAYS:
            raise ValidationError(
                {"ends_on": _("A public notice lasts at least %(min)s days; this one %(days)s.")
                 % {"min": MIN_NOTICE_DAYS, "days": self.days}}
            )  # fmt: skip


class StarReview(models.Model):
    """The yearly review of a named organisation (动态管理): its stars raised, kept or
    lowered, with the reason."""

    scope_unit_field = "candidate__org__unit"

    candidate = models.ForeignKey(
        Candidate,
        verbose_name=_("named organisation"),
        on_delete=models.CASCADE,
        related_name="reviews",
    )
    year = models.PositiveSmallIntegerField(_("year reviewed"))
    stars_before = models.PositiveSmallIntegerField(_("stars before"))
    stars_after = models.PositiveSmallIntegerField(_("stars after"))
    reason = models.TextField(_("reason"))
    reviewed_by = models.ForeignKey(
        User,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("star review")
        verbose_name_plural = _("star reviews")
        constraints = [
            models.UniqueConstraint(
                fields=["candidate", "year"],
                name="party_review_once_a_year",
                violation_error_message=_("This organisation is reviewed for this year already."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.stars_before} → {self.stars_after}"
