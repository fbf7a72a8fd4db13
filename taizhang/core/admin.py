"""The Django admin for district administrators. Writes go through the same services as the
pages, so they are checked and audited; history and attachments are read-only here."""

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from taizhang.core import audit, services
from taizhang.core.access import can_manage_structure
from taizhang.core.models import ApiToken, Attachment, AuditEntry, Unit, User, UserRole


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_queryset(self, request: HttpRequest):
        return super().get_queryset(request).for_user(request.user)


class UnitAdminForm(forms.ModelForm):
    parent = forms.ModelChoiceField(queryset=Unit.objects.all(), required=False)

    class Meta:
        model = Unit
        fields = list(services.UNIT_FIELDS)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["parent"].initial = Unit.objects.get_parent(self.instance)
            self.fields["parent"].queryset = Unit.objects.exclude(
                path__startswith=self.instance.path
            )

    def _post_clean(self) -> None:
        """Model validation runs in the service, which also sets the tree fields."""


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    form = UnitAdminForm
    list_display = ("code", "name", "kind", "is_demo", "is_active")
    list_filter = ("kind", "is_demo", "is_active")
    search_fields = ("code", "name", "address")
    ordering = ("path",)

    def get_queryset(self, request: HttpRequest):
        return Unit.objects.for_user(request.user)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # units are deactivated, never deleted: their records point at them

    def save_model(self, request: HttpRequest, obj: Unit, form: Any, change: bool) -> None:
        if not can_manage_structure(request.user):
            raise PermissionDenied
        data = {name: form.cleaned_data[name] for name in services.UNIT_FIELDS}
        if change:
            fresh = Unit.objects.get(pk=obj.pk)
            services.update_unit(fresh, by=request.user, parent=form.cleaned_data["parent"], **data)
        else:
            created = services.create_unit(
                by=request.user, parent=form.cleaned_data["parent"], **data
            )
            obj.pk = created.pk


class UserRoleInline(admin.TabularInline):
    model = UserRole
    extra = 1


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    inlines = [UserRoleInline]
    list_display = ("username", "full_name", "unit", "is_active", "is_staff")
    list_select_related = ("unit",)
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        ("Taizhang", {"fields": ("unit", "full_name", "phone")}),
    )

    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        if not can_manage_structure(request.user):
            raise PermissionDenied
        before = audit.snapshot(User.objects.get(pk=obj.pk)) if change else None
        super().save_model(request, obj, form, change)
        if before is None:
            audit.record_create(obj, by=request.user)
        else:
            audit.record_update(obj, before, by=request.user)


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ("at", "actor_name", "action", "content_type", "object_repr", "reason")
    list_filter = ("action", "content_type")
    search_fields = ("object_repr", "actor_name", "reason")


@admin.register(Attachment)
class AttachmentAdmin(ReadOnlyAdmin):
    list_display = ("original_name", "kind", "size", "uploaded_by", "uploaded_at", "removed_at")
    exclude = ("file",)


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdmin):
    list_display = ("prefix", "user", "name", "created_at", "last_used_at", "revoked_at")

    def get_queryset(self, request: HttpRequest):
        return ApiToken.objects.for_user(request.user).select_related("user")
