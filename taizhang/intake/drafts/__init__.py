"""Draft records proposed from a report, one kind per ledger, in a registry.

A module adds its kind with `register(MyKind())` in its AppConfig.ready(); see registry.py for
what a kind provides. Intake itself knows no kind.
"""

from taizhang.intake.drafts.registry import (
    DraftField,
    DraftKind,
    Proposal,
    all_kinds,
    get_kind,
    register,
)

__all__ = ["DraftField", "DraftKind", "Proposal", "all_kinds", "get_kind", "register"]
