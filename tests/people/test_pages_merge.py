"""The merge page: district writers only; find, compare masked, give a reason, merge."""

from django.urls import reverse

from taizhang.core import personal
from taizhang.people.models import DocumentType, Person, PersonMerge
from tests.conftest import client_for
from tests.factories import make_person

MERGE = reverse("people-merge")


def _twins(district):
    kept = make_person(district.xiwangzhuang, "王二", phone="13900002222")
    twin = Person.objects.create(
        unit=district.xiwangzhuang,
        name="王二",
        document_type=DocumentType.PASSPORT,
        document_number="E12345678",
    )
    return kept, twin


def test_only_district_writers_open_the_merge_page(district, people):
    for user in (people.xwz_officer, people.leader, people.auditor):
        assert client_for(user).get(MERGE).status_code == 403
    assert client_for(people.admin).get(MERGE).status_code == 200


def test_the_page_finds_both_records_and_compares_them_masked(district, people):
    kept, twin = _twins(district)
    client = client_for(people.admin)
    text = client.get(MERGE, {"q": "王二"}).content.decode()
    assert f'name="kept" value="{kept.pk}"' in text and f'value="{twin.pk}"' in text
    text = client.get(MERGE, {"kept": kept.pk, "removed": twin.pk}).content.decode()
    for record, field in ((kept, "id_number"), (kept, "phone"), (twin, "document_number")):
        assert str(personal.shown(record, field, people.admin)) in text


def test_a_merge_needs_a_reason_then_shows_on_the_person(district, people):
    kept, twin = _twins(district)
    client = client_for(people.admin)
    data = {"kept": kept.pk, "removed": twin.pk, "version": kept.version}
    assert client.post(MERGE, {**data, "reason": ""}).status_code == 200
    assert Person.objects.filter(pk=twin.pk).exists()
    response = client.post(MERGE, {**data, "reason": "同一人，护照与身份证"})
    assert response.status_code == 302 and response["Location"] == kept.get_absolute_url()
    assert not Person.objects.filter(pk=twin.pk).exists()
    assert PersonMerge.objects.get().kept == kept
    text = client.get(kept.get_absolute_url()).content.decode()
    assert "同一人，护照与身份证" in text and "E12345678" not in text  # the snapshot, masked
