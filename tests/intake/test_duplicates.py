"""A draft that repeats a record already in the ledger (confirmed from another report, or
entered by hand) warns and links to it; the person may still confirm. Project statistics repeat
when they are of the same year and unit, village works when they have the same name and unit."""

from __future__ import annotations

import pytest

from taizhang.intake import queries, services
from tests.conftest import client_for
from tests.intake.helpers import STATS_TEXT, WORKS_TEXT, take_in
from tests.projects.factories import make_project

pytestmark = pytest.mark.django_db


def draft(report, kind):
    return next(p for p, _link in queries.drafts_of(report) if p.kind == kind)


def confirm(report, kind, user):
    proposal = draft(report, kind)
    raw = {k: "" if v is None else v for k, v in proposal.data.items()}
    return services.confirm_draft(report, kind=kind, key=proposal.key, raw=raw, by=user).record


def warning_on_page(client, report, kind) -> str:
    page = client.get(report.get_absolute_url()).content.decode()
    section = page.split(f'data-draft="{kind}"')[1].split("</section>")[0]
    if "intake-duplicates" not in section:
        return ""
    return section.split("intake-duplicates")[1].split("</div>")[0]


def test_statistics_of_a_year_already_published_warn_on_the_next_report(people):
    stats = confirm(take_in(people.admin, STATS_TEXT), "project_stats", people.admin)
    second = take_in(people.admin, STATS_TEXT)
    client = client_for(people.admin)
    warning = warning_on_page(client, second, "project_stats")
    assert f'<a href="{stats.get_absolute_url()}">{stats}</a>' in warning
    (api_draft,) = client.get(f"/api/v1/intake/reports/{second.pk}/drafts").json()
    assert [d["type"] for d in api_draft["duplicates"]] == ["projects.publishedprojectstats"]


def test_statistics_of_another_year_or_unit_do_not_warn(people, district):
    confirm(take_in(people.admin, STATS_TEXT), "project_stats", people.admin)
    other_year = take_in(people.admin, STATS_TEXT.replace("2022年", "2023年"))
    assert queries.duplicates(other_year, draft(other_year, "project_stats"), people.admin) == []
    elsewhere = take_in(people.office, STATS_TEXT)  # 区发改局's report, not 平城区's
    assert queries.duplicates(elsewhere, draft(elsewhere, "project_stats"), people.admin) == []


def test_village_works_confirmed_from_another_report_warn_and_may_still_be_confirmed(
    people, district
):
    first = take_in(people.taer_officer, WORKS_TEXT)
    project = confirm(first, "village_works", people.taer_officer)
    second = take_in(people.taer_officer, WORKS_TEXT)
    client = client_for(people.taer_officer)
    warning = warning_on_page(client, second, "village_works")
    assert f'<a href="{project.get_absolute_url()}">{project.name}</a>' in warning
    again = confirm(second, "village_works", people.taer_officer)
    assert again.pk != project.pk


def test_a_project_filed_by_hand_with_the_same_name_and_unit_warns(people, district):
    report = take_in(people.taer_officer, WORKS_TEXT)
    proposal = draft(report, "village_works")
    by_hand = make_project(district.taer, name=proposal.data["name"])
    make_project(district.xiwangzhuang, name=proposal.data["name"])  # another village's
    found = queries.duplicates(report, proposal, people.taer_officer)
    assert [(ref["type_label"], ref["id"]) for ref in found] == [("Project", str(by_hand.pk))]


def test_a_draft_without_duplicates_shows_no_warning(people, district):
    report = take_in(people.taer_officer, WORKS_TEXT)
    assert warning_on_page(client_for(people.taer_officer), report, "village_works") == ""
