"""Signing in (password, then a code when the user has a second factor) and out, audited. The
admin site's sign-in and sign-out lead here, so that nothing bypasses the locks or the trail."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import auth, messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from taizhang.core.addresses import client_address
from taizhang.core.models import AuditAction, User
from taizhang.security import events, lockout, otp, sessions
from taizhang.security.forms import CodeForm, SignInForm

# A password accepted, its code not yet given: {"user", "backend", "at"} in the session.
PENDING = "security.pending"
PENDING_SECONDS = 300


def next_url(request: HttpRequest) -> str:
    """Where to go after signing in: the `next` asked for if it stays on this site."""
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    safe = url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return wanted if safe else reverse("home")


def complete_sign_in(request: HttpRequest, user: User, device: TOTPDevice | None = None) -> None:
    """Sign the user in (with the device that verified their code) and audit it."""
    if device is not None:
        user.otp_device = device  # django-otp's login receiver keeps it in the session
    auth.login(request, user, backend=getattr(user, "backend", None))
    reason = _("Signed in with password and code") if device else _("Signed in with password")
    if user.is_superuser:
        reason = _("%(how)s; a superuser account (createsuperuser, for emergencies)") % {
            "how": reason
        }
    events.record(
        AuditAction.LOGIN, user=user, actor=user, address=client_address(request), reason=reason
    )


class SignInView(auth_views.LoginView):
    form_class = SignInForm
    redirect_authenticated_user = True

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        user = form.get_user()
        if otp.device_of(user) is None:
            complete_sign_in(self.request, user)
            return HttpResponseRedirect(self.get_success_url())
        self.request.session[PENDING] = {
            "user": user.pk,
            "backend": user.backend,
            "at": sessions.now_stamp(),
        }
        query = urlencode({"next": next_url(self.request)})
        return redirect(f"{reverse('login-code')}?{query}")


def _pending_user(request: HttpRequest) -> User | None:
    pending = request.session.get(PENDING)
    if not pending or sessions.now_stamp() - pending["at"] > PENDING_SECONDS:
        return None
    user = User.objects.filter(pk=pending["user"], is_active=True).first()
    if user is not None:
        user.backend = pending["backend"]
    return user


@login_not_required
@sensitive_post_parameters()
@csrf_protect
@never_cache
def sign_in_code(request: HttpRequest) -> HttpResponse:
    """The second step: the code of the user's authenticator app. A wrong code counts as a
    failed sign-in towards the account's and the address's locks."""
    user = _pending_user(request)
    device = otp.device_of(user) if user is not None else None
    if user is None or device is None:
        request.session.pop(PENDING, None)
        messages.info(request, _("Sign in again, please."))
        return redirect("login")
    address = client_address(request)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        lock = lockout.current_lock(username=user.get_username(), address=address)
        if lock is None and otp.verify(user, device, form.cleaned_data["code"]):
            request.session.pop(PENDING, None)
            complete_sign_in(request, user, device)
            return redirect(next_url(request))
        reason = lockout.describe_lock(lock) if lock else _("Wrong code")
        made = lockout.record_failure(
            username=user.get_username(),
            user=user,
            address=address,
            reason=reason,
            counts=lock is None,
        )
        lock = lock or (made[0] if made else None)
        if lock is not None:
            request.session.pop(PENDING, None)
            messages.error(request, lockout.describe_lock(lock))
            return redirect("login")
        form.add_error("code", _("Wrong code, or too many tries: wait a moment and try again."))
    return render(
        request,
        "security/sign_in_code.html",
        {"form": form, "next": next_url(request), "pending_user": user},
    )


@login_not_required
@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    user = request.user
    if user.is_authenticated:
        events.record(
            AuditAction.LOGOUT,
            user=user,
            actor=user,
            address=client_address(request),
            reason=_("Signed out"),
        )
    auth.logout(request)
    return redirect("login")


@login_not_required
def admin_sign_in(request: HttpRequest) -> HttpResponse:
    """The admin site's sign-in page: the platform's, which applies every control. A signed-in
    user sent here lacks the admin site's rights."""
    if request.user.is_authenticated:
        raise PermissionDenied
    query = urlencode({"next": request.GET.get("next") or reverse("admin:index")})
    return redirect(f"{reverse('login')}?{query}")
