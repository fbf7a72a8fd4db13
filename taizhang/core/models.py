"""Shared ground of every ledger: org units, users and roles, audit, attachments, API tokens,
import jobs."""

from __future__ import annotations

import uuid
from functools import cached_property
from typing import TYPE_CHECKING, Any, Self, TypeVar

from django.contrib.auth.models import AbstractUser
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node, MP_NodeManager, MP_NodeQuerySet

from taizhang.core import access
from taizhang.core.personal import PersonalKind
from taizhang.core.roles import Role
from taizhang.core.versions import Versioned
from taizhang.lib.text import split_aliases

if TYPE_CHECKING:
    from taizhang.core.history import ChangeRow

_M = TypeVar("_M", bound=models.Model)


class ScopedQuerySet(models.QuerySet[_M]):
    def for_user(self, user: Any) -> Self:
        return access.scope(self, user)


class UnitKind(models.TextChoices):
    DISTRICT = "district", _("District")
    SUBDISTRICT = "subdistrict", _("Subdistrict")
    VILLAGE = "village", _("Village")
    COMMUNITY = "community", _("Community")
    DEPARTMENT = "department", _("Department")
    PARTY_ORG = "party_org", _("Party organization")
    AGENCY = "agency", _("Other agency")


class UnitQuerySet(MP_NodeQuerySet, ScopedQuerySet["Unit"]):
    def called(self, text: str) -> list[Unit]:
        """The units a sheet or a person means by `text`: the one with that code, else those
        with that full name, else those with it among their other names (区发改局). More than
        one means the name is ambiguous; at most two are returned."""
        text = (text or "").strip()
        if not text:
            return []
        found = list(self.filter(code=text)[:1]) or list(self.filter(name=text)[:2])
        if found:
            return found
        candidates = self.filter(aliases__contains=text)
        return [unit for unit in candidates if text in unit.alias_list][:2]


# treebeard is untyped: the manager class made from it is not a valid base to mypy.
class UnitManager(MP_NodeManager.from_queryset(UnitQuerySet)):  # type: ignore[misc]
    def get_queryset(self) -> UnitQuerySet:
        return UnitQuerySet(self.model, using=self._db).order_by("path")


