"""Goods handed out at the distribution site (实物发放): stock received per village and item, and
the hand-out of one entitlement, confirmed by the recipient's signature on screen or by a
one-time code sent to their registered phone.

A hand-out is recorded once: the entitlement's row is locked and the hand-out is its
one-to-one, so two clerks tapping the same household at once get one hand-out and one
refusal that says when and by whom the first was recorded. The basket's quantities leave the
village's stock in the same transaction, and a basket the stock cannot cover is refused with
nothing changed. A wrong code counts against its five tries even though the hand-out is
refused: the count is committed on its own, before the hand-out's transaction."""

from __future__ import annotations

import datetime
import secrets
from decimal import Decimal
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from taizhang.core import audit
from taizhang.core.access import require_person_or_system, scope, writes_for
from taizhang.core.attachments import add_attachment
from taizhang.core.models import AuditAction, Unit, User
from taizhang.lib import clock
from taizhang.lib.masking import mask_phone
from taizhang.lib.signatures import signature_png
from taizhang.people.models import HouseholdMember, Person
from taizhang.people.search import id_number_condition
from taizhang.welfare.models import (
    BasketItem,
    ConfirmationMethod,
    Cycle,
    CycleStatus,
    Entitlement,
    Handout,
    HandoutCode,
    ProgrammeKind,
    Stock,
)
from taizhang.welfare.services.sms import send_sms

CODE_DIGITS = 6
CODE_MINUTES = 10  # a code is good for this long
CODE_TRIES = 5  # wrong tries before a code is spent
CODE_RESEND_SECONDS = 60  # no second message to the same phone sooner


# Reads ------------------------------------------------------------------------------------


def in_kind_cycles(user: Any) -> QuerySet[Cycle]:
    """In-kind cycles the user reads, or in which they see at least one entitlement (a
    village clerk hands out the subdistrict's goods)."""
    seen = scope(Entitlement.objects.all(), user).values("cycle_id")
    readable = scope(Cycle.objects.all(), user).values("pk")
    return Cycle.objects.filter(
        Q(pk__in=readable) | Q(pk__in=seen), programme__kind=ProgrammeKind.IN_KIND
    ).select_related("programme")


def visible_cycle(user: Any, pk: Any) -> Cycle | None:
    """One in-kind cycle, if the user reads it or sees one of its entitlements (what
    `in_kind_cycles` holds, asked of one cycle through the (cycle, unit) index)."""
    try:
        cycle = (
            Cycle.objects.filter(pk=pk, programme__kind=ProgrammeKind.IN_KIND)
            .select_related("programme")
            .first()
        )
    except (TypeError, ValueError):
        return None
    if cycle is None:
        return None
    readable = scope(Cycle.objects.filter(pk=cycle.pk), user).exists()
    return cycle if readable or entitlements_for(user, cycle).exists() else None


def entitlements_for(user: Any, cycle: Cycle) -> QuerySet[Entitlement]:
    """The cycle's entitlements the user may see (their villages' residents, or all of them
    for the programme's owner line): what `.for_user(user)` gives."""
    return scope(Entitlement.objects.filter(cycle=cycle), user)


MAX_MATCHES = 200  # people matched by one search; the page shows the first 20 households


def search(user: Any, cycle: Cycle, query: str) -> QuerySet[Entitlement]:
    """The cycle's entitlements the user may see whose person, or a member of whose household,
    is called `query` (part of the name), or whose ID number ends with it (4 or more
    characters, through the indexed last four; never by `contains` on the number).

    Fast at 10⁵ residents: people are matched first, within the villages of the cycle that the
    user sees (the indexes on unit and name, unit and last four), then their few households'
    entitlements by id."""
    text = " ".join(query.split())
    if not text:
        return Entitlement.objects.none()
    units = list(  # no ordering: the (cycle, unit) index alone answers it
        Entitlement.objects.filter(cycle=cycle)
        .order_by()
        .values_list("unit_id", flat=True)
        .distinct()
    )
    if not scope(Cycle.objects.filter(pk=cycle.pk), user).exists():
        units = list(scope(Unit.objects.filter(pk__in=units), user).values_list("pk", flat=True))
    by_number = id_number_condition(text)
    people = Person.objects.filter(unit_id__in=units).filter(
        by_number if by_number is not None else Q(name__contains=text)
    )
    person_ids = list(people.order_by().values_list("pk", flat=True)[:MAX_MATCHES])
    household_ids = list(
        HouseholdMember.objects.filter(person_id__in=person_ids)
        .order_by()
        .values_list("household_id", flat=True)
    )
    found = (
        Entitlement.objects.filter(cycle=cycle)
        .filter(Q(person_id__in=person_ids) | Q(household_id__in=household_ids))
        .order_by()
        .values_list("pk", flat=True)
    )
    return entitlements_for(user, cycle).filter(pk__in=list(found))


