"""The public showcase (巡礼) of named organisations and finished action projects."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from taizhang.core.models import ScopedQuerySet, Unit
from taizhang.party.models.orgs import PartyOrg
from taizhang.party.models.projects import ActionProject


class ShowcaseEntry(models.Model):
    """A showcase entry (巡礼): a named organisation's or a finished action project's story,
    figures from the records and linked reports; public once published. It names no person
    beyond what the organisation publishes."""

    scope_unit_field = "unit"
    is_ledger_record = True

    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    org = models.ForeignKey(
        PartyOrg,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="showcase",
    )
    project = models.ForeignKey(
        ActionProject,
        verbose_name=_("action project"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="showcase",
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"))
    report_title = models.CharField(_("linked report"), max_length=200, blank=True)
    is_published = models.BooleanField(_("published"), default=False)
    is_demo = models.BooleanField(_("demo"), default=False)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("showcase entry")
        verbose_name_plural = _("showcase entries")
        ordering = ["-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(org__isnull=False) | Q(project__isnull=False),
                name="party_showcase_of_org_or_project",
                violation_error_message=_("A showcase entry is of an organisation or a project."),
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("party-showcase-public", args=[self.pk])
