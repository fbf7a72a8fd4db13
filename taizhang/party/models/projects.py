"""The hundred action projects (百项行动牵引工程): projects, their indicators and monthly values,
milestones and yearly assessments."""

from __future__ import annotations

import datetime
from typing import Self

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from taizhang.core.models import ScopedQuerySet, Unit, User
from taizhang.core.versions import Versioned
from taizhang.party.models.orgs import PartyOrg


class Area(models.TextChoices):
    COLLECTIVE_ECONOMY = "collective_economy", _("Collective economy")  # 集体经济
    BEAUTIFUL_VILLAGE = "beautiful_village", _("Beautiful villages")  # 美丽乡村
    WELFARE = "welfare", _("People's welfare")  # 民生福利
    GOVERNANCE = "governance", _("Grassroots governance")  # 基层治理
    PARTY_BUILDING = "party_building", _("Party building")  # 党建引领
    INDUSTRY = "industry", _("Industry")  # 产业发展


class ProjectStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    FINISHED = "finished", _("Finished")
    DROPPED = "dropped", _("Dropped")


class ActionProjectQuerySet(ScopedQuerySet["ActionProject"]):
    def running_in(self, year: int) -> Self:
        return self.filter(year__lte=year).exclude(
            Q(status=ProjectStatus.DROPPED) | Q(finished_on__lt=datetime.date(year, 1, 1))
        )

    def with_overdue(self, day: datetime.date) -> Self:
        return self.filter(milestones__due_on__lt=day, milestones__done_on__isnull=True)


class ActionProject(Versioned):
    """An action project (百项行动): its title, the unit that leads it and its party
    organisation, the person responsible, the area, its indicators and milestones, and the
    project-bank projects it drives (the 梨园水乡综合体, the 千亩高粱基地)."""

    scope_unit_field = "lead_unit"
    is_ledger_record = True

    year = models.PositiveSmallIntegerField(_("year launched"))
    title = models.CharField(_("title"), max_length=200)
    area = models.CharField(_("area"), max_length=30, choices=Area.choices)
    lead_unit = models.ForeignKey(
        Unit, verbose_name=_("lead unit"), on_delete=models.PROTECT, related_name="+"
    )
    party_org = models.ForeignKey(
        PartyOrg,
        verbose_name=_("party organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="action_projects",
    )
    responsible = models.CharField(_("person responsible"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ProjectStatus.choices, default=ProjectStatus.IN_PROGRESS
    )
    finished_on = models.DateField(_("finished on"), null=True, blank=True)
    bank_projects = models.ManyToManyField(
        "projects.Project", verbose_name=_("project-bank projects"), blank=True, related_name="+"
    )
    is_demo = models.BooleanField(_("demo"), default=False)

    objects = ActionProjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("action project")
        verbose_name_plural = _("action projects")
        ordering = ["-year", "title", "pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("party-project", args=[self.pk])

    def clean(self) -> None:
        if self.status == ProjectStatus.FINISHED and self.finished_on is None:
            raise ValidationError({"finished_on": _("A finished project names the day.")})


class Indicator(models.Model):
    """An indicator of an action project: what is measured, its unit and its target value."""

    scope_unit_field = "project__lead_unit"

    project = models.ForeignKey(
        ActionProject,
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        related_name="indicators",
    )
    name = models.CharField(_("indicator"), max_length=100)
    unit = models.CharField(_("unit of measure"), max_length=20)
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=2)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["project_id", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(target__gt=0),
                name="party_indicator_target_positive",
                violation_error_message=_("A target is above zero."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.target}{self.unit}"


class IndicatorValue(models.Model):
    """The value an indicator reached by the end of a month (月度实际完成, cumulative)."""

    scope_unit_field = "indicator__project__lead_unit"

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="values"
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    actual = models.DecimalField(_("actual"), max_digits=14, decimal_places=2)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        ordering = ["indicator_id", "month"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "month"],
                name="party_indicator_value_once_a_month",
                violation_error_message=_("This month has a value already."),
            ),
            models.CheckConstraint(
                condition=Q(actual__gte=0),
                name="party_indicator_value_not_negative",
                violation_error_message=_("A value is not negative."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.actual}"


class Milestone(models.Model):
    """A milestone of an action project: due date, the day it was met and its evidence
    (attachments and a note). An overdue milestone becomes a supervision item (督办)."""

    scope_unit_field = "project__lead_unit"
    is_ledger_record = True

    project = models.ForeignKey(
        ActionProject,
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        related_name="milestones",
    )
    title = models.CharField(_("milestone"), max_length=200)
    due_on = models.DateField(_("due on"))
    done_on = models.DateField(_("met on"), null=True, blank=True)
    evidence = models.TextField(_("evidence"), blank=True)
    supervision_item = models.ForeignKey(
        "supervision.SupervisionItem",
        verbose_name=_("supervision item"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["project_id", "due_on", "pk"]

    def __str__(self) -> str:
        return f"{self.project.title} · {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("party-project", args=[self.project_id])

    def is_overdue(self, day: datetime.date) -> bool:
        return self.done_on is None and self.due_on < day


class Grade(models.TextChoices):
    EXCELLENT = "excellent", _("Excellent")  # 优秀
    GOOD = "good", _("Good")  # 良好
    PASS = "pass", _("Pass")  # 合格
    FAIL = "fail", _("Fail")  # 不合格


class Assessment(models.Model):
    """The yearly assessment of an action project (年度考核)."""

    scope_unit_field = "project__lead_unit"

    project = models.ForeignKey(
        ActionProject,
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        related_name="assessments",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    grade = models.CharField(_("grade"), max_length=20, choices=Grade.choices)
    comment = models.TextField(_("comment"), blank=True)
    assessed_by = models.ForeignKey(
        User,
        verbose_name=_("assessed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "year"],
                name="party_assessment_once_a_year",
                violation_error_message=_("This project is assessed for this year already."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.get_grade_display()}"
