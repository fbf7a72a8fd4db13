"""The application pages: the list with its filters, the application's page with its timeline,
photos, notice, deadline and the forms the user may use, receiving an application, and each
step as a form; other villages and departments outside the line see nothing."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from taizhang.core.roles import Role
from taizhang.welfare.models import Application, ApplicationStatus, Enrolment
from tests import walker
from tests.conftest import client_for
from tests.factories import make_user
from tests.welfare import applying
from tests.welfare.applying import in_notice, investigated, received, submitted

clock, dibao, staff = applying.clock, applying.dibao, applying.staff  # fixtures
pytestmark = pytest.mark.django_db
S = ApplicationStatus


def page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, response
    return response.content.decode()


def test_receiving_an_application_on_the_page(people, villagers, dibao, clock):
    client = client_for(people.xwz_officer)
    assert "最低生活保障" in page(client, "/welfare/applications/new/")
    response = client.post(
        "/welfare/applications/new/",
        {"programme": dibao.pk, "id_number": villagers.wang.id_number,
         "received_on": "2022-03-01", "monthly_income_yuan": "800"},
    )  # fmt: skip
    application = Application.objects.get()
    assert response.status_code == 302 and response["Location"] == application.get_absolute_url()


def test_an_unknown_id_number_is_shown_on_the_form(people, villagers, dibao, clock):
    response = client_for(people.xwz_officer).post(
        "/welfare/applications/new/",
        {"programme": dibao.pk, "id_number": "110101199003077777", "received_on": "2022-03-01"},
    )
    assert response.status_code == 200
    assert "No resident" in response.content.decode() or "没有" in response.content.decode()
    assert not Application.objects.exists()


def test_the_list_filters_overdue_and_flagged(people, villagers, dibao, clock):
    received(people, dibao, villagers.wang, is_staff_relative=True, staff_relative_note="亲属")
    received(people, dibao, villagers.sun)
    client = client_for(people.xwz_officer)
    text = page(client, "/welfare/applications/?flagged=true")
    assert "王老汉" in text and "孙大" not in text
    assert "孙大" not in page(client, "/welfare/applications/?overdue=true")
    clock(datetime.date(2022, 5, 1))
    client = client_for(people.xwz_officer)
    assert "孙大" in page(client, "/welfare/applications/?overdue=true")


def test_the_list_is_a_constant_number_of_queries(
    people, villagers, dibao, clock, django_assert_max_num_queries
):
    received(people, dibao, villagers.wang)
    client = client_for(people.xwz_officer)
    client.get("/welfare/applications/")
    with django_assert_max_num_queries(20) as first:
        client.get("/welfare/applications/")
    received(people, dibao, villagers.sun)
    received(people, dibao, villagers.zhao)
    with django_assert_max_num_queries(len(first.captured_queries)):
        client.get("/welfare/applications/")


def test_the_whole_flow_on_the_pages(people, villagers, dibao, staff, minzhengju, clock):
    application = received(people, dibao, villagers.wang)
    client = client_for(people.xwz_officer)
    url = application.get_absolute_url()
    text = page(client, url)
    assert "welfare-application-investigate" not in text  # url names are not shown
    assert f"/welfare/applications/{application.pk}/investigate/" in text
    assert "1402" in text and villagers.wang.id_number not in text
    response = client.post(
        f"{url}investigate/",
        {"investigated_on": "2022-03-01", "first_investigator": staff.first.pk,
         "second_investigator": staff.second.pk, "findings": "家徒四壁",
         "verified_income_yuan": "600",
         "photos": [SimpleUploadedFile("a.png", walker.tiny_png().read(), "image/png")]},
    )  # fmt: skip
    assert response.status_code == 302
    text = page(client, url)
    assert "家徒四壁" in text and "<img" in text
    client.post(f"{url}preliminary/", {"passed": "1", "note": "属实", "notice_days": "5"})
    assert Application.objects.get().status == S.INVESTIGATED
    client.post(f"{url}preliminary/", {"passed": "1", "note": "属实", "notice_days": "7"})
    assert Application.objects.get().status == S.IN_NOTICE
    client.post(f"{url}objections/", {"content": "有人反映其有私家车", "raised_by": "村民"})
    objection = Application.objects.get().notice.objections.get()
    client.post(
        f"/welfare/objections/{objection.pk}/check/",
        {"sustained": "0", "handling": "车辆已过户"},
    )
    client.post(f"{url}submit/", {})
    assert Application.objects.get().status == S.IN_NOTICE  # the notice still runs
    submitted(Application.objects.get(), people, clock)
    decider = client_for(minzhengju.officer)
    assert "Approve and enrol" in page(decider, url) or "批准" in page(decider, url)
    response = decider.post(f"{url}approve/", {"enrol_from": "2022-04-01", "amount_yuan": "300"})
    assert response.status_code == 302
    assert Application.objects.get().status == S.APPROVED
    assert Enrolment.objects.filter(person=villagers.wang).exists()
    text = page(decider, url)
    for step in ("received", "investigated", "preliminary_passed", "objection", "approved"):
        assert f'data-step="{step}"' in text


def test_a_refusal_on_the_page_needs_its_reasons(
    people, villagers, dibao, staff, minzhengju, clock
):
    application = submitted(
        in_notice(investigated(received(people, dibao, villagers.wang), staff), people.xwz_officer),
        people,
        clock,
    )
    decider = client_for(minzhengju.officer)
    url = application.get_absolute_url()
    decider.post(f"{url}refuse/", {"reasons": ""})
    assert Application.objects.get().status == S.SUBMITTED
    decider.post(f"{url}refuse/", {"reasons": "存款超过规定"})
    application.refresh_from_db()
    assert application.status == S.REFUSED and application.decision_note == "存款超过规定"
    assert "存款超过规定" in page(decider, url)


def test_return_extension_and_withdrawal_on_the_page(
    people, villagers, dibao, staff, minzhengju, clock
):
    application = submitted(
        in_notice(investigated(received(people, dibao, villagers.wang), staff), people.xwz_officer),
        people,
        clock,
    )
    url = application.get_absolute_url()
    client_for(minzhengju.officer).post(f"{url}return/", {"reason": "补充材料"})
    assert Application.objects.get().status == S.RETURNED
    village = client_for(people.xwz_officer)
    village.post(f"{url}extend/", {"reason": "需跨省核对"})
    assert Application.objects.get().extended
    village.post(f"{url}withdraw/", {"reason": "本人撤回"})
    assert Application.objects.get().status == S.WITHDRAWN


def test_the_page_shows_the_deadline_and_working_days_left(people, villagers, dibao, clock):
    application = received(people, dibao, villagers.wang)
    text = page(client_for(people.xwz_officer), application.get_absolute_url())
    assert "2022-04-13" in text
    assert "30" in text


def test_another_village_and_a_department_outside_the_line_get_nothing(
    district, people, villagers, dibao, clock
):
    application = received(people, dibao, villagers.wang)
    fagaiju = make_user("fgj", Role.UNIT_OFFICER, unit=district.fagaiju)
    for outsider in (people.taer_officer, fagaiju):
        client = client_for(outsider)
        assert client.get(application.get_absolute_url()).status_code == 404
        assert "王老汉" not in page(client, "/welfare/applications/")
        response = client.post(f"{application.get_absolute_url()}withdraw/", {"reason": "x"})
        assert response.status_code == 404
    assert Application.objects.get().status == S.RECEIVED


def test_the_deciding_unit_finds_what_waits_on_its_workbench(
    people, villagers, dibao, staff, minzhengju, clock
):
    from taizhang.welfare.workbench import applications as workbench

    application = submitted(
        in_notice(investigated(received(people, dibao, villagers.wang), staff), people.xwz_officer),
        people,
        clock,
    )
    batches = {b.kind: b for b in workbench.todo(minzhengju.officer, clock_day(application), 8)}
    assert batches["application_decide"].total == 1
    assert not workbench.todo(people.taer_officer, clock_day(application), 8)


def clock_day(application):
    return application.notice.ends_on + datetime.timedelta(days=1)
