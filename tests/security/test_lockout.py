"""Failed sign-ins lock the account (5 in 15 minutes, for 30 minutes) and the client address
(20 in 15 minutes); the address comes from a proxy header only behind a trusted proxy; every
sign-in event is in the audit trail."""

import pytest
from django.test import Client, RequestFactory

from taizhang.core.addresses import client_address
from taizhang.core.models import AuditAction, AuditEntry
from taizhang.security.models import Lock, LockKind, LoginFailure
from tests.conftest import client_for
from tests.security.conftest import sign_in, signed_in

pytestmark = pytest.mark.django_db


def fail(client, username, times=1, **extra):
    for _ in range(times):
        response = sign_in(client, username, "wrong-Pass-1", **extra)
        assert not signed_in(client)
    return response


def test_five_failures_within_fifteen_minutes_lock_the_account(people, clock):
    client = Client()
    for _ in range(5):
        fail(client, "xwz")
        clock.advance(minutes=3)
    lock = Lock.objects.get()
    assert (lock.kind, lock.username, lock.user, lock.failures) == (
        "account",
        "xwz",
        people.xwz_officer,
        5,
    )
    assert (lock.until - lock.locked_at).total_seconds() == 30 * 60


def test_five_failures_spread_over_twenty_minutes_do_not_lock(people, clock):
    client = Client()
    for _ in range(5):
        fail(client, "xwz")
        clock.advance(minutes=5)  # the first has left the 15-minute window by the fifth
    assert not Lock.objects.exists()
    sign_in(client, "xwz")
    assert signed_in(client)


def test_a_locked_account_cannot_sign_in_even_with_the_right_password_until_the_lock_ends(
    people, clock
):
    fail(Client(), "xwz", times=5)
    client = Client()
    response = sign_in(client, "xwz")
    assert not signed_in(client)
    assert "Account locked until" in response.content.decode()
    clock.advance(minutes=29)
    sign_in(client, "xwz")
    assert not signed_in(client)
    clock.advance(minutes=2)
    sign_in(client, "xwz")
    assert signed_in(client)


def test_attempts_on_a_locked_account_do_not_lengthen_the_lock_nor_count_after_it(people, clock):
    fail(Client(), "xwz", times=5)
    fail(Client(), "xwz", times=3)
    assert Lock.objects.count() == 1
    clock.advance(minutes=31)
    fail(Client(), "xwz")  # one more typo after the lock is not a sixth failure
    assert Lock.objects.count() == 1


def test_the_security_administrator_unlocks_an_account_and_it_is_audited(
    people, security_admin, clock
):
    fail(Client(), "xwz", times=5)
    lock = Lock.objects.get()
    admin = client_for(security_admin)
    page = admin.get("/security/locks/").content.decode()
    assert "xwz" in page and f"/security/locks/{lock.pk}/unlock/" in page
    response = admin.post(f"/security/locks/{lock.pk}/unlock/")
    assert response.status_code == 302
    client = Client()
    sign_in(client, "xwz")
    assert signed_in(client)
    entry = AuditEntry.objects.get(action=AuditAction.UNLOCKED)
    assert (entry.actor, entry.object_id) == (security_admin, str(people.xwz_officer.pk))
    assert "xwz" in entry.reason


@pytest.mark.parametrize("persona", ["admin", "auditor", "xwz_officer", "leader"])
def test_nobody_but_the_security_administrator_sees_or_lifts_locks(people, clock, persona):
    fail(Client(), "xwz", times=5)
    lock = Lock.objects.get()
    client = client_for(getattr(people, persona))
    assert client.get("/security/locks/").status_code == 403
    assert client.post(f"/security/locks/{lock.pk}/unlock/").status_code == 403
    assert Lock.objects.current().exists()


def test_unlocking_takes_a_post_with_the_csrf_token(people, security_admin, clock):
    fail(Client(), "xwz", times=5)
    lock = Lock.objects.get()
    client = Client(enforce_csrf_checks=True)
    client.force_login(security_admin)
    assert client.get(f"/security/locks/{lock.pk}/unlock/").status_code == 405
    assert client.post(f"/security/locks/{lock.pk}/unlock/").status_code == 403
    assert Lock.objects.current().exists()


def test_twenty_failures_from_one_address_lock_it_for_every_account(people, clock):
    client = Client()
    for name in ("xwz", "taer", "office", "leader"):
        fail(client, name, times=4)
    fail(client, "nobody-at-all", times=4)
    lock = Lock.objects.get(kind=LockKind.ADDRESS)
    assert (lock.address, lock.failures) == ("127.0.0.1", 20)
    sign_in(client, "xnt")
    assert not signed_in(client)
    elsewhere = Client(REMOTE_ADDR="10.0.0.7")
    sign_in(elsewhere, "xnt")
    assert signed_in(elsewhere)


