"""The Double Hundred pages under /party/, one module per part of the work."""

from django.urls import URLPattern

from taizhang.party.views import records

urlpatterns: list[URLPattern] = [*records.urlpatterns]
