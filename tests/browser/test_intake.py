"""Report intake in Debian Chromium: paste the seed page, confirm a draft, find the record
and follow its source link back to the highlighted sentence."""

from pathlib import Path

import pytest

from tests.browser.conftest import log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SEED = (
    Path(__file__).resolve().parent.parent / "data" / "intake" / "seed" / "000_43e31c2ca40e4e0a.txt"
)


def test_the_office_pastes_the_seed_confirms_a_draft_and_finds_the_record_with_its_source(
    page, live_server, district, people
):
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    log_in(page, live_server, "office")
    page.goto(f"{live_server.url}/intake/new/")
    page.fill("textarea[name=text]", SEED.read_text(encoding="utf-8"))
    page.click("main form button[type=submit]")
    page.wait_for_url("**/intake/reports/*/")
    assert page.locator("details.intake-article").count() == 6
    draft = page.locator('section[data-draft="project_stats"]')
    assert draft.locator("mark", has_text="809.68亿元").count() == 1
    assert draft.locator("input[name=f-count]").input_value() == "223"
    draft.locator("input[name=f-remarks], textarea[name=f-remarks]").fill(
        "checked against the page"
    )
    draft.locator("button[type=submit]").click()
    page.wait_for_url("**/projects/published/*/")
    assert "2022" in page.locator("h1").inner_text()
    page.goto(f"{live_server.url}/intake/records/")
    row = page.locator("table tbody tr").first
    assert "2022" in row.locator("td").first.inner_text()
    row.locator("a.intake-source-link").click()
    page.wait_for_url("**/intake/reports/*/?start=*")
    marked = page.locator("#source-span").inner_text()
    assert "223个" in marked and "809.68亿元" in marked
    assert errors == []