def test_a_forged_forwarded_for_header_is_ignored_without_a_trusted_proxy(people, clock):
    fail(Client(), "xwz", HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert LoginFailure.objects.get().address == "127.0.0.1"


def test_behind_a_trusted_proxy_the_rightmost_untrusted_address_is_the_client(
    people, clock, settings
):
    settings.TAIZHANG_TRUSTED_PROXIES = ["127.0.0.1", "10.1.0.0/16"]
    forged_then_real = "198.51.100.1, 203.0.113.9, 10.1.2.3"
    fail(Client(), "xwz", HTTP_X_FORWARDED_FOR=forged_then_real)
    assert LoginFailure.objects.get().address == "203.0.113.9"


def test_behind_a_shared_proxy_one_client_does_not_lock_the_address_of_the_others(
    people, clock, settings
):
    settings.TAIZHANG_TRUSTED_PROXIES = ["127.0.0.1"]
    attacker = Client(HTTP_X_FORWARDED_FOR="203.0.113.9")
    for name in ("xwz", "taer", "office", "leader", "xnt"):
        fail(attacker, name, times=4)
    assert Lock.objects.filter(kind=LockKind.ADDRESS, address="203.0.113.9").exists()
    colleague = Client(HTTP_X_FORWARDED_FOR="203.0.113.50")
    sign_in(colleague, "auditor")
    assert signed_in(colleague)


@pytest.mark.parametrize(
    ("remote", "header", "expected"),
    [
        ("192.0.2.1", "", "192.0.2.1"),
        ("192.0.2.1", "10.9.9.9", "192.0.2.1"),  # not a trusted proxy: header ignored
        ("10.1.0.1", "not-an-address", "10.1.0.1"),
        ("10.1.0.1", "10.1.0.5", "10.1.0.5"),  # only trusted hops: the farthest one
        ("garbage", "", ""),
    ],
)
def test_the_client_address_is_read_safely(settings, remote, header, expected):
    settings.TAIZHANG_TRUSTED_PROXIES = ["10.1.0.0/16"]
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=header)
    assert client_address(request) == expected


def test_every_sign_in_event_is_in_the_audit_trail_against_the_user(people, clock):
    client = Client()
    fail(client, "xwz", times=5)
    fail(client, "no-such-person")
    clock.advance(minutes=31)
    sign_in(client, "xwz")
    client.post("/logout/")
    entries = AuditEntry.objects.order_by("id")
    actions = [entry.action for entry in entries]
    assert actions == [
        *[AuditAction.LOGIN_FAILED] * 5,
        AuditAction.LOCKED,
        AuditAction.LOGIN_FAILED,
        AuditAction.LOGIN,
        AuditAction.LOGOUT,
    ]
    xwz = str(people.xwz_officer.pk)
    assert all(e.object_id == xwz for e in entries if e.object_repr == "xwz")
    assert all(e.content_type.model == "user" for e in entries)
    unknown = entries.get(object_repr="no-such-person")
    assert (unknown.object_id, unknown.actor) == ("", None)
    assert "Unknown user name" in unknown.reason and "127.0.0.1" in unknown.reason
    login = entries.get(action=AuditAction.LOGIN)
    assert login.actor == people.xwz_officer and "127.0.0.1" in login.reason


def test_the_audit_log_page_shows_a_failure_under_an_unknown_name(people, clock):
    fail(Client(), "no-such-person")
    page = client_for(people.auditor).get("/audit/").content.decode()
    assert "no-such-person" in page


def test_the_admin_site_signs_in_through_the_platform_page(people, clock):
    response = Client().get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"] == "/login/?next=%2Fadmin%2F"
    fail(Client(), "admin", times=5)
    client = Client()
    client.post("/admin/login/", {"username": "admin", "password": "pass-Word-123"})
    assert not signed_in(client)


def test_an_authenticate_call_from_code_is_refused_on_a_locked_account(people, clock):
    from django.contrib.auth import authenticate

    fail(Client(), "xwz", times=5)
    assert authenticate(None, username="xwz", password="pass-Word-123") is None


def test_the_lock_list_runs_a_constant_number_of_queries(people, security_admin, clock):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    admin = client_for(security_admin)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert admin.get("/security/locks/").status_code == 200
        return len(queries)

    fail(Client(), "xwz", times=5)
    first = count()
    for name in ("taer", "office", "leader"):
        fail(Client(REMOTE_ADDR=f"10.0.0.{len(name)}"), name, times=5)
    assert Lock.objects.current().count() == 4
    assert count() == first
