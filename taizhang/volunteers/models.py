"""Volunteer service (志愿服务) and responsibility-letter campaigns (责任书).

A volunteer (志愿者) is a person of the people registry, entered once by citizen ID number,
with a volunteer number, skills, school and the organisation they serve with. An organiser unit
(共青团平城区委, a subdistrict, a community) runs a campaign (招募活动) in places (communities)
with shifts (班次): a time, a place, a number of volunteers needed and a cap. A volunteer's
participation (报名) in a shift moves through the states of ephios: requested → confirmed, or
declined by the volunteer, or rejected by the organiser. Attendance (签到/签退) on a confirmed
participation gives the hours served; hours a volunteer reports as missing (补录) count once an
organiser approves them. Tasks leave records: door-to-door visits (入户走访) with an outcome per
household, and data work (数据整理) with a count of records handled.

A letter campaign (责任书签订) of an issuing unit lists targets (organisations of the registry
or households) in its communities, assigned to volunteers or teams; each is signed, refused or
pending, and the completion rate (签订完成率) is computed from the list, never typed.
"""

from __future__ import annotations

import datetime
import secrets
from decimal import Decimal
from typing import Any, Self

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from taizhang.core.models import ScopedQuerySet, Unit, User
from taizhang.core.personal import PersonalKind
from taizhang.core.versions import Versioned
from taizhang.lib import clock
from taizhang.people.models import Household, Organisation, Person


def new_public_key() -> str:
    return secrets.token_urlsafe(16)


class ParticipationState(models.TextChoices):
    """The states of a sign-up (ephios' AbstractParticipation.States)."""

    REQUESTED = "requested", _("Requested")  # 待确认
    CONFIRMED = "confirmed", _("Confirmed")  # 已确认
    DECLINED = "declined", _("Declined by the volunteer")  # 志愿者取消
    REJECTED = "rejected", _("Rejected by the organiser")  # 组织方拒绝


ACTIVE_STATES = (ParticipationState.REQUESTED, ParticipationState.CONFIRMED)


class ClaimState(models.TextChoices):
    PENDING = "pending", _("Waiting for approval")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")


class VisitOutcome(models.TextChoices):
    """What a door-to-door visit found (入户走访结果)."""

    VISITED = "visited", _("Visited")  # 已走访
    NOT_AT_HOME = "not_at_home", _("Not at home")  # 不在家
    REFUSED = "refused", _("Refused")  # 拒绝
    FOLLOW_UP = "follow_up", _("Follow-up needed")  # 需跟进


class TargetState(models.TextChoices):
    PENDING = "pending", _("Pending")  # 待签订
    SIGNED = "signed", _("Signed")  # 已签订
    REFUSED = "refused", _("Refused")  # 拒签


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


def clock_text(moment: datetime.datetime | None) -> str:
    from django.utils import timezone

    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


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


class Visit(models.Model):
    """A door-to-door visit of a household (入户走访) during a campaign, with its outcome."""

    scope_unit_field = "campaign__unit"
    scope_read_fields = ("household__unit",)

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="visits")
    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="+")
    volunteer = models.ForeignKey(
        Volunteer, null=True, blank=True, on_delete=models.PROTECT, related_name="visits"
    )
    visited_on = models.DateField(_("visited on"))
    outcome = models.CharField(_("outcome"), max_length=12, choices=VisitOutcome.choices)
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_demo = models.BooleanField(_("demo"), default=False)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("door-to-door visit")
        verbose_name_plural = _("door-to-door visits")
        ordering = ["-visited_on", "-id"]

    def __str__(self) -> str:
        return f"{self.household} {self.get_outcome_display()}"

    def get_absolute_url(self) -> str:
        return reverse("volunteers-campaign", args=[self.campaign_id]) + "#visits"


class DataTask(models.Model):
    """Data work of a campaign (数据整理), e.g. sorting group-booking data for tests, with the
    count of records handled."""

    scope_unit_field = "campaign__unit"
    scope_read_fields = ("campaign__places",)

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="data_tasks")
    volunteer = models.ForeignKey(
        Volunteer, null=True, blank=True, on_delete=models.PROTECT, related_name="data_tasks"
    )
    description = models.CharField(_("description"), max_length=200)
    records = models.PositiveIntegerField(_("records handled"))
    done_on = models.DateField(_("done on"))
    recorded_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_demo = models.BooleanField(_("demo"), default=False)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("data task")
        verbose_name_plural = _("data tasks")
        ordering = ["-done_on", "-id"]

    def __str__(self) -> str:
        return self.description

    def get_absolute_url(self) -> str:
        return reverse("volunteers-campaign", args=[self.campaign_id]) + "#data"


