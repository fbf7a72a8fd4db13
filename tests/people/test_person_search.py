"""PersonFilter's search box: a whole ID number, its last 4 characters, a name."""

import pytest

from taizhang.people.filters import PersonFilter
from taizhang.people.models import Person
from tests.factories import make_person


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["whole", "last4", "name", "full-width"])
def test_the_search_finds_a_person_by_id_number_its_last_4_or_name(district, people, kind):
    wanted = make_person(district.xiwangzhuang, "王大山")
    make_person(district.xiwangzhuang, "李小花")
    number = wanted.id_number
    text = {
        "whole": number,
        "last4": number[-4:],
        "name": "大山",
        "full-width": number.translate(str.maketrans("0123456789X", "０１２３４５６７８９ｘ")),
    }[kind]
    found = PersonFilter({"q": text}, queryset=Person.objects.for_user(people.xwz_officer)).qs
    assert list(found) == [wanted]
