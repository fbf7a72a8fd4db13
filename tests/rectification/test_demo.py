"""The demo's hazardous-waste campaign: the seed's case complete from clue to closure with its
three findings, and other cases in other states, one overdue."""

from __future__ import annotations

import pytest

from taizhang.core.demo import load_demo_district
from taizhang.core.models import User
from taizhang.rectification import demo
from taizhang.rectification.models import Campaign, Case

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded():
    load_demo_district()
    demo.load(User.objects.get(username="admin"))


def test_the_demo_has_the_seed_case_closed_with_its_three_findings(loaded):
    campaign = Campaign.objects.get(name="危险废物专项整治")
    assert campaign.plan_document == "《关于开展危险废物专项整治工作实施方案》"
    assert campaign.lead_unit.name == "平城区人民检察院"
    seed = Case.objects.get(subject_name="古城村北汽车修理厂")
    assert (seed.village.name, seed.subdistrict.name) == ("古城村", "白登山街道")
    assert seed.agency.name == "市生态环境局" and seed.found_by_unit.name == "平城区人民检察院"
    assert seed.is_closed and seed.state == "closed"
    rows = list(seed.findings.values_list("status", "legal_basis", "description"))
    assert [status for status, _basis, _text in rows] == ["verified"] * 3
    assert all(
        basis.startswith("《中华人民共和国固体废物污染环境防治法》第") for _s, basis, _t in rows
    )
    actions = list(seed.assignment.events.values_list("action", flat=True))
    for action in ("issue", "accept", "investigate", "order", "start", "submit", "reply", "close"):
        assert action in actions
    verifiers = set(seed.findings.values_list("verified_by__username", flat=True))
    reporters = set(seed.findings.values_list("rectified_by__username", flat=True))
    assert verifiers.isdisjoint(reporters)


def test_the_demo_has_other_cases_in_other_states_one_overdue(loaded):
    states = set(Case.objects.values_list("assignment__state", flat=True))
    assert {"closed", "rectifying", "investigating", "returned", "filed"} <= states
    assert Case.objects.overdue().count() == 1
    assert Case.objects.filter(assignment__extension_requests__status="approved").count() == 1


def test_the_bureau_officer_of_the_demo_sees_only_the_cases_addressed_to_the_bureau(loaded):
    officer = User.objects.get(username="shengtaihuanjing")
    visible = Case.objects.for_user(officer)
    assert visible.count() == Case.objects.filter(agency__name="市生态环境局").count() > 0


def test_loading_the_demo_twice_changes_nothing(loaded):
    before = Case.objects.count()
    demo.load(User.objects.get(username="admin"))
    assert Case.objects.count() == before
