"""A case's deadline is its assignment's nearest running clock: the case list, the case page and
the API show the same date, also after an approved extension moves one of the clocks."""

from __future__ import annotations

import datetime
import re

import pytest

from taizhang.rectification.models import Case
from taizhang.rectification.services import cases, findings
from tests.conftest import client_for
from tests.rectification.conftest import walk_to

pytestmark = pytest.mark.django_db


def shown(client, case) -> tuple[str, str, str]:
    """The case's deadline on the list, on its page and in the API."""
    listing = client.get("/rectification/").content.decode()
    row = next(r for r in listing.split("<tr")[1:] if case.get_absolute_url() in r)
    page = client.get(case.get_absolute_url()).content.decode()
    api = client.get(f"/api/v1/rectification/cases/{case.pk}").json()
    return (
        re.search(r"<td[^>]*>(\d{4}-\d{2}-\d{2})</td>", row)[1],
        re.search(r'id="case-deadline">(\d{4}-\d{2}-\d{2})<', page)[1],
        api["deadline"],
    )


def extend(case, rect, clock_code: str, until: datetime.date) -> Case:
    request = cases.request_extension(
        case, by=rect.inspector, until=until, reason="需采购专用储油桶", clock_code=clock_code
    )
    cases.decide_extension(request, by=rect.prosecutor, approve=True, note="同意")
    return Case.objects.get(pk=case.pk)


def test_after_an_approved_extension_the_list_and_the_case_page_show_the_same_date(
    open_seed_case, rect, clock
):
    case = walk_to(open_seed_case(), rect, clock, "rectifying")  # 规定时限 04-30, reply 05-01
    client = client_for(rect.prosecutor)
    assert shown(client, case) == ("2022-04-30",) * 3
    case = extend(case, rect, "order", datetime.date(2022, 5, 31))
    assert shown(client, case) == ("2022-05-01",) * 3  # now the reply clock comes first
    case = extend(case, rect, "reply", datetime.date(2022, 6, 15))
    assert shown(client, case) == ("2022-05-31",) * 3


def close(case, rect):
    for finding in case.findings.all():
        findings.report_rectified(finding, by=rect.inspector, note="已整改")
        findings.verify_finding(finding, by=rect.verifier)
    cases.take_step(case, by=rect.inspector, action="submit")
    return cases.take_step(case, by=rect.verifier, action="close")


def test_a_closed_case_keeps_the_deadline_it_was_closed_against(open_seed_case, rect, clock):
    case = close(walk_to(open_seed_case(), rect, clock, "rectifying"), rect)
    assert case.is_closed
    # the reply clock (05-01) was the last to run, the order met; not the campaign's 12-31
    assert shown(client_for(rect.prosecutor), case) == ("2022-05-01",) * 3


def test_a_reopened_case_runs_against_its_nearest_running_clock(open_seed_case, rect, clock):
    case = close(walk_to(open_seed_case(), rect, clock, "rectifying"), rect)
    case = cases.reopen_case(
        case, by=rect.prosecutor, reason="群众反映反弹", deadline=datetime.date(2022, 6, 30)
    )
    running = case.assignment.clocks.filter(stopped_at__isnull=True)
    assert case.deadline == min(c.deadline for c in running) == datetime.date(2022, 6, 30)
    assert shown(client_for(rect.prosecutor), case) == ("2022-06-30",) * 3
