"""The Double Hundred pages under /party/."""

from taizhang.party.views import urlpatterns

__all__ = ["urlpatterns"]
