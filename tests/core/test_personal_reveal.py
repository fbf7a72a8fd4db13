"""Seeing personal data in full (查看完整信息): an explicit action with a reason, for those who
may write the record only, each use recorded (core/personal.py) — the page and the API."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied

from taizhang.core import personal
from taizhang.core.models import PersonalDataAccess, Unit
from taizhang.core.roles import Role
from tests.conftest import client_for
from tests.factories import make_person, make_user

pytestmark = pytest.mark.django_db

PHONE = "13912345678"  # 塔儿村's contact phone
API = "/api/v1"


def page_url(unit) -> str:
    return f"/records/core/unit/{unit.pk}/personal/"


def api_url(unit) -> str:
    return f"{API}/personal/core/unit/{unit.pk}/reveal"


def reveal_by_api(client, unit, body):
    return client.post(api_url(unit), body, content_type="application/json")


class TestPage:
    def test_it_asks_the_reason_before_showing_anything(self, district, people):
        response = client_for(people.taer_officer).get(page_url(district.taer))
        assert response.status_code == 200
        assert 'name="reason"' in response.content.decode()
        assert PHONE not in response.content.decode()
        assert response["Cache-Control"] == "no-store"
        assert not PersonalDataAccess.objects.exists()

    def test_with_a_reason_it_shows_the_fields_in_full_and_records_who_whom_what_and_why(
        self, district, people
    ):
        response = client_for(people.taer_officer).post(
            page_url(district.taer), {"reason": "核对联系电话"}, HTTP_X_REQUEST_ID="req-42"
        )
        assert response.status_code == 200
        text = response.content.decode()
        assert PHONE in text and "Contact phone" in text
        assert response["Cache-Control"] == "no-store"
        logged = PersonalDataAccess.objects.get()
        assert (logged.user, logged.user_name, logged.kind) == (people.taer_officer, "taer", "page")
        assert logged.content_type == ContentType.objects.get_for_model(Unit)
        assert (logged.object_id, logged.object_repr) == (str(district.taer.pk), "塔儿村")
        assert logged.fields == ["contact_phone"]
        assert logged.reason == "核对联系电话"
        assert (logged.ip, logged.request_id) == ("127.0.0.1", "req-42")

    @pytest.mark.parametrize("reason", ["", "   "])
    def test_without_a_reason_it_refuses_and_records_nothing(self, district, people, reason):
        response = client_for(people.taer_officer).post(page_url(district.taer), {"reason": reason})
        assert response.status_code == 400
        assert PHONE not in response.content.decode()
        assert not PersonalDataAccess.objects.exists()

    @pytest.mark.parametrize("persona", ["subdistrict_officer", "admin", "office"])
    def test_writers_of_the_unit_or_above_may_reveal(self, district, people, persona):
        client = client_for(getattr(people, persona))
        response = client.post(page_url(district.taer), {"reason": "回访"})
        assert PHONE in response.content.decode()

    @pytest.mark.parametrize("persona", ["leader", "auditor", "nobody"])
    def test_readers_who_write_nothing_are_forbidden(self, district, people, persona):
        client = client_for(getattr(people, persona))
        assert client.get(page_url(district.taer)).status_code == 403
        assert client.post(page_url(district.taer), {"reason": "看看"}).status_code == 403
        assert not PersonalDataAccess.objects.exists()

    def test_the_security_administrator_is_forbidden(self, district, people):
        security = make_user("security", Role.SECURITY_ADMIN, unit=district.pingcheng)
        assert client_for(security).get(page_url(district.taer)).status_code == 403

    def test_a_record_outside_the_users_subtree_is_not_found(self, district, people):
        client = client_for(people.xwz_officer)
        assert client.get(page_url(district.taer)).status_code == 404
        assert client.post(page_url(district.taer), {"reason": "x"}).status_code == 404
        assert not PersonalDataAccess.objects.exists()

    @pytest.mark.parametrize(
        "url", ["/records/core/user/1/personal/", "/records/core/auditentry/1/personal/"]
    )
    def test_models_without_scoped_personal_fields_are_not_found(self, district, people, url):
        assert client_for(people.admin).get(url).status_code == 404

    def test_the_unit_page_links_to_it_for_those_who_may_reveal_only(self, district, people):
        link = page_url(district.taer)
        own = client_for(people.taer_officer).get(f"/units/{district.taer.pk}/")
        assert link in own.content.decode()
        read_only = client_for(people.leader).get(f"/units/{district.taer.pk}/")
        assert link not in read_only.content.decode()


class TestApi:
    def test_it_returns_the_fields_in_full_and_records_the_call(self, district, people):
        response = reveal_by_api(client_for(people.taer_officer), district.taer, {"reason": "回访"})
        assert response.status_code == 200, response.content
        assert response.json() == {"fields": {"contact_phone": PHONE}}
        logged = PersonalDataAccess.objects.get()
        assert (logged.user, logged.kind, logged.reason) == (people.taer_officer, "api", "回访")
        assert logged.object_id == str(district.taer.pk)

    @pytest.mark.parametrize("body", [{}, {"reason": ""}, {"reason": "  "}])
    def test_without_a_reason_it_is_422_and_records_nothing(self, district, people, body):
        response = reveal_by_api(client_for(people.taer_officer), district.taer, body)
        assert response.status_code == 422
        assert PHONE not in response.content.decode()
        assert not PersonalDataAccess.objects.exists()

    @pytest.mark.parametrize("persona", ["leader", "auditor"])
    def test_leaders_and_auditors_are_forbidden(self, district, people, persona):
        client = client_for(getattr(people, persona))
        response = reveal_by_api(client, district.taer, {"reason": "看看"})
        assert response.status_code == 403
        assert not PersonalDataAccess.objects.exists()

    def test_a_record_outside_the_users_subtree_is_not_found(self, district, people):
        response = reveal_by_api(client_for(people.xwz_officer), district.taer, {"reason": "x"})
        assert response.status_code == 404

    def test_an_unknown_model_is_not_found(self, district, people):
        response = client_for(people.admin).post(
            f"{API}/personal/core/nothing/1/reveal",
            {"reason": "x"},
            content_type="application/json",
        )
        assert response.status_code == 404


class TestService:
    def test_it_refuses_whoever_may_not_reveal(self, district, people):
        with pytest.raises(PermissionDenied):
            personal.reveal(district.taer, by=people.leader, reason="x", kind="page")
        assert not PersonalDataAccess.objects.exists()

    def test_the_log_is_append_only(self, district, people):
        personal.reveal(district.taer, by=people.admin, reason="核对", kind="page")
        logged = PersonalDataAccess.objects.get()
        with pytest.raises(PermissionError):
            logged.save()
        with pytest.raises(PermissionError):
            PersonalDataAccess.objects.all().delete()


class TestAnyModelThatDeclaresPersonalFields:
    """A model only declares `personal_fields` (here the people registry's resident) and gets
    the masking, the reveal and its record."""

    def test_a_resident_reads_masked_and_reveals_in_full(self, district, people):
        person = make_person(district.taer, phone="13655556666")
        assert personal.shown(person, "id_number", people.taer_officer) == (
            person.id_number[:4] + "*" * 10 + person.id_number[-4:]
        )
        url = f"{API}/personal/people/person/{person.pk}/reveal"
        body = {"reason": "入户走访"}
        response = client_for(people.taer_officer).post(url, body, content_type="application/json")
        assert response.json()["fields"] == {
            "id_number": person.id_number,
            "document_number": "",
            "phone": "13655556666",
        }
        assert PersonalDataAccess.objects.get().fields == ["id_number", "document_number", "phone"]
        for user, status in ((people.xwz_officer, 404), (people.leader, 403)):
            response = client_for(user).post(url, body, content_type="application/json")
            assert response.status_code == status
