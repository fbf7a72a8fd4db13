"""Supervision and rectification campaigns (专项整治): a campaign, its hazard categories with
their legal basis, cases (问题线索/案件) with their findings (问题) and evidence photos.

A case runs the rectification flow on the supervision engine (督办): its supervision item's
supervising unit is the unit that found it, its one assignment is the responsible agency
(which may be outside the district tree, like 市生态环境局), and the campaign's lead unit
decides extension requests. The case's state, clocks and timeline are the assignment's."""

from __future__ import annotations

import datetime
from typing import Any, Self

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from taizhang.core.models import Attachment, ScopedQuerySet, Unit, UnitKind, User
from taizhang.core.personal import PersonalKind
from taizhang.core.versions import Versioned
from taizhang.lib import clock
from taizhang.supervision.deadlines import deadline_of
from taizhang.supervision.models import Assignment, SupervisionItem

# The units that read a case: the unit that found it (owner), the agency it is addressed to,
# the campaign's lead unit and the village or community where the subject is (and the units
# above them, by subtree).
CASE_READERS = ("agency", "campaign__lead_unit", "village")


class Campaign(Versioned):
    """A special rectification campaign (专项整治行动), run under an implementing plan
    (实施方案) by a lead unit with participating units over a period."""

    scope_unit_field = "lead_unit"
    scope_read_fields = ("participants", "cases__agency")
    is_ledger_record = True

    name = models.CharField(_("name"), max_length=200)
    plan_document = models.CharField(
        _("implementing plan"),
        max_length=200,
        help_text=_("e.g. 《关于开展危险废物专项整治工作实施方案》"),
    )
    lead_unit = models.ForeignKey(
        Unit, verbose_name=_("lead unit"), on_delete=models.PROTECT, related_name="+"
    )
    participants = models.ManyToManyField(
        Unit, verbose_name=_("participating units"), blank=True, related_name="+"
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    reply_months = models.PositiveSmallIntegerField(
        _("months to reply"),
        default=2,
        help_text=_("Statutory time for a written reply to a recommendation, from delivery."),
    )
    is_public = models.BooleanField(
        _("public notice"),
        default=False,
        help_text=_("Publish a notice page listing closed cases, without personal data."),
    )
    created_at = models.DateTimeField(_("created at"), default=clock.now)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="campaign_ends_after_start",
                violation_error_message=_("The campaign ends before it starts."),
            ),
            models.CheckConstraint(
                condition=models.Q(reply_months__gte=1, reply_months__lte=24),
                name="campaign_reply_months_range",
                violation_error_message=_("The time to reply is 1 to 24 months."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("rectification-campaign", args=[self.pk])


class HazardCategory(models.Model):
    """A category of hazard a campaign looks for (问题类别), with its legal basis: the law and
    the article (法律依据)."""

    scope_unit_field = "campaign__lead_unit"
    scope_read_fields = tuple(f"campaign__{f}" for f in Campaign.scope_read_fields)

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="categories")
    name = models.CharField(_("name"), max_length=100)
    law = models.CharField(_("law"), max_length=200)
    article = models.CharField(_("article"), max_length=200, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("hazard category")
        verbose_name_plural = _("hazard categories")
        ordering = ["campaign_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "name"],
                name="unique_category_per_campaign",
                violation_error_message=_("The campaign already has this category."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def legal_basis(self) -> str:
        return f"{self.law}{self.article}"


class Origin(models.TextChoices):
    PROCURATORATE = "procuratorate", _("Procuratorate clue")  # 检察机关线索
    INSPECTION = "inspection", _("Inspection")  # 排查
    HOTLINE = "hotline", _("Hotline")  # 热线
    INTAKE = "intake", _("Report from intake")  # 来信来访


class SubjectKind(models.TextChoices):
    ENTERPRISE = "enterprise", _("Enterprise")
    BUSINESS = "business", _("Individual business")  # 个体工商户
    PERSON = "person", _("Person")
    ORGANISATION = "organisation", _("Other organisation")


class CaseQuerySet(ScopedQuerySet["Case"]):
    def with_flow(self) -> Self:
        return self.select_related(
            "campaign",
            "agency",
            "found_by_unit",
            "village",
            "subdistrict",
            "organisation",
            "item__supervisor_unit",
            "assignment__unit",
            "assignment__item",
        )

    def closed(self) -> Self:
        return self.filter(item__closed_at__isnull=False)

    def overdue(self, today: Any = None) -> Self:
        return self.filter(
            assignment__is_open=True, assignment__deadline__lt=today or clock.today()
        )


class Case(models.Model):
    """A case of a campaign (整治案件): a subject with one or more findings, found by a unit
    (a procuratorate clue, an inspection, the hotline or a report from intake) and addressed
    to a responsible agency by a recommendation (检察建议) and then a rectification order
    (责令整改). Closed (办结销号) when all its findings are closed."""

    scope_unit_field = "found_by_unit"
    scope_read_fields = CASE_READERS
    is_ledger_record = True
    # The subject's contact: masked everywhere; both sides of the case may reveal it
    # (core/personal.py).
    personal_fields = {"subject_phone": PersonalKind.PHONE, "subject_contact": PersonalKind.NAME}

    number = models.CharField(_("case number"), max_length=32, unique=True)
    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.PROTECT, related_name="cases"
    )
    origin = models.CharField(_("origin"), max_length=16, choices=Origin.choices)
    origin_reference = models.CharField(
        _("origin reference"), max_length=100, blank=True, help_text=_("e.g. the intake number")
    )
    summary = models.TextField(_("summary"), blank=True)
    subject_name = models.CharField(_("subject"), max_length=200)
    subject_kind = models.CharField(
        _("kind of subject"), max_length=16, choices=SubjectKind.choices
    )
    subject_address = models.CharField(_("address"), max_length=200)
    village = models.ForeignKey(
        Unit, verbose_name=_("village or community"), on_delete=models.PROTECT, related_name="+"
    )
    subdistrict = models.ForeignKey(
        Unit, verbose_name=_("subdistrict"), on_delete=models.PROTECT, related_name="+"
    )
    subject_contact = models.CharField(_("contact person"), max_length=50, blank=True)
    subject_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    # The registry's record of the subject (单位主体), when one matches: the typed subject
    # stays as it was found (services/subjects.py links them).
    organisation = models.ForeignKey(
        "people.Organisation",
        verbose_name=_("registered organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="rectification_cases",
    )
    found_by_unit = models.ForeignKey(
        Unit, verbose_name=_("found by"), on_delete=models.PROTECT, related_name="+"
    )
    agency = models.ForeignKey(
        Unit, verbose_name=_("responsible agency"), on_delete=models.PROTECT, related_name="+"
    )
    item = models.OneToOneField(SupervisionItem, on_delete=models.PROTECT, related_name="case")
    assignment = models.OneToOneField(Assignment, on_delete=models.PROTECT, related_name="case")
    recommendation_number = models.CharField(
        _("recommendation number"), max_length=100, blank=True
    )  # 检察建议书文号
    recommendation_issued_on = models.DateField(
        _("recommendation issued on"), null=True, blank=True
    )
    delivered_on = models.DateField(_("delivered on"), null=True, blank=True)
    replied_on = models.DateField(_("replied on"), null=True, blank=True)
    reply_text = models.TextField(_("written reply"), blank=True)
    order_number = models.CharField(_("order number"), max_length=100, blank=True)  # 责令整改通知书
    ordered_on = models.DateField(_("ordered on"), null=True, blank=True)
    created_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    opened_at = models.DateTimeField(_("opened at"), default=clock.now)

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-opened_at", "-id"]
        indexes = [models.Index(fields=["campaign", "opened_at"])]

    def __str__(self) -> str:
        return f"{self.number} {self.subject_name}"

    def get_absolute_url(self) -> str:
        return reverse("rectification-case", args=[self.pk])

    def may_reveal_personal_data_to(self, user: Any) -> bool:
        from taizhang.rectification.access import works_on_case

        return works_on_case(user, self)

    def clean(self) -> None:
        if self.village_id and self.village.kind not in (UnitKind.VILLAGE, UnitKind.COMMUNITY):
            raise ValidationError({"village": _("Choose a village or community.")})

    @property
    def state(self) -> str:
        return self.assignment.state

    @property
    def state_label(self) -> str:
        return self.assignment.state_label

    @property
    def is_closed(self) -> bool:
        return self.item.closed_at is not None

    @property
    def deadline(self) -> datetime.date:
        """The case's deadline: its assignment's nearest running clock (supervision.deadlines);
        lists read the same column, `assignment__deadline`."""
        return deadline_of(self.assignment)


class FindingStatus(models.TextChoices):
    OPEN = "open", _("To rectify")  # 待整改
    RECTIFIED = "rectified", _("Rectified, to verify")  # 已整改待验收
    VERIFIED = "verified", _("Verified and closed")  # 已验收销号


class Finding(models.Model):
    """One problem found at a case's subject (问题/隐患): its category and legal basis, what
    was found, and its own closure: reported rectified by one person, verified by another."""

    scope_unit_field = "case__found_by_unit"
    scope_read_fields = tuple(f"case__{f}" for f in CASE_READERS)
    is_ledger_record = True

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="findings")
    sequence = models.PositiveSmallIntegerField(_("no."))
    category = models.ForeignKey(
        HazardCategory, verbose_name=_("category"), on_delete=models.PROTECT, related_name="+"
    )
    description = models.TextField(_("description"))
    legal_basis = models.CharField(_("legal basis"), max_length=300)
    status = models.CharField(
        _("status"), max_length=16, choices=FindingStatus.choices, default=FindingStatus.OPEN
    )
    rectification_note = models.TextField(_("rectification"), blank=True)
    rectified_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    rectified_at = models.DateTimeField(_("rectified at"), null=True, blank=True)
    verification_note = models.TextField(_("verification"), blank=True)
    verified_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        ordering = ["case_id", "sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "sequence"],
                name="unique_finding_sequence",
                violation_error_message=_("The case already has a finding with this number."),
            ),
            models.CheckConstraint(
                condition=models.Q(verified_by__isnull=True)
                | models.Q(rectified_by__isnull=True)
                | ~models.Q(verified_by=models.F("rectified_by")),
                name="finding_verifier_is_not_reporter",
                violation_error_message=_(
                    "The person who reported the work done may not also verify it."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case.number}-{self.sequence} {self.category.name}"

    def get_absolute_url(self) -> str:
        return f"{self.case.get_absolute_url()}#finding-{self.pk}"

    @property
    def is_closed(self) -> bool:
        return self.status == FindingStatus.VERIFIED


class EvidenceStage(models.TextChoices):
    BEFORE = "before", _("Before rectification")
    AFTER = "after", _("After rectification")


class Evidence(models.Model):
    """A photo of a finding before or after rectification (整改前/整改后照片), kept by the unit
    that took it; the file is a core attachment of this record."""

    scope_unit_field = "unit"
    scope_read_fields = tuple(f"finding__case__{f}" for f in ("found_by_unit", *CASE_READERS))
    photos: list[Attachment]  # set by the case page
    is_ledger_record = True

    finding = models.ForeignKey(Finding, on_delete=models.PROTECT, related_name="evidence")
    stage = models.CharField(_("stage"), max_length=8, choices=EvidenceStage.choices)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=clock.now)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("evidence photo")
        verbose_name_plural = _("evidence photos")
        ordering = ["finding_id", "stage", "id"]

    def __str__(self) -> str:
        return f"{self.finding} · {self.get_stage_display()}"
