"""Filled in by the project-bank work."""

from ninja import Router

router = Router(tags=["projects"])
