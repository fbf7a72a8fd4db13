"""Filled in by the project-bank work."""

urlpatterns: list = []
