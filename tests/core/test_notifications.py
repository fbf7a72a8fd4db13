"""Notifications (通知): delivered after commit, to people and to units' officers, by e-mail
where a person has an address; each person reads only their own, on the page and in the API."""

from __future__ import annotations

import logging

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from taizhang.core import notifications
from taizhang.core.models import Notification
from taizhang.core.roles import Role
from tests.conftest import client_for
from tests.factories import make_user

pytestmark = pytest.mark.django_db
API = "/api/v1/notifications"


class FailingBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise ConnectionRefusedError("mail server down")


def tell(recipients, by, *, title="塔儿村巷道硬化 待审核", url="/units/1/"):
    notifications.notify(
        recipients=recipients, kind="test", title=title, url=url, module="core", by=by
    )


def make(user, title="通知", **fields):
    return Notification.objects.create(
        recipient=user, module="core", kind="test", title=title, url="/units/", **fields
    )


def recipients():
    return set(Notification.objects.values_list("recipient__username", flat=True))


# ---------------------------------------------------------------------------------------------
# Delivery


def test_a_unit_means_its_active_officers_and_never_the_actor(
    district, people, django_capture_on_commit_callbacks
):
    make_user("taer2", Role.UNIT_OFFICER, unit=district.taer)
    make_user("taer_gone", Role.UNIT_OFFICER, unit=district.taer, is_active=False)
    make_user("taer_reader", Role.LEADER, unit=district.taer)

    with django_capture_on_commit_callbacks(execute=True):
        tell([district.taer, people.office, people.taer_officer], by=people.taer_officer)

    assert recipients() == {"taer2", "office"}
    notification = Notification.objects.get(recipient=people.office)
    assert (notification.actor_name, notification.read_at) == ("taer", None)


