"""Who may call the API: bearer tokens, sessions with CSRF, and nobody else."""

import pytest
from django.test import Client

from taizhang.core.tokens import create_token, revoke_token
from tests.conftest import client_for

API = "/api/v1"

# Every endpoint that needs a caller, as the OpenAPI document names it.
PROTECTED = [
    ("get", "/me"),
    ("get", "/units"),
    ("post", "/units"),
    ("get", "/units/{unit_id}"),
    ("patch", "/units/{unit_id}"),
    ("get", "/units/{unit_id}/children"),
    ("get", "/units/{unit_id}/history"),
    ("get", "/history/{app_label}/{model}/{object_id}"),
    ("get", "/audit"),
    ("get", "/attachments/{app_label}/{model}/{object_id}"),
    ("post", "/attachments/{app_label}/{model}/{object_id}"),
    ("get", "/attachments/{attachment_id}/download"),
    ("delete", "/attachments/{attachment_id}"),
    ("get", "/tokens"),
    ("post", "/tokens"),
    ("delete", "/tokens/{token_id}"),
]
EXAMPLE_PARAMETERS = {"app_label": "core", "model": "unit"}


def concrete(path: str) -> str:
    """/history/{app_label}/{model}/{object_id} → /history/core/unit/1."""
    return "/".join(
        EXAMPLE_PARAMETERS.get(part.strip("{}"), "1") if part.startswith("{") else part
        for part in path.split("/")
    )


def bearer(key: str) -> Client:
    return Client(headers={"Authorization": f"Bearer {key}"})


@pytest.mark.django_db
class TestAnonymous:
    @pytest.mark.parametrize(("method", "path"), PROTECTED)
    def test_it_gets_401_in_the_error_shape(self, district, method, path):
        response = getattr(Client(), method)(API + concrete(path), content_type="application/json")
        assert response.status_code == 401
        assert set(response.json()) == {"detail", "errors"}
        assert response["WWW-Authenticate"].startswith("Bearer")

    def test_it_gets_401_even_when_csrf_checks_are_enforced(self, district):
        response = Client(enforce_csrf_checks=True).post(f"{API}/units", {})
        assert response.status_code == 401

    def test_it_may_read_the_openapi_document(self, db):
        response = Client().get(f"{API}/openapi.json")
        assert response.status_code == 200
        assert response.json()["info"]["title"] == "Taizhang API"

    def test_it_may_read_the_docs_page(self, db):
        assert Client().get(f"{API}/docs").status_code == 200

    def test_it_may_ask_for_health(self, db):
        response = Client().get(f"{API}/health")
        assert response.status_code == 200
        assert response.json() == {"status": "ok"}


@pytest.mark.django_db
class TestOpenApi:
    def test_every_endpoint_is_documented_with_a_tag_and_a_description(self, db):
        paths = Client().get(f"{API}/openapi.json").json()["paths"]
        documented = {
            (method, path.removeprefix(API))
            for path, operations in paths.items()
            for method in operations
        }
        assert set(PROTECTED) <= documented
        for operations in paths.values():
            for operation in operations.values():
                assert operation["tags"]
                assert operation["description"]

    def test_both_ways_of_signing_in_are_declared(self, db):
        schemes = Client().get(f"{API}/openapi.json").json()["components"]["securitySchemes"]
        assert schemes["TokenAuth"] == {"type": "http", "scheme": "bearer"}
        assert schemes["SessionAuth"]["in"] == "cookie"

    def test_no_endpoint_writes_history(self, db):
        paths = Client().get(f"{API}/openapi.json").json()["paths"]
        for path, operations in paths.items():
            if "/history" in path or path.endswith("/audit"):
                assert set(operations) == {"get"}, path


@pytest.mark.django_db
class TestBearerToken:
    def test_it_authenticates_as_its_user(self, people):
        _token, key = create_token(people.xwz_officer, by=people.xwz_officer)
        response = bearer(key).get(f"{API}/me")
        assert response.status_code == 200
        assert response.json()["username"] == "xwz"
        assert response.json()["roles"] == ["unit_officer"]
        assert response.json()["unit"]["name"] == "西王庄村"

    def test_it_scopes_like_the_pages(self, people):
        _token, key = create_token(people.xwz_officer, by=people.xwz_officer)
        names = [u["name"] for u in bearer(key).get(f"{API}/units").json()["results"]]
        assert names == ["西王庄村"]

    def test_a_revoked_token_gets_401(self, people):
        token, key = create_token(people.admin, by=people.admin)
        revoke_token(token, by=people.admin)
        response = bearer(key).get(f"{API}/me")
        assert response.status_code == 401
        assert "revoked" in response.json()["detail"]

    def test_an_unknown_token_gets_401(self, people):
        assert bearer("tz_not-a-real-key").get(f"{API}/me").status_code == 401

    def test_a_bad_token_does_not_fall_back_to_the_session(self, people):
        client = client_for(people.admin)
        response = client.get(f"{API}/me", headers={"Authorization": "Bearer tz_wrong"})
        assert response.status_code == 401

    def test_the_token_of_a_deactivated_user_gets_401(self, people):
        _token, key = create_token(people.admin, by=people.admin)
        people.admin.is_active = False
        people.admin.save(update_fields=["is_active"])
        assert bearer(key).get(f"{API}/me").status_code == 401

    def test_writes_need_no_csrf_token(self, district, people):
        _token, key = create_token(people.admin, by=people.admin)
        client = Client(enforce_csrf_checks=True, headers={"Authorization": f"Bearer {key}"})
        response = client.patch(
            f"{API}/units/{district.taer.pk}",
            {"remarks": "由令牌修改"},
            content_type="application/json",
        )
        assert response.status_code == 200


@pytest.mark.django_db
class TestSession:
    def csrf_client(self, user) -> Client:
        client = Client(enforce_csrf_checks=True)
        client.force_login(user)
        return client

    def test_reads_need_no_csrf_token(self, people):
        assert self.csrf_client(people.admin).get(f"{API}/me").status_code == 200

    def test_a_write_without_the_csrf_token_is_refused(self, district, people):
        response = self.csrf_client(people.admin).patch(
            f"{API}/units/{district.taer.pk}",
            {"remarks": "没有令牌"},
            content_type="application/json",
        )
        assert response.status_code == 403
        assert "CSRF" in response.json()["detail"]
        district.taer.refresh_from_db()
        assert district.taer.remarks == ""

    def test_a_post_without_the_csrf_token_is_refused(self, people):
        response = self.csrf_client(people.admin).post(
            f"{API}/tokens", {"name": "x"}, content_type="application/json"
        )
        assert response.status_code == 403
        assert not people.admin.api_tokens.exists()

    def test_a_write_with_the_csrf_token_is_accepted(self, district, people):
        client = self.csrf_client(people.admin)
        csrf = "a" * 32  # what a page would have put in the cookie
        client.cookies["csrftoken"] = csrf
        response = client.patch(
            f"{API}/units/{district.taer.pk}",
            {"remarks": "有令牌"},
            content_type="application/json",
            headers={"X-CSRFToken": csrf},
        )
        assert response.status_code == 200
        district.taer.refresh_from_db()
        assert district.taer.remarks == "有令牌"


@pytest.mark.django_db
def test_unknown_api_paths_and_wrong_methods_answer_in_the_error_shape(people):
    client = client_for(people.admin)
    missing = client.get("/api/v1/no-such-thing")
    assert missing.status_code == 404
    assert missing.json() == {"detail": "Not found.", "errors": []}
    wrong = client.put("/api/v1/me")
    assert wrong.status_code == 405
    assert wrong.json()["detail"] == "Method not allowed."
