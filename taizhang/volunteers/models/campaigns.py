"""Volunteers, campaigns and their shifts, sign-ups with attendance, and claims of missing
hours (志愿者、招募、班次、报名与签到、补录)."""

from __future__ import annotations

from decimal import Decimal
from typing import Self

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from taizhang.core.models import ScopedQuerySet, Unit, User
from taizhang.core.personal import PersonalKind
from taizhang.core.versions import Versioned
from taizhang.lib import clock
from taizhang.people.models import Person
from taizhang.volunteers.models.common import (
    ACTIVE_STATES,
    ClaimState,
    ParticipationState,
    clock_text,
    new_public_key,
)


class Volunteer(Versioned):
    """A registered volunteer (注册志愿者): a person of the registry, once, with the volunteer
    number, skills, school (在校大学生) and the organisation they serve with."""

    scope_unit_field = "person__unit"
    # The organisers of the campaigns they signed up for read them too.
    scope_read_fields = ("participations__shift__campaign__unit",)
    is_ledger_record = True
    personal_fields = {"phone": PersonalKind.PHONE}

    person = models.OneToOneField(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="volunteer"
    )
    number = models.CharField(_("volunteer number"), max_length=20, unique=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    skills = models.CharField(_("skills"), max_length=200, blank=True)
    school = models.CharField(_("school"), max_length=100, blank=True)
    organisation = models.CharField(_("serves with"), max_length=100, blank=True)
    registered_on = models.DateField(_("registered on"), default=clock.today)
    is_demo = models.BooleanField(_("demo"), default=False)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("volunteer")
        verbose_name_plural = _("volunteers")
        ordering = ["number"]

    def __str__(self) -> str:
        return f"{self.number} {self.person.name}"

    def get_absolute_url(self) -> str:
        return reverse("volunteers-volunteer", args=[self.pk])


class Campaign(Versioned):
    """A recruitment campaign (志愿服务招募): the organiser unit, purpose, period, places
    (communities), requirements and a public sign-up link (by its random key)."""

    scope_unit_field = "unit"
    scope_read_fields = ("places",)
    is_ledger_record = True

    unit = models.ForeignKey(
        Unit, verbose_name=_("organiser"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("title"), max_length=200)
    purpose = models.TextField(_("purpose"), blank=True)
    requirements = models.TextField(_("requirements"), blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    places = models.ManyToManyField(Unit, verbose_name=_("places"), related_name="+")
    public_key = models.CharField(max_length=32, unique=True, default=new_public_key)
    is_open = models.BooleanField(_("open for sign-up"), default=True)
    created_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_demo = models.BooleanField(_("demo"), default=False)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("volunteer campaign")
        verbose_name_plural = _("volunteer campaigns")
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="volunteers_campaign_ends_after_start",
                violation_error_message=_("A campaign cannot end before it starts."),
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("volunteers-campaign", args=[self.pk])

    def public_path(self) -> str:
        return reverse("volunteers-join", args=[self.public_key])


class Shift(models.Model):
    """A shift of a campaign (班次): a task at a place and time, the volunteers needed and the
    cap on sign-ups (requested and confirmed)."""

    scope_unit_field = "campaign__unit"
    scope_read_fields = ("place",)

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="shifts")
    task = models.CharField(_("task"), max_length=200)
    place = models.ForeignKey(
        Unit, verbose_name=_("place"), on_delete=models.PROTECT, related_name="+"
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    needed = models.PositiveSmallIntegerField(_("volunteers needed"))
    cap = models.PositiveSmallIntegerField(_("at most"))

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("shift")
        verbose_name_plural = _("shifts")
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="volunteers_shift_ends_after_start",
                violation_error_message=_("A shift ends after it starts."),
            ),
            models.CheckConstraint(
                condition=Q(cap__gte=models.F("needed")) & Q(needed__gt=0),
                name="volunteers_shift_cap_covers_needed",
                violation_error_message=_(
                    "A shift needs at least one volunteer, and its cap "
                    "is at least the number needed."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.task} {clock_text(self.starts_at)}"

    def get_absolute_url(self) -> str:
        return reverse("volunteers-campaign", args=[self.campaign_id]) + f"#shift-{self.pk}"

    def clean(self) -> None:
        if (
            self.campaign_id
            and self.place_id
            and not self.campaign.places.filter(pk=self.place_id).exists()
        ):
            raise ValidationError({"place": _("The place is not one of the campaign's.")})


class ParticipationQuerySet(ScopedQuerySet["Participation"]):
    def active(self) -> Self:
        return self.filter(state__in=ACTIVE_STATES)

    def served_in(self, year: int) -> Self:
        return self.filter(checked_out_at__isnull=False, checked_in_at__year=year)


class Participation(models.Model):
    """A volunteer's sign-up for a shift (报名) and its attendance (签到、签退, 服务时长)."""

    scope_unit_field = "shift__campaign__unit"
    scope_read_fields = ("shift__place",)

    shift = models.ForeignKey(Shift, on_delete=models.PROTECT, related_name="participations")
    volunteer = models.ForeignKey(
        Volunteer, on_delete=models.PROTECT, related_name="participations"
    )
    state = models.CharField(
        _("state"),
        max_length=10,
        choices=ParticipationState.choices,
        default=ParticipationState.REQUESTED,
    )
    token = models.CharField(max_length=32, unique=True, default=new_public_key)
    requested_at = models.DateTimeField(_("requested at"), default=clock.now)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    checked_out_at = models.DateTimeField(_("checked out at"), null=True, blank=True)
    hours = models.DecimalField(_("hours"), max_digits=6, decimal_places=2, default=Decimal("0"))
    is_demo = models.BooleanField(_("demo"), default=False)

    objects = ParticipationQuerySet.as_manager()

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        ordering = ["shift_id", "requested_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["shift", "volunteer"],
                name="volunteers_participation_once_per_shift",
                violation_error_message=_("This volunteer has already signed up for the shift."),
            ),
            models.CheckConstraint(
                condition=Q(checked_out_at__isnull=True)
                | Q(checked_in_at__isnull=False, checked_out_at__gt=models.F("checked_in_at")),
                name="volunteers_checkout_after_checkin",
                violation_error_message=_("A check-out comes after the check-in."),
            ),
        ]
        indexes = [models.Index(fields=["volunteer", "checked_in_at"], name="vol_part_attend")]

    def __str__(self) -> str:
        return f"{self.volunteer.number} {self.shift}"

    def get_absolute_url(self) -> str:
        return self.shift.get_absolute_url()


class HoursClaim(models.Model):
    """Hours a volunteer reports as missing (补录服务时长), approved or refused with a reason
    by an organiser."""

    scope_unit_field = "campaign__unit"
    scope_read_fields = ("campaign__places",)

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="claims")
    volunteer = models.ForeignKey(Volunteer, on_delete=models.PROTECT, related_name="claims")
    starts_at = models.DateTimeField(_("from"))
    ends_at = models.DateTimeField(_("to"))
    hours = models.DecimalField(_("hours"), max_digits=6, decimal_places=2)
    description = models.CharField(_("what was done"), max_length=200)
    state = models.CharField(
        _("state"), max_length=10, choices=ClaimState.choices, default=ClaimState.PENDING
    )
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    decided_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    created_at = models.DateTimeField(default=clock.now, editable=False)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("hours claim")
        verbose_name_plural = _("hours claims")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="volunteers_claim_ends_after_start",
                violation_error_message=_("The end comes after the start."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.volunteer.number} {clock_text(self.starts_at)}"

    def get_absolute_url(self) -> str:
        return reverse("volunteers-claim-list")
