"""Password rules on every path, the self-service change page, the history of hashes and
expiry after 90 days."""

import datetime

import pytest
from django.contrib.auth import password_validation
from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.test import Client

from taizhang.core import services
from taizhang.core.access import SYSTEM
from taizhang.core.demo import DEMO_PASSWORD
from taizhang.core.models import AuditEntry, User
from taizhang.security.models import PasswordHistory
from taizhang.security.passwords import change_password
from tests.conftest import client_for
from tests.security.conftest import PASSWORD, sign_in, signed_in

pytestmark = pytest.mark.django_db

NEW = "Another-Pass-42"


def change(client, old=PASSWORD, new=NEW, again=None):
    return client.post(
        "/account/password/",
        {"old_password": old, "new_password1": new, "new_password2": again or new},
    )


@pytest.mark.parametrize(
    ("password", "code"),
    [
        ("Sh0rt-x", "password_too_simple"),  # 7 characters
        ("alllowercaseletters", "password_too_simple"),  # one class
        ("lowercase-only-and-symbols", "password_too_simple"),  # two classes
        ("Xwz-Pass-2022", "password_contains_username"),  # contains "xwz", any case
    ],
)
def test_a_password_breaking_a_rule_is_refused_with_its_reason(people, password, code):
    with pytest.raises(ValidationError) as refused:
        password_validation.validate_password(password, people.xwz_officer)
    assert code in [error.code for error in refused.value.error_list]


@pytest.mark.parametrize("password", [DEMO_PASSWORD, PASSWORD, "中文口令abc123", "Qzvtrw8K"])
def test_the_demo_and_test_passwords_and_three_classes_of_eight_pass(password):
    password_validation.validate_password(password, User(username="xwz"))


def test_the_change_page_refuses_each_rule_with_its_reason(people, clock):
    client = client_for(people.xwz_officer)
    cases = [
        ({"old": "not-my-Password-1"}, "Your current password was entered wrongly."),
        ({"new": "short1A"}, "At least 8 characters"),
        ({"new": "XWZ-and-more-1"}, "may not contain your user name"),
        ({"new": PASSWORD}, "may not be one of your last 5"),
        ({"again": "Different-Pass-1"}, "The two new passwords differ."),
    ]
    for arguments, reason in cases:
        response = change(client, **arguments)
        assert response.status_code == 200
        assert reason in response.content.decode(), reason
    assert people.xwz_officer.check_password(PASSWORD)


def test_none_of_the_last_five_passwords_may_be_chosen_again(people, clock):
    user = people.xwz_officer
    passwords = [f"Rotation-Pass-{n}" for n in range(6)]
    for password in passwords:
        services_change(user, password)
    with pytest.raises(ValidationError):
        password_validation.validate_password(passwords[-5], user)
    password_validation.validate_password(passwords[0], user)  # the sixth-last is allowed
    stored = list(PasswordHistory.objects.filter(user=user).values_list("password", flat=True))
    assert len(stored) == 5
    assert all(stored_hash.startswith("md5$") for stored_hash in stored)
    assert not any(password in stored_hash for stored_hash in stored for password in passwords)


def services_change(user, password):
    change_password(user, password, by=user)


def test_a_user_changes_their_password_and_signs_in_with_the_new_one(people, clock):
    client = client_for(people.xwz_officer)
    assert "/account/password/" in client.get("/").content.decode()  # linked from the header
    response = change(client)
    assert response.status_code == 302
    assert signed_in(client)  # the session goes on with the new password
    entry = AuditEntry.objects.get(object_id=str(people.xwz_officer.pk))
    assert entry.reason == "Password changed" and NEW not in str(entry.after)
    fresh = Client()
    sign_in(fresh, "xwz", NEW)
    assert signed_in(fresh)


def test_an_expired_password_sends_the_user_to_the_change_page_and_nowhere_else(people, clock):
    clock.advance(days=91)
    client = Client()
    sign_in(client, "xwz")
    assert signed_in(client)
    response = client.get("/units/")
    assert response.status_code == 302
    assert response["Location"] == "/account/password/?next=%2Funits%2F"
    assert client.get("/api/v1/me").status_code == 403
    page = client.get(response["Location"]).content.decode()
    assert "Your password has expired" in page
    assert change(client).status_code == 302
    assert client.get("/units/").status_code == 200


def test_expiry_can_be_turned_off(people, clock, settings):
    settings.TAIZHANG_PASSWORD_MAX_AGE_DAYS = 0
    clock.advance(days=400)
    client = Client()
    sign_in(client, "xwz")
    assert client.get("/units/").status_code == 200


def test_a_password_reset_by_the_security_administrator_must_be_changed_at_sign_in(
    people, security_admin, clock
):
    admin = client_for(security_admin)
    response = admin.post(
        f"/security/users/{people.xwz_officer.pk}/password/",
        {"new_password": "Reset-Pass-2026", "reason": "忘记口令"},
    )
    assert response.status_code == 302
    entry = AuditEntry.objects.get(actor=security_admin)
    assert entry.reason == "Password reset: 忘记口令"
    client = Client()
    sign_in(client, "xwz", "Reset-Pass-2026")
    assert client.get("/").status_code == 302  # to the password page first


def test_a_reset_breaking_a_rule_is_refused(people, security_admin, clock):
    admin = client_for(security_admin)
    admin.post(
        f"/security/users/{people.xwz_officer.pk}/password/",
        {"new_password": "simple", "reason": "x"},
    )
    people.xwz_officer.refresh_from_db()
    assert people.xwz_officer.check_password(PASSWORD)


@pytest.mark.parametrize("persona", ["admin", "auditor", "xwz_officer"])
def test_only_the_security_administrator_resets_passwords(people, persona):
    response = client_for(getattr(people, persona)).post(
        f"/security/users/{people.taer_officer.pk}/password/",
        {"new_password": "Reset-Pass-2026", "reason": "x"},
    )
    assert response.status_code == 403
    people.taer_officer.refresh_from_db()
    assert people.taer_officer.check_password(PASSWORD)


def test_create_user_applies_the_rules_and_starts_the_history(district, people):
    with pytest.raises(ValidationError):
        services.create_user(by=people.admin, username="new", password="new12345", unit=None)
    user = services.create_user(
        by=SYSTEM, username="newcomer", password=DEMO_PASSWORD, unit=district.taer
    )
    history = PasswordHistory.objects.get(user=user)
    assert check_password(DEMO_PASSWORD, history.password)
    assert not User.objects.filter(is_superuser=True).exists()


def test_the_admin_site_add_form_applies_the_rules(people):
    people.admin.is_staff = True
    people.admin.save(update_fields=["is_staff"])
    form = {"username": "added", "usable_password": "true"}
    client = client_for(people.admin)
    weak = {**form, "password1": "added-lower", "password2": "added-lower"}
    assert client.post("/admin/core/user/add/", weak).status_code == 200
    assert not User.objects.filter(username="added").exists()
    strong = {**form, "password1": NEW, "password2": NEW}
    assert client.post("/admin/core/user/add/", strong).status_code == 302
    assert PasswordHistory.objects.filter(user__username="added").exists()


def test_a_password_changed_long_ago_without_history_expires_from_the_account_date(people, clock):
    PasswordHistory.objects.all().delete()
    User.objects.filter(pk=people.xwz_officer.pk).update(
        date_joined=clock.now - datetime.timedelta(days=100)
    )
    client = Client()
    sign_in(client, "xwz")
    assert client.get("/units/").status_code == 302
