"""The service record beyond service itself (志愿服务记录与证明出具办法): the certificate issued,
training, awards and evaluations."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from taizhang.core.models import ScopedQuerySet, Unit, User
from taizhang.lib import clock
from taizhang.volunteers.models.campaigns import Volunteer
from taizhang.volunteers.models.common import AwardLevel, EvaluationRating, new_public_key


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


class Training(models.Model):
    """A training the volunteer took (志愿服务培训记录): its date, title, hours and the unit that
    organised it (a unit of the platform or another body, as text)."""

    scope_unit_field = "volunteer__person__unit"
    scope_read_fields = ("volunteer__participations__shift__campaign__unit",)

    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="trainings")
    trained_on = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=200)
    hours = models.DecimalField(_("hours"), max_digits=6, decimal_places=2)
    organiser = models.CharField(_("organised by"), max_length=100)
    note = models.CharField(_("notes"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_demo = models.BooleanField(_("demo"), default=False)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("training")
        verbose_name_plural = _("trainings")
        ordering = ["trained_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(hours__gt=0),
                name="volunteers_training_hours_positive",
                violation_error_message=_("The hours of a training are more than zero."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.trained_on:%Y-%m-%d} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("volunteers-volunteer", args=[self.volunteer_id]) + "#training"


class Award(models.Model):
    """An award or commendation the volunteer received (表彰奖励记录): its date, title, level and
    the body that gave it."""

    scope_unit_field = "volunteer__person__unit"
    scope_read_fields = ("volunteer__participations__shift__campaign__unit",)

    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="awards")
    awarded_on = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=200)
    level = models.CharField(_("level"), max_length=10, choices=AwardLevel.choices)
    body = models.CharField(_("awarded by"), max_length=100)
    recorded_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_demo = models.BooleanField(_("demo"), default=False)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        ordering = ["awarded_on", "id"]

    def __str__(self) -> str:
        return f"{self.awarded_on:%Y-%m-%d} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("volunteers-volunteer", args=[self.volunteer_id]) + "#awards"


class Evaluation(models.Model):
    """An evaluation of the volunteer's service (志愿服务评价记录) for a year or period, with its
    rating (优秀、良好、合格、不合格), the evaluating unit and remarks; one per period."""

    scope_unit_field = "volunteer__person__unit"
    scope_read_fields = ("unit",)

    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="evaluations")
    period = models.CharField(
        _("year or period"), max_length=30, help_text=_("For example 2022 or 2022年寒假.")
    )
    rating = models.CharField(_("rating"), max_length=10, choices=EvaluationRating.choices)
    unit = models.ForeignKey(
        Unit, verbose_name=_("evaluating unit"), on_delete=models.PROTECT, related_name="+"
    )
    remarks = models.CharField(_("remarks"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_on = models.DateField(_("recorded on"), default=clock.today)
    is_demo = models.BooleanField(_("demo"), default=False)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        ordering = ["period", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["volunteer", "period"],
                name="volunteers_evaluation_once_per_period",
                violation_error_message=_(
                    "The volunteer already has an evaluation for this period."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.period} {self.get_rating_display()}"

    def get_absolute_url(self) -> str:
        return reverse("volunteers-volunteer", args=[self.volunteer_id]) + "#evaluations"
