"""A user's own security: changing their password, setting up their second factor."""

from __future__ import annotations

import django_otp
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from taizhang.core.requests import AuthedRequest
from taizhang.lib import qr
from taizhang.security import otp, passwords, sessions
from taizhang.security.forms import CodeForm, PasswordChangeForm
from taizhang.security.views.signin import next_url

CANDIDATE_KEY = "security.otp_candidate"


@sensitive_post_parameters()
@never_cache
def password_change(request: AuthedRequest) -> HttpResponse:
    user = request.user
    form = PasswordChangeForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            passwords.change_password(user, form.cleaned_data["new_password1"], by=user)
        except ValidationError as error:
            form.add_error("new_password1", error)
        else:
            update_session_auth_hash(request, user)
            sessions.stamp_password(request, user)
            messages.success(request, _("Your password has been changed."))
            return redirect(next_url(request))
    return render(
        request,
        "security/password_change.html",
        {
            "form": form,
            "next": next_url(request),
            "expired": sessions.password_expired(request.session),
        },
    )


@sensitive_post_parameters()
@never_cache
def second_factor(request: AuthedRequest) -> HttpResponse:
    """Set up an authenticator app: scan the QR code or type the secret, confirm one code."""
    user = request.user
    device = otp.device_of(user)
    if device is not None:
        return render(request, "security/second_factor.html", {"device": device})
    key = request.session.get(CANDIDATE_KEY) or otp.new_key()
    request.session[CANDIDATE_KEY] = key
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = otp.confirm_device(user, key, form.cleaned_data["code"], by=user)
        if device is not None:
            del request.session[CANDIDATE_KEY]
            django_otp.login(request, device)
            request.session[sessions.SECOND_FACTOR] = sessions.VERIFIED
            messages.success(request, _("Your second factor is set up."))
            return redirect(next_url(request))
        form.add_error("code", _("Wrong code, or too many tries: wait a moment and try again."))
    uri = otp.provisioning_uri(user, key)
    return render(
        request,
        "security/second_factor.html",
        {
            "form": form,
            "qr_code": qr.svg(uri),
            "secret": otp.readable_secret(key),
            "next": next_url(request),
            "required": otp.requires_second_factor(user),
        },
    )
