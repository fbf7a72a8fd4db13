"""The one authentication backend: Django's ModelBackend that refuses locked accounts and
addresses and counts every failure, so no entry point that calls authenticate() (the sign-in
page, the admin site, a future one) can be used to guess passwords."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.utils.translation import gettext as _

from taizhang.core.addresses import client_address
from taizhang.core.models import User
from taizhang.security import lockout


class LockingModelBackend(ModelBackend):
    def authenticate(
        self, request: Any, username: str | None = None, password: str | None = None, **kwargs: Any
    ) -> User | None:
        if username is None:
            username = kwargs.get(User.USERNAME_FIELD)
        if username is None or password is None:
            return None
        address = client_address(request)
        user = User._default_manager.filter(**{User.USERNAME_FIELD: username}).first()
        name = str(username)[:150]
        lock = lockout.current_lock(username=name, address=address)
        if lock is not None:
            lockout.record_failure(
                username=name,
                user=user,
                address=address,
                reason=lockout.describe_lock(lock),
                counts=False,
            )
            return None
        if user is None:
            User().set_password(password)  # take as long as a wrong password does
            reason = _("Unknown user name")
        elif not user.check_password(password):
            reason = _("Wrong password")
        elif not self.user_can_authenticate(user):
            reason = _("Account deactivated")
        else:
            return user
        lockout.record_failure(username=name, user=user, address=address, reason=reason)
        return None

    def get_user(self, user_id: Any) -> User | None:
        """The signed-in user of a request, with their unit in the same query: every page's
        header shows it, and scoping reads its path."""
        try:
            user = User._default_manager.select_related("unit").get(pk=user_id)
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
