"""The handover ledger (移交台账): batches of retirees an employer hands to a subdistrict or
community, and per retiree their file (档案) and party relation, checked by whom and when."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from taizhang.core import audit
from taizhang.core.access import require_person_or_system, writes_for
from taizhang.core.models import Unit, UnitKind, User
from taizhang.lib import clock
from taizhang.people.models import Organisation
from taizhang.retirees.models import HandoverBatch, HandoverItem, PartyTransfer, Retiree
from taizhang.retirees.services.roster import first_due_on

RECEIVING_KINDS = (UnitKind.SUBDISTRICT, UnitKind.COMMUNITY, UnitKind.VILLAGE)


@transaction.atomic
def create_batch(
    *,
    by: User | None,
    unit: Unit,
    received_on: datetime.date,
    received_by: str,
    employer: Organisation | None = None,
    employer_name: str = "",
    notes: str = "",
    is_demo: bool = False,
) -> HandoverBatch:
    """Open a handover batch received by a subdistrict or community the user writes for."""
    require_person_or_system(by, writes_for(by, unit))
    if unit.kind not in RECEIVING_KINDS:
        raise ValidationError({"unit": _("A subdistrict or a community receives retirees.")})
    if received_on > clock.today():
        raise ValidationError({"received_on": _("A batch cannot be received in the future.")})
    if employer is None and not employer_name.strip():
        raise ValidationError({"employer_name": _("Name the employer.")})
    batch = HandoverBatch(
        unit=unit,
        employer=employer,
        employer_name=employer_name.strip(),
        received_on=received_on,
        received_by=" ".join(received_by.split()),
        notes=notes.strip(),
        recorded_by=by,
        is_demo=is_demo,
    )
    batch.full_clean()
    batch.save()
    audit.record_create(batch, by=by)
    return batch


def _check_item(item: HandoverItem) -> None:
    if item.checked_on is not None and item.checked_on > clock.today():
        raise ValidationError({"checked_on": _("A check cannot be dated in the future.")})
    if item.checked_on is not None and item.checked_on < item.batch.received_on:
        raise ValidationError({"checked_on": _("A check comes after the batch is received.")})
    if item.file_received:
        item.missing_note = ""
    if item.party_transferred and not item.retiree.is_party_member:
        raise ValidationError(
            {"party_transferred": _("%(name)s is not a party member.") % {
                "name": item.retiree.person.name}})  # fmt: skip


def _sync_retiree(retiree: Retiree, item: HandoverItem, *, by: User | None) -> None:
    """The handover date and party relation the roster shows follow the handover ledger."""
    before = audit.snapshot(retiree)
    fields = []
    if retiree.handed_over_on is None:
        retiree.handed_over_on = item.batch.received_on
        fields.append("handed_over_on")
        if not retiree.confirmations.exists():
            retiree.next_due_on = first_due_on(retiree)
            fields.append("next_due_on")
    if retiree.is_party_member:
        state = PartyTransfer.TRANSFERRED if item.party_transferred else PartyTransfer.PENDING
        if retiree.party_transfer != state:
            retiree.party_transfer = state
            fields.append("party_transfer")
    if fields:
        retiree.save(update_fields=fields)
        audit.record_update(retiree, before, by=by, reason=_("Handover ledger"))


@transaction.atomic
def add_item(
    batch: HandoverBatch,
    retiree: Retiree,
    *,
    by: User | None,
    file_received: bool,
    missing_note: str = "",
    party_transferred: bool = False,
    checked_by: str = "",
    checked_on: datetime.date | None = None,
) -> HandoverItem:
    """Put a retiree of the batch's unit in the batch, with what came with them."""
    require_person_or_system(by, writes_for(by, batch.unit))
    require_person_or_system(by, writes_for(by, retiree.person.unit))
    if not retiree.person.unit.path.startswith(batch.unit.path):
        raise ValidationError({"retiree": _("The retiree lives outside the receiving unit.")})
    if batch.items.filter(retiree=retiree).exists():
        raise ValidationError({"retiree": _("This retiree is already in the batch.")})
    if batch.received_on < retiree.retired_on:
        raise ValidationError({"retiree": _("A retiree is handed over after retiring.")})
    item = HandoverItem(
        batch=batch,
        retiree=retiree,
        file_received=file_received,
        missing_note=missing_note.strip(),
        party_transferred=party_transferred,
        checked_by=" ".join(checked_by.split()),
        checked_on=checked_on,
    )
    _check_item(item)
    item.full_clean()
    item.save()
    audit.record_create(item, by=by)
    _sync_retiree(retiree, item, by=by)
    return item


@transaction.atomic
def check_item(
    item: HandoverItem,
    *,
    by: User | None,
    file_received: bool,
    missing_note: str = "",
    party_transferred: bool = False,
    checked_by: str = "",
    checked_on: datetime.date | None = None,
) -> HandoverItem:
    """Record what a later check found: the file now received, the party relation moved."""
    require_person_or_system(by, writes_for(by, item.batch.unit))
    before = audit.snapshot(item)
    item.file_received = file_received
    item.missing_note = missing_note.strip()
    item.party_transferred = party_transferred
    item.checked_by = " ".join(checked_by.split())
    item.checked_on = checked_on
    _check_item(item)
    item.full_clean()
    item.save()
    audit.record_update(item, before, by=by)
    _sync_retiree(item.retiree, item, by=by)
    return item
