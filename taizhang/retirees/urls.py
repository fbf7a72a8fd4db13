"""The retirees pages under /retirees/: each part of the module lists its own routes."""

from taizhang.retirees.views import confirmations, deaths, handovers, roster, visits

urlpatterns = [
    *confirmations.urlpatterns,
    *deaths.urlpatterns,
    *handovers.urlpatterns,
    *visits.urlpatterns,
    *roster.urlpatterns,
]
