"""The retirees pages under /retirees/: each part of the module lists its own routes."""

from taizhang.retirees.views import (
    activities,
    confirmations,
    dashboard,
    deaths,
    handovers,
    requests,
    roster,
    visits,
)

urlpatterns = [
    *activities.urlpatterns,
    *dashboard.urlpatterns,
    *requests.urlpatterns,
    *confirmations.urlpatterns,
    *deaths.urlpatterns,
    *handovers.urlpatterns,
    *visits.urlpatterns,
    *roster.urlpatterns,
]
