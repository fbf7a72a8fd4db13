"""The retirees demo: 迎宾街道's communities with synthetic retirees, a handover batch with two
missing files, confirmations in every state, a death with its feedback form and claims."""

import datetime

from taizhang.core.models import Unit, UnitKind
from taizhang.people.models import PersonStatus
from taizhang.retirees import demo
from taizhang.retirees.models import (
    DeathReport,
    HandoverBatch,
    PensionState,
    Retiree,
    RetireeVisit,
)
from taizhang.retirees.services.deaths import feedback_form
from tests.factories import make_unit
from tests.retirees.conftest import TODAY


def test_the_demo_fills_yingbin_communities_once(district, people, set_day):
    make_unit("迎宾街道", UnitKind.SUBDISTRICT, district.pingcheng, code="140213004")
    demo.load(people.admin)
    communities = Unit.objects.filter(code__startswith="140213004", kind=UnitKind.COMMUNITY)
    assert communities.count() == 3 and all(unit.is_demo for unit in communities)
    retirees = Retiree.objects.all()
    assert retirees.count() == 3 * demo.PER_COMMUNITY
    assert all(r.person.name.startswith("演示") for r in retirees.select_related("person"))
    assert retirees.due(TODAY).exists() and retirees.overdue(TODAY).exists()
    states = set(retirees.values_list("pension_state", flat=True))
    assert states == set(PensionState.values)  # paid, to suspend, to resume, stopped
    batch = HandoverBatch.objects.get()
    assert batch.items.filter(file_received=False).count() == 2
    death = DeathReport.objects.get()
    assert death.retiree.person.status == PersonStatus.DECEASED
    assert death.claims.count() == 2
    assert feedback_form(death, people.admin)[:2] == b"PK"
    assert RetireeVisit.objects.filter(visited_on__month=TODAY.month).exists()
    visited = Retiree.objects.on_visit_list(TODAY).count()
    assert 0 < RetireeVisit.objects.count() < visited  # some of this month's still to do
    demo.load(people.admin)
    assert Retiree.objects.count() == 3 * demo.PER_COMMUNITY
    assert HandoverBatch.objects.count() == 1


def test_without_yingbin_the_demo_does_nothing(district, people, set_day):
    demo.load(people.admin)
    assert not Retiree.objects.exists()
    assert datetime.date(2026, 6, 15) == TODAY
