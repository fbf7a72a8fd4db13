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
    SHARES,
    foreign_records,
    ids_as_on_a_new_database,
)
from tests.core.test_scoping_walker import secrets as scoping_secrets
from tests.walker_records.people import DOCUMENT_NUMBER, ID_NUMBER

# 塔儿村's contact phone, the walker case's subject phone, the resident's and the shop's.
PHONE = "13912345678"
MASKED = "139****5678"
MASKED_ID = f"{ID_NUMBER[:4]}{'*' * 10}{ID_NUMBER[-4:]}"
FULL_NUMBERS = [PHONE, ID_NUMBER, DOCUMENT_NUMBER]


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
@pytest.mark.parametrize("share", range(SHARES))
@pytest.mark.parametrize("persona", ["leader", "admin"])
def test_no_reader_reads_a_full_number_on_any_page_or_endpoint(
    district,
    people,
    foreign_records,  # noqa: F811
    persona,
    share,
):
    client = client_for(getattr(people, persona))
    routes = walker.shares(SHARES)[share]
    result = walker.walk(
        client, foreign_records, every_full_number(), None, methods=("get",), routes=routes
    )
    assert len(result.urls) > 40
    assert result.leaks == []


@pytest.mark.django_db
@pytest.mark.parametrize("share", range(SHARES))
def test_taers_own_officer_reads_its_records_with_numbers_masked_never_in_full(
    district,
    people,
    foreign_records,  # noqa: F811
    share,
):
    """One walk as 塔儿村's officer, who writes its records: no full number anywhere; and the
    walk is not blind, since the same requests show 塔儿村's records (the canary, the unit's
    name and code) and the masked numbers on the unit's and the resident's pages and
    endpoints."""
    full = every_full_number()
    own = scoping_secrets(district)
    masked = [MASKED, MASKED_ID]
    routes = walker.shares(SHARES)[share]
    result = walker.walk(
        client_for(people.taer_officer),
        foreign_records,
        [*full, *own, *masked],
        None,
        methods=("get",),
        routes=routes,
    )

    def showing(secrets: list[str]) -> set[str]:
        return {leak.url for leak in result.leaks if set(leak.shown) & set(secrets)}

    assert showing(full) == set()
    resident = Person.objects.get(id_number=ID_NUMBER)
    # By route, the URLs that show each group of secrets (one of the group at least); together
    # the shares show them all.
    unit, api_unit = f"/units/{district.taer.pk}/", f"/api/v1/units/{district.taer.pk}"
    expected = {
        "/units/<int:pk>/": ({unit}, [own, [MASKED]]),
        "/api/v1/units/<unit_id>": ({api_unit}, [own, [MASKED]]),
        "/": ({"/"}, [own]),
        "/api/v1/todo": ({"/api/v1/todo"}, [own]),
        "/search/": ({"/search/?q=7f3a"}, [own]),
        "/api/v1/search": ({"/api/v1/search?q=巷道硬化"}, [own]),
        "/people/persons/<int:pk>/": ({f"/people/persons/{resident.pk}/"}, [[MASKED], [MASKED_ID]]),
        "/api/v1/people/persons/<person_id>": ({f"/api/v1/people/persons/{resident.pk}"}, [masked]),
    }
    assert set(expected) <= set(walker.url_patterns())
    for route, (urls, groups) in expected.items():
        if route in routes:
            for group in groups:
                assert urls <= showing(group), (route, group)
