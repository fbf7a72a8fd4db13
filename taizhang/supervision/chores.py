"""The supervision engine's daily chore (`taizhang daily`, and `taizhang supervision
escalate`): overdue assignments escalated (督办升级)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from taizhang.core import modules


def escalate(dry_run: bool) -> list[str]:
    from taizhang.supervision import services

    return [
        f"{assignment.pk}\t{assignment.unit.name}\t{assignment.deadline}\t"
        f"level {before} → {level}\t{assignment.item.title}"
        for assignment, before, level in services.escalate_overdue(dry_run=dry_run)
    ]


CHORES = (
    modules.Chore("supervision-escalate", _("Escalate overdue supervision assignments"), escalate),
)
