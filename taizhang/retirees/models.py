"""Enterprise retirees under community management (企业退休人员社会化管理).

Since the 2019 reform, retirees of state enterprises are handed from their employers to the
街道 / 社区. A retiree is a person of the registry (people.Person) with what the community keeps
about them: the former employer, the retirement date, the pension, the yearly confirmation of
pension eligibility (领取养老金资格认证), visits, the handover of their file (档案) and party
relation, and their death. The community of a retiree is their registry person's village or
community (`person.unit`): one truth, so that moving the person moves the retiree.

Special lists (劳动模范, 工伤, 特困, 孤寡, 重病) are registry groups; 高龄 (80 and over) is
computed from the birth date on a day, never stored.
"""

from __future__ import annotations

import datetime
from typing import Self

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from taizhang.core.models import ScopedQuerySet, Unit, User
from taizhang.core.personal import PersonalKind
from taizhang.lib import clock
from taizhang.lib.dates import add_months
from taizhang.people.models import Group, GroupMembership, Organisation, Person, PersonStatus

# The registry groups whose members are visited every month (特困, 孤寡, 重病).
VISITED_GROUPS = ("tekun", "guagua-laoren", "dabing")
# The special lists of the roster: registry groups (and 高龄, computed).
SPECIAL_GROUPS = ("laomo", "gongshang", *VISITED_GROUPS)
ELDERLY_AGE = 80  # 高龄


def month_end(day: datetime.date) -> datetime.date:
    return add_months(day.replace(day=1), 1) - datetime.timedelta(days=1)


class PensionKind(models.TextChoices):
    """The pension a retiree draws (养老金类别)."""

    ENTERPRISE = "enterprise", _("Basic pension of enterprise employees")  # 企业职工基本养老金
    FLEXIBLE = "flexible", _("Pension of the flexibly employed")  # 灵活就业人员养老金
    RETIREMENT_FEE = "retirement_fee", _("Retirement fee of a former institution")  # 退休费
    OTHER = "other", _("Other pension")


class PartyTransfer(models.TextChoices):
    """Where a party member's organisational relation (党组织关系) stands in the handover."""

    NOT_MEMBER = "", _("Not a party member")
    PENDING = "pending", _("Transfer to the community pending")  # 待转入
    TRANSFERRED = "transferred", _("Transferred to the community")  # 已转入


class PensionState(models.TextChoices):
    """What the community has told the social insurance agency about the pension."""

    NORMAL = "normal", _("Paid")  # 正常发放
    TO_SUSPEND = "to_suspend", _("To be suspended")  # 待暂停
    TO_RESUME = "to_resume", _("To be resumed")  # 待恢复
    STOPPED = "stopped", _("Stopped (deceased)")  # 停发（死亡）


class RetireeQuerySet(ScopedQuerySet["Retiree"]):
    def alive(self) -> Self:
        return self.exclude(person__status=PersonStatus.DECEASED)

    def overdue(self, on: datetime.date) -> Self:
        """Living retirees whose confirmation was due before `on`."""
        return self.alive().filter(next_due_on__lt=on)

    def due(self, on: datetime.date) -> Self:
        """Living retirees whose confirmation falls due from `on` to the end of its month."""
        return self.alive().filter(next_due_on__gte=on, next_due_on__lte=month_end(on))

    def past_grace(self, on: datetime.date, grace_months: int) -> Self:
        """Living retirees overdue by more than the grace period on `on`."""
        return self.alive().filter(next_due_on__lt=add_months(on, -grace_months))

    def on_visit_list(self, on: datetime.date) -> Self:
        """Living retirees who are members of a monthly-visited group (特困, 孤寡, 重病)."""
        members = GroupMembership.objects.current(on).filter(group__code__in=VISITED_GROUPS)
        return self.alive().filter(person__in=members.values("person_id"))

    def in_group(self, group: Group, on: datetime.date) -> Self:
        members = GroupMembership.objects.current(on).filter(group=group)
        return self.filter(person__in=members.values("person_id"))

    def elderly(self, on: datetime.date) -> Self:
        """高龄: 80 and over on `on`, from the registry's birth date."""
        return self.filter(person__in=Person.objects.aged(ELDERLY_AGE, on=on).values("pk"))


