"""Welfare API: programmes."""

from ninja import Router

router = Router()
