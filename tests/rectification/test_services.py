"""The rectification flow on the supervision engine: the seed's case from clue to closure,
each finding closing on its own, the two clocks, returns, extensions and reopening, and the
bad input that is refused without changing anything."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from taizhang.core.models import AuditEntry
from taizhang.core.roles import Role
from taizhang.rectification.filters import CaseFilter
from taizhang.rectification.models import Case, Finding, FindingStatus
from taizhang.rectification.services import cases, findings
from taizhang.supervision import services as supervision
from taizhang.supervision.models import AssignmentClock, SupervisionEvent
from tests.factories import make_user
from tests.rectification.conftest import walk_to

pytestmark = pytest.mark.django_db


def state_of(case):
    return Case.objects.get(pk=case.pk).assignment.state


def counts():
    return (
        AuditEntry.objects.count(),
        SupervisionEvent.objects.count(),
        AssignmentClock.objects.count(),
        list(Finding.objects.order_by("pk").values_list("status", flat=True)),
        list(Case.objects.values_list("assignment__state", "assignment__deadline")),
    )


def close_all_findings(case, rect):
    for finding in case.findings.order_by("sequence"):
        findings.report_rectified(finding, by=rect.inspector, note="已整改")
    for finding in case.findings.order_by("sequence"):
        findings.verify_finding(finding, by=rect.verifier, note="现场验收合格")


def test_the_seed_case_goes_from_clue_to_closure(open_seed_case, rect, clock):
    case = open_seed_case()
    assert case.state == "filed"
    assert case.subdistrict.name == "白登山街道"
    first = case.findings.get(sequence=1)
    assert first.legal_basis == "《中华人民共和国固体废物污染环境防治法》第八十一条"
    case = walk_to(case, rect, clock, "rectifying")
    close_all_findings(case, rect)
    case = cases.take_step(case, by=rect.inspector, action="reply", note="已责令整改完毕")
    case = cases.take_step(case, by=rect.inspector, action="submit")
    case = cases.take_step(case, by=rect.verifier, action="close", note="办结销号")
    assert case.state == "closed"
    assert case.is_closed
    actions = list(case.assignment.events.values_list("action", flat=True))
    for action in ("assign", "issue", "accept", "investigate", "order", "start", "reply"):
        assert action in actions
    assert actions.count("finding_verified") == 3
    assert actions[-2:] == ["submit", "close"]
    assert case.delivered_on == datetime.date(2022, 3, 1)
    assert case.recommendation_number == "平检行建〔2022〕1号"


def test_delivery_starts_a_reply_clock_of_two_months_and_the_order_its_own(
    open_seed_case, rect, clock
):
    case = walk_to(open_seed_case(), rect, clock, "accepted")
    reply = case.assignment.clocks.get(code="reply")
    assert reply.deadline == datetime.date(2022, 5, 1)
    assert case.assignment.deadline == datetime.date(2022, 5, 1)
    case = walk_to(case, rect, clock, "ordered", order_deadline=datetime.date(2022, 3, 20))
    # The nearer clock governs the case's deadline and light.
    assert case.assignment.deadline == datetime.date(2022, 3, 20)
    clock(datetime.date(2022, 3, 18))
    assert case.assignment.light().value == "yellow"
    clock(datetime.date(2022, 3, 21))
    assert case.assignment.light().value == "red"
    assert Case.objects.overdue().filter(pk=case.pk).exists()


def test_the_reply_period_is_configurable_per_campaign(open_seed_case, rect, clock):
    rect.campaign.reply_months = 1
    rect.campaign.save()
    case = walk_to(open_seed_case(), rect, clock, "accepted")
    assert case.assignment.clocks.get(code="reply").deadline == datetime.date(2022, 4, 1)


def test_a_written_reply_stops_the_reply_clock(open_seed_case, rect, clock):
    case = walk_to(open_seed_case(), rect, clock, "investigating")
    case = cases.take_step(case, by=rect.inspector, action="reply", note="书面回复")
    assert case.assignment.clocks.get(code="reply").stopped_at is not None
    assert case.state == "investigating"
    assert case.replied_on == datetime.date(2022, 3, 1)


def test_each_finding_closes_on_its_own(open_seed_case, rect, clock):
    case = walk_to(open_seed_case(), rect, clock, "rectifying")
    first = case.findings.get(sequence=1)
    findings.report_rectified(first, by=rect.inspector, note="废机油单独存放")
    findings.verify_finding(first, by=rect.verifier)
    statuses = dict(case.findings.values_list("sequence", "status"))
    assert statuses == {1: "verified", 2: "open", 3: "open"}


def test_an_overdue_case_escalates_and_an_extension_asked_in_time_moves_its_deadline(
    open_seed_case, rect, clock
):
    case = walk_to(open_seed_case(), rect, clock, "rectifying")
    clock(datetime.date(2022, 4, 25))
    request = cases.request_extension(
        case, by=rect.inspector, until=datetime.date(2022, 5, 31), reason="需采购专用储油桶"
    )
    assert request.clock_code == "order"  # the nearer clock (04-30, before 05-01) by default
    supervision.decide_extension(request, by=rect.prosecutor, approve=False, note="不予延期")
    request = cases.request_extension(
        case,
        by=rect.inspector,
        until=datetime.date(2022, 5, 31),
        reason="需采购专用储油桶",
        clock_code="order",
    )
    # The campaign's lead unit decides; the agency may not decide its own request.
    with pytest.raises(PermissionDenied):
        cases.decide_extension(request, by=rect.inspector2, approve=True)
    cases.decide_extension(request, by=rect.prosecutor, approve=True, note="同意")
    case.refresh_from_db()
    assert case.assignment.clocks.get(code="order").deadline == datetime.date(2022, 5, 31)
    clock(datetime.date(2022, 5, 10))
    escalated = supervision.escalate_overdue()
    assert [e.assignment.pk for e in escalated] == [case.assignment.pk]  # the reply clock
    with pytest.raises(ValidationError, match="has passed"):
        cases.request_extension(
            case,
            by=rect.inspector,
            until=datetime.date(2022, 6, 30),
            reason="x",
            clock_code="reply",
        )


def test_a_misrouted_case_is_returned_with_its_reason_and_readdressed(
    district, open_seed_case, rect, clock
):
    case = walk_to(open_seed_case(), rect, clock, "issued")
    with pytest.raises(ValidationError, match="reason"):
        cases.take_step(case, by=rect.inspector, action="return")
    case = cases.take_step(case, by=rect.inspector, action="return", note="应由白登山街道办理")
    assert case.assignment.returned_reason == "应由白登山街道办理"
    case = cases.readdress(case, by=rect.prosecutor, agency=district.baidengshan, note="改送")
    assert case.agency == district.baidengshan
    assert case.state == "issued"


def test_a_closed_case_can_be_reopened_with_a_new_deadline(open_seed_case, rect, clock):
    case = walk_to(open_seed_case(), rect, clock, "rectifying")
    close_all_findings(case, rect)
    cases.take_step(case, by=rect.inspector, action="submit")
    case = cases.take_step(case, by=rect.verifier, action="close")
    clock(datetime.date(2022, 6, 1))
    sign = case.findings.get(sequence=3)
    case = cases.reopen_case(
        case,
        by=rect.prosecutor,
        reason="回访发现标识缺失",
        deadline=datetime.date(2022, 6, 30),
        findings=[sign],
    )
    assert case.state == "rectifying" and not case.is_closed
    assert case.assignment.deadline == datetime.date(2022, 6, 30)
    assert dict(case.findings.values_list("sequence", "status"))[3] == "open"


# Bad input: refused with a clear message, nothing changes. ----------------------------------


def test_a_deadline_before_the_case_opened_is_refused(open_seed_case, rect, clock):
    case = walk_to(open_seed_case(), rect, clock, "investigating")
    before = counts()
    with pytest.raises(ValidationError, match="before the case was opened"):
        cases.take_step(case, by=rect.inspector, action="order", deadline=datetime.date(2022, 2, 1))
    assert counts() == before


def test_a_finding_without_a_category_is_refused(open_seed_case, rect, clock):
    case = open_seed_case()
    before = counts()
    with pytest.raises(ValidationError, match="category"):
        findings.add_finding(case, by=rect.prosecutor, category=None, description="无类别")
    assert counts() == before
    cases_before = Case.objects.count()
    with pytest.raises(ValidationError, match="category"):
        open_seed_case(findings=[{"category": None, "description": "无类别"}])
    assert Case.objects.count() == cases_before
    assert counts() == before


def test_verification_by_the_reporter_is_refused(open_seed_case, rect, clock):
    case = walk_to(open_seed_case(), rect, clock, "rectifying")
    finding = case.findings.get(sequence=1)
    findings.report_rectified(finding, by=rect.inspector, note="已整改")
    before = counts()
    with pytest.raises(ValidationError, match="may not also verify"):
        findings.verify_finding(finding, by=rect.inspector)
    assert counts() == before
    # A colleague of the same agency may verify.
    assert findings.verify_finding(finding, by=rect.inspector2).status == FindingStatus.VERIFIED


def test_closing_a_case_with_open_findings_is_refused(open_seed_case, rect, clock):
    case = walk_to(open_seed_case(), rect, clock, "rectifying")
    for finding in case.findings.all():
        findings.report_rectified(finding, by=rect.inspector, note="已整改")
    cases.take_step(case, by=rect.inspector, action="submit")
    findings.verify_finding(case.findings.get(sequence=1), by=rect.verifier)
    before = counts()
    with pytest.raises(ValidationError, match="open findings: 2、3"):
        cases.take_step(case, by=rect.verifier, action="close")
    assert counts() == before


def test_submitting_with_unrectified_findings_is_refused(open_seed_case, rect, clock):
    case = walk_to(open_seed_case(), rect, clock, "rectifying")
    before = counts()
    with pytest.raises(ValidationError, match="not yet rectified: 1、2、3"):
        cases.take_step(case, by=rect.inspector, action="submit")
    assert counts() == before


@pytest.mark.parametrize(
    ("state", "action", "who"),
    [
        ("filed", "accept", "inspector"),
        ("filed", "close", "prosecutor"),
        ("issued", "order", "inspector"),
        ("accepted", "submit", "inspector"),
        ("rectifying", "issue", "prosecutor"),
    ],
)
def test_a_transition_the_flow_does_not_allow_is_refused(
    open_seed_case, rect, clock, state, action, who
):
    case = walk_to(open_seed_case(), rect, clock, state)
    before = counts()
    with pytest.raises(ValidationError, match="not possible while"):
        cases.take_step(
            case, by=getattr(rect, who), action=action, deadline=datetime.date(2022, 4, 1)
        )
    assert counts() == before


def test_the_other_side_may_not_take_a_step_that_is_not_theirs(open_seed_case, rect, clock):
    case = walk_to(open_seed_case(), rect, clock, "issued")
    before = counts()
    with pytest.raises(PermissionDenied):
        cases.take_step(case, by=rect.prosecutor, action="accept")
    assert counts() == before


def test_the_generic_supervision_steps_leave_a_rectification_case_to_its_module(
    open_seed_case, rect, clock
):
    case = walk_to(open_seed_case(), rect, clock, "issued")
    assert supervision.allowed_actions(case.assignment, rect.inspector) == []
    with pytest.raises(ValidationError, match="rectification"):
        supervision.act(case.assignment, by=rect.inspector, action="accept")


def test_every_step_is_audited_with_who_when_and_the_note(open_seed_case, rect, clock):
    case = walk_to(open_seed_case(), rect, clock, "investigating")
    event = case.assignment.events.get(action="investigate")
    assert (event.by, event.note) == (rect.inspector, "派执法人员现场核查")
    entry = AuditEntry.objects.filter(
        object_id=str(case.assignment.pk), reason="派执法人员现场核查"
    )
    assert entry.get().actor == rect.inspector


def test_the_yellow_window_is_configurable(open_seed_case, rect, clock, settings):
    case = walk_to(
        open_seed_case(), rect, clock, "ordered", order_deadline=datetime.date(2022, 3, 20)
    )
    clock(datetime.date(2022, 3, 15))
    assert case.assignment.light().value == "green"
    settings.TAIZHANG_SUPERVISION_YELLOW_DAYS = 7
    assert case.assignment.light().value == "yellow"
    yellow = CaseFilter({"light": "yellow"}, queryset=Case.objects.all()).qs
    assert list(yellow.values_list("pk", flat=True)) == [case.pk]


def test_extensions_are_decided_by_the_campaign_lead_not_the_unit_that_found_the_case(
    district, people, open_seed_case, rect, clock
):
    case = open_seed_case(by=people.admin, found_by_unit=district.baidengshan, origin="inspection")
    township = make_user("bds", Role.UNIT_OFFICER, unit=district.baidengshan)
    case = cases.take_step(case, by=township, action="issue")
    case = cases.take_step(case, by=rect.inspector, action="accept")
    request = cases.request_extension(
        case, by=rect.inspector, until=datetime.date(2022, 6, 1), reason="需补充监测"
    )
    with pytest.raises(PermissionDenied):
        cases.decide_extension(request, by=township, approve=True)
    assert cases.decide_extension(request, by=rect.prosecutor, approve=False).status == "refused"
