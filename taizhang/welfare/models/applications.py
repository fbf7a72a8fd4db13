"""Applications (申请) through the civil-affairs flow, and public notices (公示).

受理 → 入户调查 (two staff, record and photos) → 初审 (village or subdistrict) → 公示 (at least 7
days, a public page per village, objections recorded) → 审批 by the deciding unit (区民政局) or
refusal in writing with reasons → enrolment from a day. The decision is due within 30 working
days of acceptance (45 with a written extension). Every step is a row of the timeline
(`ApplicationStep`) besides the audit entry."""

from __future__ import annotations

import datetime
from typing import Self

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from taizhang.core.models import ScopedQuerySet, Unit, User
from taizhang.core.versions import Versioned
from taizhang.lib import clock
from taizhang.people.models import Household, Person
from taizhang.welfare.models.enrolments import WELFARE_READERS, Enrolment
from taizhang.welfare.models.programmes import Programme, yuan


class ApplicationStatus(models.TextChoices):
    RECEIVED = "received", _("Received")  # 已受理, waiting for the home investigation
    INVESTIGATED = "investigated", _("Investigated")  # 已入户调查, waiting for 初审
    IN_NOTICE = "in_notice", _("In public notice")  # 公示中
    SUBMITTED = "submitted", _("Waiting for approval")  # 待审批
    RETURNED = "returned", _("Returned")  # 退回, to be investigated again
    APPROVED = "approved", _("Approved")  # 审批通过
    REFUSED = "refused", _("Refused")  # 不予批准
    WITHDRAWN = "withdrawn", _("Withdrawn")  # 撤回


OPEN_APPLICATION_STATUSES = (
    ApplicationStatus.RECEIVED,
    ApplicationStatus.INVESTIGATED,
    ApplicationStatus.IN_NOTICE,
    ApplicationStatus.SUBMITTED,
    ApplicationStatus.RETURNED,
)


class ApplicationQuerySet(ScopedQuerySet["Application"]):
    def open(self) -> Self:
        return self.filter(status__in=OPEN_APPLICATION_STATUSES)


class Application(Versioned):
    """An application (申请) by one member for the household to a programme."""

    scope_unit_field = "unit"
    scope_read_fields = WELFARE_READERS
    is_ledger_record = True

    number = models.CharField(_("number"), max_length=20, unique=True)
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="applications")
    applicant = models.ForeignKey(
        Person, verbose_name=_("applicant"), on_delete=models.PROTECT, related_name="applications"
    )
    household = models.ForeignKey(
        Household, null=True, blank=True, on_delete=models.PROTECT, related_name="applications"
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("village or community"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    received_on = models.DateField(_("received on"))
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.RECEIVED,
    )
    household_size = models.PositiveSmallIntegerField(_("household members"), default=1)
    monthly_income_yuan = yuan(_("household income per month (yuan)"), null=True, blank=True)
    reason = models.TextField(_("reason for applying"), blank=True)
    # Relatives of staff and village cadres (近亲属备案): flagged, always investigated.
    is_staff_relative = models.BooleanField(
        _("relative of staff or a village cadre"), default=False
    )
    staff_relative_note = models.CharField(_("relation declared"), max_length=200, blank=True)
    deadline = models.DateField(_("decision due"))
    extended = models.BooleanField(_("extended"), default=False)
    extension_reason = models.CharField(_("reason for the extension"), max_length=200, blank=True)
    preliminary_note = models.TextField(_("preliminary review opinion"), blank=True)  # 初审意见
    # 审批意见, or the reasons of a refusal (不予批准理由)
    decision_note = models.TextField(_("decision in writing"), blank=True)
    amount_yuan = yuan(_("approved amount (yuan)"), null=True, blank=True)
    enrol_from = models.DateField(_("enrolled from"), null=True, blank=True)
    decided_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    review_note = models.TextField(_("note of the last step"), blank=True)
    created_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=clock.now, editable=False)
    is_demo = models.BooleanField(_("demo"), default=False)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-received_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "applicant"],
                condition=Q(
                    status__in=["received", "investigated", "in_notice", "submitted", "returned"]
                ),
                name="application_one_open_per_person",
                violation_error_message=_("This person already has an open application."),
            ),
        ]
        indexes = [models.Index(fields=["status", "deadline"], name="application_status_due")]

    def __str__(self) -> str:
        return self.number

    def get_absolute_url(self) -> str:
        return reverse("welfare-application", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_APPLICATION_STATUSES


class Investigation(models.Model):
    """A home investigation (入户调查) by two staff: what they found; photos are attachments."""

    scope_unit_field = "application__unit"
    scope_read_fields = tuple(f"application__{field}" for field in WELFARE_READERS)

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="investigations"
    )
    investigated_on = models.DateField(_("investigated on"))
    first_investigator = models.ForeignKey(
        User, verbose_name=_("investigator"), on_delete=models.PROTECT, related_name="+"
    )
    second_investigator = models.ForeignKey(
        User, verbose_name=_("second investigator"), on_delete=models.PROTECT, related_name="+"
    )
    findings = models.TextField(_("findings"))  # 调查情况: housing, income, assets, health
    verified_income_yuan = yuan(
        _("verified household income per month (yuan)"), null=True, blank=True
    )
    recorded_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=clock.now, editable=False)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("home investigation")
        verbose_name_plural = _("home investigations")
        ordering = ["application_id", "investigated_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(first_investigator=models.F("second_investigator")),
                name="investigation_two_staff",
                violation_error_message=_("A home investigation is made by two different staff."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.application} {self.investigated_on}"


class ApplicationStep(models.Model):
    """One step of an application's timeline (办理过程): who did what, when, with which note."""

    scope_unit_field = "application__unit"
    scope_read_fields = tuple(f"application__{field}" for field in WELFARE_READERS)

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="steps")
    step = models.CharField(_("step"), max_length=24)
    from_status = models.CharField(max_length=16, blank=True)
    to_status = models.CharField(max_length=16)
    note = models.TextField(_("note"), blank=True)
    by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(default=clock.now, editable=False)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("application step")
        verbose_name_plural = _("application steps")
        ordering = ["application_id", "at", "id"]

    def __str__(self) -> str:
        return f"{self.application} {self.step}"


