"""Report intake in Debian Chromium: paste a report with a table (units in the column headers,
villages in the first column), confirm the works draft built from one row, then find the
record with its source link back to that row."""

import pytest

from taizhang.projects.models import Project
from tests.browser.conftest import log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

REPORT = """小南头街道各村小微工程完工

本报记者 张三

今年，小南头街道各村实施村级小微工程，完成情况如下：

村名\t硬化巷道（平方米）\t新建花池（个）\t投入资金（万元）
西王庄村\t1000\t40\t30
塔儿村\t800\t25\t22

各村将做好后期管护。
"""


def test_the_office_pastes_a_report_with_a_table_and_records_a_villages_row_with_its_source(
    page, live_server, district, people
):
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    log_in(page, live_server, "office")
    page.goto(f"{live_server.url}/intake/new/")
    page.fill("textarea[name=text]", REPORT)
    page.click("main form button[type=submit]")
    page.wait_for_url("**/intake/reports/*/")
    table = page.locator("details.intake-article table.intake-table")
    assert table.locator("th").all_inner_texts()[:2] == ["村名", "硬化巷道（平方米）"]
    assert table.locator("tbody tr").count() == 2

    draft = page.locator('section[data-draft="village_works"]').filter(has_text="西王庄村").first
    assert draft.locator("mark").all_inner_texts() == ["1000", "40", "30"]
    assert draft.locator("select[name=f-unit] option:checked").inner_text() == "西王庄村"
    assert draft.locator("input[name=q-0-item]").input_value() == "硬化巷道"
    assert draft.locator("input[name=q-0-unit_of_measure]").input_value() == "平方米"
    assert draft.locator("input[name=f-total_investment_wan]").input_value() == "30.00"
    draft.locator("input[name=q-1-value]").fill("42")  # the person corrects a cell
    draft.locator("button[type=submit]").click()
    page.wait_for_url("**/intake/reports/*/#draft-village_works-*")
    assert page.locator("section[data-draft=village_works] .message.success").count() == 1

    project = Project.objects.get()
    assert (project.unit.name, project.total_investment_wan) == ("西王庄村", 30)
    quantities = {q.item: q.value for q in project.quantities.all()}
    assert quantities == {"硬化巷道": 1000, "新建花池": 42}

    page.goto(f"{live_server.url}/intake/records/")
    row = page.locator("table tbody tr").filter(has_text=project.name)
    assert row.count() == 1
    row.locator("a.intake-source-link").click()
    page.wait_for_url("**/intake/reports/*/?start=*")
    marked = page.locator("#source-span").inner_text()
    assert marked.split() == ["西王庄村", "1000", "40", "30"]
    assert errors == []
