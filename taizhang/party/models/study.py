"""The study programme ("1+1+1", 学习模式) of a party organisation and its steps."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from taizhang.core.models import ScopedQuerySet
from taizhang.party.models.orgs import PartyOrg


class StepKind(models.TextChoices):
    THEORY = "theory", _("Theory session")  # 理论学习
    PRACTICE = "practice", _("Practice task")  # 实践任务
    REPORT_BACK = "report_back", _("Report-back session")  # 回报交流


class StudyProgramme(models.Model):
    """A study programme as data (学习模式, the "1+1+1" of 小南头街道党工委): a cycle of linked
    steps, the last leading back to the first."""

    scope_unit_field = "org__unit"
    is_ledger_record = True

    org = models.ForeignKey(
        PartyOrg,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="programmes",
    )
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    is_demo = models.BooleanField(_("demo"), default=False)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("study programme")
        verbose_name_plural = _("study programmes")
        ordering = ["org_id", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("party-programme", args=[self.pk])


class StudyStep(models.Model):
    """A step of a study programme: its kind, materials, participants and notes."""

    scope_unit_field = "programme__org__unit"

    programme = models.ForeignKey(
        StudyProgramme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="steps"
    )
    order = models.PositiveSmallIntegerField(_("order"))
    kind = models.CharField(_("kind"), max_length=20, choices=StepKind.choices)
    title = models.CharField(_("title"), max_length=200)
    materials = models.TextField(_("materials"), blank=True)
    participants = models.CharField(_("participants"), max_length=200, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("study step")
        verbose_name_plural = _("study steps")
        ordering = ["programme_id", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "order"],
                name="party_step_order_unique",
                violation_error_message=_("Another step has this place in the cycle."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.title}"
