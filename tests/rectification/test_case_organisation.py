"""A case's subject points to the registry's organisation (单位主体): registering an
organisation of the same name in the case's village or subdistrict links the case (audited),
the case page and the API show it, and the migration links existing cases."""

import importlib

import pytest
from django.apps import apps

from taizhang.core.models import AuditEntry
from taizhang.lib.credit_code import make_credit_code
from taizhang.people.services.organisations import create_organisation
from taizhang.rectification.models import Case
from tests.conftest import client_for
from tests.factories import make_organisation

pytestmark = pytest.mark.django_db
CODE = make_credit_code("92140213MA0D00001")
SHOP = "古城村北汽车修理厂"


def register(unit, by, name=SHOP, **fields):
    return create_organisation(by=by, unit=unit, name=name, kind="shop", **fields)


def test_registering_the_subject_in_the_cases_village_links_the_case(
    district, people, open_seed_case
):
    case = open_seed_case()
    shop = register(district.guchengcun, people.admin, credit_code=CODE)
    case.refresh_from_db()
    assert case.organisation == shop and case.subject_name == SHOP
    entries = AuditEntry.objects.filter(content_type__model="case", object_id=str(case.pk))
    linked = entries.filter(action="update").latest("pk")
    assert linked.after["organisation"] == shop.pk and linked.before["organisation"] is None


def test_an_organisation_of_the_cases_subdistrict_links_it_too(district, people, open_seed_case):
    case = open_seed_case()
    shop = register(district.baidengshan, people.admin)
    case.refresh_from_db()
    assert case.organisation == shop


def test_the_same_name_elsewhere_or_another_name_links_nothing(district, people, open_seed_case):
    case = open_seed_case()
    register(district.taer, people.admin)
    register(district.guchengcun, people.admin, name="古城村南汽车修理厂")
    case.refresh_from_db()
    assert case.organisation is None


def test_a_case_linked_already_keeps_its_organisation(district, people, open_seed_case):
    case = open_seed_case()
    first = register(district.guchengcun, people.admin)
    register(district.baidengshan, people.admin)
    case.refresh_from_db()
    assert case.organisation == first


def test_the_api_and_the_case_page_show_the_organisation(district, people, open_seed_case, rect):
    case = open_seed_case()
    shop = register(district.guchengcun, people.admin, credit_code=CODE)
    client = client_for(rect.prosecutor)
    body = client.get(f"/api/v1/rectification/cases/{case.pk}").json()
    assert body["organisation"] == {"id": shop.pk, "name": SHOP, "credit_code": CODE}
    listed = client.get("/api/v1/rectification/cases").json()["results"]
    assert listed[0]["organisation"]["id"] == shop.pk
    page = client.get(case.get_absolute_url()).content.decode()
    assert CODE in page


def test_an_unlinked_case_shows_no_organisation(open_seed_case, rect):
    case = open_seed_case()
    body = client_for(rect.prosecutor).get(f"/api/v1/rectification/cases/{case.pk}").json()
    assert body["organisation"] is None


def test_the_migration_links_existing_cases_where_one_organisation_matches(
    district, open_seed_case
):
    case = open_seed_case()
    other = open_seed_case(subject_name="塔儿村废品收购点", village=district.taer)
    shop = make_organisation(district.guchengcun, SHOP)  # no service: as before the link
    make_organisation(district.taer, "塔儿村废品收购点")
    make_organisation(district.xiaonantou, "塔儿村废品收购点")  # two match: left alone
    migration = importlib.import_module("taizhang.rectification.migrations.0004_case_organisation")
    migration.link_existing_cases(apps, None)
    assert Case.objects.get(pk=case.pk).organisation == shop
    assert Case.objects.get(pk=other.pk).organisation is None
