"""Service requests of retirees: handled and closed by the community with the outcome, or
referred to a department with a deadline as a supervised item (督办) of the supervision engine,
closed there; refused with nothing written for a deceased retiree, a day to come, a referral
without a deadline or to a unit that is no department."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from taizhang.core.access import SYSTEM
from taizhang.retirees.models import ServiceRequest
from taizhang.retirees.services.deaths import report_death
from taizhang.retirees.services.requests import close_request, record_request
from taizhang.supervision.models import Assignment, SupervisionItem
from taizhang.supervision.services.actions import act
from tests.conftest import client_for

D = datetime.date


def test_a_request_the_community_handles_is_closed_with_its_outcome(retirees, people):
    client = client_for(people.xwz_officer)
    assert client.get(f"/retirees/requests/new/?retiree={retirees.wang.pk}").status_code == 200
    response = client.post(
        "/retirees/requests/new/",
        {
            "retiree": retirees.wang.pk,
            "kind": "certificate",
            "description": "开具退休证明",
            "received_on": "2026-06-12",
        },
    )
    record = ServiceRequest.objects.get()
    assert response.status_code == 302 and response["Location"] == record.get_absolute_url()
    assert record.item is None
    url = f"/retirees/requests/{record.pk}/close/"
    refused = client.post(url, {"closed_on": "2026-06-11", "outcome": "已开具"})
    assert refused.status_code == 200
    record.refresh_from_db()
    assert record.closed_on is None
    assert client.post(url, {"closed_on": "2026-06-13", "outcome": "已开具"}).status_code == 302
    record.refresh_from_db()
    assert record.closed_on == D(2026, 6, 13) and record.outcome == "已开具"
    with pytest.raises(ValidationError, match="already closed"):
        close_request(record, by=people.xwz_officer, closed_on=D(2026, 6, 14), outcome="再次")


def test_a_request_referred_to_a_department_is_supervised_until_closed(district, retirees, people):
    client = client_for(people.xwz_officer)
    response = client.post(
        "/retirees/requests/new/",
        {
            "retiree": retirees.wang.pk,
            "kind": "pension",
            "description": "养老金调整待遇核对",
            "received_on": "2026-06-12",
            "department": district.fagaiju.pk,
            "deadline": "2026-06-30",
        },
    )
    assert response.status_code == 302
    record = ServiceRequest.objects.get()
    item = record.item
    assert item.flow == "retiree_service" and item.deadline == D(2026, 6, 30)
    assert item.supervisor_unit == district.xiwangzhuang and item.subject == record
    assignment = Assignment.objects.get(item=item)
    assert assignment.unit == district.fagaiju
    # The department sees it among its supervised items and answers; the community closes it.
    assert SupervisionItem.objects.for_user(people.office).filter(pk=item.pk).exists()
    act(assignment, by=people.office, action="accept")
    act(assignment, by=people.office, action="report", note="已核对，下月调整")
    act(assignment, by=people.xwz_officer, action="close")
    item.refresh_from_db()
    assert item.closed_at is not None
    page = client.get(record.get_absolute_url()).content.decode()
    assert f'data-item="{item.pk}"' in page
    with pytest.raises(ValidationError, match="closed on its supervised item"):
        close_request(record, by=people.xwz_officer, closed_on=D(2026, 6, 14), outcome="x")


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"received_on": D(2026, 6, 16)}, "once it is received"),
        ({"department": "fagaiju"}, "needs a deadline"),
        ({"department": "taer", "deadline": D(2026, 6, 30)}, "referred to a department"),
    ],
)
def test_a_bad_request_is_refused_and_nothing_is_written(
    district, retirees, people, changes, message
):
    if "department" in changes:
        changes["department"] = getattr(district, changes["department"])
    fields = {"kind": "documents", "description": "代办材料", "received_on": D(2026, 6, 12)}
    with pytest.raises(ValidationError, match=message):
        record_request(retirees.wang, by=people.xwz_officer, **{**fields, **changes})
    assert not ServiceRequest.objects.exists() and not SupervisionItem.objects.exists()


def test_a_deceased_retiree_makes_no_request(retirees, people):
    report_death(retirees.wang, by=SYSTEM, died_on=D(2026, 6, 1), source="family")
    with pytest.raises(ValidationError, match="deceased"):
        record_request(
            retirees.wang,
            by=people.xwz_officer,
            kind="other",
            description="x",
            received_on=D(2026, 6, 12),
        )
    assert not ServiceRequest.objects.exists()


def test_another_village_gets_404_and_the_leader_403(retirees, people):
    record = record_request(
        retirees.wang,
        by=people.xwz_officer,
        kind="other",
        description="咨询",
        received_on=D(2026, 6, 12),
    )
    client = client_for(people.taer_officer)
    assert client.get(record.get_absolute_url()).status_code == 404
    assert client.post(f"/retirees/requests/{record.pk}/close/", {}).status_code == 404
    assert "咨询" not in client.get("/retirees/requests/").content.decode()
    assert client_for(people.leader).get("/retirees/requests/new/").status_code == 403


def test_the_api_records_a_referred_request(district, retirees, people):
    client = client_for(people.xwz_officer)
    response = client.post(
        "/api/v1/retirees/requests",
        {
            "retiree_id": retirees.wang.pk,
            "kind": "certificate",
            "description": "开具待遇证明",
            "received_on": "2026-06-12",
            "department_id": district.fagaiju.pk,
            "deadline": "2026-06-30",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["item_id"] == ServiceRequest.objects.get().item_id is not None
    refused = client.post(
        "/api/v1/retirees/requests",
        {"retiree_id": retirees.li.pk, "kind": "other", "description": "x",
         "received_on": "2026-06-12"},
        content_type="application/json",
    )  # fmt: skip
    assert refused.status_code == 404 and ServiceRequest.objects.count() == 1
    assert client_for(people.taer_officer).get("/api/v1/retirees/requests").json()["results"] == []
