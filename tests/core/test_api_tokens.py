"""API tokens: created from a session, shown once, stored hashed, revocable by their owner."""

import pytest
from django.test import Client

from taizhang.core.models import ApiToken
from taizhang.core.tokens import create_token, hash_key
from tests.conftest import client_for

API = "/api/v1"


def create(client, name: str = "数据同步") -> dict:
    response = client.post(f"{API}/tokens", {"name": name}, content_type="application/json")
    assert response.status_code == 201, response.content
    return response.json()


def bearer(key: str) -> Client:
    return Client(headers={"Authorization": f"Bearer {key}"})


@pytest.mark.django_db
class TestCreate:
    def test_it_returns_the_key_once(self, people):
        client = client_for(people.office)
        created = create(client)
        assert created["key"].startswith("tz_")
        assert created["prefix"] == created["key"][:10]
        listed = client.get(f"{API}/tokens").json()
        assert [token["id"] for token in listed] == [created["id"]]
        assert "key" not in listed[0]
        assert created["key"].encode() not in client.get(f"{API}/tokens").content

    def test_the_key_is_stored_only_as_its_hash(self, people):
        key = create(client_for(people.office))["key"]
        token = ApiToken.objects.get()
        assert token.key_hash == hash_key(key)
        stored = [str(value) for value in ApiToken.objects.values().get().values()]
        assert all(key not in value for value in stored)

    def test_the_new_key_works(self, people):
        key = create(client_for(people.office))["key"]
        assert bearer(key).get(f"{API}/me").json()["username"] == "office"

    def test_a_token_cannot_create_tokens(self, people):
        _token, key = create_token(people.office, by=people.office)
        response = bearer(key).post(f"{API}/tokens", {}, content_type="application/json")
        assert response.status_code == 403
        assert ApiToken.objects.count() == 1

    def test_a_person_without_roles_may_still_have_a_token_that_sees_nothing(
        self, district, people
    ):
        key = create(client_for(people.nobody))["key"]
        assert bearer(key).get(f"{API}/units").json()["count"] == 0


@pytest.mark.django_db
class TestListAndRevoke:
    def test_each_person_lists_only_their_own_tokens(self, people):
        create_token(people.admin, by=people.admin, name="admin's")
        create(client_for(people.auditor), name="auditor's")
        listed = client_for(people.auditor).get(f"{API}/tokens").json()
        assert [token["name"] for token in listed] == ["auditor's"]

    def test_the_owner_revokes_a_token_and_it_stops_working(self, people):
        client = client_for(people.office)
        created = create(client)
        assert client.delete(f"{API}/tokens/{created['id']}").status_code == 204
        assert bearer(created["key"]).get(f"{API}/me").status_code == 401
        assert client.get(f"{API}/tokens").json()[0]["revoked_at"] is not None

    def test_revoking_twice_is_harmless(self, people):
        client = client_for(people.office)
        created = create(client)
        client.delete(f"{API}/tokens/{created['id']}")
        assert client.delete(f"{API}/tokens/{created['id']}").status_code == 204

    def test_a_token_can_revoke_itself(self, people):
        token, key = create_token(people.office, by=people.office)
        assert bearer(key).delete(f"{API}/tokens/{token.pk}").status_code == 204
        assert bearer(key).get(f"{API}/me").status_code == 401

    def test_nobody_revokes_another_persons_token(self, people):
        token, key = create_token(people.office, by=people.office)
        response = client_for(people.admin).delete(f"{API}/tokens/{token.pk}")
        assert response.status_code == 404
        assert bearer(key).get(f"{API}/me").status_code == 200

    def test_revocation_is_in_the_history(self, people):
        client = client_for(people.office)
        created = create(client)
        client.delete(f"{API}/tokens/{created['id']}")
        actions = [
            entry["action"]
            for entry in client_for(people.admin)
            .get(f"{API}/audit?model=core.apitoken")
            .json()["results"]
        ]
        assert actions == ["update", "create"]
