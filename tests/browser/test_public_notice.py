"""The public notice of a rectification campaign in Debian Chromium: it fits a 1366 px wide
screen (and a phone's) without horizontal scrolling, however long its findings are."""

import pytest

from tests.rectification.conftest import clock, open_seed_case, rect  # noqa: F401
from tests.rectification.test_pages import close_case

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

LONG = "废机油与其他杂物混合存放且未按规定设置防渗漏措施和危险废物识别标志" * 6
UNBROKEN = "HW08-900-214-08" * 12  # a code with no place to break a line


def overflow(page) -> dict:
    """How wide the document and every scrolling box are, against the room they have."""
    return page.evaluate(
        """() => ({
            document: document.scrollingElement.scrollWidth,
            boxes: [...document.querySelectorAll('.table-wrap')]
                .filter((box) => box.scrollWidth > box.clientWidth).length,
        })"""
    )


@pytest.mark.parametrize("width, height", [(1366, 768), (390, 844)])
def test_the_public_notice_fits_the_screen_without_horizontal_scrolling(
    browser, live_server, request, width, height
):
    people_of_case = request.getfixturevalue("rect")
    open_case = request.getfixturevalue("open_seed_case")
    findings = [
        {"category": category, "description": f"{LONG}{UNBROKEN}"}
        for category in people_of_case.categories
    ]
    close_case(open_case(subject_name="古城村北汽车修理厂" * 4, findings=findings), people_of_case)
    campaign = people_of_case.campaign
    campaign.is_public = True
    campaign.save(update_fields=["is_public"])
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.goto(f"{live_server.url}/rectification/public/{campaign.pk}/")
    assert page.locator("table.notice tbody tr").count() == 1
    assert overflow(page) == {"document": width, "boxes": 0}
    context.close()