def not_collected(entitlements: QuerySet[Entitlement]) -> QuerySet[Entitlement]:
    return entitlements.filter(handout__isnull=True)


def basket_of(cycle: Cycle) -> list[BasketItem]:
    return list(cycle.programme.basket.all())


# Stock ------------------------------------------------------------------------------------


def _in_kind(cycle: Cycle) -> None:
    if cycle.programme.kind != ProgrammeKind.IN_KIND:
        raise ValidationError(
            _("%(programme)s hands out no goods.") % {"programme": cycle.programme.name}
        )


def _quantity(value: Decimal) -> str:
    return f"{value.normalize():f}"


@transaction.atomic
def receive_stock(
    cycle: Cycle,
    *,
    by: User | None,
    unit: Unit,
    item: BasketItem,
    quantity: Decimal,
    correction: bool = False,
    reason: str = "",
) -> Stock:
    """Record goods received by a village (入库): `quantity` is added to what it has, or, for a
    correction (盘点更正), replaces the quantity received; never below what was handed out."""
    require_person_or_system(by, writes_for(by, unit))
    _in_kind(cycle)
    if item.programme_id != cycle.programme_id:
        raise ValidationError({"item": _("This item is not in the programme's basket.")})
    if quantity < 0:
        raise ValidationError({"quantity": _("A quantity cannot be below zero.")})
    if correction and not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the correction.")})
    stock = Stock.objects.select_for_update().filter(cycle=cycle, unit=unit, item=item).first()
    before = audit.snapshot(stock) if stock is not None else None
    if stock is None:
        stock = Stock(cycle=cycle, unit=unit, item=item, received=Decimal("0"))
    received = quantity if correction else stock.received + quantity
    if received < stock.handed_out:
        raise ValidationError(
            {
                "quantity": _(
                    "%(handed)s %(uom)s of %(item)s have been handed out already; the stock "
                    "received cannot be less."
                )
                % {
                    "handed": _quantity(stock.handed_out),
                    "uom": item.unit_of_measure,
                    "item": item.name,
                }
            }
        )
    stock.received = received
    stock.full_clean()
    stock.save()
    if before is None:
        audit.record_create(stock, by=by, reason=reason)
    else:
        audit.record_update(stock, before, by=by, reason=reason)
    return stock


# One-time codes ---------------------------------------------------------------------------


def _code_hash(entitlement_id: int, code: str) -> str:
    return salted_hmac("taizhang.welfare.handout-code", f"{entitlement_id}:{code}").hexdigest()


def _may_hand_out(entitlement: Entitlement, by: User | None) -> None:
    require_person_or_system(by, writes_for(by, entitlement.unit))
    cycle = entitlement.cycle
    _in_kind(cycle)
    if cycle.status != CycleStatus.APPROVED:
        raise ValidationError(_("The cycle is not approved yet: nothing may be handed out."))


def _already(handout: Handout) -> ValidationError:
    when = date_format(localtime(handout.handed_at), "Y-m-d H:i")
    who = handout.recorded_by.get_username() if handout.recorded_by else _("the system")
    return ValidationError(
        _(
            "%(name)s's goods were already handed out on %(when)s, recorded by %(who)s "
            "(collected by %(collector)s)."
        )
        % {
            "name": handout.entitlement.person.name,
            "when": when,
            "who": who,
            "collector": handout.received_by,
        },
        code="handed_out",
    )


def _existing_handout(entitlement: Entitlement) -> Handout | None:
    return (
        Handout.objects.select_related("recorded_by", "entitlement__person")
        .filter(entitlement=entitlement)
        .first()
    )


