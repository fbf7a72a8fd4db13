"""History of a record and the audit log: scoped, read-only, free of secrets."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from taizhang.core import services
from taizhang.core.models import AuditEntry
from taizhang.core.tokens import create_token
from tests.conftest import client_for

API = "/api/v1"


@pytest.fixture
def changes(district, people) -> None:
    """One change to 塔儿村 and one to 西王庄村, by the officers who may make them."""
    services.update_unit(district.taer, by=people.taer_officer, contact_phone="13700001111")
    services.update_unit(district.xiwangzhuang, by=people.xwz_officer, remarks="村务公开")


def history(client, path: str) -> dict:
    response = client.get(f"{API}/history/{path}")
    assert response.status_code == 200, response.content
    return response.json()


@pytest.mark.django_db
class TestRecordHistory:
    def test_it_shows_who_changed_what(self, district, people, changes):
        body = history(client_for(people.admin), f"core/unit/{district.taer.pk}")
        assert body["count"] == 1
        entry = body["results"][0]
        assert entry["model"] == "core.unit"
        assert entry["object_id"] == str(district.taer.pk)
        assert entry["actor_name"] == "taer"
        assert entry["changes"] == [
            {
                "field": "contact_phone",
                "label": "Contact phone",
                "before": "139****5678",
                "after": "137****1111",
            }
        ]
        assert entry["before"]["contact_phone"] == "139****5678"

    def test_the_unit_shortcut_gives_the_same_history(self, district, people, changes):
        client = client_for(people.admin)
        shortcut = client.get(f"{API}/units/{district.taer.pk}/history").json()
        assert shortcut == history(client, f"core/unit/{district.taer.pk}")

    def test_the_village_officer_gets_404_for_another_village(self, district, people, changes):
        response = client_for(people.xwz_officer).get(f"{API}/history/core/unit/{district.taer.pk}")
        assert response.status_code == 404

    def test_the_officer_reads_their_own_history(self, district, people, changes):
        body = history(client_for(people.xwz_officer), f"core/unit/{district.xiwangzhuang.pk}")
        assert body["results"][0]["after"]["remarks"] == "村务公开"

    def test_the_auditor_reads_history_of_units_they_cannot_list(self, district, people, changes):
        body = history(client_for(people.auditor), f"core/unit/{district.taer.pk}")
        assert body["count"] == 1

    def test_a_readable_record_without_history_gives_an_empty_page(self, district, people):
        body = history(client_for(people.admin), f"core/unit/{district.guchengcun.pk}")
        assert body == {"count": 0, "page": 1, "page_size": 50, "results": []}

    @pytest.mark.parametrize(
        "path", ["core/nothing/1", "nowhere/unit/1", "core/auditentry/1", "core/user/1"]
    )
    def test_an_unknown_model_is_404(self, district, people, path):
        response = client_for(people.admin).get(f"{API}/history/{path}")
        assert response.status_code == 404
        assert set(response.json()) == {"detail", "errors"}

    def test_its_query_count_does_not_grow_with_the_rows(self, district, people):
        client = client_for(people.leader)
        url = f"{API}/history/core/unit/{district.taer.pk}?page_size=200"
        client.get(url)

        def count_queries(total: int) -> int:
            for i in range(AuditEntry.objects.count(), total):
                services.update_unit(district.taer, by=people.admin, remarks=f"第{i}次")
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).json()["count"] == total
            return len(queries)

        assert count_queries(5) == count_queries(50)

    @pytest.mark.parametrize("persona", ["leader", "taer_officer"])
    def test_phone_numbers_are_masked_for_every_reader(self, district, people, changes, persona):
        client = client_for(getattr(people, persona))
        entry = history(client, f"core/unit/{district.taer.pk}")["results"][0]
        assert entry["changes"] == [
            {
                "field": "contact_phone",
                "label": "Contact phone",
                "before": "139****5678",
                "after": "137****1111",
            }
        ]
        assert entry["before"]["contact_phone"] == "139****5678"


@pytest.mark.django_db
class TestAuditLog:
    def test_the_auditor_reads_all_of_it(self, district, people, changes):
        body = client_for(people.auditor).get(f"{API}/audit").json()
        assert body["count"] == 2
        assert [e["object_repr"] for e in body["results"]] == ["西王庄村", "塔儿村"]

    def test_an_officer_reads_only_their_subtree(self, district, people, changes):
        body = client_for(people.xwz_officer).get(f"{API}/audit").json()
        assert [e["object_repr"] for e in body["results"]] == ["西王庄村"]

    def test_a_user_without_roles_reads_nothing(self, district, people, changes):
        assert client_for(people.nobody).get(f"{API}/audit").json()["count"] == 0

    def test_it_filters_by_model_action_actor_and_time(self, district, people, changes):
        client = client_for(people.auditor)

        def count(query: str) -> int:
            response = client.get(f"{API}/audit?{query}")
            assert response.status_code == 200, response.content
            return response.json()["count"]

        assert count("model=core.unit") == 2
        assert count("model=core.attachment") == 0
        assert count("model=nothing") == 0
        assert count("action=update") == 2
        assert count("action=create") == 0
        assert count("actor=taer") == 1
        assert count("record=塔儿") == 1
        today = timezone.localdate()
        tomorrow = today + datetime.timedelta(days=1)
        assert count(f"since={today}&until={today}") == 2
        assert count(f"since={tomorrow}") == 0
        assert count("until=2020-01-01") == 0

    def test_a_bad_filter_is_422(self, district, people):
        response = client_for(people.auditor).get(f"{API}/audit?action=erase")
        assert response.status_code == 422
        assert response.json()["errors"][0]["field"] == "action"

    def test_token_hashes_never_appear(self, district, people):
        token, _key = create_token(people.admin, by=people.admin)
        body = client_for(people.admin).get(f"{API}/audit?model=core.apitoken").content
        assert token.key_hash.encode() not in body
        assert b"key_hash" not in body

    def test_its_query_count_does_not_grow_with_the_rows(self, district, people):
        client = client_for(people.auditor)
        client.get(f"{API}/audit")

        def count_queries(total: int) -> int:
            for i in range(AuditEntry.objects.count(), total):
                services.update_unit(district.taer, by=people.admin, remarks=f"第{i}次")
            with CaptureQueriesContext(connection) as queries:
                response = client.get(f"{API}/audit?page_size=200")
            assert response.json()["count"] == total
            return len(queries)

        assert count_queries(5) == count_queries(50)

    def test_history_cannot_be_written_or_deleted(self, district, people, changes):
        client = client_for(people.admin)
        entry = AuditEntry.objects.first()
        paths = [f"{API}/audit", f"{API}/history/core/unit/{district.taer.pk}"]
        for path in paths:
            for method in ("post", "put", "patch", "delete"):
                response = getattr(client, method)(path, {}, content_type="application/json")
                assert response.status_code == 405, (method, path)
        assert AuditEntry.objects.count() == 2
        assert AuditEntry.objects.get(pk=entry.pk).after == entry.after
