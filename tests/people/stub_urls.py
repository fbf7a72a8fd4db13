"""The site's URLs plus the registry's record pages by name, for tests that run before the
people pages are wired in (duplicate messages link to the existing record)."""

from django.http import HttpResponse
from django.urls import path

from taizhang.urls import urlpatterns as site

urlpatterns = [
    *site,
    path("people/person/<int:pk>/", lambda request, pk: HttpResponse(), name="people-person"),
    path(
        "people/organisation/<int:pk>/",
        lambda request, pk: HttpResponse(),
        name="people-organisation",
    ),
]
