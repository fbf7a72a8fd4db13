"""Writes of supervision (督办): create an item, act on an assignment, clocks, extensions,
reopening, escalation. Each checks access, validates, writes with update_fields, keeps the
timeline and the audit trail in one transaction. A refused step raises and changes nothing.

Split by subdomain: items (交办), actions (the flow's steps, module steps, reopening), clocks
(named deadlines), extensions (延期), escalation (超期升级)."""

from taizhang.supervision.services.actions import (
    act,
    allowed_actions,
    ensure_other_person,
    record_step,
    reopen,
)
from taizhang.supervision.services.clocks import running_clocks
from taizhang.supervision.services.common import (
    ASSIGN,
    ESCALATE,
    EXTENSION_APPROVED,
    EXTENSION_REFUSED,
    EXTENSION_REQUESTED,
    REOPEN,
    SYSTEM_ACTION_LABELS,
    action_label,
)
from taizhang.supervision.services.escalation import Escalation, escalate_overdue
from taizhang.supervision.services.extensions import (
    decide_extension,
    may_decide_extensions,
    request_extension,
)
from taizhang.supervision.services.items import add_assignment, create_item, set_subject

__all__ = [
    "ASSIGN",
    "ESCALATE",
    "EXTENSION_APPROVED",
    "EXTENSION_REFUSED",
    "EXTENSION_REQUESTED",
    "REOPEN",
    "SYSTEM_ACTION_LABELS",
    "Escalation",
    "act",
    "action_label",
    "add_assignment",
    "allowed_actions",
    "create_item",
    "decide_extension",
    "ensure_other_person",
    "escalate_overdue",
    "may_decide_extensions",
    "record_step",
    "reopen",
    "request_extension",
    "running_clocks",
    "set_subject",
]
