"""The volunteer pages under /volunteers/ (organisers) and the public ones under
/volunteers/join/ and /volunteers/s/ (no account)."""

from taizhang.volunteers.views import urlpatterns

__all__ = ["urlpatterns"]
