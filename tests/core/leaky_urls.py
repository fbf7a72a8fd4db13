"""Test-only URLs: the real ones plus a page and an endpoint that forget scoping on purpose."""

from django.http import HttpResponse
from django.urls import include, path
from ninja import NinjaAPI

from taizhang.core.models import Unit


def leaky_unit_names(request):
    return HttpResponse(", ".join(Unit.objects.values_list("name", flat=True)))


leaky_api = NinjaAPI(urls_namespace="leaky-api")


@leaky_api.get("/units")
def leaky_units(request) -> list[str]:
    return list(Unit.objects.values_list("name", flat=True))


urlpatterns = [
    path("", include("taizhang.urls")),
    path("leaky/units/", leaky_unit_names),
    path("leaky-api/", leaky_api.urls),
]
