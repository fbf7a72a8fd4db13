"""The security administrator's pages (安全管理员): users and their roles, password resets,
second factors and locks. Every change goes through a service and is audited."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from taizhang.core import services
from taizhang.core.access import is_security_admin
from taizhang.core.models import User
from taizhang.core.requests import AuthedRequest
from taizhang.security import lockout, otp, passwords
from taizhang.security.forms import GrantRoleForm, PasswordResetForm, ReasonForm
from taizhang.security.models import Lock, LockKind


def security_admin_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def checked(request: AuthedRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not is_security_admin(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return checked


@security_admin_only
def user_list(request: AuthedRequest) -> HttpResponse:
    users = (
        User.objects.select_related("unit")
        .prefetch_related("roles")
        .annotate(
            has_second_factor=Exists(
                TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
            ),
            is_locked=Exists(
                Lock.objects.current().filter(kind=LockKind.ACCOUNT, username=OuterRef("username"))
            ),
        )
        .order_by("username")
    )
    query = request.GET.get("q", "").strip()
    if query:
        users = users.filter(
            Q(username__icontains=query)
            | Q(full_name__icontains=query)
            | Q(unit__name__icontains=query)
        )
    page = Paginator(users, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "security/user_list.html",
        {"page": page, "q": query, "active_nav": "security-users"},
    )


@security_admin_only
def user_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    target = get_object_or_404(User.objects.select_related("unit"), pk=pk)
    return render(
        request,
        "security/user_detail.html",
        {
            "target": target,
            "roles": target.roles.all(),
            "device": otp.device_of(target),
            "locks": Lock.objects.current().filter(kind=LockKind.ACCOUNT, username=target.username),
            "grant_form": GrantRoleForm(),
            "reset_form": PasswordResetForm(),
            "active_nav": "security-users",
        },
    )


def _apply(request: AuthedRequest, change: Callable[[], Any], done: str) -> None:
    """Run a service; its refusal is shown as a message instead of a server error."""
    try:
        change()
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, done)


@require_POST
@security_admin_only
def role_grant(request: AuthedRequest, pk: int) -> HttpResponse:
    target = get_object_or_404(User, pk=pk)
    form = GrantRoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a role and give the reason."))
    else:
        role, reason = form.cleaned_data["role"], form.cleaned_data["reason"]
        _apply(
            request,
            lambda: services.grant_role(target, role, by=request.user, reason=reason),
            _("Role granted."),
        )
    return redirect("security-user", pk=target.pk)


@require_POST
@security_admin_only
def role_revoke(request: AuthedRequest, pk: int, role: str) -> HttpResponse:
    target = get_object_or_404(User, pk=pk)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reason for the change."))
    else:
        reason = form.cleaned_data["reason"]
        _apply(
            request,
            lambda: services.revoke_role(target, role, by=request.user, reason=reason),
            _("Role removed."),
        )
    return redirect("security-user", pk=target.pk)


@require_POST
@sensitive_post_parameters()
@security_admin_only
def password_reset(request: AuthedRequest, pk: int) -> HttpResponse:
    target = get_object_or_404(User, pk=pk)
    form = PasswordResetForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the new password and the reason."))
    elif target.pk == request.user.pk:
        messages.error(request, _("Change your own password on your password page."))
    else:
        data = form.cleaned_data
        _apply(
            request,
            lambda: passwords.change_password(
                target, data["new_password"], by=request.user, reason=data["reason"]
            ),
            _("Password reset; the user must change it at their next sign-in."),
        )
    return redirect("security-user", pk=target.pk)


@require_POST
@security_admin_only
def second_factor_remove(request: AuthedRequest, pk: int) -> HttpResponse:
    target = get_object_or_404(User, pk=pk)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reason for the change."))
    else:
        otp.remove_devices(target, by=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, _("Second factor removed; the user sets it up again."))
    return redirect("security-user", pk=target.pk)


@security_admin_only
def lock_list(request: AuthedRequest) -> HttpResponse:
    locks = Lock.objects.current().select_related("user").order_by("until")
    return render(
        request, "security/lock_list.html", {"locks": locks, "active_nav": "security-locks"}
    )


@require_POST
@security_admin_only
def lock_lift(request: AuthedRequest, pk: int) -> HttpResponse:
    lock = get_object_or_404(Lock, pk=pk)
    _apply(request, lambda: lockout.unlock(lock, by=request.user), _("Lock lifted."))
    return redirect("security-locks")
