"""Warning rules (预警规则): data the programme office edits."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from taizhang.core import audit, versions
from taizhang.core.access import require
from taizhang.core.models import User
from taizhang.projects.models import WarningRule
from taizhang.projects.services.plans import can_plan


def can_edit_rules(user: Any) -> bool:
    """The programme office and district administrators."""
    return user is not None and can_plan(user)


@transaction.atomic
def update_rule(
    rule: WarningRule,
    *,
    by: User | None,
    yellow_from: Decimal | None = None,
    red_from: Decimal | None = None,
    is_active: bool | None = None,
    reason: str = "",
    version: int | None = None,
) -> WarningRule:
    """Change a rule's thresholds or switch it on or off. `version`: the one the editor
    started from; refused (`StaleEdit`) if it changed since."""
    require(can_edit_rules(by))
    rule = WarningRule.objects.select_for_update().get(pk=rule.pk)
    versions.check_version(rule, version, by=by)
    before = audit.snapshot(rule)
    changes = {"yellow_from": yellow_from, "red_from": red_from, "is_active": is_active}
    changed = [name for name, value in changes.items() if value is not None]
    for name in changed:
        setattr(rule, name, changes[name])
    errors: dict[str, list[str]] = {}
    if rule.yellow_from < 0:
        errors["yellow_from"] = [_("A threshold cannot be negative.")]
    if rule.red_from < rule.yellow_from:
        errors["red_from"] = [_("Red starts at or beyond yellow.")]
    if errors:
        raise ValidationError(errors)
    rule.full_clean()
    if changed:
        rule.save(update_fields=changed)
        if audit.snapshot(rule) != before:
            versions.bump_version(rule, by=by)
        audit.record_update(rule, before, by=by, reason=reason)
    return rule
