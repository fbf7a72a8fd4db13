"""塔儿村's goods hand-out: a programme of 塔儿村 with its approved cycle, stock, an entitlement
with a signed hand-out, a one-time code, and a visit with a photo, each carrying the canary,
for the scoping walker."""

import datetime
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from taizhang.core.access import SYSTEM
from taizhang.welfare.models import (
    BasketItem,
    BenefitUnit,
    Cycle,
    CycleStatus,
    Entitlement,
    HandoutCode,
    Programme,
    ProgrammeKind,
)
from taizhang.welfare.services import handouts, visits
from tests.factories import make_household, make_person
from tests.walker import tiny_png
from tests.welfare.test_handouts import signature_png


def make(district, people, canary):
    programme = Programme.objects.create(
        name=f"塔儿村春节慰问品 {canary}",
        owner=district.taer,
        kind=ProgrammeKind.IN_KIND,
        benefit_unit=BenefitUnit.HOUSEHOLD,
        starts_on=datetime.date(2022, 1, 1),
        funding_source=canary,
    )
    item = BasketItem.objects.create(
        programme=programme, name=canary[:50], quantity=Decimal("10"), unit_of_measure="kg"
    )
    cycle = Cycle.objects.create(
        programme=programme,
        period=datetime.date(2022, 1, 20),
        label=canary[:100],
        status=CycleStatus.APPROVED,
    )
    stock = handouts.receive_stock(
        cycle, by=SYSTEM, unit=district.taer, item=item, quantity=Decimal("30"), reason=canary
    )
    head = make_person(district.taer, canary, born="1945-02-03", phone="13912345678")
    household = make_household(district.taer, "WF-" + canary[:28], head)
    entitlement = Entitlement.objects.create(
        cycle=cycle, programme=programme, person=head, household=household, unit=district.taer
    )
    waiting = make_person(district.taer, canary, born="1946-02-03")
    other = Entitlement.objects.create(
        cycle=cycle,
        programme=programme,
        person=waiting,
        household=make_household(district.taer, "WF2-" + canary[:27], waiting),
        unit=district.taer,
    )
    handout = handouts.record_handout(
        entitlement, by=people.taer_officer, received_by=canary, signature=signature_png()
    )
    code = HandoutCode.objects.create(
        entitlement=other,
        code_hash="0" * 64,
        sent_to="139****5678",
        expires_at=datetime.datetime(2030, 1, 1, tzinfo=datetime.UTC),
    )
    photo = SimpleUploadedFile("visit.png", tiny_png().read(), content_type="image/png")
    visit = visits.record_visit(
        head,
        by=people.taer_officer,
        visited_on=datetime.date(2022, 1, 25),
        visitors=canary,
        gifts=canary,
        notes=canary,
        programme=programme,
        photos=[photo],
    )
    stock.refresh_from_db()
    # The programme and the cycle are walked by the programmes' and cycles' own records (their
    # pages belong to those parts); here, what hangs on them.
    return [stock, entitlement, other, handout, code, visit]
