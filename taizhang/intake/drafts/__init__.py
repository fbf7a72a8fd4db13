"""Draft records proposed from a report, one kind per ledger, in a registry.

A module adds its kind with `register(MyKind())` in its AppConfig.ready(); see registry.py for
what a kind provides. This app registers the project-statistics snapshot and the village small
works project.
"""

from taizhang.intake.drafts import project_stats, village_works
from taizhang.intake.drafts.registry import (
    DraftField,
    DraftKind,
    Proposal,
    all_kinds,
    get_kind,
    register,
)

register(project_stats.ProjectStatsDraft())
register(village_works.VillageWorksDraft())

__all__ = ["DraftField", "DraftKind", "Proposal", "all_kinds", "get_kind", "register"]
