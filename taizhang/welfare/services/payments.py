"""Cash payments of a cycle (资金发放): the payment list for the bank, and the bank's results
(paid / failed) recorded back.

The bank needs each recipient's citizen ID number in full, so the list is an export with full
personal data (core/personal.py): only for whoever runs the programme's cycles and may see
personal data at all, with a written reason, recorded once as a `PersonalDataAccess` before a
row is written. Every page shows the same list masked. The list's columns are the ledger
"welfare-entitlements"'s, so that the bank's returned file, with 发放结果 filled in, is
imported back through that ledger (all or nothing, each bad row named)."""

from __future__ import annotations

import datetime
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from taizhang.core import access, audit, personal
from taizhang.core.models import PersonalDataAccessKind, User
from taizhang.lib.excel import write_xlsx
from taizhang.welfare.access import may_manage_programme
from taizhang.welfare.models import Cycle, Entitlement, PaymentStatus
from taizhang.welfare.services.cycles import require_approved

BANK_LIST_LEDGER = "welfare-entitlements"
RESULTS = (PaymentStatus.PAID, PaymentStatus.FAILED)


def may_export_bank_list(user: Any, cycle: Cycle) -> bool:
    """Officers of the programme's owner line (who run its cycles) and district writers, if
    they may ever see personal data in full (never a leader or an auditor)."""
    return access.may_reveal_any_personal_data(user) and may_manage_programme(user, cycle.programme)


def _check_cash(cycle: Cycle) -> None:
    require_approved(cycle)
    if not cycle.programme.pays_cash:
        raise ValidationError(_("The programme %(name)s pays no cash.") % {"name": cycle.programme})


def bank_list(
    cycle: Cycle,
    dest: IO[bytes],
    *,
    by: User,
    reason: str,
    kind: str = PersonalDataAccessKind.EXPORT,
    request: Any = None,
) -> int:
    """Write the approved cycle's payment list with ID numbers in full to `dest`; returns
    the row count. Recorded (who, why, how many rows) before the file is written."""
    from taizhang.core.ledgers import get_ledger

    access.require(may_export_bank_list(by, cycle))
    _check_cash(cycle)
    ledger = get_ledger(BANK_LIST_LEDGER)
    rows = Entitlement.objects.filter(cycle=cycle)
    count = rows.count()
    with transaction.atomic():
        personal.record_export(
            Entitlement,
            by=by,
            reason=reason,
            kind=kind,
            ledger=f"{BANK_LIST_LEDGER}:cycle={cycle.pk}",
            row_count=count,
            request=request,
            allowed=True,
        )
    with personal.exporting_in_full():
        write_xlsx(
            dest,
            ledger.headers(),
            ledger.export_rows(rows, by),
            sheet_title=str(cycle)[:31],
            widths=[column.width for column in ledger.columns],
        )
    return count


@transaction.atomic
def record_result(
    entitlement: Entitlement,
    *,
    by: User | None,
    status: str,
    paid_on: datetime.date | None = None,
    note: str = "",
) -> str:
    """Record the bank's result for one entitlement: paid (on a day) or failed (with the
    bank's note). Returns "update" or "unchanged"."""
    entitlement = (
        Entitlement.objects.select_for_update()
        .select_related("cycle__programme", "person")
        .get(pk=entitlement.pk)
    )
    cycle = entitlement.cycle
    access.require_person_or_system(by, may_manage_programme(by, cycle.programme))
    _check_cash(cycle)
    if status not in RESULTS:
        raise ValidationError({"payment_status": _("Write 已发放 (paid) or 发放失败 (failed).")})
    if status == PaymentStatus.PAID and paid_on is None:
        raise ValidationError({"paid_on": _("Give the day it was paid.")})
    if status == PaymentStatus.FAILED:
        paid_on = None
    changes = {"payment_status": status, "paid_on": paid_on, "payment_note": note[:200]}
    if all(getattr(entitlement, name) == value for name, value in changes.items()):
        return "unchanged"
    before = audit.snapshot(entitlement)
    for name, value in changes.items():
        setattr(entitlement, name, value)
    entitlement.full_clean(
        exclude=["cycle", "programme", "enrolment", "person", "household", "unit"]
    )
    entitlement.save(update_fields=list(changes))
    audit.record_update(entitlement, before, by=by, reason=_("Bank's result"))
    return "update"
