"""Checks that keep a production server from starting unsafe (等保: no known keys)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.core.exceptions import ImproperlyConfigured

DEVELOPMENT_KEY_MESSAGE = (
    "The development secret key is in use. Set TAIZHANG_SECRET_KEY to a long random value "
    "(python3 -c 'import secrets; print(secrets.token_urlsafe(50))')."
)


def uses_development_key() -> bool:
    return settings.SECRET_KEY == settings.DEVELOPMENT_SECRET_KEY


def refuse_development_key() -> None:
    """Called by the web server's entry points (wsgi.py, `taizhang serve`): with debug off,
    the development key stops the server. There is no switch to allow it."""
    if not settings.DEBUG and uses_development_key():
        raise ImproperlyConfigured(DEVELOPMENT_KEY_MESSAGE)


@register(Tags.security, deploy=True)
def development_key(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    if uses_development_key():
        return [Error(DEVELOPMENT_KEY_MESSAGE, id="taizhang.E001")]
    return []
