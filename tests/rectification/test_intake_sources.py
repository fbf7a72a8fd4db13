"""A case confirmed from a report is labelled as a case wherever its source shows, and a second
report of the same case warns (with a link to it) before anyone files it twice."""

from __future__ import annotations

import datetime

import pytest

from taizhang.intake import queries
from taizhang.intake.models import SourceLink
from taizhang.rectification.models import Case
from tests.conftest import client_for
from tests.intake.conftest import SEED_PATH
from tests.intake.helpers import take_in
from tests.rectification.test_intake_draft import KIND, confirm, shown

pytestmark = pytest.mark.django_db


@pytest.fixture
def seed_text() -> str:
    return SEED_PATH.read_text(encoding="utf-8")


@pytest.fixture
def confirmed_case(rect, seed_text) -> Case:
    report = take_in(rect.prosecutor, seed_text)
    proposal, data = shown(report, rect.prosecutor)
    return confirm(report, proposal, data, rect.prosecutor).record


def draft_section(page: str) -> str:
    return page.split(f'data-draft="{KIND}"')[1].split("</section>")[0]


def test_the_records_from_reports_list_labels_the_case_as_a_case(rect, confirmed_case, settings):
    settings.LANGUAGE_CODE = "zh-hans"
    page = client_for(rect.prosecutor).get("/intake/records/").content.decode()
    row = next(r for r in page.split("<tr>") if confirmed_case.get_absolute_url() in r)
    assert '<small class="record-type">案件</small>' in row
    assert str(confirmed_case) in row
    assert '<td class="draft-kind">整治案件</td>' in row
    assert KIND not in row


def test_the_case_page_names_its_source_report_and_the_draft_kind(rect, confirmed_case, settings):
    settings.LANGUAGE_CODE = "zh-hans"
    page = client_for(rect.prosecutor).get(confirmed_case.get_absolute_url()).content.decode()
    sources = page.split('<section id="sources">')[1].split("</section>")[0]
    assert "整治案件" in sources and "学以致用" in sources


def test_the_api_labels_the_record_and_the_draft_kind(rect, confirmed_case):
    body = client_for(rect.prosecutor).get("/api/v1/intake/records").json()
    (link,) = body["results"]
    assert (link["record_type"], link["record_type_label"]) == ("rectification.case", "Case")
    assert (link["draft_kind"], link["draft_kind_label"]) == (KIND, "Rectification case")
    assert link["record"] == str(confirmed_case)


def test_a_second_report_of_the_same_case_warns_and_links_to_it(rect, confirmed_case, seed_text):
    second = take_in(rect.prosecutor, seed_text)
    client = client_for(rect.prosecutor)
    section = draft_section(client.get(second.get_absolute_url()).content.decode())
    warning = section.split('class="message warning intake-duplicates"')[1].split("</div>")[0]
    assert f'<a href="{confirmed_case.get_absolute_url()}">{confirmed_case}</a>' in warning
    assert "Confirm and record" in section  # the person may still confirm
    (draft,) = [
        d
        for d in client.get(f"/api/v1/intake/reports/{second.pk}/drafts").json()
        if d["kind"] == KIND
    ]
    assert draft["duplicates"] == [
        {
            "type": "rectification.case",
            "type_label": "Case",
            "id": str(confirmed_case.pk),
            "label": str(confirmed_case),
            "url": confirmed_case.get_absolute_url(),
        }
    ]


def test_a_case_filed_by_hand_is_found_too_but_not_another_subject(
    rect, open_seed_case, seed_text, district
):
    by_hand = open_seed_case(subject_name="某汽车修理部")
    open_seed_case(subject_name="另一家汽车修理部")
    report = take_in(rect.prosecutor, seed_text)
    (proposal,) = [p for p, _l in queries.drafts_of(report) if p.kind == KIND]
    found = queries.duplicates(report, proposal, rect.prosecutor)
    assert [ref["id"] for ref in found] == [str(by_hand.pk)]


def test_a_case_in_another_village_is_no_duplicate(rect, open_seed_case, seed_text, district):
    open_seed_case(subject_name="某汽车修理部", village=district.xiwangzhuang)
    report = take_in(rect.prosecutor, seed_text)
    (proposal,) = [p for p, _l in queries.drafts_of(report) if p.kind == KIND]
    assert queries.duplicates(report, proposal, rect.prosecutor) == []


def test_a_closed_case_from_long_ago_is_no_duplicate_but_an_open_one_is(
    rect, open_seed_case, seed_text, clock
):
    old = open_seed_case(subject_name="某汽车修理部")
    clock(datetime.date(2022, 6, 1))  # three months on, the old case still open
    report = take_in(rect.prosecutor, seed_text)
    (proposal,) = [p for p, _l in queries.drafts_of(report) if p.kind == KIND]
    assert [r["id"] for r in queries.duplicates(report, proposal, rect.prosecutor)] == [str(old.pk)]
    old.item.closed_at = old.opened_at  # closed long ago (straight to the model: test data)
    old.item.save(update_fields=["closed_at"])
    assert queries.duplicates(report, proposal, rect.prosecutor) == []


def test_cases_the_user_may_not_read_are_not_offered(
    rect, people, confirmed_case, seed_text, district
):
    report = take_in(people.taer_officer, seed_text)
    (proposal,) = [p for p, _l in queries.drafts_of(report) if p.kind == KIND]
    assert queries.duplicates(report, proposal, people.taer_officer) == []
    assert queries.duplicates(report, proposal, people.admin) != []
    assert SourceLink.objects.count() == 1
