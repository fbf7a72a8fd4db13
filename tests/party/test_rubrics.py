"""Rubric pages and endpoints: the list, a new rubric with its items (weights add up to 100),
items scored from a measure of the members' records, editing while no one is scored."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from taizhang.party.models import AutoSource, Rubric, RubricItem
from taizhang.party.services import demonstration
from tests.conftest import client_for


def rubric_post(year=2023, **rows):
    data = {"year": year, "title": f"{year}年评分细则", "pass_mark": "85"}
    for row, (title, weight, source, target) in enumerate(rows.get("items", []), start=1):
        data |= {
            f"title_{row}": title,
            f"weight_{row}": weight,
            f"evidence_needed_{row}": "台账",
            f"source_{row}": source,
            f"target_{row}": target,
        }
    return data


ITEMS = [
    ("组织生活规范", "40", "meeting_compliance", ""),
    ("志愿服务", "30", "measure:volunteer_hours", "8"),
    ("走访慰问", "20", "measure:welfare_visits", "2"),
    ("班子建设", "10", "", ""),
]


def test_the_office_creates_a_rubric_with_items_scored_from_the_members_records(people):
    response = client_for(people.office).post("/party/rubrics/new/", rubric_post(items=ITEMS))
    rubric = Rubric.objects.get(year=2023)
    assert response.status_code == 302 and response["Location"] == f"/party/rubrics/{rubric.pk}/"
    hours = rubric.items.get(title="志愿服务")
    assert (hours.auto_source, hours.measure, hours.target) == (
        AutoSource.MEMBERS_MEASURE, "volunteer_hours", Decimal(8)
    )  # fmt: skip
    page = client_for(people.xwz_officer).get(f"/party/rubrics/{rubric.pk}/").content.decode()
    assert "志愿服务" in page and "volunteer_hours" in page


def test_weights_not_adding_up_to_100_are_refused_and_nothing_is_written(people):
    items = [("组织生活规范", "40", "meeting_compliance", ""), ("班子建设", "10", "", "")]
    response = client_for(people.admin).post("/party/rubrics/new/", rubric_post(items=items))
    assert response.status_code == 200
    assert "50" in response.content.decode() and "100" in response.content.decode()
    assert not Rubric.objects.exists()


def test_an_item_scored_from_a_measure_needs_its_target(people):
    items = [("志愿服务", "100", "measure:volunteer_hours", "")]
    response = client_for(people.admin).post("/party/rubrics/new/", rubric_post(items=items))
    assert response.status_code == 200 and not Rubric.objects.exists()


def test_a_measure_no_module_offers_is_refused(people):
    with pytest.raises(ValidationError) as error:
        demonstration.create_rubric(
            by=people.admin,
            year=2023,
            title="x",
            items=[
                demonstration.ItemIn(
                    "x", Decimal(100), auto_source=AutoSource.MEMBERS_MEASURE, measure="nothing",
                    target=Decimal(1),
                )
            ],
        )  # fmt: skip
    assert "nothing" in str(error.value)
    assert not Rubric.objects.exists()


def test_items_are_edited_until_a_candidate_is_scored_with_the_rubric(party, people):
    rubric = demonstration.create_rubric(by=people.admin, year=2022, title="2022")
    client = client_for(people.admin)
    response = client.post(f"/party/rubrics/{rubric.pk}/edit/", rubric_post(2022, items=ITEMS))
    assert response.status_code == 302
    assert list(rubric.items.values_list("title", flat=True)) == [i[0] for i in ITEMS]
    candidate = demonstration.nominate(party.xwz, by=people.subdistrict_officer, year=2022)
    manual = rubric.items.get(title="班子建设")
    demonstration.score_item(candidate, manual, by=people.admin, points=Decimal(5), evidence="述职")
    page = client.get(f"/party/rubrics/{rubric.pk}/edit/").content.decode()
    assert "fixed" in page or "不能再改" in page or "固定" in page
    response = client.post(f"/party/rubrics/{rubric.pk}/edit/", rubric_post(2022, items=ITEMS[:1]))
    assert response.status_code == 200
    assert rubric.items.count() == len(ITEMS)


def test_a_unit_officer_may_not_create_or_edit_a_rubric(people):
    rubric = demonstration.create_rubric(by=people.admin, year=2022, title="2022")
    client = client_for(people.xwz_officer)
    assert client.get("/party/rubrics/new/").status_code == 403
    assert client.post("/party/rubrics/new/", rubric_post(items=ITEMS)).status_code == 403
    assert client.post(f"/party/rubrics/{rubric.pk}/edit/", rubric_post(2022)).status_code == 403
    assert client.get("/party/rubrics/").status_code == 200
    assert client_for(people.auditor).get("/party/rubrics/").status_code == 403
    assert Rubric.objects.count() == 1


def test_the_api_creates_lists_and_edits_rubrics(people, django_assert_max_num_queries):
    client = client_for(people.admin)
    payload = {
        "year": 2023,
        "title": "2023",
        "items": [
            {"title": "志愿服务", "weight": "60", "auto_source": "members_measure",
             "measure": "volunteer_hours", "target": "8"},
            {"title": "班子建设", "weight": "40"},
        ],
    }  # fmt: skip
    created = client.post("/api/v1/party/rubrics", payload, content_type="application/json")
    assert created.status_code == 201, created.content
    rubric_id = created.json()["id"]
    assert created.json()["items"][0]["measure"] == "volunteer_hours"
    demonstration.create_rubric(by=people.admin, year=2022, title="2022")
    with django_assert_max_num_queries(8):
        listed = client.get("/api/v1/party/rubrics")
    assert [r["year"] for r in listed.json()] == [2023, 2022]
    bad = {"title": "2023", "items": [{"title": "班子建设", "weight": "40"}]}
    refused = client.put(f"/api/v1/party/rubrics/{rubric_id}", bad, content_type="application/json")
    assert refused.status_code == 400 and "100" in refused.json()["detail"]
    assert RubricItem.objects.filter(rubric_id=rubric_id).count() == 2
    measures = client.get("/api/v1/party/measures").json()
    assert {m["key"] for m in measures} >= {"volunteer_hours", "welfare_visits"}


def test_a_unit_officer_may_not_write_rubrics_through_the_api(people):
    client = client_for(people.xwz_officer)
    payload = {"year": 2023, "title": "x", "items": [{"title": "x", "weight": "100"}]}
    response = client.post("/api/v1/party/rubrics", payload, content_type="application/json")
    assert response.status_code == 403
    assert not Rubric.objects.exists()


def test_an_auditor_reads_no_rubric_and_an_officer_edits_none_through_the_api(people):
    rubric = demonstration.create_rubric(by=people.admin, year=2022, title="2022")
    auditor = client_for(people.auditor)
    assert auditor.get(f"/party/rubrics/{rubric.pk}/").status_code == 403
    for url in (
        "/api/v1/party/rubrics",
        f"/api/v1/party/rubrics/{rubric.pk}",
        "/api/v1/party/measures",
    ):
        assert auditor.get(url).status_code == 403, url
    payload = {"title": "x", "items": [{"title": "x", "weight": "100"}]}
    response = client_for(people.xwz_officer).put(
        f"/api/v1/party/rubrics/{rubric.pk}", payload, content_type="application/json"
    )
    assert response.status_code == 403
    rubric.refresh_from_db()
    assert rubric.title == "2022" and rubric.items.count() == 6
