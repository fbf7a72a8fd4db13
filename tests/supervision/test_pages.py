"""The supervision pages: list, detail with the actions each user may take, the new-item form,
extensions, reopening and the scorecard; and what the officer of another village gets."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from taizhang.supervision.models import Assignment, SupervisionItem
from tests.conftest import client_for
from tests.supervision.conftest import DEADLINE, run

pytestmark = pytest.mark.django_db


def list_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("supervision-list"))
    assert response.status_code == 200
    return len(queries)


def test_the_list_shows_items_with_their_units_in_a_constant_number_of_queries(
    district, people, make_item
):
    client = client_for(people.office)
    for n in range(5):
        make_item(district.taer, district.xiwangzhuang, title=f"事项{n}")
    few = list_queries(client)
    for n in range(5, 50):
        make_item(district.taer, district.xiwangzhuang, title=f"事项{n}")
    assert list_queries(client) == few
    page = client.get(reverse("supervision-list")).content.decode()
    assert "事项49" in page and "塔儿村 · Assigned" in page


def test_the_list_filters_by_state_unit_overdue_light_and_flow(district, people, make_item, clock):
    make_item(district.taer, title="塔儿村的事")
    make_item(district.guchengcun, title="古城村的事", deadline=datetime.date(2022, 6, 2))
    clock(datetime.date(2022, 6, 3))
    client = client_for(people.office)

    def titles(**params):
        page = client.get(reverse("supervision-list"), params).content.decode()
        return [t for t in ("塔儿村的事", "古城村的事") if t in page]

    assert titles(unit=district.xiaonantou.pk) == ["塔儿村的事"]
    assert titles(overdue="true") == ["古城村的事"]
    assert titles(light="green") == ["塔儿村的事"]
    assert titles(state="assigned", flow="coordination") == ["塔儿村的事", "古城村的事"]
    assert titles(state="closed") == []


def test_the_assigned_officer_sees_their_buttons_and_accepts(district, people, make_item):
    item = make_item()
    client = client_for(people.taer_officer)
    page = client.get(item.get_absolute_url()).content.decode()
    assert 'value="accept"' in page and 'value="return"' in page
    assert 'value="close"' not in page
    assignment = item.assignments.get()
    response = client.post(reverse("supervision-act", args=[assignment.pk]), {"action": "accept"})
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.state == "accepted"
    page = client.get(item.get_absolute_url()).content.decode()
    assert "Assigned → Assigned" in page and "Accept → Accepted" in page


def test_a_refused_action_on_the_page_says_why_and_changes_nothing(district, people, make_item):
    assignment = make_item().assignments.get()
    client = client_for(people.taer_officer)
    response = client.post(
        reverse("supervision-act", args=[assignment.pk]), {"action": "return"}, follow=True
    )
    assert "Give a reason." in response.content.decode()
    assignment.refresh_from_db()
    assert assignment.state == "assigned"


def test_the_leader_reads_but_may_not_act(district, people, make_item):
    assignment = make_item().assignments.get()
    client = client_for(people.leader)
    assert client.get(assignment.item.get_absolute_url()).status_code == 200
    url = reverse("supervision-act", args=[assignment.pk])
    assert client.post(url, {"action": "accept"}).status_code == 403


def test_an_extension_is_asked_and_approved_on_the_pages(district, people, make_item):
    assignment = make_item().assignments.get()
    until = DEADLINE + datetime.timedelta(days=10)
    client_for(people.taer_officer).post(
        reverse("supervision-extension-request", args=[assignment.pk]),
        {"until": until.isoformat(), "reason": "雨季"},
    )
    request = assignment.extension_requests.get()
    office = client_for(people.office)
    assert "Approve extension" in office.get(assignment.item.get_absolute_url()).content.decode()
    office.post(reverse("supervision-extension-decide", args=[request.pk]), {"approve": "1"})
    assignment.refresh_from_db()
    assert assignment.deadline == until


def test_a_new_item_about_a_record_starts_from_its_page(district, people):
    client = client_for(people.office)
    url = reverse("supervision-create") + f"?subject=core.unit.{district.taer.pk}"
    assert "塔儿村" in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "flow": "coordination",
            "title": "道路硬化协调",
            "supervisor_unit": district.fagaiju.pk,
            "units": [district.taer.pk, district.xiwangzhuang.pk],
            "deadline": "2099-01-31",
        },
    )
    item = SupervisionItem.objects.get()
    assert response.status_code == 302 and response["Location"] == item.get_absolute_url()
    assert item.subject == district.taer and item.assignments.count() == 2


def test_a_new_item_about_a_record_the_user_may_not_see_is_404(district, people):
    url = reverse("supervision-create") + f"?subject=core.unit.{district.taer.pk}"
    assert client_for(people.xwz_officer).get(url).status_code == 404
    assert (
        client_for(people.xwz_officer).get(url.replace("core.unit", "no.such")).status_code == 404
    )


def test_the_officer_of_another_village_gets_404_for_a_taer_item(district, people, make_item):
    item = make_item()
    assignment = item.assignments.get()
    client = client_for(people.xwz_officer)
    for url in (
        item.get_absolute_url(),
        assignment.get_absolute_url(),
        reverse("supervision-act", args=[assignment.pk]),
        reverse("supervision-extension-request", args=[assignment.pk]),
        reverse("supervision-reopen", args=[item.pk]),
        reverse("supervision-assignment-reopen", args=[assignment.pk]),
        reverse("supervision-add-unit", args=[item.pk]),
    ):
        assert client.post(url, {"action": "accept", "reason": "x"}).status_code in (404, 405)
        assert client.get(url).status_code in (404, 405)
    assert "硬化巷道" not in client.get(reverse("supervision-list")).content.decode()
    assert "塔儿村" not in client.get(reverse("supervision-scorecard")).content.decode()
    assert Assignment.objects.get().state == "assigned"


def test_the_scorecard_page_shows_each_department(district, people, make_item):
    make_item(district.taer, district.xiwangzhuang)
    page = client_for(people.office).get(reverse("supervision-scorecard")).content.decode()
    assert "塔儿村" in page and "西王庄村" in page


def test_the_assignment_page_takes_evidence_from_the_assigned_unit(district, people, make_item):
    assignment = make_item().assignments.get()
    page = client_for(people.taer_officer).get(assignment.get_absolute_url()).content.decode()
    assert "Upload" in page and "硬化巷道施工协调" in page


def test_a_closed_item_is_reopened_from_its_page(district, people, make_item):
    item = make_item()
    run(
        item.assignments.get(),
        (people.taer_officer, "accept"),
        (people.taer_officer, "start"),
        (people.taer_officer, "report", "ok"),
        (people.office, "approve"),
        (people.office, "close"),
    )
    client = client_for(people.office)
    assert "Reopen" in client.get(item.get_absolute_url()).content.decode()
    client.post(reverse("supervision-reopen", args=[item.pk]), {"reason": "复发"})
    assert item.assignments.get().state == "in_progress"


def test_the_list_and_the_scorecard_link_their_print_version_holding_every_item(
    district, people, make_item
):
    for n in range(55):
        make_item(district.taer, title=f"事项{n:02d}")
    client = client_for(people.office)
    for name in ("supervision-list", "supervision-scorecard"):
        assert "data-print" in client.get(reverse(name)).content.decode()
    printed = client.get(reverse("supervision-list"), {"print": "1"}).content.decode()
    assert all(f"事项{n:02d}" in printed for n in range(55))
    assert 'class="print"' in printed and 'class="site' not in printed
    scorecard = client.get(reverse("supervision-scorecard"), {"print": "1"})
    assert scorecard.status_code == 200 and "塔儿村" in scorecard.content.decode()
