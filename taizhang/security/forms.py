"""Forms of the sign-in, password, second-factor and security administration pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from taizhang.core.addresses import client_address
from taizhang.core.roles import Role
from taizhang.security import lockout


class SignInForm(AuthenticationForm):
    """Django's sign-in form; a refusal on a locked account or address says until when."""

    def get_invalid_login_error(self) -> ValidationError:
        lock = lockout.current_lock(
            username=str(self.cleaned_data.get("username") or "")[:150],
            address=client_address(self.request),
        )
        if lock is not None:
            return ValidationError(
                gettext("%(lock)s. Try again later or ask the security administrator.")
                % {"lock": lockout.describe_lock(lock)},
                code="locked",
            )
        return ValidationError(gettext("Wrong user name or password."), code="invalid_login")


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=10,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
        help_text=_("The six digits your authenticator app shows now."),
    )


class PasswordChangeForm(forms.Form):
    """The old password and the new one twice; the rules are checked by the service."""

    old_password = forms.CharField(
        label=_("Current password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "autofocus": True}),
    )
    new_password1 = forms.CharField(
        label=_("New password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html,
    )
    new_password2 = forms.CharField(
        label=_("New password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, user: Any, *args: Any, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_old_password(self) -> str:
        old = self.cleaned_data["old_password"]
        if not self.user.check_password(old):
            raise ValidationError(_("Your current password was entered wrongly."), code="wrong")
        return old

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        first, second = data.get("new_password1"), data.get("new_password2")
        if first and second and first != second:
            self.add_error("new_password2", _("The two new passwords differ."))
        return data


class PasswordResetForm(forms.Form):
    """The security administrator's reset: a new password the user changes at sign-in."""

    new_password = forms.CharField(
        label=_("New password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html,
    )
    reason = forms.CharField(label=_("Reason"), max_length=200)


class GrantRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    reason = forms.CharField(label=_("Reason"), max_length=200)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=200)
