import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from taizhang.core.models import AuditEntry, Unit, UnitKind
from tests.conftest import client_for
from tests.factories import make_unit

pytestmark = pytest.mark.django_db


def test_the_ui_is_chinese_by_default_even_for_an_english_browser(as_admin, settings):
    settings.LANGUAGE_CODE = "zh-hans"
    response = as_admin.get("/units/", HTTP_ACCEPT_LANGUAGE="en-US")
    assert response.headers["Content-Language"] == "zh-hans"


def test_the_language_switch_turns_the_ui_english(as_admin, settings):
    settings.LANGUAGE_CODE = "zh-hans"
    as_admin.post("/i18n/setlang/", {"language": "en", "next": "/units/"})
    assert as_admin.get("/units/").headers["Content-Language"] == "en"


def test_the_list_filters_by_search_and_kind(as_admin, district):
    response = as_admin.get("/units/", {"q": "塔儿"})
    assert [row.record for row in response.context["table"].page.object_list] == [district.taer]
    response = as_admin.get("/units/", {"kind": UnitKind.SUBDISTRICT})
    assert {row.record.name for row in response.context["table"].page.object_list} == {
        "小南头街道",
        "白登山街道",
    }


def test_the_list_shows_an_officer_only_their_subtree(people, district):
    response = client_for(people.subdistrict_officer).get("/units/")
    names = {row.record.name for row in response.context["table"].page.object_list}
    assert names == {"小南头街道", "西王庄村", "塔儿村"}


def test_the_list_paginates_in_the_database_with_constant_queries(as_admin, district):
    def count_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert as_admin.get("/units/").status_code == 200
        return len(queries)

    few = count_queries()
    for number in range(60):
        make_unit(f"测试村{number}", parent=Unit.objects.get(pk=district.baidengshan.pk))
    assert count_queries() == few
    assert len(as_admin.get("/units/").context["table"].page.object_list) == 50


def test_the_tree_shows_an_officer_their_own_branch(people, district):
    content = client_for(people.subdistrict_officer).get("/units/tree/").content.decode()
    assert "西王庄村" in content and "白登山街道" not in content


def test_the_admin_creates_a_unit_and_it_is_audited(as_admin, district):
    response = as_admin.post(
        "/units/new/",
        {
            "parent": district.baidengshan.pk,
            "name": "新村",
            "code": "140213002299",
            "kind": UnitKind.VILLAGE,
            "is_active": "on",
        },
    )
    unit = Unit.objects.get(code="140213002299")
    assert response.status_code == 302
    assert Unit.objects.get_parent(unit) == district.baidengshan
    assert AuditEntry.objects.get(object_id=str(unit.pk)).action == "create"


def test_a_duplicate_code_is_refused_with_a_message_and_nothing_changes(as_admin, district):
    before = Unit.objects.count()
    response = as_admin.post(
        "/units/new/",
        {
            "parent": district.baidengshan.pk,
            "name": "重复",
            "code": district.taer.code,
            "kind": UnitKind.VILLAGE,
        },
    )
    assert response.status_code == 200
    assert "code" in response.context["form"].errors or response.context["form"].non_field_errors()
    assert Unit.objects.count() == before


def test_an_officer_edits_contact_fields_of_their_village_but_not_its_name(people, district):
    client = client_for(people.xwz_officer)
    response = client.post(
        f"/units/{district.xiwangzhuang.pk}/edit/",
        {"address": "西王庄村委会", "name": "改名村", "contact_phone": "1"},
    )
    unit = Unit.objects.get(pk=district.xiwangzhuang.pk)
    assert response.status_code == 302
    assert (unit.address, unit.name) == ("西王庄村委会", "西王庄村")
    entry = AuditEntry.objects.get(object_id=str(unit.pk), action="update")
    assert entry.actor == people.xwz_officer
    assert ("address", "", "西王庄村委会") in entry.changes


def test_an_officer_cannot_create_units(people, district):
    assert client_for(people.xwz_officer).get("/units/new/").status_code == 403


def test_a_leader_reads_but_cannot_edit(people, district):
    client = client_for(people.leader)
    assert client.get(f"/units/{district.taer.pk}/").status_code == 200
    assert client.post(f"/units/{district.taer.pk}/edit/", {"address": "x"}).status_code == 403


@pytest.mark.parametrize("persona", ["leader", "admin", "taer_officer"])
def test_phone_numbers_are_masked_for_every_reader_even_those_who_edit(people, district, persona):
    content = client_for(getattr(people, persona)).get(f"/units/{district.taer.pk}/")
    assert "139****5678" in content.content.decode()
    assert "13912345678" not in content.content.decode()


def test_a_unit_cannot_be_moved_under_its_own_branch(as_admin, district):
    response = as_admin.post(
        f"/units/{district.xiaonantou.pk}/edit/",
        {
            "parent": district.taer.pk,
            "name": "小南头街道",
            "code": district.xiaonantou.code,
            "kind": UnitKind.SUBDISTRICT,
        },
    )
    assert response.status_code == 200
    assert Unit.objects.get_parent(Unit.objects.get(pk=district.xiaonantou.pk)) == (
        district.pingcheng
    )


def test_the_list_links_the_export_of_its_filter_and_the_import_for_administrators(
    as_admin, people, district
):
    page = as_admin.get("/units/?kind=village").content.decode()
    assert 'href="/ledgers/units/export.xlsx?kind=village"' in page
    assert 'href="/ledgers/units/import/"' in page
    assert 'href="/ledgers/units/template.xlsx"' in page
    officer = client_for(people.xwz_officer).get("/units/").content.decode()
    assert 'href="/ledgers/units/export.xlsx"' in officer
    assert "/ledgers/units/import/" not in officer and "/units/new/" not in officer
