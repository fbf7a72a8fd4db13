"""Test-only URLs: the real ones plus a page and an endpoint that forget scoping on purpose."""

import itertools

from django.http import HttpResponse, HttpResponseForbidden, HttpResponseNotAllowed
from django.urls import include, path
from ninja import NinjaAPI

from taizhang.core.models import Unit


def leaky_unit_names(request):
    return HttpResponse(", ".join(Unit.objects.values_list("name", flat=True)))


_edits = itertools.count()


def careless_address(request, pk):
    """Changes any unit's address before it checks anything, then refuses: 403 to a POST,
    405 to the other writing methods."""
    if request.method == "GET":
        return HttpResponse("")
    Unit.objects.filter(pk=pk).update(address=f"PROBE {next(_edits)}")
    if request.method == "POST":
        return HttpResponseForbidden()
    return HttpResponseNotAllowed(["GET"])


leaky_api = NinjaAPI(urls_namespace="leaky-api")


@leaky_api.get("/units")
def leaky_units(request) -> list[str]:
    return list(Unit.objects.values_list("name", flat=True))


urlpatterns = [
    path("", include("taizhang.urls")),
    path("leaky/units/", leaky_unit_names),
    path("leaky/units/<int:pk>/address/", careless_address),
    path("leaky-api/", leaky_api.urls),
]