class NoticeSubject(models.TextChoices):
    APPROVAL = "approval", _("Proposed enrolment")  # 拟批准公示
    STOP = "stop", _("Stop of an enrolment")  # 停发公示


class NoticeQuerySet(ScopedQuerySet["Notice"]):
    def running(self, on: datetime.date | None = None) -> Self:
        day = on or clock.today()
        return self.filter(starts_on__lte=day, ends_on__gte=day)


class Notice(models.Model):
    """A public notice (公示) in a village: a proposed enrolment or a stop, for at least seven
    days, shown on the village's public page with the name masked and no ID number."""

    scope_unit_field = "unit"

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    subject = models.CharField(_("subject"), max_length=16, choices=NoticeSubject.choices)
    application = models.OneToOneField(
        Application, null=True, blank=True, on_delete=models.CASCADE, related_name="notice"
    )
    enrolment = models.ForeignKey(
        Enrolment, null=True, blank=True, on_delete=models.CASCADE, related_name="notices"
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    text = models.TextField(_("notice text"), blank=True)
    created_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=clock.now, editable=False)

    objects = NoticeQuerySet.as_manager()

    class Meta:
        verbose_name = _("public notice")
        verbose_name_plural = _("public notices")
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="notice_ends_after_start",
                violation_error_message=_("A notice ends before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(application__isnull=False) | Q(enrolment__isnull=False),
                name="notice_has_a_subject",
                violation_error_message=_("A notice is about an application or an enrolment."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_subject_display()} {self.starts_on}–{self.ends_on}"


class Objection(models.Model):
    """An objection raised during a 公示 (异议): what was said, how it was checked and the
    outcome. A sustained objection stops the application going to approval."""

    scope_unit_field = "notice__unit"

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="objections")
    received_on = models.DateField(_("received on"))
    raised_by = models.CharField(_("raised by"), max_length=100, blank=True)
    content = models.TextField(_("objection"))
    handling = models.TextField(_("how it was checked"), blank=True)
    sustained = models.BooleanField(_("sustained"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=clock.now, editable=False)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("objection")
        verbose_name_plural = _("objections")
        ordering = ["notice_id", "received_on", "id"]

    def __str__(self) -> str:
        return f"{self.notice} {self.received_on}"
