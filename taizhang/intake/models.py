"""Report intake (信息简报入库): the reports read and the records confirmed from them."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from taizhang.core.models import ScopedQuerySet, Unit
from taizhang.intake.drafts.registry import get_kind


def record_type_label(content_type: ContentType) -> str:
    """The name of a record's model in the user's language (its raw name once removed)."""
    return str(capfirst(content_type.name))


class IntakeReport(models.Model):
    """A report page taken in (入库的简报): its text as read, and what was read from it. The
    ledgers are not touched by taking a report in; only confirming a draft writes a record."""

    scope_unit_field = "unit"
    is_ledger_record = True

    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("title"), max_length=200)
    source_name = models.CharField(_("source file"), max_length=200, blank=True)
    text = models.TextField(_("text"))
    result = models.JSONField(_("extraction"), default=dict)
    # What an official document or a WeChat post says of itself (its first article's fields).
    doc_number = models.CharField(_("document number"), max_length=60, blank=True)
    issuer = models.CharField(_("issuing body"), max_length=200, blank=True)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("taken in by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("taken in at"), default=timezone.now)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("intake report")
        verbose_name_plural = _("intake reports")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("intake-report", args=[self.pk])


class PublishedFigures(models.Model):
    """Figures a report published of what a ledger keeps, confirmed from a draft and kept
    beside the ledger's own: the base of each module's record of them, with the report and the
    span they came from."""

    source_report = models.ForeignKey(
        IntakeReport, verbose_name=_("source report"), on_delete=models.PROTECT, related_name="+"
    )
    source_start = models.PositiveIntegerField(_("span start"))
    source_end = models.PositiveIntegerField(_("span end"))
    remarks = models.TextField(_("remarks"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        abstract = True

    @property
    def source_url(self) -> str:
        return (
            reverse("intake-report", args=[self.source_report_id])
            + f"?start={self.source_start}&end={self.source_end}#source"
        )


class SourceLink(models.Model):
    """A record confirmed from a draft (确认入库), with the report and the span of its text
    that it came from. The record may live in any module; this row points at it."""

    scope_unit_field = "report__unit"

    report = models.ForeignKey(
        IntakeReport, verbose_name=_("report"), on_delete=models.PROTECT, related_name="links"
    )
    draft_kind = models.CharField(_("draft kind"), max_length=40)
    draft_key = models.CharField(_("draft key"), max_length=80)
    article = models.PositiveIntegerField(_("article"))
    span_start = models.PositiveIntegerField(_("span start"))
    span_end = models.PositiveIntegerField(_("span end"))
    sentence = models.TextField(_("source sentence"))
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.CharField(max_length=40)
    record = GenericForeignKey("content_type", "object_id")
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), default=timezone.now)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("source link")
        verbose_name_plural = _("source links")
        ordering = ["-confirmed_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "draft_kind", "draft_key"],
                name="intake_draft_confirmed_once",
                violation_error_message=_("This draft has already been confirmed."),
            ),
            models.CheckConstraint(
                condition=models.Q(span_end__gte=models.F("span_start")),
                name="intake_span_in_order",
                violation_error_message=_("The span ends before it starts."),
            ),
        ]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.report} [{self.span_start}:{self.span_end}]"

    def get_absolute_url(self) -> str:
        return (
            reverse("intake-report", args=[self.report_id])
            + f"?start={self.span_start}&end={self.span_end}#source"
        )

    def history_value(self, name: str, value: object) -> str | None:
        """The draft kind by its label on history pages (core.history)."""
        kind = get_kind(value) if name == "draft_kind" and isinstance(value, str) else None
        return str(kind.label) if kind is not None else None

    @property
    def draft_kind_label(self) -> str:
        """The draft kind's own label, in the user's language, not its key."""
        kind = get_kind(self.draft_kind)
        return str(kind.label) if kind is not None else self.draft_kind

    @property
    def record_type_label(self) -> str:
        """What the record is: its model's name, whichever module it lives in."""
        return record_type_label(self.content_type)
