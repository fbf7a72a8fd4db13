"""The district's writers create a schedule rule for a kind and level that has none, and an
organisation at the top of the tree (no superior), on the pages and through the API; a unit
officer does neither."""

import pytest

from taizhang.core.models import AuditEntry
from taizhang.party.models import MeetingKind, OrgLevel, PartyOrg, ScheduleRule
from tests.conftest import client_for

RULE = {
    "kind": MeetingKind.COMMITTEE,
    "level": OrgLevel.GENERAL_BRANCH,
    "period": "month",
    "times_per_period": "1",
    "grace_days": "10",
    "is_active": "on",
    "source": "党总支工作细则",
}


def test_the_district_creates_a_rule_on_the_page_and_a_second_for_the_same_kind_is_refused(
    people, district
):
    client = client_for(people.office)
    assert "/party/rules/new/" in client.get("/party/rules/").content.decode()
    assert client.get("/party/rules/new/").status_code == 200
    response = client.post("/party/rules/new/", RULE)
    assert response.status_code == 302 and response["Location"] == "/party/rules/"
    rule = ScheduleRule.objects.get(kind=MeetingKind.COMMITTEE, level=OrgLevel.GENERAL_BRANCH)
    assert (rule.period, rule.grace_days, rule.source) == ("month", 10, "党总支工作细则")
    assert AuditEntry.objects.filter(object_id=str(rule.pk), action="create").exists()
    again = client.post("/party/rules/new/", {**RULE, "grace_days": "3"})
    assert again.status_code == 200
    assert again.context["form"].errors["kind"]  # named on the kind
    rule.refresh_from_db()
    assert rule.grace_days == 10


def test_the_api_creates_a_rule_and_refuses_a_second_naming_the_kind(people):
    client = client_for(people.admin)
    payload = {"kind": "lecture", "level": "general_branch", "period": "year"}
    created = client.post("/api/v1/party/rules", payload, content_type="application/json")
    assert created.status_code == 201 and created.json()["times_per_period"] == 1
    again = client.post("/api/v1/party/rules", payload, content_type="application/json")
    assert again.status_code == 400 and again.json()["errors"][0]["field"] == "kind"
    assert ScheduleRule.objects.filter(kind="lecture", level="general_branch").count() == 1


@pytest.mark.parametrize("persona", ["subdistrict_officer", "xwz_officer", "leader"])
def test_no_one_but_the_districts_writers_creates_a_rule(people, persona):
    client = client_for(getattr(people, persona))
    listed = client.get("/party/rules/")
    assert listed.status_code == 200 and "/party/rules/new/" not in listed.content.decode()
    assert client.get("/party/rules/new/").status_code == 403
    assert client.post("/party/rules/new/", RULE).status_code == 403
    api = client.post(
        "/api/v1/party/rules", {"kind": "lecture", "level": "general_branch", "period": "year"},
        content_type="application/json",
    )  # fmt: skip
    assert api.status_code == 403
    assert not ScheduleRule.objects.filter(level=OrgLevel.GENERAL_BRANCH).exists()


def test_the_district_creates_the_district_committee_on_the_page(people, district):
    client = client_for(people.admin)
    assert "/party/orgs/new/" in client.get("/party/").content.decode()
    form = client.get("/party/orgs/new/").context["form"]
    assert district.guchengcun in set(form.fields["unit"].queryset)
    response = client.post(
        "/party/orgs/new/",
        {"name": "中共平城区委员会", "level": OrgLevel.DISTRICT, "unit": district.pingcheng.pk},
    )
    org = PartyOrg.objects.get(name="中共平城区委员会")
    assert response.status_code == 302 and response["Location"] == f"/party/orgs/{org.pk}/"
    assert (org.parent, org.unit, org.level) == (None, district.pingcheng, OrgLevel.DISTRICT)
    assert AuditEntry.objects.filter(object_id=str(org.pk), action="create").exists()


def test_the_api_creates_a_top_level_organisation_for_the_district_only(people, district):
    payload = {
        "parent_id": None,
        "name": "中共平城区委员会",
        "level": "district",
        "unit_id": district.pingcheng.pk,
    }
    officer = client_for(people.subdistrict_officer)
    refused = officer.post(
        "/api/v1/party/orgs",
        {**payload, "unit_id": district.xiaonantou.pk},
        content_type="application/json",
    )
    assert refused.status_code == 403
    created = client_for(people.admin).post(
        "/api/v1/party/orgs", payload, content_type="application/json"
    )
    assert created.status_code == 201 and created.json()["parent_id"] is None


@pytest.mark.parametrize("persona", ["subdistrict_officer", "xwz_officer", "leader"])
def test_an_officer_creates_no_top_level_organisation(people, district, persona):
    client = client_for(getattr(people, persona))
    listed = client.get("/party/")
    assert listed.status_code == 200 and "/party/orgs/new/" not in listed.content.decode()
    assert client.get("/party/orgs/new/").status_code == 403
    post = {"name": "自立党委", "level": OrgLevel.COMMITTEE, "unit": district.xiwangzhuang.pk}
    assert client.post("/party/orgs/new/", post).status_code == 403
    assert not PartyOrg.objects.filter(name="自立党委").exists()
