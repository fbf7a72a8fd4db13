"""The welfare pages under /welfare/: each part of the module lists its own routes."""

from taizhang.welfare.views import (
    applications,
    cycles,
    dashboard,
    handouts,
    programmes,
    published,
    reviews,
)

urlpatterns = [
    *programmes.urlpatterns,
    *applications.urlpatterns,
    *reviews.urlpatterns,
    *cycles.urlpatterns,
    *handouts.urlpatterns,
    *dashboard.urlpatterns,
    *published.urlpatterns,
]
