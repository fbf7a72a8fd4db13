"""The cycle pages: list, create and generate, the detail with counts, refusals and review
buttons, the maker refused with a message, the bank list's reason form, the masked
entitlement list with its filters, access and query counts."""

import datetime

import pytest

from taizhang.core.models import PersonalDataAccess
from taizhang.people.models import PersonStatus
from taizhang.welfare.models import Cycle, CycleStatus, Enrolment
from taizhang.welfare.services import cycles
from tests.conftest import client_for
from tests.factories import make_person
from tests.welfare.conftest import enrol_both

pytestmark = pytest.mark.django_db


def test_an_officer_creates_and_generates_a_cycle(people, villagers, allowance):
    enrol_both(villagers, allowance)
    villagers.zhao.status = PersonStatus.DECEASED
    villagers.zhao.save()
    client = client_for(people.xwz_officer)
    assert client.get("/welfare/cycles/new/").status_code == 200
    response = client.post(
        "/welfare/cycles/new/", {"programme": allowance.pk, "period": "2022-01-20", "label": ""}
    )
    cycle = Cycle.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/welfare/cycles/{cycle.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert "1 entitlements generated, 1 refused" in page or "已生成" in page
    assert 'id="refused"' in page and "赵奶奶" in page
    assert "150" in page


def test_another_villages_officer_cannot_choose_the_programme(people, villagers, allowance):
    response = client_for(people.taer_officer).post(
        "/welfare/cycles/new/", {"programme": allowance.pk, "period": "2022-01-01"}
    )
    assert response.status_code == 200 and not Cycle.objects.exists()


def test_the_maker_is_refused_with_a_message_and_another_officer_approves(people, draft_cycle):
    maker = client_for(people.xwz_officer)
    url = f"/welfare/cycles/{draft_cycle.pk}/"
    maker.post(url + "submit/")
    page = maker.post(url + "approve/", follow=True).content.decode()
    assert "another person must approve" in page or "另一人" in page or "其他人" in page
    draft_cycle.refresh_from_db()
    assert draft_cycle.status == CycleStatus.SUBMITTED
    checker = client_for(people.subdistrict_officer)
    assert (
        f'action="/welfare/cycles/{draft_cycle.pk}/approve/"' in checker.get(url).content.decode()
    )
    checker.post(url + "approve/")
    draft_cycle.refresh_from_db()
    assert draft_cycle.status == CycleStatus.APPROVED


def test_a_return_needs_a_reason_and_goes_back_to_the_maker(people, draft_cycle):
    client_for(people.xwz_officer).post(f"/welfare/cycles/{draft_cycle.pk}/submit/")
    checker = client_for(people.subdistrict_officer)
    checker.post(f"/welfare/cycles/{draft_cycle.pk}/return/", {"reason": ""})
    draft_cycle.refresh_from_db()
    assert draft_cycle.status == CycleStatus.SUBMITTED
    checker.post(f"/welfare/cycles/{draft_cycle.pk}/return/", {"reason": "金额有误"})
    draft_cycle.refresh_from_db()
    assert (draft_cycle.status, draft_cycle.review_note) == (CycleStatus.RETURNED, "金额有误")


def test_the_bank_list_asks_why_and_records_the_export(people, approved_cycle):
    client = client_for(people.xwz_officer)
    url = f"/welfare/cycles/{approved_cycle.pk}/bank-list/"
    assert url in client.get(f"/welfare/cycles/{approved_cycle.pk}/").content.decode()
    assert client.get(url).status_code == 200
    assert client.post(url, {"reason": ""}).status_code == 400
    response = client.post(url, {"reason": "报送银行代发"})
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    assert PersonalDataAccess.objects.get().row_count == 2
    assert client_for(people.taer_officer).get(url).status_code == 404
    assert client_for(people.leader).get(url).status_code == 403


def test_the_entitlement_list_masks_id_numbers_and_filters(people, villagers, approved_cycle):
    client = client_for(people.xwz_officer)
    page = client.get("/welfare/entitlements/").content.decode()
    assert "王老汉" in page and "赵奶奶" in page
    assert villagers.wang.id_number not in page
    assert villagers.wang.id_number[:4] + "*" * 10 + villagers.wang.id_number[-4:] in page
    found = client.get(
        "/welfare/entitlements/", {"q": villagers.zhao.id_number[-4:], "cycle": approved_cycle.pk}
    ).content.decode()
    assert "赵奶奶" in found and "王老汉" not in found
    for params in ({"payment_status": "paid"}, {"collected": "yes"}, {"year": 2021}):
        assert "王老汉" not in client.get("/welfare/entitlements/", params).content.decode()
    for params in ({"collected": "no"}, {"year": 2022}, {"unit": villagers.wang.unit_id}):
        assert "王老汉" in client.get("/welfare/entitlements/", params).content.decode()


def test_outsiders_see_no_cycle_and_no_entitlement(people, approved_cycle):
    taer = client_for(people.taer_officer)
    assert taer.get(f"/welfare/cycles/{approved_cycle.pk}/").status_code == 404
    assert "王老汉" not in taer.get("/welfare/entitlements/").content.decode()
    assert "60岁" not in taer.get("/welfare/cycles/").content.decode()
    assert taer.post(f"/welfare/cycles/{approved_cycle.pk}/generate/").status_code == 404
    assert client_for(people.auditor).get("/welfare/entitlements/").status_code == 403


def test_the_lists_are_a_constant_number_of_queries(
    people, villagers, allowance, approved_cycle, django_assert_max_num_queries
):
    client = client_for(people.xwz_officer)
    with django_assert_max_num_queries(40) as few:
        client.get("/welfare/entitlements/")
    with django_assert_max_num_queries(40) as few_cycles:
        client.get("/welfare/cycles/")
    for number in range(15):
        person = make_person(villagers.wang.unit, f"老人{number}", born="1950-01-01")
        Enrolment.objects.create(
            programme=allowance, person=person, started_on=datetime.date(2021, 1, 1)
        )
    cycles.create_cycle(allowance, by=people.xwz_officer, period=datetime.date(2022, 2, 1))
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/welfare/entitlements/")
    with django_assert_max_num_queries(len(few_cycles.captured_queries)):
        client.get("/welfare/cycles/")


def test_the_workbench_shows_cycles_to_approve_and_returned_ones_to_their_maker(
    people, draft_cycle
):
    from taizhang.core import workbench

    def kinds(user):
        return {group.kind: group.total for group in workbench.collect(user).groups}

    cycles.submit_cycle(draft_cycle, by=people.xwz_officer)
    assert kinds(people.subdistrict_officer).get("cycle_approve") == 1
    assert "cycle_approve" not in kinds(people.xwz_officer)
    assert "cycle_approve" not in kinds(people.taer_officer)
    cycles.return_cycle(draft_cycle, by=people.subdistrict_officer, reason="请核对")
    assert kinds(people.xwz_officer).get("cycle_returned") == 1
    assert "cycle_returned" not in kinds(people.subdistrict_officer)
