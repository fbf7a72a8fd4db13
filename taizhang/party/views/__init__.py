"""The Double Hundred pages under /party/, one module per part of the work."""

from django.urls import URLPattern

from taizhang.party.views import demonstration, orgs, projects, records, rules, showcase, study

urlpatterns: list[URLPattern] = [
    *records.urlpatterns,
    *orgs.urlpatterns,
    *rules.urlpatterns,
    *study.urlpatterns,
    *projects.urlpatterns,
    *demonstration.urlpatterns,
    *showcase.urlpatterns,
]
