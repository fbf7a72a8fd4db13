from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from taizhang.api import api
from taizhang.security.views import signin

urlpatterns = [
    path("", include("taizhang.core.urls")),
    path("", include("taizhang.security.urls")),
    path("supervision/", include("taizhang.supervision.urls")),
    path("projects/", include("taizhang.projects.urls")),
    path("rectification/", include("taizhang.rectification.urls")),
    path("intake/", include("taizhang.intake.urls")),
    path("people/", include("taizhang.people.urls")),
    path("welfare/", include("taizhang.welfare.urls")),
    path("retirees/", include("taizhang.retirees.urls")),
    path("land/", include("taizhang.land.urls")),
    path("volunteers/", include("taizhang.volunteers.urls")),
    path("party/", include("taizhang.party.urls")),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    # The admin site signs in, out and changes passwords through the platform's pages.
    path("admin/login/", signin.admin_sign_in),
    path("admin/logout/", signin.sign_out),
    path("admin/password_change/", RedirectView.as_view(pattern_name="password-change")),
    path("admin/", admin.site.urls),
]

# Error pages in the page shell (and the API's JSON shape under /api/).
handler403 = "taizhang.core.views.errors.permission_denied"
handler404 = "taizhang.core.views.errors.page_not_found"
handler500 = "taizhang.core.views.errors.server_error"