class Unit(Versioned, MP_Node):
    """An org unit (组织机构): the district, a subdistrict (街道), village (村), community (社区),
    department (局/委/办), party organization or an agency outside the district tree."""

    scope_unit_field = ""
    is_ledger_record = True
    personal_fields = {"contact_phone": PersonalKind.PHONE}

    name = models.CharField(_("name"), max_length=100)
    code = models.CharField(
        _("code"), max_length=32, unique=True, help_text=_("Unique code, e.g. 140213001")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=UnitKind.choices)
    address = models.CharField(_("address"), max_length=200, blank=True)
    contact_person = models.CharField(_("contact person"), max_length=50, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    remarks = models.TextField(_("remarks"), blank=True)
    aliases = models.TextField(
        _("other names"),
        blank=True,
        help_text=_(
            "Short forms people write, one per line or separated by 、, e.g. 区发改局 for "
            "平城区发展和改革局. Ledgers and reports match them too."
        ),
    )
    is_demo = models.BooleanField(
        _("demo"), default=False, help_text=_("Invented for the demo district; not a real unit.")
    )
    is_active = models.BooleanField(_("active"), default=True)

    node_order_by = ["code"]
    objects = UnitManager()

    class Meta:
        verbose_name = _("org unit")
        verbose_name_plural = _("org units")
        indexes = [models.Index(fields=["kind"]), models.Index(fields=["name"])]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("unit-detail", args=[self.pk])

    @property
    def alias_list(self) -> list[str]:
        return split_aliases(self.aliases)

    def subdistrict(self) -> Unit | None:
        """The subdistrict (街道) this unit is or lies in: a village's is its 街道."""
        steps = range(self.steplen, len(self.path) + 1, self.steplen)
        paths = [self.path[:end] for end in steps]
        return Unit.objects.filter(path__in=paths, kind=UnitKind.SUBDISTRICT).last()


class User(AbstractUser):
    """A person who signs in (用户). Belongs to one org unit and holds one or more roles."""

    personal_fields = {"phone": PersonalKind.PHONE}

    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    full_name = models.CharField(_("full name"), max_length=50, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    otp_device: Any  # django-otp: the second factor that verified this session, if any

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.username

    @cached_property
    def role_names(self) -> frozenset[str]:
        return frozenset(self.roles.values_list("role", flat=True))


class UserRole(models.Model):
    """A role held by a user (用户角色)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role"],
                name="unique_user_role",
                violation_error_message=_("The user already has this role."),
            )
        ]

    def __str__(self) -> str:
        return self.get_role_display()


class AuditAction(models.TextChoices):
    CREATE = "create", _("Created")
    UPDATE = "update", _("Changed")
    DELETE = "delete", _("Deleted")
    # Sign-in events (等保2.0 security audit), recorded against the User.
    LOGIN = "login", _("Signed in")
    LOGIN_FAILED = "login_failed", _("Sign-in failed")
    LOCKED = "locked", _("Locked")
    UNLOCKED = "unlocked", _("Unlocked")
    LOGOUT = "logout", _("Signed out")


class AppendOnlyQuerySet(ScopedQuerySet):
    def update(self, **kwargs: Any) -> int:
        raise PermissionError("Audit history is append-only.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("Audit history is append-only.")


class AuditEntry(models.Model):
    """One change to a ledger record (变更记录): who, when, before and after. Append-only."""

    scope_unit_field = "scope_unit"
    is_history = True
    rows: list[ChangeRow]  # set by history.describe for the pages and the API

    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        User,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_name = models.CharField(_("user name"), max_length=150, blank=True)
    actor_unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    scope_unit = models.ForeignKey(
        Unit,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The unit whose records this change belongs to."),
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.CharField(max_length=64)
    object_repr = models.CharField(_("record"), max_length=200)
    action = models.CharField(_("action"), max_length=16, choices=AuditAction.choices)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    request_id = models.CharField(max_length=64, blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id", "-at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.object_repr}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise PermissionError("Audit history is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("Audit history is append-only.")

    @property
    def changes(self) -> list[tuple[str, Any, Any]]:
        """(field, before, after) for every field whose value differs."""
        before, after = self.before or {}, self.after or {}
        fields = dict.fromkeys([*before, *after])
        return [(f, before.get(f), after.get(f)) for f in fields if before.get(f) != after.get(f)]


class PersonalDataAccessKind(models.TextChoices):
    PAGE = "page", _("Page")
    API = "api", _("API")
    EXPORT = "export", _("Export")
    CLI = "cli", _("Command line")


class PersonalDataAccessQuerySet(models.QuerySet["PersonalDataAccess"]):
    def update(self, **kwargs: Any) -> int:
        raise PermissionError("The personal data access log is append-only.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("The personal data access log is append-only.")


class PersonalDataAccess(models.Model):
    """One look at personal data in full (个人信息查看记录): who saw whose personal fields,
    when, why and how (a page, the API, an export with full numbers, a command). Written by
    core.personal in the same transaction as the reveal; append-only; listed for the audit
    administrator. An export names its ledger and row count instead of one record."""

    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        User,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Empty for the system (a command)."),
    )
    user_name = models.CharField(_("user name"), max_length=150, blank=True)
    kind = models.CharField(_("kind"), max_length=8, choices=PersonalDataAccessKind.choices)
    content_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    object_id = models.CharField(max_length=64, blank=True)
    object_repr = models.CharField(_("record"), max_length=200, blank=True)
    fields = models.JSONField(_("fields"), default=list)
    reason = models.CharField(_("reason"), max_length=500)
    ledger = models.CharField(_("ledger"), max_length=64, blank=True)
    row_count = models.PositiveIntegerField(_("rows"), null=True, blank=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    request_id = models.CharField(max_length=64, blank=True)

    objects = PersonalDataAccessQuerySet.as_manager()

    class Meta:
        verbose_name = _("personal data access")
        verbose_name_plural = _("personal data accesses")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["user", "-at"])]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(reason=""),
                name="personal_data_access_has_reason",
                violation_error_message=_("Give the reason for seeing personal data in full."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user_name} {self.kind} {self.object_repr}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise PermissionError("The personal data access log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("The personal data access log is append-only.")


class AttachmentKind(models.TextChoices):
    PHOTO = "photo", _("Photo")
    DOCUMENT = "document", _("Document")


def attachment_path(instance: Attachment, filename: str) -> str:
    return f"attachments/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{instance.extension}"


class Attachment(models.Model):
    """A photo or document kept on a ledger record (附件). Never served without access."""

    scope_unit_field = "scope_unit"

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.CharField(max_length=64)
    record = GenericForeignKey("content_type", "object_id")
    scope_unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    mime_type = models.CharField(_("type"), max_length=100)
    extension = models.CharField(max_length=10)
    kind = models.CharField(_("kind"), max_length=16, choices=AttachmentKind.choices)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    removed_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["-uploaded_at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return self.original_name


class ApiToken(models.Model):
    """A machine's key to the API (接口令牌). Only its SHA-256 is stored."""

    scope_unit_field = "user__unit"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100, blank=True)
    prefix = models.CharField(max_length=12)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"


class ImportStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    RUNNING = "running", _("Running")
    SUCCEEDED = "succeeded", _("Succeeded")
    FAILED = "failed", _("Failed")


class ImportJob(models.Model):
    """One upload of an Excel ledger (导入任务): a dry run or an all-or-nothing import."""

    scope_unit_field = "user__unit"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    ledger = models.CharField(_("ledger"), max_length=50)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    dry_run = models.BooleanField(_("dry run"), default=False)
    year = models.PositiveSmallIntegerField(
        _("year"), null=True, blank=True, help_text=_("Given to rows without a year.")
    )
    file_name = models.CharField(_("file name"), max_length=200)
    stored_path = models.CharField(max_length=300)
    status = models.CharField(
        _("status"), max_length=16, choices=ImportStatus.choices, default=ImportStatus.PENDING
    )
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    created_count = models.PositiveIntegerField(default=0)
    updated_count = models.PositiveIntegerField(default=0)
    error_count = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)
    message = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    # The queue's task that runs the job (django-tasks result id), to tell a job whose task
    # failed or is gone (core/jobs.py).
    task_id = models.CharField(max_length=64, blank=True, default="")
    # When the stored upload, error copy and progress file were removed (a dead job, or the
    # retention period); the row stays as the record.
    files_removed_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("import job")
        verbose_name_plural = _("import jobs")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.ledger} {self.file_name}"


