"""The organisation pages: list, filter, detail, forms with the credit code check, access."""

from django.urls import reverse

from taizhang.lib.credit_code import make_credit_code
from taizhang.people.models import Organisation
from tests.conftest import client_for
from tests.factories import make_organisation

LIST = reverse("people-organisation-list")


def test_the_list_filters_and_masks_the_phone(district, people, django_assert_max_num_queries):
    for index in range(15):
        make_organisation(district.xiwangzhuang, f"商店{index}", contact_phone="13912345678")
    make_organisation(district.xiwangzhuang, "物业公司", kind="property_manager")
    make_organisation(district.taer, "塔儿村商店")
    client = client_for(people.xwz_officer)
    with django_assert_max_num_queries(10):
        text = client.get(LIST).content.decode()
    assert "商店14" in text and "塔儿村商店" not in text
    leader = client_for(people.leader).get(LIST).content.decode()
    assert "商店14" in leader and "13912345678" not in leader and "139****5678" in leader
    text = client.get(LIST, {"kind": "property_manager"}).content.decode()
    assert "物业公司" in text and "商店1<" not in text


def test_an_officer_registers_an_organisation_with_a_valid_credit_code(district, people):
    code = make_credit_code("91140213MA0XXXXX1")
    client = client_for(people.xwz_officer)
    response = client.post(
        reverse("people-organisation-create"),
        {"unit": district.xiwangzhuang.pk, "name": "新商店", "kind": "shop", "credit_code": code},
    )
    organisation = Organisation.objects.get(name="新商店")
    assert response.status_code == 302 and organisation.credit_code == code
    wrong = code[:-1] + ("0" if code[-1] != "0" else "1")
    response = client.post(
        reverse("people-organisation-create"),
        {"unit": district.xiwangzhuang.pk, "name": "错码", "kind": "shop", "credit_code": wrong},
    )
    assert response.status_code == 200 and not Organisation.objects.filter(name="错码").exists()


def test_an_edit_keeps_the_phone_left_empty_and_refuses_a_stale_version(district, people):
    organisation = make_organisation(district.xiwangzhuang, "老店", contact_phone="13900001111")
    client = client_for(people.xwz_officer)
    edit = reverse("people-organisation-edit", args=[organisation.pk])
    data = {"unit": district.xiwangzhuang.pk, "name": "老店", "kind": "shop", "version": 1}
    assert client.post(edit, {**data, "address": "北街"}).status_code == 302
    assert client.post(edit, {**data, "address": "南街"}).status_code == 200
    organisation.refresh_from_db()
    assert (organisation.address, organisation.contact_phone) == ("北街", "13900001111")


def test_another_villages_organisation_is_not_found(district, people):
    organisation = make_organisation(district.taer, "塔儿村商店")
    client = client_for(people.xwz_officer)
    assert client.get(organisation.get_absolute_url()).status_code == 404
    edit = reverse("people-organisation-edit", args=[organisation.pk])
    assert client.post(edit, {"name": "改名"}).status_code == 404
    assert client_for(people.leader).get(edit).status_code == 403
    assert client_for(people.auditor).get(LIST).status_code == 403