def issue_code(entitlement: Entitlement, *, by: User | None) -> HandoutCode:
    """Send a new 6-digit code to the recipient's registered phone; earlier codes of the
    entitlement stop working. The code leaves only in the message; a keyed hash is kept."""
    with transaction.atomic():
        _may_hand_out(entitlement, by)
        Entitlement.objects.select_for_update().filter(pk=entitlement.pk).first()
        if (handout := _existing_handout(entitlement)) is not None:
            raise _already(handout)
        phone = (entitlement.person.phone or "").strip()
        if not phone:
            raise ValidationError(
                _("%(name)s has no registered phone: ask for a signature instead.")
                % {"name": entitlement.person.name}
            )
        now = clock.now()
        codes = HandoutCode.objects.filter(entitlement=entitlement, used_at__isnull=True)
        latest = codes.order_by("-issued_at").first()
        if latest and latest.issued_at > now - datetime.timedelta(seconds=CODE_RESEND_SECONDS):
            raise ValidationError(
                _("A code was sent less than a minute ago; wait before sending another.")
            )
        codes.filter(expires_at__gt=now).update(expires_at=now)
        code = f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
        row = HandoutCode.objects.create(
            entitlement=entitlement,
            code_hash=_code_hash(entitlement.pk, code),
            sent_to=mask_phone(phone),
            expires_at=now + datetime.timedelta(minutes=CODE_MINUTES),
            issued_by=by,
            issued_at=now,
        )
        audit.record_event(
            row,
            by=by,
            action=AuditAction.CREATE,
            after={"sent_to": row.sent_to, "expires_at": row.expires_at.isoformat()},
        )
        text = _(
            "%(programme)s: your code to collect the goods is %(code)s, valid for %(minutes)d "
            "minutes. Give it only to the clerk handing them out."
        ) % {"programme": entitlement.programme.name, "code": code, "minutes": CODE_MINUTES}
        transaction.on_commit(partial(send_sms, phone, text), robust=True)
    return row


def _check_code(entitlement: Entitlement, code: str) -> tuple[HandoutCode | None, str]:
    """The entitlement's current code if `code` is it; otherwise why not. A wrong code is
    counted in a transaction of its own, which commits whatever happens next."""
    with transaction.atomic():
        row = (
            HandoutCode.objects.select_for_update()
            .filter(entitlement=entitlement, used_at__isnull=True)
            .order_by("-issued_at", "-id")
            .first()
        )
        if row is None:
            return None, _("No code has been sent for this hand-out: send one first.")
        if row.expires_at <= clock.now():
            return None, _("The code has expired (after %(minutes)d minutes): send a new one.") % {
                "minutes": CODE_MINUTES
            }
        if row.attempts >= CODE_TRIES:
            return None, _("Too many wrong tries: send a new code.")
        typed = "".join(code.split())
        if constant_time_compare(row.code_hash, _code_hash(entitlement.pk, typed)):
            return row, ""
        HandoutCode.objects.filter(pk=row.pk).update(attempts=F("attempts") + 1)
        left = CODE_TRIES - row.attempts - 1
        if left <= 0:
            return None, _("The code is wrong, and that was the last try: send a new code.")
        return None, _("The code is wrong: %(left)d tries left.") % {"left": left}


# Hand-outs --------------------------------------------------------------------------------


def collector_of(entitlement: Entitlement, received_by: str) -> str:
    """The name of the person collecting, who must be the entitled person or a member of
    their household."""
    name = " ".join((received_by or "").split())
    if not name:
        raise ValidationError({"received_by": _("Name the person collecting the goods.")})
    names = {entitlement.person.name}
    if entitlement.household_id:
        names |= set(
            HouseholdMember.objects.filter(household_id=entitlement.household_id).values_list(
                "person__name", flat=True
            )
        )
    if name not in names:
        raise ValidationError(
            {
                "received_by": _("%(name)s is not a member of the household.") % {"name": name},
            }
        )
    return name


