"""An assessor scores a candidate from the demonstration page in Debian Chromium: the district
administrator opens 西王庄村党支部's candidacy from the list of demonstration organisations,
enters the points and evidence of an item the records do not tell, lands on the candidate with
the score, the total and who gave it, and withdraws it again with the reason."""

from decimal import Decimal

import pytest

from taizhang.party.models import AutoSource, Candidate, Score
from taizhang.party.services import demonstration
from tests.browser.conftest import log_in
from tests.party.conftest import party, set_day  # noqa: F401 (fixtures)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_an_assessor_enters_a_score_on_the_demonstration_page_and_withdraws_it(
    page,
    live_server,
    people,
    party,  # noqa: F811
):
    rubric = demonstration.create_rubric(by=people.admin, year=2022, title="2022年评分细则")
    candidate = demonstration.nominate(party.xwz, by=people.subdistrict_officer, year=2022)
    item = rubric.items.filter(auto_source=AutoSource.NONE).order_by("order").first()
    log_in(page, live_server, "admin")
    page.goto(f"{live_server.url}/party/candidates/")
    page.locator(f"tr[data-candidate='{candidate.pk}'] a", has_text="西王庄村党支部").click()
    page.wait_for_url(f"**/party/candidates/{candidate.pk}/")
    page.locator("#candidate-actions a[href$='/score/']").click()
    page.wait_for_url(f"**/party/candidates/{candidate.pk}/score/")
    page.fill(f"input[name=points_{item.pk}]", "13.5")
    page.fill(f"[name=evidence_{item.pk}]", "班子述职报告、民主测评表")
    page.click("#score-form button[type=submit]")
    page.wait_for_url(f"**/party/candidates/{candidate.pk}/")
    row = page.locator("#scores tbody tr", has_text=item.title)
    assert "13.50 / 15.00" in row.inner_text()
    assert "班子述职报告、民主测评表" in row.inner_text() and "admin" in row.inner_text()
    assert "13.50" in page.locator("hgroup p").inner_text()  # the total
    score = Score.objects.get(candidate=candidate, item=item)
    assert (score.points, score.given_by) == (Decimal("13.5"), people.admin)

    row.locator("a.withdraw-score").click()
    page.wait_for_url(f"**/party/scores/{score.pk}/withdraw/")
    page.fill("textarea[name=reason]", "误评，待补充材料后重评")
    page.click("#party-edit-form button[type=submit]")
    page.wait_for_url(f"**/party/candidates/{candidate.pk}/")
    assert page.locator("#scores tbody tr", has_text=item.title).count() == 0
    assert not Score.objects.filter(pk=score.pk).exists()
    assert Candidate.objects.get(pk=candidate.pk).total == 0