class Retiree(models.Model):
    """An enterprise retiree under community management (企业退休人员): a registry person with
    their former employer, pension and what the community keeps about them. `next_due_on` is
    when the yearly confirmation is next due (12 months after the last one, or after the
    handover or the retirement when there is none); only the services set it."""

    scope_unit_field = "person__unit"
    is_ledger_record = True
    personal_fields = {
        "social_insurance_number": PersonalKind.ID_NUMBER,
        "emergency_phone": PersonalKind.PHONE,
    }

    person = models.OneToOneField(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="retiree"
    )
    employer = models.ForeignKey(
        Organisation,
        verbose_name=_("former employer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="retirees",
    )
    employer_name = models.CharField(
        _("former employer (name)"),
        max_length=200,
        blank=True,
        help_text=_("When the employer is not in the registry (closed, merged)."),
    )
    retired_on = models.DateField(_("retirement date"))
    handed_over_on = models.DateField(_("handed over to the community on"), null=True, blank=True)
    pension_kind = models.CharField(
        _("pension"), max_length=20, choices=PensionKind.choices, default=PensionKind.ENTERPRISE
    )
    social_insurance_number = models.CharField(
        _("social insurance number"), max_length=30, blank=True
    )  # 社会保障号码
    health = models.CharField(_("health"), max_length=200, blank=True)
    skills = models.CharField(_("skills and hobbies"), max_length=200, blank=True)
    spouse = models.CharField(_("spouse"), max_length=50, blank=True)
    emergency_contact = models.CharField(_("emergency contact"), max_length=50, blank=True)
    emergency_phone = models.CharField(_("emergency contact phone"), max_length=30, blank=True)
    is_party_member = models.BooleanField(_("party member"), default=False)
    party_transfer = models.CharField(
        _("party relation"), max_length=16, choices=PartyTransfer.choices, blank=True
    )
    pension_state = models.CharField(
        _("pension state"),
        max_length=16,
        choices=PensionState.choices,
        default=PensionState.NORMAL,
    )
    next_due_on = models.DateField(_("confirmation due on"), editable=False)
    notes = models.TextField(_("notes"), blank=True)
    is_demo = models.BooleanField(_("demo"), default=False)
    created_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=clock.now, editable=False)

    objects = RetireeQuerySet.as_manager()

    class Meta:
        verbose_name = _("retiree")
        verbose_name_plural = _("retirees")
        ordering = ["person__unit_id", "person__name", "id"]
        indexes = [models.Index(fields=["next_due_on"], name="retiree_next_due")]
        constraints = [
            models.CheckConstraint(
                condition=Q(is_party_member=True) | Q(party_transfer=""),
                name="retiree_party_transfer_of_member",
                violation_error_message=_("Only a party member has a party relation to transfer."),
            )
        ]

    def __str__(self) -> str:
        return self.person.name

    def get_absolute_url(self) -> str:
        return reverse("retirees-retiree", args=[self.pk])

    @property
    def employer_display(self) -> str:
        return self.employer.name if self.employer_id and self.employer else self.employer_name


class RecordedEntry(models.Model):
    """What every entry a clerk records keeps: who recorded it and when, and whether it is demo
    data."""

    is_demo = models.BooleanField(_("demo"), default=False)
    recorded_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=clock.now, editable=False)

    class Meta:
        abstract = True


