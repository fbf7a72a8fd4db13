"""The project bank (一体化项目谋划体系): projects moving 储备 → 年度建设 → 重点 → 竣工/终止,
their plan for each year (滚动接续), monthly progress (月度进度), warning rules and the figures
a bulletin published about them (confirmed from report intake)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from taizhang.core.models import ScopedQuerySet, Unit, User
from taizhang.core.versions import Versioned
from taizhang.intake.models import PublishedFigures
from taizhang.lib import clock, project_code

MONEY: dict[str, Any] = {"max_digits": 14, "decimal_places": 2}
# 10亿元 in 万元: the seed's "投资10亿元以上项目".
ONE_BILLION_WAN = Decimal("100000")


class Category(models.TextChoices):
    INDUSTRY = "industry", _("Industry")  # 产业类
    INFRASTRUCTURE = "infrastructure", _("Infrastructure")  # 基础设施类
    LIVELIHOOD = "livelihood", _("Livelihood")  # 社会民生类


class Stage(models.TextChoices):
    RESERVE = "reserve", _("Reserve")  # 储备
    ANNUAL = "annual", _("Annual construction")  # 年度建设
    KEY = "key", _("Key project")  # 重点
    COMPLETED = "completed", _("Completed")  # 竣工
    DROPPED = "dropped", _("Dropped")  # 终止


# The pipeline's forward moves; a unit asks, the programme office approves or returns.
STAGE_MOVES: dict[str, tuple[str, ...]] = {
    Stage.RESERVE: (Stage.ANNUAL, Stage.DROPPED),
    Stage.ANNUAL: (Stage.KEY, Stage.COMPLETED, Stage.DROPPED),
    Stage.KEY: (Stage.ANNUAL, Stage.COMPLETED, Stage.DROPPED),
    Stage.COMPLETED: (),
    Stage.DROPPED: (),
}
OPEN_STAGES = (Stage.RESERVE, Stage.ANNUAL, Stage.KEY)


class Review(models.TextChoices):
    NONE = "none", _("Not submitted")
    SUBMITTED = "submitted", _("Submitted for review")  # 待审核: locked until decided
    RETURNED = "returned", _("Returned")  # 退回: with a reason


class Nature(models.TextChoices):
    NEW = "new", _("New")  # 新建
    CONTINUED = "continued", _("Continued")  # 续建


def clean_code(raw: str | None, *, this_year: int | None = None) -> str:
    """The national project code, normalised, or "" for a project without one. `this_year`:
    the current year, from a caller cleaning many codes (reading the clock is slow enough to
    count at 100,000 rows)."""
    if not (raw or "").strip():
        return ""
    try:
        return str(project_code.parse(raw, this_year=this_year or clock.today().year))
    except project_code.ProjectCodeError as error:
        raise ValidationError({"code": [error.message]}) from error


class ProjectQuerySet(ScopedQuerySet):
    def open(self) -> ProjectQuerySet:
        return self.filter(stage__in=OPEN_STAGES)


class Project(Versioned):
    """A construction project (建设项目) of the district's project bank. Village small works
    (硬化巷道1000多平方米) are projects too, with physical quantities beside money."""

    # The responsible unit (责任单位) owns the record; the subdistrict and every department
    # involved (多部门联动) read it too.
    scope_unit_field = "unit"
    scope_read_fields = ("subdistrict", "lead_department", "co_departments")
    is_ledger_record = True

    name = models.CharField(_("project name"), max_length=200)
    code = models.CharField(
        _("project code"),
        max_length=24,
        blank=True,
        help_text=_("The national 24-digit investment project code, if the project has one."),
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("responsible unit"), on_delete=models.PROTECT, related_name="+"
    )
    owner_name = models.CharField(_("owner (builder)"), max_length=200, blank=True)  # 建设单位
    owner_unit = models.ForeignKey(
        Unit,
        verbose_name=_("owner unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    lead_department = models.ForeignKey(
        Unit,
        verbose_name=_("lead department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    co_departments = models.ManyToManyField(
        Unit, verbose_name=_("co-departments"), blank=True, related_name="+"
    )
    subdistrict = models.ForeignKey(
        Unit,
        verbose_name=_("subdistrict"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    address = models.CharField(_("location"), max_length=200, blank=True)
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    category = models.CharField(_("category"), max_length=16, choices=Category.choices)
    content = models.TextField(_("scale and content"), blank=True)  # 建设内容及规模
    total_investment_wan = models.DecimalField(
        _("total investment (10k yuan)"), validators=[MinValueValidator(0)], **MONEY
    )
    funding_sources = models.CharField(_("funding sources"), max_length=200, blank=True)
    planned_start = models.DateField(_("planned start"), null=True, blank=True)
    planned_finish = models.DateField(_("planned finish"), null=True, blank=True)
    actual_start = models.DateField(_("actual start"), null=True, blank=True)
    actual_finish = models.DateField(_("actual finish"), null=True, blank=True)
    leader = models.CharField(_("responsible leader"), max_length=50, blank=True)  # 包联领导
    stage = models.CharField(
        _("stage"), max_length=16, choices=Stage.choices, default=Stage.RESERVE
    )
    review = models.CharField(
        _("review"), max_length=16, choices=Review.choices, default=Review.NONE
    )
    requested_stage = models.CharField(
        _("requested stage"), max_length=16, choices=Stage.choices, blank=True
    )
    review_note = models.CharField(_("review note"), max_length=500, blank=True)
    submitted_by = models.ForeignKey(
        User,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Who asked for the stage now waiting for review; never its reviewer."),
    )
    is_demo = models.BooleanField(_("demo"), default=False)
    created_at = models.DateTimeField(default=timezone.now)

    objects = ProjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["-total_investment_wan", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["code"],
                condition=~Q(code=""),
                name="unique_project_code",
                violation_error_message=_("Another project has this project code."),
            ),
            models.CheckConstraint(
                condition=Q(total_investment_wan__gte=0),
                name="project_investment_not_negative",
                violation_error_message=_("The total investment cannot be negative."),
            ),
        ]
        indexes = [
            models.Index(fields=["stage"]),
            models.Index(fields=["category"]),
            models.Index(fields=["total_investment_wan"]),
            # The imports find a row's project by code, or by name and unit when it has none.
            # Beside the partial unique index: SQLite uses a partial index only for queries
            # that repeat its condition, so lookups by code scanned the table.
            models.Index(fields=["code"], name="project_code_lookup"),
            models.Index(fields=["unit", "name"], name="project_unit_name"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("project-detail", args=[self.pk])

    def clean(self) -> None:
        self.code = clean_code(self.code)

    @property
    def is_locked(self) -> bool:
        """A submitted project waits for the programme office and cannot be edited."""
        return self.review == Review.SUBMITTED


class Quantity(models.Model):
    """A physical quantity of a project's works (实物工程量): 硬化巷道 1000多 平方米."""

    scope_unit_field = "project__unit"

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="quantities")
    item = models.CharField(_("item"), max_length=100)
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    unit_of_measure = models.CharField(_("unit of measure"), max_length=20)
    qualifier = models.CharField(_("qualifier"), max_length=10, blank=True)  # 多, 余, 约…

    class Meta:
        verbose_name = _("quantity")
        verbose_name_plural = _("quantities")

    def __str__(self) -> str:
        return f"{self.item}{self.value}{self.qualifier}{self.unit_of_measure}"


