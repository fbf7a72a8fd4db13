"""The rectification API: the seed's case through /api/v1/rectification/, scoping (市生态环境局
sees the cases addressed to it and nothing else), errors in the API's shape, query counts."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from taizhang.core.models import UnitKind
from taizhang.core.roles import Role
from taizhang.rectification.models import Case
from tests.conftest import client_for
from tests.factories import make_unit, make_user
from tests.rectification.conftest import LAW, walk_to

pytestmark = pytest.mark.django_db
API = "/api/v1/rectification"


def post(client, url, data):
    return client.post(url, data, content_type="application/json")


def test_the_seed_case_runs_from_clue_to_closure_through_the_api(district, rect, clock):
    prosecutor, inspector = client_for(rect.prosecutor), client_for(rect.inspector)
    verifier = client_for(rect.verifier)
    created = post(
        prosecutor,
        f"{API}/cases",
        {
            "campaign_id": rect.campaign.pk,
            "found_by_unit_id": rect.procuratorate.pk,
            "agency_id": rect.bureau.pk,
            "origin": "procuratorate",
            "subject_name": "古城村北汽车修理厂",
            "subject_kind": "business",
            "subject_address": "古城村北",
            "village_id": district.guchengcun.pk,
            "subject_phone": "13800001111",
            "findings": [
                {"category_id": c.pk, "description": f"问题{i}"}
                for i, c in enumerate(rect.categories, start=1)
            ],
        },
    )
    assert created.status_code == 201, created.json()
    case = created.json()
    assert case["state"] == "filed" and len(case["findings"]) == 3
    url = f"{API}/cases/{case['id']}"
    steps = [
        (prosecutor, {"action": "issue", "number": "平检行建〔2022〕1号"}),
        (inspector, {"action": "accept"}),
        (inspector, {"action": "investigate", "note": "现场核查"}),
        (inspector, {"action": "order", "deadline": "2022-04-30", "number": "责改3号"}),
        (inspector, {"action": "start"}),
    ]
    for client, step in steps:
        response = post(client, f"{url}/steps", step)
        assert response.status_code == 200, response.json()
    body = response.json()
    assert {c["code"]: c["deadline"] for c in body["clocks"]} == {
        "reply": "2022-05-01",
        "order": "2022-04-30",
    }
    for finding in body["findings"]:
        done = post(inspector, f"{API}/findings/{finding['id']}/rectified", {"note": "已整改"})
        assert done.status_code == 200
        refused = post(inspector, f"{API}/findings/{finding['id']}/verification", {})
        assert refused.status_code == 400
        assert "may not also verify" in refused.json()["detail"]
        assert post(verifier, f"{API}/findings/{finding['id']}/verification", {}).status_code == 200
    assert post(inspector, f"{url}/steps", {"action": "submit"}).status_code == 200
    closed = post(verifier, f"{url}/steps", {"action": "close", "note": "办结销号"})
    assert closed.status_code == 200
    body = closed.json()
    assert body["state"] == "closed" and body["is_closed"]
    history = [(h["action"], h["by_name"]) for h in body["history"]]
    assert ("close", str(rect.verifier)) in history
    assert ("accept", str(rect.inspector)) in history


def test_a_step_the_flow_does_not_allow_is_refused_in_the_api_shape(open_seed_case, rect):
    case = open_seed_case()
    response = post(
        client_for(rect.prosecutor), f"{API}/cases/{case.pk}/steps", {"action": "close"}
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "action"
    assert Case.objects.get(pk=case.pk).assignment.state == "filed"


def test_the_bureau_sees_the_cases_addressed_to_it_and_nothing_else(
    district, people, open_seed_case, rect, clock
):
    ours = open_seed_case()
    other_agency = make_unit(
        "市住建局", UnitKind.AGENCY, code="990200901"
    )  # after the district: no path moves
    rect.campaign.participants.add(other_agency)
    theirs = open_seed_case(agency=other_agency)
    bureau = client_for(rect.inspector)
    listed = bureau.get(f"{API}/cases").json()["results"]
    assert [c["id"] for c in listed] == [ours.pk]
    assert bureau.get(f"{API}/cases/{theirs.pk}").status_code == 404
    assert bureau.get(f"{API}/findings").json()["count"] == 3
    # It sees the campaign of its case, nothing of the district's own ledgers.
    assert [c["id"] for c in bureau.get(f"{API}/campaigns").json()["results"]] == [rect.campaign.pk]
    assert bureau.get("/api/v1/projects").json()["count"] == 0
    assert bureau.get("/api/v1/units").json()["count"] == 1  # its own unit only
    # A village officer elsewhere sees none of it.
    xwz = client_for(people.xwz_officer)
    assert xwz.get(f"{API}/cases").json()["count"] == 0
    assert xwz.get(f"{API}/cases/{ours.pk}").status_code == 404


def test_the_other_side_gets_403_and_an_outsider_404(people, open_seed_case, rect):
    case = open_seed_case()
    step = {"action": "issue"}
    assert post(client_for(rect.inspector), f"{API}/cases/{case.pk}/steps", step).status_code == 403
    outsider = client_for(people.xwz_officer)
    assert post(outsider, f"{API}/cases/{case.pk}/steps", step).status_code == 404
    assert Case.objects.get(pk=case.pk).assignment.state == "filed"


def test_the_contact_is_masked_for_the_campaign_lead_reading_another_units_case(
    district, open_seed_case, rect, clock
):
    township = make_user("bds", Role.UNIT_OFFICER, unit=district.baidengshan)
    case = open_seed_case()
    seen = client_for(township).get(f"{API}/cases/{case.pk}").json()
    assert seen["subject_phone"] == "138****1111"
    assert seen["subject_contact"] == "王*"  # masked by its kind, as on every surface


def test_the_case_list_makes_the_same_number_of_queries_for_few_and_many_cases(
    open_seed_case, rect
):
    client = client_for(rect.prosecutor)
    open_seed_case()
    with CaptureQueriesContext(connection) as few:
        assert client.get(f"{API}/cases").status_code == 200
    for _ in range(4):
        open_seed_case()
    with CaptureQueriesContext(connection) as many:
        assert client.get(f"{API}/cases").json()["count"] == 5
    assert len(many) == len(few)


def test_the_public_notice_lists_closed_cases_without_personal_data(
    client, open_seed_case, rect, clock
):
    from taizhang.rectification.services import cases, findings

    case = walk_to(open_seed_case(), rect, clock, "rectifying")
    for finding in case.findings.all():
        findings.report_rectified(finding, by=rect.inspector, note="已整改")
        findings.verify_finding(finding, by=rect.verifier)
    cases.take_step(case, by=rect.inspector, action="submit")
    cases.take_step(case, by=rect.verifier, action="close")
    open_seed_case(subject_name="张三家庭作坊", subject_kind="person")  # open: not listed
    url = f"{API}/public/campaigns/{rect.campaign.pk}"
    assert client.get(url).status_code == 404  # not published yet
    rect.campaign.is_public = True
    rect.campaign.save()
    body = client.get(url).json()
    assert [c["number"] for c in body["cases"]] == [case.number]
    text = str(body)
    for private in ("13800001111", "王某", str(rect.prosecutor), str(rect.inspector)):
        assert private not in text
    assert body["cases"][0]["closed_on"] == datetime.date(2022, 3, 1).isoformat()


def test_a_photo_is_added_through_the_api_and_a_wrong_stage_is_refused(open_seed_case, rect, clock):
    from tests import walker

    case = open_seed_case()
    finding = case.findings.get(sequence=1)
    url = f"{API}/findings/{finding.pk}/evidence"
    client = client_for(rect.prosecutor)
    ok = client.post(url, {"stage": "before", "file": walker.tiny_png()})
    assert ok.status_code == 201
    bad = client.post(url, {"stage": "during", "file": walker.tiny_png()})
    assert bad.status_code == 400 and bad.json()["errors"][0]["field"] == "stage"
    assert finding.evidence.count() == 1


def test_a_campaign_is_started_with_its_categories_and_bad_dates_are_refused(district, rect, clock):
    client = client_for(rect.prosecutor)
    data = {
        "name": "废弃油品专项整治",
        "plan_document": "《实施方案》",
        "lead_unit_id": rect.procuratorate.pk,
        "participant_ids": [rect.bureau.pk],
        "starts_on": "2022-03-01",
        "ends_on": "2022-02-01",
        "categories": [{"name": "废油混存", "law": LAW, "article": "第八十一条"}],
    }
    refused = post(client, f"{API}/campaigns", data)
    assert refused.status_code == 400
    assert "ends before it starts" in refused.json()["detail"]
    data["ends_on"] = "2022-12-31"
    created = post(client, f"{API}/campaigns", data)
    assert created.status_code == 201
    body = created.json()
    assert body["categories"][0]["legal_basis"] == f"{LAW}第八十一条"
    assert [u["name"] for u in body["participants"]] == ["市生态环境局"]
    # The agency takes part but does not lead: it may not add categories.
    url = f"{API}/campaigns/{body['id']}/categories"
    category = {"name": "x", "law": LAW}
    assert post(client_for(rect.inspector), url, category).status_code == 403


def test_an_extension_is_asked_by_the_agency_and_decided_by_the_lead_unit_in_the_api(
    open_seed_case, rect, clock
):
    case = walk_to(open_seed_case(), rect, clock, "rectifying")
    asked = post(
        client_for(rect.inspector),
        f"{API}/cases/{case.pk}/extensions",
        {"until": "2022-05-20", "reason": "需采购储油桶", "clock": "order"},
    )
    assert asked.status_code == 201 and asked.json()["clock_code"] == "order"
    decision = f"{API}/extensions/{asked.json()['id']}/decision"
    assert post(client_for(rect.inspector), decision, {"approve": True}).status_code == 403
    decided = post(client_for(rect.prosecutor), decision, {"approve": True, "note": "同意"})
    assert decided.json()["status"] == "approved"
    clocks = client_for(rect.inspector).get(f"{API}/cases/{case.pk}").json()["clocks"]
    assert {c["code"]: c["deadline"] for c in clocks}["order"] == "2022-05-20"


@pytest.mark.parametrize(
    ("field", "where"),
    [("name", None), ("plan_document", None), ("name", "categories"), ("law", "categories")],
)
def test_a_blank_required_text_is_refused_naming_its_field(district, rect, clock, field, where):
    data = {
        "name": "废弃油品专项整治",
        "plan_document": "《实施方案》",
        "lead_unit_id": rect.procuratorate.pk,
        "participant_ids": [rect.bureau.pk],
        "starts_on": "2022-03-01",
        "ends_on": "2022-12-31",
        "categories": [{"name": "废油混存", "law": LAW, "article": "第八十一条"}],
    }
    if where:
        data[where][0][field] = " \t "
    else:
        data[field] = "   "

    refused = post(client_for(rect.prosecutor), f"{API}/campaigns", data)

    assert refused.status_code == 422
    expected = f"{where}.0.{field}" if where else field
    assert [e["field"] for e in refused.json()["errors"]] == [expected]
