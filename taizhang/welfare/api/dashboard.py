"""Welfare API: dashboard."""

from ninja import Router

router = Router()
