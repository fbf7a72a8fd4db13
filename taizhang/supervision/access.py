"""Who plays which part in a supervision item. Reading goes through the models' scope
(`SupervisionItem.objects.for_user`); these decide who may act."""

from __future__ import annotations

from typing import Any

from taizhang.core.access import can_write, in_subtree


def is_supervisor(user: Any, item: Any) -> bool:
    """Officers of the supervising unit (or a unit above it), and district-wide writers."""
    return can_write(user, item)


def is_assignee(user: Any, assignment: Any) -> bool:
    """Officers who write for the assigned unit: of that unit or a unit above it."""
    return can_write(user) and in_subtree(user, assignment.unit)
