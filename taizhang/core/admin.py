"""The Django admin for the system and security administrators. Rights come from roles
(core.access), never from Django's permission tables or the superuser flag, which no account
gets by default. Writes go through the same services as the pages, so they are checked and
audited; history and attachments are read-only here."""

from typing import Any, cast

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.core.exceptions import PermissionDenied
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from taizhang.core import access, audit, history, personal, services
from taizhang.core.access import (
    can_manage_structure,
    is_security_admin,
    is_system_admin,
    reads_history,
    reads_ledgers,
)
from taizhang.core.forms import PersonalFieldsMixin
from taizhang.core.models import ApiToken, Attachment, AuditEntry, Unit, User, UserRole


class RoleRights:
    """Who sees and changes a model in the admin site, by role. Nothing is deleted here."""

    def reads(self, user: Any) -> bool:
        return False

    def writes(self, user: Any) -> bool:
        return False

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self.reads(request.user) or self.writes(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.reads(request.user) or self.writes(request.user)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.writes(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.writes(request.user)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


def _actor(request: HttpRequest) -> User:
    """The administrator acting in the admin site, which lets only signed-in staff in."""
    if not isinstance(request.user, User):
        raise PermissionDenied
    return request.user


class ReadOnlyAdmin(RoleRights, admin.ModelAdmin):
    def get_queryset(self, request: HttpRequest):
        return access.scope(super().get_queryset(request), request.user)


class UnitAdminForm(PersonalFieldsMixin, forms.ModelForm):
    parent = forms.ModelChoiceField(queryset=Unit.objects.all(), required=False)

    class Meta:
        model = Unit
        fields = list(services.UNIT_FIELDS)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            parent_field = cast(forms.ModelChoiceField, self.fields["parent"])
            parent_field.initial = Unit.objects.get_parent(self.instance)
            parent_field.queryset = Unit.objects.exclude(path__startswith=self.instance.path)

    def _post_clean(self) -> None:
        """Model validation runs in the service, which also sets the tree fields."""


@admin.register(Unit)
class UnitAdmin(RoleRights, admin.ModelAdmin):
    """Units are deactivated, never deleted: their records point at them."""

    form = UnitAdminForm
    list_display = ("code", "name", "kind", "is_demo", "is_active")
    list_filter = ("kind", "is_demo", "is_active")
    search_fields = ("code", "name", "address")
    ordering = ("path",)

    def writes(self, user: Any) -> bool:
        return can_manage_structure(user)

    def get_queryset(self, request: HttpRequest):
        return Unit.objects.for_user(request.user)

    def save_model(self, request: HttpRequest, obj: Unit, form: Any, change: bool) -> None:
        if not can_manage_structure(request.user):
            raise PermissionDenied
        data = {name: form.cleaned_data[name] for name in services.UNIT_FIELDS}
        if change:
            fresh = Unit.objects.get(pk=obj.pk)
            services.update_unit(
                fresh, by=_actor(request), parent=form.cleaned_data["parent"], **data
            )
        else:
            created = services.create_unit(
                by=_actor(request), parent=form.cleaned_data["parent"], **data
            )
            obj.pk = created.pk


class RoleFormSet(BaseInlineFormSet):
    def clean(self) -> None:
        """The roles as they would be after saving must keep the three administrators apart."""
        super().clean()
        after = {
            form.cleaned_data["role"]
            for form in self.forms
            if getattr(form, "cleaned_data", None)
            and form.cleaned_data.get("role")
            and not form.cleaned_data.get("DELETE")
        }
        services.check_separated_duties(self.instance, after)


class UserRoleInline(RoleRights, admin.TabularInline):
    """Roles: shown to both administrators, changed by the security administrator alone,
    through `grant_role` and `revoke_role` (UserAdmin.save_formset), so each is audited."""

    model = UserRole
    formset = RoleFormSet
    extra = 1

    def reads(self, user: Any) -> bool:
        return is_system_admin(user)

    def writes(self, user: Any) -> bool:
        return is_security_admin(user)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._may_change(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._may_change(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._may_change(request, obj)

    def _may_change(self, request: HttpRequest, obj: Any) -> bool:
        """Nobody changes their own roles, nor those of an account not yet saved."""
        user = obj.user if isinstance(obj, UserRole) else obj
        return (
            self.writes(request.user)
            and isinstance(user, User)
            and user.pk is not None
            and user.pk != request.user.pk
        )


class UserAdminForm(PersonalFieldsMixin, UserChangeForm):
    """The account form: the phone number masked, blank keeps it (core/personal.py)."""


@admin.register(User)
class UserAdmin(RoleRights, DjangoUserAdmin):
    """The system administrator edits accounts; the security administrator only their roles
    (and resets passwords on the security pages). Nobody edits the superuser flag here."""

    form = UserAdminForm
    inlines = [UserRoleInline]
    list_display = ("username", "full_name", "unit", "is_active", "is_staff")
    list_select_related = ("unit",)
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (
            _("Personal info"),
            {"fields": ("full_name", "first_name", "last_name", "email", "phone", "unit")},
        ),
        (_("Access"), {"fields": ("is_active", "is_staff", "is_superuser")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    readonly_fields = ("is_superuser", "last_login", "date_joined")
    list_filter = ("is_staff", "is_active")
    filter_horizontal = ()

    def reads(self, user: Any) -> bool:
        return is_security_admin(user)

    def writes(self, user: Any) -> bool:
        return is_system_admin(user) or is_security_admin(user)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_system_admin(request.user)

    def get_inline_instances(self, request: HttpRequest, obj: Any = None) -> list[Any]:
        """Roles are granted once the account exists."""
        return super().get_inline_instances(request, obj) if obj is not None else []

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        """Who reads an account without editing it reads its phone masked."""
        fieldsets = super().get_fieldsets(request, obj)
        if is_system_admin(request.user) or obj is None:
            return fieldsets
        return [
            (
                title,
                {
                    **section,
                    "fields": ["masked_phone" if n == "phone" else n for n in section["fields"]],
                },
            )
            for title, section in fieldsets
        ]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if is_system_admin(request.user) or obj is None:
            return self.readonly_fields
        return [
            name
            for _title, section in self.get_fieldsets(request, obj)
            for name in section["fields"]
        ]

    @admin.display(description=_("phone"))
    def masked_phone(self, obj: User) -> str:
        return personal.shown(obj, "phone", None)

    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        if change and not form.changed_data:
            return  # the security administrator saved roles only
        if not can_manage_structure(request.user):
            raise PermissionDenied
        before = audit.snapshot(User.objects.get(pk=obj.pk)) if change else None
        super().save_model(request, obj, form, change)
        if before is None:
            audit.record_create(obj, by=_actor(request))
        else:
            audit.record_update(obj, before, by=_actor(request))

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        """Role rows become grants and revocations through the services (audited)."""
        if formset.model is not UserRole:
            super().save_formset(request, form, formset, change)
            return
        reason = gettext("Changed in the admin site")
        user = form.instance
        # What formset.save() would have noted for the admin's own change message.
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for row in formset.forms:
            data = getattr(row, "cleaned_data", None) or {}
            before = row.initial.get("role") if row.instance.pk else None
            after = None if data.get("DELETE") else data.get("role")
            if before == after:
                continue
            if before:
                services.revoke_role(user, before, by=_actor(request), reason=reason)
            if after:
                services.grant_role(user, after, by=_actor(request), reason=reason)

    def user_change_password(
        self, request: HttpRequest, id: str, form_url: str = ""
    ) -> HttpResponse:
        """Passwords are reset on the security administrator's page, with a reason."""
        if not is_security_admin(request.user):
            raise PermissionDenied
        return redirect("security-user", pk=id)


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ("at", "actor_name", "action", "content_type", "object_repr", "reason")
    # The snapshots as the history API gives them: personal data masked, no secrets.
    exclude = ("before", "after")
    readonly_fields = ("before_shown", "after_shown")

    @admin.display(description=_("before"))
    def before_shown(self, obj: AuditEntry) -> Any:
        return history.visible_snapshot(obj, obj.before, None)

    @admin.display(description=_("after"))
    def after_shown(self, obj: AuditEntry) -> Any:
        return history.visible_snapshot(obj, obj.after, None)

    def reads(self, user: Any) -> bool:
        return reads_history(user)

    list_filter = ("action", "content_type")
    search_fields = ("object_repr", "actor_name", "reason")


@admin.register(Attachment)
class AttachmentAdmin(ReadOnlyAdmin):
    list_display = ("original_name", "kind", "size", "uploaded_by", "uploaded_at", "removed_at")
    exclude = ("file",)

    def reads(self, user: Any) -> bool:
        return reads_ledgers(user)


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdmin):
    list_display = ("prefix", "user", "name", "created_at", "last_used_at", "revoked_at")

    def reads(self, user: Any) -> bool:
        return is_system_admin(user)

    def get_queryset(self, request: HttpRequest):
        return ApiToken.objects.for_user(request.user).select_related("user")
