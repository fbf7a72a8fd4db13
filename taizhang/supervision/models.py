"""Supervision (督办): items assigned to one or more units with a deadline, each assigned unit
running the item's flow on its own assignment, with an append-only timeline and extension
requests. The platform's one supervision mechanism: coordination items of the project bank
(跟踪服务) and rectification cases (专项整治) both live here."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from taizhang.core.models import AppendOnlyQuerySet, ScopedQuerySet, Unit, User
from taizhang.lib import clock
from taizhang.supervision import flows

# The units that may read an item: its supervising unit, every unit it is assigned to and the
# unit that decides its extension requests.
ITEM_READERS = ("item__supervisor_unit", "item__assignments__unit", "item__decider_unit")


class SupervisionItemQuerySet(ScopedQuerySet):
    def open(self) -> SupervisionItemQuerySet:
        return self.filter(closed_at__isnull=True)

    def about(self, record: models.Model) -> SupervisionItemQuerySet:
        """Items whose subject is `record`."""
        content_type = ContentType.objects.get_for_model(record, for_concrete_model=False)
        return self.filter(content_type=content_type, object_id=str(record.pk))


class SupervisionItem(models.Model):
    """A supervision item (督办事项): a problem a supervising unit assigns to one or more units
    with a deadline, e.g. a coordination item of a project (跟踪服务). Closed when every
    assignment has ended."""

    scope_unit_field = "supervisor_unit"
    scope_read_fields = ("assignments__unit", "decider_unit")
    is_ledger_record = True

    flow = models.CharField(_("flow"), max_length=32)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    content_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    object_id = models.CharField(max_length=64, blank=True)
    subject = GenericForeignKey("content_type", "object_id")
    subject_repr = models.CharField(_("subject"), max_length=200, blank=True)
    supervisor_unit = models.ForeignKey(
        Unit, verbose_name=_("supervising unit"), on_delete=models.PROTECT, related_name="+"
    )
    decider_unit = models.ForeignKey(
        Unit,
        verbose_name=_("decides extensions"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The unit that decides extension requests; empty: the supervising unit."),
    )
    created_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("assigned at"), default=clock.now)
    deadline = models.DateField(_("deadline"))
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    objects = SupervisionItemQuerySet.as_manager()

    class Meta:
        db_table = "core_supervisionitem"  # created by the core app; the tables stay
        verbose_name = _("supervision item")
        verbose_name_plural = _("supervision items")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["content_type", "object_id"]),
            models.Index(fields=["closed_at"]),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("supervision-detail", args=[self.pk])

    def clean(self) -> None:
        if self.flow not in flows.FLOWS:
            raise ValidationError({"flow": _("Unknown flow.")})

    def history_value(self, name: str, value: Any) -> str | None:
        """The flow by its name on history pages (core.history)."""
        if name == "flow" and value in flows.FLOWS:
            return str(flows.get_flow(value).label)
        return None

    @property
    def flow_definition(self) -> flows.Flow:
        return flows.get_flow(self.flow)

    @property
    def current_deadline(self) -> datetime.date:
        """The deadline pages show: the nearest of its open assignments' (supervision.deadlines;
        prefetch the assignments when showing many)."""
        from taizhang.supervision.deadlines import deadline_of

        return deadline_of(self)

    @property
    def subject_key(self) -> str:
        """app_label.model.pk of the subject, as the new-item form takes it."""
        if not self.content_type_id:
            return ""
        content_type = ContentType.objects.get_for_id(self.content_type_id)
        return f"{content_type.app_label}.{content_type.model}.{self.object_id}"


class AssignmentQuerySet(ScopedQuerySet):
    def open(self) -> AssignmentQuerySet:
        return self.filter(is_open=True)

    def overdue(self, today: Any = None) -> AssignmentQuerySet:
        return self.filter(is_open=True, deadline__lt=today or clock.today())


class Assignment(models.Model):
    """One assigned unit's part of a supervision item (承办): it runs the flow on its own,
    with its own deadline (moved by approved extensions) and escalation level."""

    scope_unit_field = "unit"
    scope_read_fields = ITEM_READERS
    is_ledger_record = True

    item = models.ForeignKey(SupervisionItem, on_delete=models.PROTECT, related_name="assignments")
    unit = models.ForeignKey(
        Unit, verbose_name=_("assigned unit"), on_delete=models.PROTECT, related_name="+"
    )
    state = models.CharField(_("state"), max_length=32)
    is_open = models.BooleanField(
        _("open"), default=True, help_text=_("The assigned unit has work to do.")
    )
    deadline = models.DateField(_("deadline"))
    created_at = models.DateTimeField(_("assigned at"), default=clock.now)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    escalation_level = models.PositiveSmallIntegerField(_("escalation level"), default=0)
    returned_reason = models.CharField(_("reason for return"), max_length=500, blank=True)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        db_table = "core_assignment"  # created by the core app; the tables stay
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["item_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["item", "unit"],
                name="unique_assignment_per_unit",
                violation_error_message=_("The item is already assigned to this unit."),
            )
        ]
        indexes = [
            models.Index(fields=["is_open", "deadline"]),
            models.Index(fields=["unit", "is_open"]),
        ]

    def __str__(self) -> str:
        return f"{self.item.title} · {self.unit.name}"

    def get_absolute_url(self) -> str:
        return reverse("supervision-assignment", args=[self.pk])

    @property
    def flow(self) -> flows.Flow:
        return flows.get_flow(self.item.flow)

    @property
    def state_label(self) -> str:
        return self.flow.state_label(self.state)

    def history_value(self, name: str, value: Any) -> str | None:
        """States as this assignment's flow names them, on history pages (core.history)."""
        return self.flow.state_label(value) if name == "state" else None

    def light(self, today: Any = None) -> flows.Light:
        from taizhang.supervision.queries import yellow_days

        return flows.light_of(
            is_open=self.is_open,
            deadline=self.deadline,
            today=today or clock.today(),
            yellow_days=yellow_days(self.flow),
        )


