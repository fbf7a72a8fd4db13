"""查看完整信息 on the registry: a resident's numbers are masked on their page, and shown in full
only through the recorded reveal, to those who write for their village."""

import pytest

from taizhang.core.models import PersonalDataAccess
from tests.conftest import client_for
from tests.factories import make_person


@pytest.fixture
def resident(district):
    return make_person(district.taer, "孙某", phone="13800001234")


def reveal_url(person):
    return f"/records/people/person/{person.pk}/personal/"


def test_the_person_page_masks_and_offers_the_reveal_to_the_village_officer(people, resident):
    page = client_for(people.taer_officer).get(resident.get_absolute_url()).content.decode()
    assert resident.id_number not in page and "13800001234" not in page
    assert resident.id_number[-4:] in page and "138****1234" in page
    assert reveal_url(resident) in page


def test_the_reveal_shows_the_numbers_and_records_who_whom_and_why(people, resident):
    client = client_for(people.taer_officer)
    response = client.post(reveal_url(resident), {"reason": "电话回访低保申请"})
    page = response.content.decode()
    assert resident.id_number in page and "13800001234" in page
    assert response["Cache-Control"] == "no-store"
    access = PersonalDataAccess.objects.get()
    assert (access.user, access.object_id, access.reason) == (
        people.taer_officer,
        str(resident.pk),
        "电话回访低保申请",
    )
    assert set(access.fields) >= {"id_number", "phone"}


def test_no_reason_no_reveal(people, resident):
    response = client_for(people.taer_officer).post(reveal_url(resident), {"reason": " "})
    assert resident.id_number not in response.content.decode()
    assert not PersonalDataAccess.objects.exists()


def test_a_leader_may_not_reveal_and_another_village_does_not_find_the_person(people, resident):
    assert client_for(people.leader).post(reveal_url(resident), {"reason": "x"}).status_code == 403
    assert (
        client_for(people.xwz_officer).post(reveal_url(resident), {"reason": "x"}).status_code
        == 404
    )
    assert not PersonalDataAccess.objects.exists()
