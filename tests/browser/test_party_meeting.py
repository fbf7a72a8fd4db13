"""A 主题党日 recorded from the workbench in Debian Chromium: 西王庄村's officer sees June's theme
day due, opens the form from the to-do, ticks off the roster (one member away, with the
reason) and lands on the record with its attendance."""

import pytest

from taizhang.party.models import Attendance, Meeting
from tests.browser.conftest import log_in
from tests.party.conftest import party, set_day  # noqa: F401 (fixtures)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_an_officer_records_a_theme_day_with_attendance_from_the_workbench(
    page,
    live_server,
    people,
    party,  # noqa: F811
):
    log_in(page, live_server, "xwz")
    due = page.locator("#todo-party-party_meeting_due")
    item = due.locator("li", has_text="2022-06").filter(has_text="西王庄村党支部").first
    item.get_by_role("button").click()
    page.wait_for_url("**/party/orgs/*/meetings/new/?kind=theme_day")
    page.fill("input[name=topic]", "重温入党誓词")
    page.fill("input[name=held_at]", "2022-06-15T09:00")
    page.fill("input[name=place]", "西王庄村党员活动室")
    page.fill("textarea[name=agenda]", "重温入党誓词；学习梨园水乡综合体经验")
    away = party.xwz_people[3]
    page.locator(f"#attendance input[value='{away.pk}']").uncheck()
    page.locator("#attendance summary").click()
    page.fill(f"input[name=reason_{away.pk}]", "外出务工")
    page.click("#meeting-form button[type=submit]")
    page.wait_for_url("**/party/meetings/*/")
    assert page.locator("#counts").inner_text().strip() == "4 / 5"
    assert "外出务工" in page.locator("#attendance").inner_text()
    meeting = Meeting.objects.get()
    assert Attendance.objects.get(meeting=meeting, present=False).person == away
