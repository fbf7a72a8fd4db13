"""The roster: registering a retiree (bad dates refused), the list with its filters at a fixed
number of queries, masked numbers on pages, API and export, and scoping by village."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from openpyxl import load_workbook

from taizhang.core.access import SYSTEM
from taizhang.core.models import AuditEntry
from taizhang.people.models import Group
from taizhang.people.services.groups import add_to_group
from taizhang.retirees.models import Retiree
from taizhang.retirees.services.roster import register_retiree, update_retiree
from tests.conftest import client_for
from tests.factories import make_person
from tests.retirees.conftest import API, SOCIAL_NUMBER

D = datetime.date
MASKED_SOCIAL = f"{SOCIAL_NUMBER[:4]}**********{SOCIAL_NUMBER[-4:]}"


def test_a_retirement_before_birth_or_in_the_future_is_refused_and_nothing_changes(
    district, set_day
):
    person = make_person(district.xiwangzhuang, "钱", born="1960-01-01")
    before = AuditEntry.objects.count()
    with pytest.raises(ValidationError, match="before the birth date"):
        register_retiree(person, by=SYSTEM, employer_name="厂", retired_on=D(1959, 1, 1))
    with pytest.raises(ValidationError, match="in the future"):
        register_retiree(person, by=SYSTEM, employer_name="厂", retired_on=D(2026, 7, 1))
    assert not Retiree.objects.exists() and AuditEntry.objects.count() == before


def test_a_change_to_a_future_retirement_date_is_refused(retirees):
    with pytest.raises(ValidationError, match="in the future"):
        update_retiree(retirees.wang, by=SYSTEM, retired_on=D(2027, 1, 1))
    assert Retiree.objects.get(pk=retirees.wang.pk).retired_on == D(2010, 1, 1)


def test_a_person_is_on_the_roster_once(retirees):
    with pytest.raises(ValidationError, match="already on the roster"):
        register_retiree(
            retirees.wang.person, by=SYSTEM, employer_name="厂", retired_on=D(2010, 1, 1)
        )


def test_the_form_registers_a_resident_of_the_officers_village(district, people, set_day):
    make_person(district.xiwangzhuang, "孙新", born="1964-03-03")
    make_person(district.xiwangzhuang, "周新", born="1964-03-03")
    client = client_for(people.xwz_officer)
    response = client.post(
        "/retirees/new/",
        {
            "person_query": "孙新",
            "employer_name": "大同机车厂",
            "retired_on": "2024-03-03",
            "pension_kind": "enterprise",
            "social_insurance_number": "140213196403031234",
        },
    )
    retiree = Retiree.objects.get(person__name="孙新")
    assert response.status_code == 302 and response["Location"] == retiree.get_absolute_url()
    assert retiree.next_due_on == D(2025, 3, 3)
    refused = client.post(
        "/retirees/new/",
        {"person_query": "周新", "employer_name": "x", "retired_on": "2030-01-01",
         "pension_kind": "enterprise"},
    )  # fmt: skip
    assert "in the future" in refused.content.decode()


def test_numbers_are_masked_on_the_page_the_api_and_the_export(retirees, people):
    client = client_for(people.xwz_officer)
    page = client.get(f"/retirees/{retirees.wang.pk}/").content.decode()
    number = retirees.wang.person.id_number
    assert MASKED_SOCIAL in page and SOCIAL_NUMBER not in page
    assert number not in page and "138****2222" in page and "13811112222" not in page
    data = client.get(f"{API}/roster/{retirees.wang.pk}").json()
    assert data["social_insurance_number"] == MASKED_SOCIAL
    assert data["id_number"] == f"{number[:4]}**********{number[-4:]}"
    for ledger in ("retirees-roster", "retirees-confirmations", "retirees-pension-changes"):
        response = client.get(f"/ledgers/{ledger}/export.xlsx")
        assert response.status_code == 200, ledger
        content = b"".join(response.streaming_content) if response.streaming else response.content
        rows = list(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))
        cells = {str(value) for row in rows for value in row}
        assert SOCIAL_NUMBER not in cells and number not in cells
        if ledger == "retirees-roster":
            assert MASKED_SOCIAL in cells and "王退休" in cells and "李塔儿" not in cells


def test_another_village_gets_404_on_pages_and_api_and_403_on_writes(retirees, people):
    client = client_for(people.taer_officer)
    pk = retirees.wang.pk
    for url in (f"/retirees/{pk}/", f"/retirees/{pk}/edit/", f"/retirees/{pk}/confirm/",
                f"/retirees/{pk}/death/", f"{API}/roster/{pk}"):  # fmt: skip
        assert client.get(url).status_code == 404, url
    response = client.post(
        f"{API}/roster/{pk}/confirmations",
        {"confirmed_on": "2026-06-01", "method": "app", "confirmed_by": "x"},
        content_type="application/json",
    )
    assert response.status_code == 404
    listed = client.get(f"{API}/roster").json()["results"]
    assert [row["name"] for row in listed] == ["李塔儿"]
    assert "王退休" not in client.get("/retirees/").content.decode()
    # The leader reads everything but writes nothing.
    leader = client_for(people.leader)
    assert leader.get(f"/retirees/{pk}/").status_code == 200
    assert leader.get(f"/retirees/{pk}/confirm/").status_code == 403


def test_the_api_records_a_confirmation_and_refuses_a_second_the_same_day(retirees, people):
    client = client_for(people.xwz_officer)
    url = f"{API}/roster/{retirees.wang.pk}/confirmations"
    body = {"confirmed_on": "2026-06-01", "method": "home_visit", "confirmed_by": "网格员"}
    assert client.post(url, body, content_type="application/json").status_code == 201
    again = client.post(url, body, content_type="application/json")
    assert again.status_code == 400
    assert "already confirmed" in again.json()["detail"] + str(again.json()["errors"])
    rows = client.get(f"{API}/confirmations?retiree={retirees.wang.pk}").json()["results"]
    assert len(rows) == 1


def test_the_filters_find_special_lists_elderly_party_members_and_overdue(retirees, people):
    client = client_for(people.admin)

    def names(query):
        return sorted(row["name"] for row in client.get(f"{API}/roster?{query}").json()["results"])

    assert names("special=guagua-laoren") == ["赵孤寡"]
    assert names("special=elderly") == ["赵孤寡"]  # 86 on 2026-06-15; 王 is 76
    assert names("confirmation=overdue") == ["李塔儿", "王退休", "赵孤寡"]
    assert names("party=true") == []
    page = client.get("/retirees/?special=elderly").content.decode()
    assert "赵孤寡" in page and "王退休" not in page


def make_many(district, count):
    group = Group.objects.get(code="tekun")
    for index in range(count):
        person = make_person(district.xiwangzhuang, f"多{index}", born="1945-01-01")
        register_retiree(person, by=SYSTEM, employer_name="厂", retired_on=D(2005, 1, 1))
        add_to_group(person, group, by=SYSTEM, started_on=D(2025, 1, 1))


@pytest.mark.parametrize(
    "url",
    ["/retirees/", "/retirees/?special=tekun&confirmation=overdue", "/retirees/visits/plan/",
     "/retirees/confirmations/", f"{API}/roster", "/retirees/pension-changes/"],
)  # fmt: skip
def test_lists_cost_the_same_queries_for_3_or_30_retirees(
    retirees, district, people, url, django_assert_max_num_queries
):
    client = client_for(people.xwz_officer)
    make_many(district, 3)
    client.get(url)  # warm the session and caches
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    make_many(district, 27)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200
