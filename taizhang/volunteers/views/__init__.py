"""The volunteer pages."""

from taizhang.volunteers.views.urls import urlpatterns

__all__ = ["urlpatterns"]
