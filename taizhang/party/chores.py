"""The Double Hundred module's daily chore (`taizhang daily`): overdue action-project
milestones handed to the supervision engine (督办)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from taizhang.core import modules
from taizhang.core.access import SYSTEM


def supervise_milestones(dry_run: bool) -> list[str]:
    from taizhang.party.services.projects import supervise_overdue_milestones

    handed = supervise_overdue_milestones(by=SYSTEM, dry_run=dry_run)
    return [
        f"{milestone.project}\t{milestone}\t{milestone.due_on.isoformat()}" for milestone in handed
    ]


CHORES = (
    modules.Chore(
        "party-milestones",
        _("Hand overdue action-project milestones to supervision"),
        supervise_milestones,
    ),
)
