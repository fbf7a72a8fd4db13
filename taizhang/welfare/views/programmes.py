"""Welfare pages: programmes, enrolments and candidate lists."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
