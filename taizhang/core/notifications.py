"""Notifications (通知): any service may tell people that work waits for them or that something
happened to their work — a new assignment, a return, an approval needed, an escalation.

`notify` is called by the service that made the change, inside its transaction, and delivers
only once that transaction commits (`transaction.on_commit`): a change that rolls back tells
nobody. Delivery writes one in-app notification per recipient, in one statement, and e-mails
those with an address through Django's e-mail backend (settings TAIZHANG_EMAIL_*); a person
without an address gets the in-app notification only. A failing mail server is logged and
changes nothing else.

Notifications are not ledger records: they are neither unit-scoped (each is read by its
recipient only) nor audited, and marking them read writes no audit entry.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from taizhang.core import access
from taizhang.core.models import Notification, Unit, User

logger = logging.getLogger(__name__)

TITLE_LENGTH = Notification._meta.get_field("title").max_length or 200


@dataclass(frozen=True)
class _Message:
    module: str
    kind: str
    title: str
    url: str
    actor_id: int | None
    actor_name: str


def is_local(url: str) -> bool:
    """A path on this site ("/units/5/"), never another host: links stay inside Taizhang."""
    return (
        url.startswith("/")
        and not url.startswith(("//", "/\\"))
        and url_has_allowed_host_and_scheme(url, allowed_hosts=set())
    )


def notify(
    *,
    recipients: Iterable[User | Unit],
    kind: str,
    title: str,
    url: str,
    module: str,
    by: User | None,
) -> None:
    """Tell `recipients` — people, or org units (their officers: `access.officers_of`) — about
    a change, once the current transaction commits. The acting person is never told of their
    own act; inactive people are not told. `url` is the local page where the thing is seen or
    done, `module` the app label of the caller, `kind` a short code of what happened (the app's
    own, e.g. "review_submitted"). `by` is the acting user, SYSTEM for the platform."""
    if not is_local(url):
        raise ValueError(f"a notification links to a local page, not {url!r}")
    actor = access.acting_user(by)
    user_ids: set[int] = set()
    unit_ids: set[int] = set()
    for recipient in recipients:
        (unit_ids if isinstance(recipient, Unit) else user_ids).add(recipient.pk)
    if not user_ids and not unit_ids:
        return
    message = _Message(
        module=module,
        kind=kind,
        title=title[:TITLE_LENGTH],
        url=url,
        actor_id=actor.pk if actor else None,
        actor_name=str(actor) if actor else "",
    )
    transaction.on_commit(partial(_deliver, message, user_ids, unit_ids), robust=True)


def _deliver(message: _Message, user_ids: set[int], unit_ids: set[int]) -> None:
    named = Q(pk__in=user_ids, is_active=True) if user_ids else Q(pk__in=[])
    if unit_ids:
        named |= Q(pk__in=access.officers_of(unit_ids).values("pk"))
    recipients = User.objects.filter(named)
    if message.actor_id is not None:
        recipients = recipients.exclude(pk=message.actor_id)
    people = list(recipients.only("pk", "email"))
    now = timezone.now()
    Notification.objects.bulk_create(
        Notification(
            recipient=person,
            module=message.module,
            kind=message.kind,
            title=message.title,
            url=message.url,
            actor_name=message.actor_name,
            created_at=now,
        )
        for person in people
    )
    _mail(message, [person.email for person in people if person.email])


def _mail(message: _Message, addresses: list[str]) -> None:
    """One e-mail per address (recipients do not see each other), over one connection."""
    if not addresses:
        return
    subject = f"[{settings.TAIZHANG_SITE_TITLE}] {message.title}"
    link = settings.TAIZHANG_SITE_URL.rstrip("/") + message.url
    lines = [message.title, ""]
    if message.actor_name:
        lines.append(_("From: %(name)s") % {"name": message.actor_name})
    lines += [
        _("Open: %(link)s") % {"link": link},
        "",
        _("You get this e-mail because you have an account on Taizhang."),
    ]
    body = "\n".join(lines)
    emails = [EmailMessage(subject, body, to=[address]) for address in addresses]
    try:
        get_connection().send_messages(emails)
    except Exception:
        logger.exception("Could not send %d notification e-mails (%s)", len(emails), message.kind)


def mark_read(notification: Notification, *, by: Any) -> Notification:
    """Mark one of `by`'s own notifications read (an owner's bookkeeping: no audit entry).
    Anyone else's raises Notification.DoesNotExist."""
    notification = Notification.objects.for_user(by).get(pk=notification.pk)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def mark_all_read(*, by: Any) -> int:
    """Mark all of `by`'s unread notifications read; how many were unread."""
    return Notification.objects.for_user(by).unread().update(read_at=timezone.now())
