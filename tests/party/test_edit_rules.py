"""The schedule rules page and API: the 支部工作条例 rules listed as data; the district's
writers change one (the fixed day of the 主题党日); nobody else does."""

from taizhang.core.models import AuditEntry
from taizhang.party.models import ScheduleRule
from tests.conftest import client_for

API = "/api/v1/party"


def theme_day() -> ScheduleRule:
    return ScheduleRule.objects.get(kind="theme_day", level="branch")


def form_of(rule: ScheduleRule, **changes) -> dict:
    data = {
        "period": rule.period,
        "times_per_period": rule.times_per_period,
        "day_of_month": rule.day_of_month or "",
        "grace_days": rule.grace_days,
        "source": rule.source,
        "is_active": "on",
    }
    return {**data, **changes}


def test_the_rules_are_listed_for_anyone_who_reads_with_edit_links_for_the_district(
    people, district, django_assert_max_num_queries
):
    officer = client_for(people.xwz_officer)
    with django_assert_max_num_queries(8):
        page = officer.get("/party/rules/")
    text = page.content.decode()
    assert page.status_code == 200 and "支部工作条例" in text
    assert "/edit/" not in text
    assert (
        f"/party/rules/{theme_day().pk}/edit/"
        in client_for(people.office).get("/party/rules/").content.decode()
    )


def test_the_district_office_moves_the_theme_day_to_the_20th(people, district):
    rule = theme_day()
    response = client_for(people.office).post(
        f"/party/rules/{rule.pk}/edit/", form_of(rule, day_of_month=20)
    )
    assert response.status_code == 302
    rule.refresh_from_db()
    assert rule.day_of_month == 20
    assert AuditEntry.objects.filter(object_id=str(rule.pk), action="update").exists()


def test_a_day_past_the_28th_is_refused_naming_the_field(people, district):
    rule = theme_day()
    response = client_for(people.office).post(
        f"/party/rules/{rule.pk}/edit/", form_of(rule, day_of_month=31)
    )
    assert response.status_code == 200 and "day_of_month" in response.context["form"].errors
    rule.refresh_from_db()
    assert rule.day_of_month == 15


def test_a_unit_officer_may_not_edit_a_rule(people, district):
    rule = theme_day()
    for user in (people.xwz_officer, people.subdistrict_officer, people.leader):
        client = client_for(user)
        assert client.get(f"/party/rules/{rule.pk}/edit/").status_code == 403
        assert (
            client.post(f"/party/rules/{rule.pk}/edit/", form_of(rule, day_of_month=1)).status_code
            == 403
        )
    rule.refresh_from_db()
    assert rule.day_of_month == 15


def test_the_api_lists_and_changes_a_rule_for_the_district_only(
    people, district, django_assert_max_num_queries
):
    rule = theme_day()
    officer = client_for(people.xwz_officer)
    with django_assert_max_num_queries(6):
        rules = officer.get(f"{API}/rules").json()
    assert {r["kind"] for r in rules} >= {"general", "theme_day", "appraisal"}
    payload = {"period": "month", "day_of_month": 10, "grace_days": 5}
    refused = officer.put(f"{API}/rules/{rule.pk}", payload, content_type="application/json")
    assert refused.status_code == 403
    changed = client_for(people.office).put(
        f"{API}/rules/{rule.pk}", payload, content_type="application/json"
    )
    assert changed.status_code == 200 and changed.json()["day_of_month"] == 10
    bad = client_for(people.office).put(
        f"{API}/rules/{rule.pk}", {**payload, "day_of_month": 30}, content_type="application/json"
    )
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "day_of_month"
