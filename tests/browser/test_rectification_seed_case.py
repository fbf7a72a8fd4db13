"""The seed's hazardous-waste case in Debian Chromium, from clue to closure, as the three people
who take its steps: the procuratorate officer files it and issues the recommendation, the
bureau officer accepts, investigates, orders and reports the rectification, the verifier
verifies each finding and closes the case. Each step shows in the case's history."""

import pytest

from tests.browser.conftest import PASSWORD
from tests.rectification.conftest import FINDINGS, clock, rect  # noqa: F401

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def signed_in(browser, live_server, username):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    return page


def step(page, action, note="", deadline="", number=""):
    form = page.locator(f'form[data-action="{action}"]')
    if number:
        form.locator("input[name=number]").fill(number)
    if note:
        form.locator("input[name=note]").fill(note)
    if deadline:
        form.locator("input[name=deadline]").fill(deadline)
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()


def test_the_seed_case_goes_from_clue_to_closure_as_three_users(browser, live_server, request):
    district = request.getfixturevalue("district")
    people_of_case = request.getfixturevalue("rect")
    errors = []
    # 1. The procuratorate officer files the case with its three findings.
    prosecutor = signed_in(browser, live_server, "jcy")
    prosecutor.on("pageerror", lambda error: errors.append(str(error)))
    prosecutor.goto(f"{live_server.url}/rectification/cases/new/")
    prosecutor.select_option("select[name=campaign]", str(people_of_case.campaign.pk))
    prosecutor.select_option("select[name=origin]", "procuratorate")
    prosecutor.select_option("select[name=found_by_unit]", str(people_of_case.procuratorate.pk))
    prosecutor.select_option("select[name=agency]", str(people_of_case.bureau.pk))
    prosecutor.fill("input[name=subject_name]", "古城村北汽车修理厂")
    prosecutor.select_option("select[name=subject_kind]", "business")
    prosecutor.fill("input[name=subject_address]", "白登山街道古城村北")
    prosecutor.select_option("select[name=village]", str(district.guchengcun.pk))
    for row, (category, text) in enumerate(
        zip(people_of_case.categories, FINDINGS, strict=True), start=1
    ):
        prosecutor.select_option(f"select[name=finding_{row}_category]", str(category.pk))
        prosecutor.fill(f"input[name=finding_{row}_description]", text)
    prosecutor.locator("main form button[type=submit]").click()
    prosecutor.wait_for_url("**/rectification/cases/*/")
    case_url = prosecutor.url
    assert prosecutor.locator("#findings article").count() == 3
    step(prosecutor, "issue", number="平检行公建〔2022〕1号", note="制发检察建议")

    # 2. The bureau officer takes the case through to rectification.
    bureau = signed_in(browser, live_server, "sthj")
    bureau.goto(case_url)
    step(bureau, "accept")
    assert "2022-05-01" in bureau.locator("#clocks").inner_text()  # two months from delivery
    step(bureau, "investigate", note="派执法人员现场调查核实")
    step(bureau, "order", deadline="2022-04-30", number="环责改〔2022〕12号")
    step(bureau, "start")
    for finding in people_of_case.campaign.cases.get().findings.order_by("sequence"):
        form = bureau.locator(f"#finding-{finding.pk} form[action$='/rectified/']")
        form.locator("input[name=note]").fill("已整改到位")
        form.locator("button[type=submit]").click()
        bureau.wait_for_load_state()
    step(bureau, "reply", note="书面回复：已整改到位")
    step(bureau, "submit")
    # The reporter is offered no verification of what they reported (the services refuse it).
    assert bureau.locator("#findings button[name=accept]").count() == 0

    # 3. The verifier verifies each finding and closes the case.
    verifier = signed_in(browser, live_server, "jcy2")
    verifier.goto(case_url)
    for finding in people_of_case.campaign.cases.get().findings.order_by("sequence"):
        verifier.locator(f"#finding-{finding.pk} button[name=accept][value='1']").click()
        verifier.wait_for_load_state()
    assert verifier.locator("#findings article[data-status=verified]").count() == 3
    step(verifier, "close", note="办结销号")
    assert verifier.locator("#case-state").inner_text() in ("办结销号", "Closed", "已办结")

    # Every step is in the history, with who took it.
    timeline = verifier.locator("#timeline")
    expected = {
        "issue": "jcy",
        "accept": "sthj",
        "investigate": "sthj",
        "order": "sthj",
        "start": "sthj",
        "finding_rectified": "sthj",
        "reply": "sthj",
        "submit": "sthj",
        "finding_verified": "jcy2",
        "close": "jcy2",
    }
    for action, who in expected.items():
        entry = timeline.locator(f'li[data-action="{action}"]').first
        assert f" {who} " in f" {entry.inner_text()} ", action
    assert timeline.locator('li[data-action="finding_verified"]').count() == 3
    assert errors == []