def _clock_label(assignment: Assignment, code: Any) -> str | None:
    found = assignment.flow.clock(code) if isinstance(code, str) else None
    return str(found.label) if found is not None else None


class AssignmentClock(models.Model):
    """One named deadline of an assignment (时限): started by an action of the flow, stopped by
    another, moved by approved extensions. The assignment's deadline is the nearest running
    clock's."""

    scope_unit_field = "assignment__unit"
    scope_read_fields = tuple(f"assignment__{field}" for field in ITEM_READERS)

    assignment = models.ForeignKey(Assignment, on_delete=models.PROTECT, related_name="clocks")
    code = models.CharField(_("clock"), max_length=32)
    started_on = models.DateField(_("started on"))
    deadline = models.DateField(_("deadline"))
    stopped_at = models.DateTimeField(_("stopped at"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        db_table = "core_assignmentclock"  # created by the core app; the tables stay
        verbose_name = _("deadline clock")
        verbose_name_plural = _("deadline clocks")
        ordering = ["assignment_id", "started_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "code"],
                name="unique_clock_per_assignment",
                violation_error_message=_("The assignment already has this clock."),
            ),
            models.CheckConstraint(
                condition=Q(deadline__gte=models.F("started_on")),
                name="clock_deadline_not_before_start",
                violation_error_message=_("The deadline is before the clock started."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assignment} · {self.label} {self.deadline}"

    @property
    def label(self) -> str:
        clock_def = self.assignment.flow.clock(self.code)
        return str(clock_def.label) if clock_def else self.code

    def history_value(self, name: str, value: Any) -> str | None:
        """The clock by its name in the flow, on history pages (core.history)."""
        return _clock_label(self.assignment, value) if name == "code" else None

    @property
    def is_running(self) -> bool:
        return self.stopped_at is None and self.assignment.is_open

    def light(self, today: Any = None) -> flows.Light:
        from taizhang.supervision.queries import yellow_days

        return flows.light_of(
            is_open=self.is_running,
            deadline=self.deadline,
            today=today or clock.today(),
            yellow_days=yellow_days(self.assignment.flow),
        )


class SupervisionEvent(models.Model):
    """One step on an assignment's timeline (办理记录): an action of the flow, an extension,
    a reopening or an escalation. Append-only."""

    scope_unit_field = "assignment__unit"
    scope_read_fields = tuple(f"assignment__{field}" for field in ITEM_READERS)

    assignment = models.ForeignKey(Assignment, on_delete=models.PROTECT, related_name="events")
    action = models.CharField(_("action"), max_length=32)
    from_state = models.CharField(max_length=32, blank=True)
    to_state = models.CharField(max_length=32, blank=True)
    by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    by_name = models.CharField(_("by"), max_length=150)
    at = models.DateTimeField(_("time"), default=clock.now)
    note = models.TextField(_("note"), blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        db_table = "core_supervisionevent"  # created by the core app; the tables stay
        verbose_name = _("supervision event")
        verbose_name_plural = _("supervision events")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.by_name} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise PermissionError("The supervision timeline is append-only.")
        super().save(*args, **kwargs)


class ExtensionStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")


class ExtensionRequest(models.Model):
    """An assigned unit's request for a later deadline (延期申请), filed before the deadline
    and decided by the supervising unit."""

    scope_unit_field = "assignment__unit"
    scope_read_fields = tuple(f"assignment__{field}" for field in ITEM_READERS)

    assignment = models.ForeignKey(
        Assignment, on_delete=models.PROTECT, related_name="extension_requests"
    )
    clock_code = models.CharField(
        _("clock"), max_length=32, blank=True, help_text=_("Empty: the assignment's deadline.")
    )
    previous_deadline = models.DateField(_("deadline before"))
    requested_deadline = models.DateField(_("requested deadline"))
    reason = models.CharField(_("reason"), max_length=500)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ExtensionStatus.choices,
        default=ExtensionStatus.PENDING,
    )
    requested_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(_("requested at"), default=clock.now)
    decided_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        db_table = "core_extensionrequest"  # created by the core app; the tables stay
        verbose_name = _("extension request")
        verbose_name_plural = _("extension requests")
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["assignment"],
                condition=Q(status="pending"),
                name="one_pending_extension_per_assignment",
                violation_error_message=_("An extension request is already waiting."),
            ),
            models.CheckConstraint(
                condition=Q(requested_deadline__gt=models.F("previous_deadline")),
                name="extension_moves_deadline_later",
                violation_error_message=_("The requested deadline must be after the deadline."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assignment} → {self.requested_deadline}"

    def history_value(self, name: str, value: Any) -> str | None:
        """The clock it moves by its name in the flow, on history pages (core.history)."""
        return _clock_label(self.assignment, value) if name == "clock_code" else None