class LetterCampaign(Versioned):
    """A responsibility-letter campaign (责任书签订): the issuing unit, the letter's text and its
    numbered duties, the communities of its targets; it may belong to a volunteer campaign."""

    scope_unit_field = "unit"
    scope_read_fields = ("places",)
    is_ledger_record = True

    unit = models.ForeignKey(
        Unit, verbose_name=_("issuing unit"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("letter text"), blank=True)
    duties = models.TextField(_("duties"), help_text=_("One duty a line; they are numbered."))
    places = models.ManyToManyField(Unit, verbose_name=_("communities"), related_name="+")
    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("volunteer campaign"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="letter_campaigns",
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    created_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_demo = models.BooleanField(_("demo"), default=False)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("letter campaign")
        verbose_name_plural = _("letter campaigns")
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="volunteers_letters_end_after_start",
                violation_error_message=_("A campaign cannot end before it starts."),
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("volunteers-letters", args=[self.pk])

    def numbered_duties(self) -> list[str]:
        lines = [line.strip() for line in self.duties.splitlines() if line.strip()]
        return [f"{index}. {line}" for index, line in enumerate(lines, start=1)]


class LetterTarget(models.Model):
    """A counterparty of a letter campaign (签订对象): an organisation of the registry (小区物业,
    商铺) or a household, in one of the campaign's communities, assigned to a volunteer or a
    team; signed (date, who signed, photo or scan), refused (reason) or pending."""

    # The target belongs to its community, whose staff and volunteers sign it (and keep the
    # photo of the letter); the issuing unit reads it.
    is_ledger_record = True  # history and attachments pages (core/views/records.py)
    scope_unit_field = "community"
    scope_read_fields = ("letter_campaign__unit",)

    letter_campaign = models.ForeignKey(
        LetterCampaign, on_delete=models.CASCADE, related_name="targets"
    )
    community = models.ForeignKey(
        Unit, verbose_name=_("community"), on_delete=models.PROTECT, related_name="+"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    household = models.ForeignKey(
        Household,
        verbose_name=_("household"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    team = models.CharField(_("team"), max_length=50, blank=True)
    volunteer = models.ForeignKey(
        Volunteer,
        verbose_name=_("volunteer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="letter_targets",
    )
    state = models.CharField(
        _("state"), max_length=8, choices=TargetState.choices, default=TargetState.PENDING
    )
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    signed_by = models.CharField(_("signed by"), max_length=50, blank=True)
    refusal_reason = models.CharField(_("reason of refusal"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(null=True, blank=True)
    is_demo = models.BooleanField(_("demo"), default=False)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("letter target")
        verbose_name_plural = _("letter targets")
        ordering = ["letter_campaign_id", "community_id", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(organisation__isnull=False, household__isnull=True)
                | Q(organisation__isnull=True, household__isnull=False),
                name="volunteers_target_one_counterparty",
                violation_error_message=_("A target is an organisation or a household."),
            ),
            models.CheckConstraint(
                condition=~Q(state="signed") | Q(signed_on__isnull=False),
                name="volunteers_signed_target_has_date",
                violation_error_message=_("A signed letter has the date it was signed."),
            ),
            models.UniqueConstraint(
                fields=["letter_campaign", "organisation"],
                condition=Q(organisation__isnull=False),
                name="volunteers_target_organisation_once",
                violation_error_message=_("This organisation is already a target."),
            ),
            models.UniqueConstraint(
                fields=["letter_campaign", "household"],
                condition=Q(household__isnull=False),
                name="volunteers_target_household_once",
                violation_error_message=_("This household is already a target."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.organisation or self.household)

    def get_absolute_url(self) -> str:
        return reverse("volunteers-target", args=[self.pk])

    @property
    def counterparty(self) -> Any:
        return self.organisation or self.household


class Certificate(models.Model):
    """A certificate of volunteer service (志愿服务证明, 志愿服务记录与证明出具办法): the hours and
    content on record when issued, the issuing organisation, the person in charge and the
    handler, its number and date, and a random key for its public verification link."""

    is_ledger_record = True  # history and attachments pages (core/views/records.py)
    scope_unit_field = "volunteer__person__unit"
    scope_read_fields = ("unit",)

    volunteer = models.ForeignKey(Volunteer, on_delete=models.PROTECT, related_name="certificates")
    number = models.CharField(_("certificate number"), max_length=30, unique=True)
    unit = models.ForeignKey(
        Unit, verbose_name=_("issuing organisation"), on_delete=models.PROTECT, related_name="+"
    )
    hours = models.DecimalField(_("hours"), max_digits=8, decimal_places=2)
    content = models.TextField(_("service content"))
    person_in_charge = models.CharField(_("person in charge"), max_length=50)
    handler = models.CharField(_("handler"), max_length=50)
    issued_on = models.DateField(_("issued on"))
    key = models.CharField(max_length=32, unique=True, default=new_public_key)
    issued_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("service certificate")
        verbose_name_plural = _("service certificates")
        ordering = ["-issued_on", "-id"]

    def __str__(self) -> str:
        return self.number

    def get_absolute_url(self) -> str:
        return reverse("volunteers-certificate", args=[self.pk])


# Kept in its own module; imported here so that Django finds it with the app's models.
from taizhang.volunteers.published import PublishedLetterFigures as PublishedLetterFigures  # noqa: E402