class HandoverBatch(RecordedEntry):
    """A handover batch (移交批次) of the handover ledger (移交台账): retirees an employer hands
    to a subdistrict or community on a day, received by a named person."""

    scope_unit_field = "unit"
    is_ledger_record = True

    unit = models.ForeignKey(
        Unit,
        verbose_name=_("receiving unit"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The subdistrict or community that received the batch."),
    )
    employer = models.ForeignKey(
        Organisation,
        verbose_name=_("employer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    employer_name = models.CharField(_("employer (name)"), max_length=200, blank=True)
    received_on = models.DateField(_("received on"))
    received_by = models.CharField(_("received by"), max_length=50)
    notes = models.TextField(_("notes"), blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("handover batch")
        verbose_name_plural = _("handover batches")
        ordering = ["-received_on", "-id"]

    def __str__(self) -> str:
        return f"{self.employer_display} {self.received_on:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("retirees-handover", args=[self.pk])

    @property
    def employer_display(self) -> str:
        return self.employer.name if self.employer_id and self.employer else self.employer_name


class HandoverItem(models.Model):
    """One retiree of a handover batch (移交明细): their file (档案) received or missing, their
    party relation transferred or not, checked by whom and when."""

    scope_unit_field = "batch__unit"

    batch = models.ForeignKey(HandoverBatch, on_delete=models.CASCADE, related_name="items")
    retiree = models.ForeignKey(
        Retiree, verbose_name=_("retiree"), on_delete=models.PROTECT, related_name="handovers"
    )
    file_received = models.BooleanField(_("file received"), default=False)
    missing_note = models.CharField(_("what is missing"), max_length=200, blank=True)
    party_transferred = models.BooleanField(_("party relation transferred"), default=False)
    checked_by = models.CharField(_("checked by"), max_length=50, blank=True)
    checked_on = models.DateField(_("checked on"), null=True, blank=True)

    class Meta:
        verbose_name = _("handover item")
        verbose_name_plural = _("handover items")
        ordering = ["batch_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["batch", "retiree"],
                name="handover_item_once_per_batch",
                violation_error_message=_("This retiree is already in the batch."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.batch} {self.retiree}"


class ConfirmationMethod(models.TextChoices):
    """How eligibility was confirmed (认证方式)."""

    APP = "app", _("Self-service app")  # 掌上认证 / 自助认证
    HOME_VISIT = "home_visit", _("Home visit")  # 上门认证
    OFFICE = "office", _("At the office")  # 窗口认证


class Confirmation(RecordedEntry):
    """A yearly confirmation of pension eligibility (领取养老金资格认证)."""

    scope_unit_field = "retiree__person__unit"
    is_ledger_record = True

    retiree = models.ForeignKey(Retiree, on_delete=models.PROTECT, related_name="confirmations")
    confirmed_on = models.DateField(_("confirmed on"))
    method = models.CharField(_("method"), max_length=16, choices=ConfirmationMethod.choices)
    confirmed_by = models.CharField(_("confirmed by"), max_length=50)
    notes = models.CharField(_("notes"), max_length=200, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("eligibility confirmation")
        verbose_name_plural = _("eligibility confirmations")
        ordering = ["-confirmed_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["retiree", "confirmed_on"],
                name="confirmation_once_a_day",
                violation_error_message=_("This retiree is already confirmed on this day."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.retiree} {self.confirmed_on:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("retirees-retiree", args=[self.retiree_id])


class PensionEventKind(models.TextChoices):
    SUSPEND = "suspend", _("To be suspended")  # 暂停发放
    RESUME = "resume", _("To be resumed")  # 恢复发放
    STOP = "stop", _("To be stopped (death)")  # 停发


class PensionEvent(models.Model):
    """A change of a pension the community reports to the social insurance agency: to be
    suspended (overdue past the grace period), to be resumed with back pay (a later
    confirmation), to be stopped (a death). `from_month` is the first month it applies to."""

    scope_unit_field = "retiree__person__unit"

    retiree = models.ForeignKey(Retiree, on_delete=models.PROTECT, related_name="pension_events")
    kind = models.CharField(_("change"), max_length=16, choices=PensionEventKind.choices)
    on = models.DateField(_("recorded on"))
    from_month = models.DateField(_("from the month of"))
    back_pay_months = models.PositiveSmallIntegerField(_("months of back pay"), null=True)
    recorded_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=clock.now, editable=False)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("pension change")
        verbose_name_plural = _("pension changes")
        ordering = ["-on", "-id"]

    def __str__(self) -> str:
        return f"{self.retiree} {self.get_kind_display()} {self.on:%Y-%m-%d}"


class DeathSource(models.TextChoices):
    FAMILY = "family", _("The family")  # 家属报告
    HOSPITAL = "hospital", _("The hospital")  # 医院
    VISIT = "visit", _("A visit")  # 走访发现


class DeathReport(RecordedEntry):
    """A retiree's death reported to the community (死亡报告); its evidence (death or cremation
    certificate scans) are attachments. The 死亡信息反馈单 for the social insurance agency is
    generated from it."""

    scope_unit_field = "retiree__person__unit"
    is_ledger_record = True

    retiree = models.OneToOneField(
        Retiree, verbose_name=_("retiree"), on_delete=models.PROTECT, related_name="death"
    )
    died_on = models.DateField(_("date of death"))
    source = models.CharField(_("reported by"), max_length=16, choices=DeathSource.choices)
    reporter = models.CharField(_("reporter's name"), max_length=50, blank=True)
    reported_on = models.DateField(_("reported on"))
    notes = models.TextField(_("notes"), blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("death report")
        verbose_name_plural = _("death reports")
        ordering = ["-died_on", "-id"]

    def __str__(self) -> str:
        return f"{self.retiree} {self.died_on:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("retirees-death", args=[self.pk])


class ClaimKind(models.TextChoices):
    FUNERAL_GRANT = "funeral_grant", _("Funeral grant")  # 丧葬补助金
    SURVIVOR_BENEFIT = "survivor_benefit", _("Survivors' benefit")  # 遗属待遇


class ClaimStatus(models.TextChoices):
    OPEN = "open", _("Received")  # 已受理
    SUBMITTED = "submitted", _("Sent to the agency")  # 已报送
    COMPLETED = "completed", _("Completed")  # 已办结


class SurvivorClaim(models.Model):
    """A survivors' claim after a death (丧葬补助金, 遗属待遇), tracked to completion."""

    scope_unit_field = "death__retiree__person__unit"

    death = models.ForeignKey(DeathReport, on_delete=models.CASCADE, related_name="claims")
    kind = models.CharField(_("claim"), max_length=20, choices=ClaimKind.choices)
    claimant = models.CharField(_("claimant"), max_length=50)
    status = models.CharField(
        _("status"), max_length=16, choices=ClaimStatus.choices, default=ClaimStatus.OPEN
    )
    opened_on = models.DateField(_("received on"))
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    notes = models.CharField(_("notes"), max_length=200, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("survivors' claim")
        verbose_name_plural = _("survivors' claims")
        ordering = ["death_id", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["death", "kind"],
                name="survivor_claim_once_per_kind",
                violation_error_message=_("This claim is already recorded for this death."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.death.retiree} {self.get_kind_display()}"


class RetireeVisit(RecordedEntry):
    """A monthly visit (走访) to a retiree on a visited list (特困, 孤寡, 重病): who, when, what
    was found and what follows; photos are attachments."""

    scope_unit_field = "retiree__person__unit"
    is_ledger_record = True

    retiree = models.ForeignKey(Retiree, on_delete=models.PROTECT, related_name="visits")
    visited_on = models.DateField(_("visited on"))
    visitors = models.CharField(_("visitors"), max_length=200)
    findings = models.TextField(_("what was found"))
    follow_up = models.CharField(_("follow-up"), max_length=200, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("retiree visit")
        verbose_name_plural = _("retiree visits")
        ordering = ["-visited_on", "-id"]
        indexes = [models.Index(fields=["retiree", "visited_on"], name="retiree_visit_day")]

    def __str__(self) -> str:
        return f"{self.retiree} {self.visited_on:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("retirees-visit", args=[self.pk])


class ActivityKind(models.TextChoices):
    """The outreach a community runs for its retirees."""

    PUBLICITY = "publicity", _("Publicity campaign")  # 宣传活动
    STUDY = "study", _("Study session")  # 学习活动
    HEALTH_TALK = "health_talk", _("Health talk")  # 健康讲座
    BIRTHDAY = "birthday", _("Birthday visit")  # 生日慰问
    OTHER = "other", _("Other activity")


class Activity(RecordedEntry):
    """An activity or outreach campaign of a community for its retirees (宣传活动, 学习活动,
    健康讲座, 生日慰问): when and where, the retirees of its roster who attended, how many
    people it reached in all (family and other residents count too), photos as attachments.
    Activities of one campaign in several communities share the campaign's name."""

    scope_unit_field = "unit"
    is_ledger_record = True

    unit = models.ForeignKey(
        Unit, verbose_name=_("community"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind of activity"), max_length=16, choices=ActivityKind.choices)
    title = models.CharField(_("title"), max_length=200)
    campaign = models.CharField(
        _("campaign"),
        max_length=200,
        blank=True,
        help_text=_("The campaign it is part of, named the same in every community."),
    )
    held_on = models.DateField(_("held on"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    reached = models.PositiveIntegerField(
        _("people reached"), help_text=_("Everyone it reached, the retirees attending included.")
    )
    attendees = models.ManyToManyField(
        Retiree,
        verbose_name=_("retirees attending"),
        through="ActivityAttendance",
        related_name="activities",
        blank=True,
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("retiree activity")
        verbose_name_plural = _("retiree activities")
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["unit", "held_on"], name="retiree_activity_unit_day")]

    def __str__(self) -> str:
        return f"{self.title} {self.held_on:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("retirees-activity", args=[self.pk])


class ActivityAttendance(models.Model):
    """A retiree of the roster who attended an activity."""

    scope_unit_field = "activity__unit"

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="attendance")
    retiree = models.ForeignKey(Retiree, on_delete=models.PROTECT, related_name="+")

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "retiree"],
                name="retiree_activity_attended_once",
                violation_error_message=_("This retiree is already listed as attending."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.activity} {self.retiree}"


class ServiceKind(models.TextChoices):
    CERTIFICATE = "certificate", _("Certificate")  # 证明开具
    DOCUMENTS = "documents", _("Help with documents")  # 材料代办
    PENSION = "pension", _("Pension question")  # 待遇咨询
    OTHER = "other", _("Other request")


class ServiceRequest(RecordedEntry):
    """A retiree's request for a service (服务诉求: a certificate, help with documents, a
    pension question). The community handles it and closes it with the outcome, or refers it
    to a department with a deadline: then it is a supervised item (督办) of the supervision
    engine, closed there."""

    scope_unit_field = "retiree__person__unit"
    is_ledger_record = True

    retiree = models.ForeignKey(
        Retiree, verbose_name=_("retiree"), on_delete=models.PROTECT, related_name="requests"
    )
    kind = models.CharField(_("kind of request"), max_length=16, choices=ServiceKind.choices)
    description = models.TextField(_("what is asked"))
    received_on = models.DateField(_("received on"))
    department = models.ForeignKey(
        Unit,
        verbose_name=_("referred to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    item = models.OneToOneField(
        "supervision.SupervisionItem",
        verbose_name=_("supervised item"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    outcome = models.TextField(_("outcome"), blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("service request")
        verbose_name_plural = _("service requests")
        ordering = ["-received_on", "-id"]

    def __str__(self) -> str:
        return f"{self.retiree} {self.get_kind_display()} {self.received_on:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("retirees-request", args=[self.pk])
