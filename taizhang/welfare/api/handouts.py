"""Welfare API: handouts."""

from ninja import Router

router = Router()
