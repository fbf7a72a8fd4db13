"""A rectification case's steps run on the supervision engine and tell people as it does (通知):
the agency hears once the recommendation is issued (not while the case is being filed), the
procuratorate of the reply, the submission and a return; one notification per person per step,
each linking to the case's page."""

from __future__ import annotations

import pytest

from taizhang.core.models import Notification
from taizhang.rectification.services import cases, findings
from tests.rectification.conftest import walk_to

pytestmark = pytest.mark.django_db


@pytest.fixture
def told(django_capture_on_commit_callbacks):
    def step(call, *args, **kwargs):
        already = set(Notification.objects.values_list("pk", flat=True))
        with django_capture_on_commit_callbacks(execute=True):
            result = call(*args, **kwargs)
        sent = Notification.objects.exclude(pk__in=already)
        step.last = result
        return sorted(sent.values_list("recipient__username", "kind"))

    return step


def test_a_case_tells_each_side_once_at_the_steps_that_concern_it(
    open_seed_case, rect, clock, told
):
    assert told(open_seed_case) == []  # filed: the agency has nothing yet
    case = told.last
    assert told(cases.take_step, case, by=rect.prosecutor, action="issue", number="1号") == [
        ("sthj", "issue"),
        ("sthj2", "issue"),
    ]
    for action, kwargs in (("accept", {}), ("investigate", {}), ("start", {})):
        if action == "start":
            case = walk_to(case, rect, clock, "ordered")
        assert told(cases.take_step, case, by=rect.inspector, action=action, **kwargs) == []
        case = told.last
    for finding in case.findings.order_by("sequence"):
        assert told(findings.report_rectified, finding, by=rect.inspector, note="已整改") == []
    assert told(cases.take_step, case, by=rect.inspector, action="reply", note="已整改") == [
        ("jcy", "reply"),
        ("jcy2", "reply"),
    ]
    assert told(cases.take_step, case, by=rect.inspector2, action="submit") == [
        ("jcy", "submit"),
        ("jcy2", "submit"),
    ]

    notification = Notification.objects.filter(recipient=rect.prosecutor).latest("pk")
    assert (notification.url, notification.module) == (case.get_absolute_url(), "rectification")


def test_a_returned_case_tells_the_procuratorate_and_the_new_agency_hears_when_readdressed(
    district, open_seed_case, rect, clock, told
):
    case = walk_to(open_seed_case(), rect, clock, "issued")
    sent = told(cases.take_step, case, by=rect.inspector, action="return", note="应由街道办理")
    assert sent == [("jcy", "return"), ("jcy2", "return")]
    officer = district.baidengshan.users.create(username="bds")
    officer.roles.create(role="unit_officer")

    sent = told(cases.readdress, told.last, by=rect.prosecutor, agency=district.baidengshan)

    assert sent == [("bds", "reissue")]
