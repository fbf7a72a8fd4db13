"""The land pages under /land/."""

from taizhang.land.views import urlpatterns

__all__ = ["urlpatterns"]