def test_nothing_is_told_when_the_change_rolls_back(
    district, people, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        tell([people.office], by=people.taer_officer)
        raise RuntimeError("the service failed after notifying")

    assert callbacks == []
    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_only_a_person_with_an_address_gets_an_email(
    district, people, django_capture_on_commit_callbacks
):
    people.office.email = "office@pingcheng.gov.cn"
    people.office.save(update_fields=["email"])

    with django_capture_on_commit_callbacks(execute=True):
        tell([people.office, people.admin], by=people.taer_officer, url="/units/7/")

    assert recipients() == {"office", "admin"}
    [email] = mail.outbox
    assert email.to == ["office@pingcheng.gov.cn"]
    assert "塔儿村巷道硬化 待审核" in email.subject
    assert "http://127.0.0.1:8000/units/7/" in email.body


def test_a_failing_mail_server_is_logged_and_keeps_the_notifications(
    district, people, settings, caplog, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = f"{__name__}.FailingBackend"
    people.office.email = "office@pingcheng.gov.cn"
    people.office.save(update_fields=["email"])

    with caplog.at_level(logging.ERROR), django_capture_on_commit_callbacks(execute=True):
        tell([people.office], by=people.taer_officer)

    assert recipients() == {"office"}
    assert "Could not send 1 notification e-mails" in caplog.text


def test_a_link_to_another_site_is_refused(people):
    for url in ("https://evil.example/", "//evil.example/x", "javascript:alert(1)", "units/"):
        with pytest.raises(ValueError, match="local page"):
            tell([people.office], by=people.taer_officer, url=url)


def test_the_platform_may_notify_but_an_anonymous_visitor_may_not(
    district, people, django_capture_on_commit_callbacks
):
    from django.contrib.auth.models import AnonymousUser
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        tell([people.office], by=AnonymousUser())
    with django_capture_on_commit_callbacks(execute=True):
        tell([people.office], by=None)
    assert Notification.objects.get().actor_name == ""


# ---------------------------------------------------------------------------------------------
# Pages


def test_the_page_lists_ones_own_newest_first_with_the_unread_marked(people):
    make(people.taer_officer, "较早的通知", read_at="2022-04-01T08:00:00+08:00")
    make(people.taer_officer, "最新的通知")
    make(people.xwz_officer, "西王庄村的通知")

    text = client_for(people.taer_officer).get("/notifications/").text

    assert text.index("最新的通知") < text.index("较早的通知")
    assert "西王庄村的通知" not in text
    assert text.count('class="unread"') == 1


def test_the_page_runs_in_a_fixed_number_of_queries(people, django_assert_max_num_queries):
    for number in range(45):
        make(people.taer_officer, f"通知{number}")
    client = client_for(people.taer_officer)
    client.get("/notifications/")  # warm the session and content-type caches

    # session, user, roles, the header's unit and unread count, the page's count and rows
    with django_assert_max_num_queries(7):
        response = client.get("/notifications/?page=2")
    assert response.status_code == 200 and "通知14" in response.text


def test_opening_one_marks_it_read_and_goes_to_its_page(people):
    notification = make(people.taer_officer)

    response = client_for(people.taer_officer).get(f"/notifications/{notification.pk}/open/")

    assert (response.status_code, response["Location"]) == (302, "/units/")
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_nobody_opens_anothers_notification_not_even_an_administrator(people):
    notification = make(people.taer_officer, "塔儿村的通知")
    for persona in (people.admin, people.xwz_officer):
        client = client_for(persona)
        assert client.get(f"/notifications/{notification.pk}/open/").status_code == 404
        assert client.post(f"{API}/{notification.pk}/read").status_code == 404
        assert "塔儿村的通知" not in client.get("/notifications/").text
        assert client.get(API).json()["count"] == 0
    notification.refresh_from_db()
    assert notification.read_at is None


def test_a_stored_link_to_another_site_is_not_followed(people):
    notification = make(people.taer_officer)
    Notification.objects.filter(pk=notification.pk).update(url="//evil.example/x")

    response = client_for(people.taer_officer).get(f"/notifications/{notification.pk}/open/")

    assert response["Location"] == "/notifications/"


def test_mark_all_read_takes_a_post_with_the_csrf_token_and_only_ones_own(people):
    make(people.taer_officer)
    make(people.taer_officer)
    other = make(people.xwz_officer)
    client = client_for(people.taer_officer)
    assert client.get("/notifications/read-all/").status_code == 405
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(people.taer_officer)
    assert strict.post("/notifications/read-all/").status_code == 403
    assert Notification.objects.unread().count() == 3

    assert client.post("/notifications/read-all/").status_code == 302

    assert list(Notification.objects.unread()) == [other]


def test_the_header_counts_the_unread_in_one_query(people):
    make(people.taer_officer)
    make(people.taer_officer)
    make(people.taer_officer, read_at="2022-04-01T08:00:00+08:00")
    client = client_for(people.taer_officer)

    with CaptureQueriesContext(connection) as queries:
        text = client.get("/tokens/").text

    assert "<mark>2</mark>" in text
    counted = [q["sql"] for q in queries if "core_notification" in q["sql"]]
    assert len(counted) == 1


def test_an_anonymous_visitor_costs_no_query_for_the_header(db):
    with CaptureQueriesContext(connection) as queries:
        Client().get("/login/")
    assert not [q for q in queries if "core_notification" in q["sql"]]


# ---------------------------------------------------------------------------------------------
# API


def test_the_api_lists_ones_own_newest_first_and_filters_the_unread(
    people, django_assert_max_num_queries
):
    for number in range(5):
        make(people.taer_officer, f"通知{number}")
    make(people.taer_officer, "已读", read_at="2022-04-01T08:00:00+08:00")
    make(people.xwz_officer, "西王庄村的通知")
    client = client_for(people.taer_officer)

    with django_assert_max_num_queries(5):
        page = client.get(f"{API}?page_size=2").json()
    assert (page["count"], [n["title"] for n in page["results"]]) == (6, ["已读", "通知4"])
    unread = client.get(f"{API}?unread=true&page_size=50").json()
    assert unread["count"] == 5 and all(n["read_at"] is None for n in unread["results"])
    assert client.get(f"{API}?unread=false").json()["count"] == 1


def test_the_api_marks_one_and_all_read(people):
    first, second = make(people.taer_officer), make(people.taer_officer)
    other = make(people.xwz_officer)
    client = client_for(people.taer_officer)

    response = client.post(f"{API}/{first.pk}/read")
    assert response.status_code == 200 and response.json()["read_at"] is not None
    assert client.post(f"{API}/{other.pk}/read").status_code == 404
    assert client.post(f"{API}/read-all").json() == {"marked": 1}

    assert list(Notification.objects.unread()) == [other]
    second.refresh_from_db()
    assert second.read_at is not None


def test_the_api_wants_a_signed_in_caller(people):
    notification = make(people.taer_officer)
    client = Client()
    assert client.get(API).status_code == 401
    assert client.post(f"{API}/{notification.pk}/read").status_code == 401
    assert client.post(f"{API}/read-all").status_code == 401
