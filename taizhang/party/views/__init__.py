"""The Double Hundred pages under /party/, one module per part of the work."""

from django.urls import URLPattern

from taizhang.party.views import orgs, projects, records, rules, study

urlpatterns: list[URLPattern] = [
    *records.urlpatterns,
    *orgs.urlpatterns,
    *rules.urlpatterns,
    *study.urlpatterns,
    *projects.urlpatterns,
]
