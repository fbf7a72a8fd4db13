"""A case's subject contact (core/personal.py): masked on its page and in the API for
everyone, both sides of the case among them; both sides may reveal it, each time recorded."""

import pytest

from taizhang.core.models import PersonalDataAccess
from taizhang.core.roles import Role
from tests.conftest import client_for
from tests.factories import make_user

pytestmark = pytest.mark.django_db

PHONE = "13800001111"


def reveal_url(case) -> str:
    return f"/records/rectification/case/{case.pk}/personal/"


@pytest.mark.parametrize("side", ["prosecutor", "inspector"])
def test_both_sides_read_the_contact_masked_and_may_reveal_it(open_seed_case, rect, side):
    case = open_seed_case()
    client = client_for(getattr(rect, side))
    page = client.get(f"/rectification/cases/{case.pk}/").content.decode()
    assert PHONE not in page and "138****1111" in page and "王*" in page
    assert reveal_url(case) in page
    api = client.get(f"/api/v1/rectification/cases/{case.pk}").json()
    assert (api["subject_phone"], api["subject_contact"]) == ("138****1111", "王*")
    revealed = client.post(reveal_url(case), {"reason": "联系整改主体"}).content.decode()
    assert PHONE in revealed and "王某" in revealed
    logged = PersonalDataAccess.objects.get()
    assert logged.fields == ["subject_phone", "subject_contact"]
    assert logged.object_repr == str(case)


@pytest.mark.parametrize("reader", ["leader", "township"])
def test_a_reader_of_the_case_who_is_neither_side_may_not_reveal(
    district, people, open_seed_case, rect, reader
):
    """A leader, and the officer of the township the subject lies in."""
    case = open_seed_case()
    township = make_user("bds", Role.UNIT_OFFICER, unit=district.baidengshan)
    client = client_for(township if reader == "township" else people.leader)
    page = client.get(f"/rectification/cases/{case.pk}/")
    assert page.status_code == 200
    assert reveal_url(case) not in page.content.decode()
    assert client.post(reveal_url(case), {"reason": "看看"}).status_code == 403
    assert not PersonalDataAccess.objects.exists()


def test_an_officer_who_cannot_read_the_case_finds_nothing(district, people, open_seed_case):
    case = open_seed_case()
    assert client_for(people.xwz_officer).get(reveal_url(case)).status_code == 404
