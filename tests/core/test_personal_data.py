"""Personal data never shows in full on an ordinary surface, to anyone: every page and API
route (lists, records, history, the audit log, exports, search, print views, stale-edit and
form pages) walked as a leader, who reads everything and writes nothing, as 塔儿村's own
officer and as the district administrator, who both write it, with 塔儿村's records — the
unit's contact phone, a case subject's phone, a resident's ID number, document number and
phone and a shop's phone (core/personal.py). Seeing it in full is the
explicit reveal (test_personal_reveal.py)."""

import pytest
from django.apps import apps

from taizhang.core.personal import PersonalKind, personal_fields
from taizhang.people.models import Person
from tests import walker
from tests.conftest import client_for
from tests.core.test_scoping_walker import (  # noqa: F401 (fixtures; the second is autouse)
    foreign_records,
    ids_as_on_a_new_database,
)
from tests.walker_records.people import DOCUMENT_NUMBER, ID_NUMBER

# 塔儿村's contact phone, the walker case's subject phone, the resident's and the shop's.
PHONE = "13912345678"
MASKED = "139****5678"
MASKED_ID = f"{ID_NUMBER[:4]}{'*' * 10}{ID_NUMBER[-4:]}"
FULL_NUMBERS = [PHONE, ID_NUMBER, DOCUMENT_NUMBER]


def unchanged():
    return None


def every_full_number() -> list[str]:
    """The canary numbers and every ID number, document number and phone stored by any model
    that declares them personal (a welfare enrolment's resident, a hand-out's collector, a
    retiree's social insurance number …)."""
    numbers = set(FULL_NUMBERS)
    for model in apps.get_models():
        stored = {field.name for field in model._meta.concrete_fields}
        fields = [
            name
            for name, kind in personal_fields(model).items()
            if kind in (PersonalKind.ID_NUMBER, PersonalKind.PHONE) and name in stored
        ]
        if fields:
            for row in model._default_manager.values_list(*fields):
                numbers.update(number for number in row if number)
    return sorted(numbers)


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["leader", "taer_officer", "admin"])
def test_no_reader_reads_a_full_number_on_any_page_or_endpoint(
    district,
    people,
    foreign_records,  # noqa: F811
    persona,
):
    client = client_for(getattr(people, persona))
    result = walker.walk(client, foreign_records, every_full_number(), unchanged, methods=("get",))
    assert len(result.urls) > 40
    assert result.leaks == []


@pytest.mark.django_db
def test_the_walk_finds_the_masked_number_where_it_shows(district, people, foreign_records):  # noqa: F811
    """Not blind: the same walk finds the masked numbers on the unit's and the resident's
    pages and endpoints."""
    result = walker.walk(
        client_for(people.taer_officer),
        foreign_records,
        [MASKED, MASKED_ID],
        unchanged,
        methods=("get",),
    )
    shown = {(leak.url, leak.why) for leak in result.leaks}
    urls = {url for url, _ in shown}
    assert f"/units/{district.taer.pk}/" in urls
    assert f"/api/v1/units/{district.taer.pk}" in urls
    resident = Person.objects.get(id_number=ID_NUMBER)
    assert (f"/people/persons/{resident.pk}/", f"shows ['{MASKED}', '{MASKED_ID}']") in shown
    assert any(url == f"/api/v1/people/persons/{resident.pk}" for url in urls)