class NotificationQuerySet(models.QuerySet["Notification"]):
    def for_user(self, user: Any) -> Self:
        """A person's own notifications, and nobody else's: not the org-unit scope of ledger
        records, under which an administrator would read everyone's."""
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        return self.filter(recipient=user)

    def unread(self) -> Self:
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """A message to one person (通知): work assigned to them, a record waiting for their
    decision, a decision on what they submitted. Written after the change commits
    (core.notifications); not a ledger record, so neither audited nor unit-scoped."""

    recipient = models.ForeignKey(
        User, verbose_name=_("recipient"), on_delete=models.CASCADE, related_name="notifications"
    )
    module = models.CharField(_("module"), max_length=50)  # the app label of who sent it
    kind = models.CharField(_("kind"), max_length=50)
    title = models.CharField(_("title"), max_length=200)
    url = models.CharField(_("link"), max_length=300)
    actor_name = models.CharField(_("sent by"), max_length=150, blank=True)  # "": the platform
    created_at = models.DateTimeField(_("time"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notification_inbox"),
            models.Index(
                fields=["recipient"],
                condition=models.Q(read_at__isnull=True),
                name="notification_unread",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("notification-open", args=[self.pk])


class DataVersion(models.Model):
    """The version of one database table (数据版本): a random token that database triggers
    replace whenever a row of the table is inserted, updated or deleted, by any path (the ORM,
    QuerySet.update, bulk_create, raw SQL, an import). Cached aggregates are keyed by the
    versions of the tables they read (core/aggregates.py), so a change makes them miss."""

    table = models.CharField(_("table"), max_length=100, primary_key=True)
    version = models.CharField(_("version"), max_length=64)

    class Meta:
        verbose_name = _("data version")
        verbose_name_plural = _("data versions")

    def __str__(self) -> str:
        return f"{self.table} {self.version}"
