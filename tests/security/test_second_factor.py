"""The optional second factor: set up with a code, then sign in with password and code;
required of some roles; removed by the security administrator."""

import pytest
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from taizhang.core.models import AuditAction, AuditEntry
from taizhang.security import sessions
from taizhang.security.models import Lock
from taizhang.security.views.account import CANDIDATE_KEY
from tests.conftest import client_for
from tests.security.conftest import sign_in, signed_in

pytestmark = pytest.mark.django_db


def code_for(device_or_key) -> str:
    key = device_or_key.bin_key if isinstance(device_or_key, TOTPDevice) else device_or_key
    return f"{totp(key, t0=0, step=30, digits=6):06d}"


@pytest.fixture
def device(people) -> TOTPDevice:
    return TOTPDevice.objects.create(user=people.xwz_officer, name="phone", confirmed=True)


def test_a_user_sets_up_an_authenticator_by_confirming_a_code(people, clock, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    client = client_for(people.xwz_officer)
    page = client.get("/account/second-factor/").content.decode()
    assert "<svg" in page and 'id="otp-secret"' in page
    key = client.session[CANDIDATE_KEY]
    wrong = client.post("/account/second-factor/", {"code": "000000"})
    assert "Wrong code" in wrong.content.decode()
    response = client.post("/account/second-factor/", {"code": code_for(bytes.fromhex(key))})
    assert response.status_code == 302
    device = TOTPDevice.objects.get(user=people.xwz_officer)
    assert device.confirmed and device.key == key
    assert AuditEntry.objects.get(action=AuditAction.UPDATE).reason == "Second factor set up"


def test_a_user_with_a_device_signs_in_with_password_and_the_right_code(people, device, clock):
    client = Client()
    response = sign_in(client, "xwz")
    assert response["Location"].startswith("/login/code/")
    assert not signed_in(client)
    response = client.post("/login/code/", {"code": code_for(device)})
    assert response.status_code == 302 and response["Location"] == "/"
    assert signed_in(client)
    assert client.session[sessions.SECOND_FACTOR] == sessions.VERIFIED
    login = AuditEntry.objects.get(action=AuditAction.LOGIN)
    assert "password and code" in login.reason


def test_a_wrong_code_does_not_sign_in_and_counts_as_a_failure(people, device, clock):
    client = Client()
    sign_in(client, "xwz")
    wrong = f"{(int(code_for(device)) + 1) % 1_000_000:06d}"
    response = client.post("/login/code/", {"code": wrong})
    assert response.status_code == 200
    assert "Wrong code" in response.content.decode()
    assert not signed_in(client)
    failure = AuditEntry.objects.get(action=AuditAction.LOGIN_FAILED)
    assert failure.reason.startswith("Wrong code")


def test_right_after_a_wrong_code_even_the_right_one_waits(people, device, clock):
    client = Client()
    sign_in(client, "xwz")
    client.post("/login/code/", {"code": "000000"})
    client.post("/login/code/", {"code": code_for(device)})  # django-otp's throttle: 1 s
    assert not signed_in(client)


def test_wrong_codes_lock_the_account_like_wrong_passwords(people, device, clock, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # django-otp's own delay aside
    client = Client()
    sign_in(client, "xwz")
    for _ in range(5):
        response = client.post("/login/code/", {"code": "000000"})
    assert response["Location"] == "/login/"
    assert Lock.objects.current().filter(username="xwz").exists()
    sign_in(client, "xwz")
    assert not signed_in(client)


def test_the_code_step_without_a_password_first_sends_back_to_sign_in(people, device):
    response = Client().post("/login/code/", {"code": code_for(device)})
    assert response["Location"] == "/login/"


def test_a_session_signed_in_without_the_code_is_ended(people, device, clock):
    client = client_for(people.xwz_officer)  # no code asked: another way in than the page
    response = client.get("/units/")
    assert response.status_code == 302
    assert not signed_in(client)


def test_a_required_role_must_set_up_a_second_factor_before_anything_else(people, clock, settings):
    settings.TAIZHANG_OTP_REQUIRED_ROLES = ["district_admin"]
    client = Client()
    sign_in(client, "admin")
    response = client.get("/units/")
    assert response["Location"] == "/account/second-factor/?next=%2Funits%2F"
    assert client.get("/api/v1/me").status_code == 403
    assert client.get("/account/second-factor/").status_code == 200
    other = Client()
    sign_in(other, "office")
    assert other.get("/units/").status_code == 200


def test_the_security_administrator_removes_a_lost_device(people, device, security_admin):
    admin = client_for(security_admin)
    page = admin.get(f"/security/users/{people.xwz_officer.pk}/").content.decode()
    assert "Remove second factor" in page
    response = admin.post(
        f"/security/users/{people.xwz_officer.pk}/second-factor/remove/", {"reason": "手机丢失"}
    )
    assert response.status_code == 302
    assert not TOTPDevice.objects.exists()
    entry = AuditEntry.objects.get(actor=security_admin)
    assert entry.reason == "Second factor removed: 手机丢失"


@pytest.mark.parametrize("persona", ["admin", "auditor", "taer_officer"])
def test_nobody_else_removes_a_second_factor(people, device, persona):
    response = client_for(getattr(people, persona)).post(
        f"/security/users/{people.xwz_officer.pk}/second-factor/remove/", {"reason": "x"}
    )
    assert response.status_code == 403
    assert TOTPDevice.objects.exists()
