"""Reviews of records (审核): a unit submits a record, someone else approves it or sends it back
(退回) with a reason. One helper for every module, instead of a state machine in each.

A module describes each of its reviews once, as data (`Review`: the status field and its values,
who submits, who decides, the four-eyes rule, hooks), and registers it from its AppConfig.ready()
(`register`). Its services call `submit`, `approve` and `send_back`, which lock the row, check
the access and the state, set the fields, save them with update_fields, write the audit entry
and tell the other side once the change commits (core.notifications). `waiting_for` lists what
waits for a user's decision, for the workbench.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar, cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from taizhang.core import access, audit, versions
from taizhang.core.access import SYSTEM, acting_user, require
from taizhang.core.modules import Label
from taizhang.core.notifications import notify
from taizhang.lib import clock

if TYPE_CHECKING:
    from django.shortcuts import SupportsGetAbsoluteUrl

    from taizhang.core.models import Unit, User

M = TypeVar("M", bound=models.Model)

# (user, record) → whether the user may take the step on the record.
Check = Callable[[Any, Any], bool]
# (record, by, note) → the names of the other fields it set; called before the record is saved,
# so that its changes are saved and audited with the status (enter the stage asked for).
Hook = Callable[[Any, "User | None", str], Iterable[str]]
# (record, by, note), once the record is saved: work on other records (refresh a total).
After = Callable[[Any, "User | None", str], None]


def _district_writer_decides(user: Any, record: Any) -> bool:
    return access.is_district_writer(user)


def _district_writers_among(user: Any, records: models.QuerySet) -> models.QuerySet:
    return records if access.is_district_writer(user) else records.none()


def _district_writers(record: Any) -> Iterable[User | Unit]:
    return access.district_writers()


@dataclass(frozen=True)
class Deciders:
    """Who decides a review, said three ways that must agree: `may` (user, record) for one
    record, `among` (user, queryset) as a filter (what waits for the user), and `recipients`
    (record) → the users or units told that the record waits."""

    may: Check
    among: Callable[[Any, models.QuerySet], models.QuerySet]
    recipients: Callable[[Any], Iterable[User | Unit]]


# The programme office and district administrators decide.
DISTRICT_WRITERS = Deciders(_district_writer_decides, _district_writers_among, _district_writers)


@dataclass(frozen=True)
class Review:
    """How records of one model are reviewed.

    `status_field` holds `editable` values (draft, returned: the submitter may submit),
    `submitted` (waiting: locked), `approved` and `returned`; `note_field` the note of the last
    step (a return's reason). `may_submit` checks the submitter (default: who may write the
    record). `submitted_by_field` names who submitted (set on submit); with `four_eyes`, that
    person may not approve. `approved_by_field` / `approved_at_field`, if named, are set on
    approval. Without `submitted_by_field` the decision is told to the officers of the record's
    unit. `label` names what waits (the workbench's heading)."""

    model: type[models.Model]
    label: Label
    editable: tuple[str, ...]
    submitted: str
    approved: str
    returned: str
    deciders: Deciders = DISTRICT_WRITERS
    status_field: str = "status"
    note_field: str = "review_note"
    may_submit: Check = access.can_write
    submitted_by_field: str = ""
    four_eyes: bool = False
    approved_by_field: str = ""
    approved_at_field: str = ""
    on_submit: Hook | None = None
    on_approve: Hook | None = None
    on_return: Hook | None = None
    after_approve: After | None = None

    @property
    def key(self) -> str:
        """app_label.model of the reviewed records (Django's model label)."""
        return self.model._meta.label_lower

    @property
    def module(self) -> str:
        return self.model._meta.app_label

    def status(self, record: models.Model) -> str:
        return getattr(record, self.status_field)


_reviews: dict[str, Review] = {}


def register(review: Review) -> Review:
    """Add a review; registering the same model again replaces it."""
    _reviews[review.key] = review
    return review


def all_reviews() -> list[Review]:
    return list(_reviews.values())


# ---------------------------------------------------------------------------------------------
# Reading


def waiting_for(review: Review, user: Any) -> models.QuerySet:
    """The submitted records `user` may decide: scoped like every list, without those they
    submitted themselves where the four-eyes rule holds."""
    records = access.scope(review.model._default_manager.all(), user).filter(
        **{review.status_field: review.submitted}
    )
    if review.four_eyes and review.submitted_by_field and getattr(user, "pk", None):
        records = records.exclude(**{review.submitted_by_field: user.pk})
    return review.deciders.among(user, records)


def _own_submission(review: Review, record: models.Model, user: Any) -> bool:
    if not (review.four_eyes and review.submitted_by_field) or user is SYSTEM:
        return False
    return getattr(record, f"{review.submitted_by_field}_id", None) == getattr(user, "pk", None)


def can_decide(review: Review, record: models.Model, user: Any) -> bool:
    """Whether `user` may approve `record` now (to show the buttons)."""
    return (
        review.status(record) == review.submitted
        and review.deciders.may(user, record)
        and not _own_submission(review, record, user)
    )


# ---------------------------------------------------------------------------------------------
# Steps


def _locked(record: M) -> M:
    return type(record)._default_manager.select_for_update().get(pk=record.pk)


def _what(review: Review, record: models.Model, *, first: bool = False) -> dict[str, str]:
    """The record as messages name it: its kind (capitalised to open a title) and itself."""
    kind = str(review.model._meta.verbose_name)
    return {"kind": capfirst(kind) if first else kind, "record": str(record)}


def _set_note(review: Review, record: models.Model, note: str) -> None:
    field = record._meta.get_field(review.note_field)
    max_length = (field.max_length if isinstance(field, models.Field) else None) or len(note)
    setattr(record, review.note_field, note[:max_length])


def _save(
    record: models.Model,
    fields: list[str],
    before: dict[str, Any],
    *,
    by: User | None,
    reason: str,
) -> None:
    fields = list(dict.fromkeys(fields))
    changed = {record._meta.get_field(name).name for name in fields}
    record.full_clean(exclude=[f.name for f in record._meta.fields if f.name not in changed])
    record.save(update_fields=fields)
    versions.bump_if_changed(record, before, by=by)  # an edit form opened before is stale
    audit.record_update(record, before, by=by, reason=reason)


def _run(hook: Hook | None, record: models.Model, by: User | None, note: str) -> list[str]:
    return list(hook(record, by, note)) if hook is not None else []


def _url(record: models.Model) -> str:
    return cast("SupportsGetAbsoluteUrl", record).get_absolute_url()  # reviewed records have a page


def _told_of_decision(review: Review, record: models.Model) -> list[User | Unit]:
    """Who hears of a decision: who submitted, or else the officers of the record's unit."""
    submitter = getattr(record, review.submitted_by_field) if review.submitted_by_field else None
    if submitter is not None:
        return [submitter]
    unit = access.scope_unit_of(record)
    return [unit] if unit is not None else []


@transaction.atomic
def submit(
    review: Review,
    record: M,
    *,
    by: User | None,
    note: str = "",
    changes: Mapping[str, Any] | None = None,
) -> M:
    """Submit a draft or returned record for review (提交审核); `changes` are fields set with
    it (what the submitter asks for). The record is locked until someone decides."""
    record = _locked(record)
    require(review.may_submit(by, record))
    if review.status(record) not in review.editable:
        raise ValidationError(
            _("The %(kind)s “%(record)s” is %(status)s; it cannot be submitted now.")
            % {**_what(review, record), "status": _status_label(review, record)}
        )
    before = audit.snapshot(record)
    fields = [review.status_field, review.note_field, *(changes or {})]
    for name, value in (changes or {}).items():
        setattr(record, name, value)
    setattr(record, review.status_field, review.submitted)
    _set_note(review, record, note)
    if review.submitted_by_field:
        setattr(record, review.submitted_by_field, acting_user(by))
        fields.append(review.submitted_by_field)
    fields += _run(review.on_submit, record, by, note)
    _save(record, fields, before, by=by, reason=note)
    notify(
        recipients=review.deciders.recipients(record),
        kind="review_submitted",
        title=_("%(kind)s “%(record)s” waits for your review") % _what(review, record, first=True),
        url=_url(record),
        module=review.module,
        by=by,
    )
    return record


def _status_label(review: Review, record: models.Model) -> str:
    display = getattr(record, f"get_{review.status_field}_display", None)
    return str(display() if display else review.status(record)).lower()


def _waiting(review: Review, record: M, by: User | None) -> M:
    record = _locked(record)
    require(review.deciders.may(by, record))
    return record


def _check_waiting(review: Review, record: models.Model) -> None:
    if review.status(record) != review.submitted:
        raise ValidationError(
            _("The %(kind)s “%(record)s” is not waiting for a decision.") % _what(review, record)
        )


@transaction.atomic
def approve(review: Review, record: M, *, by: User | None, note: str = "") -> M:
    """Approve a submitted record (审核通过). Where the review keeps the four-eyes rule, never by
    the person who submitted it."""
    record = _waiting(review, record, by)
    _check_waiting(review, record)
    if _own_submission(review, record, by):
        raise PermissionDenied(
            _("You submitted this %(kind)s; another person must approve it.")
            % _what(review, record)
        )
    before = audit.snapshot(record)
    setattr(record, review.status_field, review.approved)
    _set_note(review, record, note)
    fields = [review.status_field, review.note_field]
    if review.approved_by_field:
        setattr(record, review.approved_by_field, acting_user(by))
        fields.append(review.approved_by_field)
    if review.approved_at_field:
        setattr(record, review.approved_at_field, clock.now())
        fields.append(review.approved_at_field)
    fields += _run(review.on_approve, record, by, note)
    _save(record, fields, before, by=by, reason=note)
    if review.after_approve is not None:
        review.after_approve(record, by, note)
    notify(
        recipients=_told_of_decision(review, record),
        kind="review_approved",
        title=_("%(kind)s “%(record)s” approved") % _what(review, record, first=True),
        url=_url(record),
        module=review.module,
        by=by,
    )
    return record


@transaction.atomic
def send_back(review: Review, record: M, *, by: User | None, reason: str) -> M:
    """Return a submitted record to its unit with the reason (退回); it can be corrected and
    submitted again."""
    record = _waiting(review, record, by)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Give the reason for returning it.")]})
    _check_waiting(review, record)
    before = audit.snapshot(record)
    setattr(record, review.status_field, review.returned)
    _set_note(review, record, reason)
    fields = [review.status_field, review.note_field]
    fields += _run(review.on_return, record, by, reason)
    _save(record, fields, before, by=by, reason=reason)
    notify(
        recipients=_told_of_decision(review, record),
        kind="review_returned",
        title=_("%(kind)s “%(record)s” returned: %(reason)s")
        % {**_what(review, record, first=True), "reason": reason},
        url=_url(record),
        module=review.module,
        by=by,
    )
    return record
