"""The volunteer flows in Debian Chromium, as a volunteer does them on a phone: open the public
sign-up page from the campaign's shared link, sign up, be confirmed by the organiser, check in
and out with the shift's QR link, and see the hours on the record; and a community officer
marking a responsibility letter signed with its photo, the completion rate changing."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest

from taizhang.volunteers import services
from taizhang.volunteers.models import Participation, ParticipationState, TargetState
from tests.browser.conftest import log_in
from tests.factories import make_organisation
from tests.volunteers.conftest import id_number, world  # noqa: F401
from tests.walker import tiny_png

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def set_clock(monkeypatch, hour: int, minute: int = 0) -> None:
    moment = datetime.datetime(2022, 1, 20, hour, minute, tzinfo=ZoneInfo("Asia/Shanghai"))
    monkeypatch.setattr("taizhang.lib.clock.now", lambda: moment)


def test_a_volunteer_signs_up_on_a_phone_is_confirmed_checks_in_and_out(
    browser, phone, live_server, monkeypatch, request
):
    w = request.getfixturevalue("world")
    set_clock(monkeypatch, 8)
    organiser = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    log_in(organiser, live_server, "tuanquwei")
    organiser.goto(f"{live_server.url}{w.campaign.get_absolute_url()}")
    link = organiser.get_attribute("#public-link", "href")
    assert link.endswith(w.campaign.public_path())

    phone.goto(link)
    assert phone.evaluate("document.scrollingElement.scrollWidth") <= 390
    phone.fill("input[name=name]", "张同学")
    phone.fill("input[name=id_number]", id_number())
    phone.fill("input[name=phone]", "13800001234")
    phone.select_option("select[name=community]", str(w.wenxing.pk))
    phone.check("input[name=shifts]")
    phone.check("input[name=consent]")
    phone.click("form#signup button[type=submit]")
    phone.wait_for_url("**/volunteers/me/**")
    mine = phone.url
    participation = Participation.objects.get()
    assert participation.state == ParticipationState.REQUESTED

    organiser.reload()
    organiser.click(f"tr[data-participation='{participation.pk}'] button.confirm")
    organiser.wait_for_load_state()
    participation.refresh_from_db()
    assert participation.state == ParticipationState.CONFIRMED
    scan = organiser.get_attribute(f"#shift-{w.shift.pk} a.scan-link", "href")

    set_clock(monkeypatch, 9)
    phone.goto(f"{live_server.url}{scan}")
    phone.fill("input[name=id_number]", id_number())
    phone.click("main form button[type=submit]")
    phone.wait_for_selector("#scan-result")
    set_clock(monkeypatch, 11, 30)
    phone.fill("input[name=id_number]", id_number())
    phone.click("main form button[type=submit]")
    phone.wait_for_selector("#scan-result:has-text('2.50')")

    phone.goto(mine)
    assert phone.inner_text("#hours") == "2.50"
    organiser.context.close()


def test_an_officer_marks_a_letter_signed_with_a_photo_and_the_rate_changes(
    page, live_server, monkeypatch, tmp_path, request
):
    w = request.getfixturevalue("world")
    set_clock(monkeypatch, 18)
    letters = services.create_letter_campaign(
        by=w.organiser, unit=w.league, places=[w.wenxing], title="文兴责任书",
        duties="做好自身健康状况监测\n遵守防疫相关规定\n做好公共区域消毒工作",
        starts_on=datetime.date(2022, 1, 15), ends_on=datetime.date(2022, 2, 20),
    )  # fmt: skip
    shops = [make_organisation(w.wenxing, name) for name in ("文兴物业", "文兴超市")]
    team = services.create_team(by=w.organiser, unit=w.league, name="第一分队")
    targets = [
        services.add_target(letters, by=w.organiser, organisation=shop, team=team) for shop in shops
    ]
    photo = tmp_path / "letter.png"
    photo.write_bytes(tiny_png().getvalue())
    log_in(page, live_server, "wenxing")
    page.goto(f"{live_server.url}{letters.get_absolute_url()}")
    assert page.inner_text("#rate .rate") == "0%"
    page.click(f"tr[data-target='{targets[0].pk}'] a")
    page.fill("form#sign input[name=signed_on]", "2022-01-18")
    page.fill("form#sign input[name=signed_by]", "吴经理")
    page.set_input_files("form#sign input[name=scan]", str(photo))
    page.click("form#sign button[type=submit]")
    page.wait_for_url(f"**{letters.get_absolute_url()}")
    assert page.inner_text("#rate .rate") == "50%"
    targets[0].refresh_from_db()
    assert targets[0].state == TargetState.SIGNED


def test_an_officer_signs_a_letter_on_the_screen_with_the_pad(
    page, live_server, monkeypatch, request
):
    from taizhang.core.models import Attachment

    w = request.getfixturevalue("world")
    set_clock(monkeypatch, 18)
    letters = services.create_letter_campaign(
        by=w.organiser, unit=w.league, places=[w.wenxing], title="文兴责任书",
        duties="做好公共区域消毒工作",
        starts_on=datetime.date(2022, 1, 15), ends_on=datetime.date(2022, 2, 20),
    )  # fmt: skip
    target = services.add_target(
        letters, by=w.organiser, organisation=make_organisation(w.wenxing, "文兴物业")
    )
    errors: list[str] = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    log_in(page, live_server, "wenxing")
    page.goto(f"{live_server.url}{target.get_absolute_url()}")
    canvas = page.locator("form#sign canvas")
    canvas.wait_for(state="visible")  # the script shows the pad
    box = canvas.bounding_box()
    assert box is not None
    page.mouse.move(box["x"] + 20, box["y"] + 60)
    page.mouse.down()
    for step in range(1, 12):
        page.mouse.move(box["x"] + 20 + step * 25, box["y"] + 60 + (step % 3) * 20)
    page.mouse.up()
    page.fill("form#sign input[name=signed_on]", "2022-01-18")
    page.fill("form#sign input[name=signed_by]", "吴经理")
    page.click("form#sign button[type=submit]")
    page.wait_for_url(f"**{letters.get_absolute_url()}")
    target.refresh_from_db()
    assert target.state == TargetState.SIGNED
    [kept] = Attachment.objects.filter(object_id=str(target.pk))
    assert kept.extension == "png"
    assert errors == []  # no CSP violation or script error