class StageEvent(models.Model):
    """One step of a project's pipeline (阶段流转): submitted, approved, returned, moved."""

    class Action(models.TextChoices):
        SUBMIT = "submit", _("Submitted")
        APPROVE = "approve", _("Approved")
        RETURN = "return", _("Returned")
        MOVE = "move", _("Moved")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="stage_events")
    action = models.CharField(max_length=16, choices=Action.choices)
    from_stage = models.CharField(max_length=16, choices=Stage.choices)
    to_stage = models.CharField(max_length=16, choices=Stage.choices)
    by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.project} {self.action} {self.from_stage}→{self.to_stage}"


class PlanYear(models.Model):
    """A year of the construction plan (年度建设计划). Committed, its rows are a snapshot."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    committed_at = models.DateTimeField(_("committed at"), null=True, blank=True)
    committed_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-year"]

    def __str__(self) -> str:
        return str(self.year)


class YearPlanQuerySet(ScopedQuerySet):
    def in_year(self, year: int) -> YearPlanQuerySet:
        return self.filter(year=year)


class YearPlan(Versioned):
    """A project's plan for one year (年度计划): planned investment, key flag, and its nature
    that year — 新建 or 续建 — derived from earlier years' plans, never typed. The project's
    name, category, investment and units are copied in, so later edits do not rewrite it."""

    scope_unit_field = "unit"
    scope_read_fields = ("subdistrict", "lead_department")

    year = models.PositiveSmallIntegerField(_("year"))
    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="plans")
    nature = models.CharField(_("nature"), max_length=16, choices=Nature.choices)
    is_key = models.BooleanField(_("key project"), default=False)
    planned_investment_wan = models.DecimalField(
        _("annual planned investment (10k yuan)"),
        default=Decimal("0"),
        validators=[MinValueValidator(0)],
        **MONEY,
    )
    # The snapshot of the project as the plan has it.
    name = models.CharField(_("project name"), max_length=200)
    category = models.CharField(_("category"), max_length=16, choices=Category.choices)
    total_investment_wan = models.DecimalField(_("total investment (10k yuan)"), **MONEY)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    subdistrict = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    lead_department = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    planned_start = models.DateField(null=True, blank=True)
    planned_finish = models.DateField(null=True, blank=True)

    objects = YearPlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("year plan")
        verbose_name_plural = _("year plans")
        ordering = ["year", "-total_investment_wan", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "project"],
                name="unique_year_plan",
                violation_error_message=_("The project is already in this year's plan."),
            )
        ]
        indexes = [
            models.Index(fields=["year", "category"]),
            models.Index(fields=["year", "nature"]),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.name}"


class PlanProgress(models.Model):
    """Approved investment completed (完成投资) of one plan row, month by month: the sums of its
    project's approved monthly reports of that year. The statistics read these 10⁵ rows instead
    of 10⁶ reports. Kept by `services.progress`, in the transaction that approves a report or
    creates a plan row; `taizhang refresh_progress` rebuilds them from the reports."""

    plan = models.OneToOneField(
        YearPlan, on_delete=models.CASCADE, primary_key=True, related_name="progress"
    )
    m1 = models.DecimalField(default=Decimal("0"), **MONEY)
    m2 = models.DecimalField(default=Decimal("0"), **MONEY)
    m3 = models.DecimalField(default=Decimal("0"), **MONEY)
    m4 = models.DecimalField(default=Decimal("0"), **MONEY)
    m5 = models.DecimalField(default=Decimal("0"), **MONEY)
    m6 = models.DecimalField(default=Decimal("0"), **MONEY)
    m7 = models.DecimalField(default=Decimal("0"), **MONEY)
    m8 = models.DecimalField(default=Decimal("0"), **MONEY)
    m9 = models.DecimalField(default=Decimal("0"), **MONEY)
    m10 = models.DecimalField(default=Decimal("0"), **MONEY)
    m11 = models.DecimalField(default=Decimal("0"), **MONEY)
    m12 = models.DecimalField(default=Decimal("0"), **MONEY)

    class Meta:
        verbose_name = _("plan progress")
        verbose_name_plural = _("plan progress")

    def __str__(self) -> str:
        return f"{self.plan}"


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")  # counts in statistics (maker-checker)
    RETURNED = "returned", _("Returned")


class MonthlyReportQuerySet(ScopedQuerySet):
    def approved(self) -> MonthlyReportQuerySet:
        return self.filter(status=ReportStatus.APPROVED)


class MonthlyReport(Versioned):
    """A project's monthly progress report (月度进度): investment completed that month, image
    progress (形象进度), start and finish, problems. Counts once the programme office approves."""

    scope_unit_field = "project__unit"
    scope_read_fields = ("project__subdistrict", "project__lead_department")
    is_ledger_record = True

    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="reports")
    year = models.PositiveSmallIntegerField(_("year"))
    month = models.PositiveSmallIntegerField(
        _("month"), validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    completed_wan = models.DecimalField(
        _("investment completed this month (10k yuan)"),
        validators=[MinValueValidator(0)],
        **MONEY,
    )
    progress_text = models.TextField(_("image progress"), blank=True)  # 形象进度
    started_on = models.DateField(_("started on"), null=True, blank=True)
    finished_on = models.DateField(_("finished on"), null=True, blank=True)
    problems = models.TextField(_("problems"), blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    review_note = models.CharField(_("review note"), max_length=500, blank=True)
    filed_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    filed_at = models.DateTimeField(_("filed at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    is_late = models.BooleanField(_("late"), default=False)

    objects = MonthlyReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("monthly report")
        verbose_name_plural = _("monthly reports")
        ordering = ["-year", "-month", "project_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "year", "month"],
                name="unique_monthly_report",
                violation_error_message=_("This project already has a report for this month."),
            )
        ]
        indexes = [models.Index(fields=["year", "month", "status"])]

    def __str__(self) -> str:
        return f"{self.project} {self.year}-{self.month:02d}"

    def get_absolute_url(self) -> str:
        return reverse("report-detail", args=[self.pk])

    @property
    def period(self) -> datetime.date:
        return datetime.date(self.year, self.month, 1)


class WarningLevel(models.TextChoices):
    GREEN = "green", _("Green")
    YELLOW = "yellow", _("Yellow")
    RED = "red", _("Red")


class WarningRule(Versioned):
    """A warning rule (预警规则), data the programme office edits.

    time_progress: yellow when completion is `yellow_from` to `red_from` percentage points
    behind time progress, red beyond. start_overdue: yellow when the planned start month is
    `yellow_from` months past without a start, red from `red_from` months. overdue_items:
    yellow from `yellow_from` open coordination items past their deadline, red from
    `red_from`. Defaults in migration 0002."""

    class Kind(models.TextChoices):
        TIME_PROGRESS = "time_progress", _("Completion behind time progress")
        START_OVERDUE = "start_overdue", _("Planned start passed without a start")
        OVERDUE_ITEMS = "overdue_items", _("Overdue coordination items")

    kind = models.CharField(_("rule"), max_length=20, choices=Kind.choices, unique=True)
    yellow_from = models.DecimalField(_("yellow from"), max_digits=6, decimal_places=2)
    red_from = models.DecimalField(_("red from"), max_digits=6, decimal_places=2)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("warning rule")
        verbose_name_plural = _("warning rules")

    def __str__(self) -> str:
        return self.get_kind_display()


class PublishedProjectStats(PublishedFigures):
    """The project bank's figures for a year as a bulletin published them (公开的项目统计):
    count, total investment, new and continued, by category, count of 1 billion yuan and more. Kept
    beside the ledger's own year statistics so that the two can be compared."""

    scope_unit_field = "unit"
    is_ledger_record = True

    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveIntegerField(_("year"))
    count = models.PositiveIntegerField(_("projects"), null=True, blank=True)
    total_investment_wan = models.DecimalField(
        _("total investment (10k yuan)"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    new_count = models.PositiveIntegerField(_("new projects"), null=True, blank=True)
    continued_count = models.PositiveIntegerField(_("continued projects"), null=True, blank=True)
    industry_count = models.PositiveIntegerField(_("industry projects"), null=True, blank=True)
    infrastructure_count = models.PositiveIntegerField(
        _("infrastructure projects"), null=True, blank=True
    )
    livelihood_count = models.PositiveIntegerField(_("livelihood projects"), null=True, blank=True)
    over_1bn_count = models.PositiveIntegerField(
        _("1 billion yuan and more"), null=True, blank=True
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        db_table = "intake_publishedprojectstats"  # created by the intake app; the table stays
        verbose_name = _("published project statistics")
        verbose_name_plural = _("published project statistics")
        ordering = ["-year", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(year__gte=1990, year__lte=2100),
                name="published_stats_year_range",
                violation_error_message=_("The year must be from 1990 to 2100."),
            ),
        ]

    def __str__(self) -> str:
        return _("%(year)s project statistics (published)") % {"year": self.year}

    def get_absolute_url(self) -> str:
        return reverse("published-stats-detail", args=[self.pk])