def _take_stock(entitlement: Entitlement, *, by: User | None) -> None:
    """Take the basket out of the village's stock (locked rows), or refuse it whole."""
    items = basket_of(entitlement.cycle)
    stock = {
        row.item_id: row
        for row in Stock.objects.select_for_update().filter(
            cycle_id=entitlement.cycle_id, unit_id=entitlement.unit_id
        )
    }
    short = [
        _("%(item)s (%(left)s %(uom)s left, %(need)s needed)")
        % {
            "item": item.name,
            "left": _quantity(stock[item.pk].remaining if item.pk in stock else Decimal("0")),
            "need": _quantity(item.quantity),
            "uom": item.unit_of_measure,
        }
        for item in items
        if item.pk not in stock or stock[item.pk].remaining < item.quantity
    ]
    if short:
        raise ValidationError(
            _("Not enough stock in %(village)s: %(items)s.")
            % {"village": entitlement.unit.name, "items": _("; ").join(short)},
            code="no_stock",
        )
    changes = []
    for item in items:
        row = stock[item.pk]
        before = audit.snapshot(row)
        row.handed_out += item.quantity
        row.save(update_fields=["handed_out"])
        changes.append((row, before))
    audit.record_bulk(changes, by=by, reason=_("Hand-out"))


def record_handout(
    entitlement: Entitlement,
    *,
    by: User | None,
    received_by: str,
    signature: str = "",
    code: str = "",
    on_paper: bool = False,
    handed_at: datetime.datetime | None = None,
) -> Handout:
    """Record that the entitlement's goods were handed out (领取), confirmed by a signature
    drawn on screen (a PNG data URL), by the one-time code the recipient received, or, for a
    paper sign-for list entered afterwards (the Excel import), by the list itself."""
    _may_hand_out(entitlement, by)
    if on_paper:
        if handed_at is None or localtime(handed_at).date() > clock.today():
            raise ValidationError(
                {"handed_at": _("Give the day of the hand-out, not a future one.")}
            )
        return _write_handout(
            entitlement,
            by=by,
            received_by=received_by,
            signature=b"",
            code=None,
            handed_at=handed_at,
            method=ConfirmationMethod.PAPER,
        )
    if not signature and not code:
        raise ValidationError(_("Confirm the hand-out with a signature or a code."))
    checked: HandoutCode | None = None
    content = b""
    if signature:
        content = signature_png(signature)
    else:
        checked, why = _check_code(entitlement, code)
        if checked is None:
            raise ValidationError({"code": why})
    return _write_handout(
        entitlement,
        by=by,
        received_by=received_by,
        signature=content,
        code=checked,
        handed_at=handed_at or clock.now(),
        method=ConfirmationMethod.SIGNATURE if signature else ConfirmationMethod.CODE,
        typed_code="".join(code.split()),
    )


@transaction.atomic
def _write_handout(
    entitlement: Entitlement,
    *,
    by: User | None,
    received_by: str,
    signature: bytes,
    code: HandoutCode | None,
    handed_at: datetime.datetime,
    method: str,
    typed_code: str = "",
) -> Handout:
    locked = (
        Entitlement.objects.select_for_update()
        .select_related("cycle__programme", "person", "unit")
        .get(pk=entitlement.pk)
    )
    if (existing := _existing_handout(locked)) is not None:
        raise _already(existing)
    collector = collector_of(locked, received_by)
    _take_stock(locked, by=by)
    handout = Handout(
        entitlement=locked,
        received_by=collector,
        method=method,
        handed_at=handed_at,
        recorded_by=by,
    )
    if code is not None:
        used = HandoutCode.objects.filter(pk=code.pk, used_at__isnull=True).update(
            used_at=clock.now()
        )
        if not used:  # spent by a hand-out a moment ago
            raise ValidationError({"code": _("The code has been used already.")})
        handout.code_last_digits = "****" + typed_code[-2:]  # enough to match a complaint
    handout.full_clean(exclude=["signature"])
    handout.save()
    if signature:
        upload = SimpleUploadedFile(
            f"signature-{locked.pk}.png", signature, content_type="image/png"
        )
        handout.signature = add_attachment(
            handout, upload, by=by, caption=_("Signature of %(name)s") % {"name": collector}
        )
        handout.save(update_fields=["signature"])
    audit.record_create(handout, by=by)
    return handout
