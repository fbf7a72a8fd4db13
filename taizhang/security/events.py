"""Sign-in events in the audit trail (安全审计): sign-in, failure, lock, unlock, sign-out.

Each is an AuditEntry against the User record (an unknown name: object_id "" and the name
tried), with the client address in the reason. Written by the views and the backend that saw
the event, never by signals.
"""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext as _

from taizhang.core.middleware import current_request_id
from taizhang.core.models import AuditEntry, User
from taizhang.lib import clock


def record(
    action: str,
    *,
    user: User | None,
    username: str = "",
    actor: Any = None,
    address: str = "",
    reason: str = "",
) -> AuditEntry:
    """One sign-in event. `actor` is who acted (the user signing in or out, the administrator
    lifting a lock); None for an attempt, which is shown under the name tried."""
    name = user.get_username() if user is not None else username
    if address:
        reason = _("%(reason)s (address %(address)s)") % {"reason": reason, "address": address}
    entry = AuditEntry(
        at=clock.now(),
        actor=actor,
        actor_name=(actor.get_username() if actor is not None else name)[:150],
        actor_unit_id=getattr(actor, "unit_id", None),
        content_type=ContentType.objects.get_for_model(User),
        object_id=str(user.pk) if user is not None else "",
        object_repr=name[:200],
        action=action,
        reason=reason.strip()[:500],
        request_id=current_request_id.get(),
    )
    entry.save()
    return entry
