"""/api/v1/people/organisations: scoped list and detail with masked contact phones,
registering with a valid credit code (duplicates refused by field), changing with the
version read."""

import pytest

from taizhang.lib.credit_code import make_credit_code
from taizhang.lib.masking import mask_phone
from taizhang.people.models import Organisation
from tests.conftest import client_for
from tests.factories import make_organisation
from tests.people.conftest import API

pytestmark = pytest.mark.django_db
CODE = make_credit_code("92140213MA0L12345")


def post(client, path, **data):
    return client.post(f"{API}{path}", data, content_type="application/json")


def patch(client, path, **data):
    return client.patch(f"{API}{path}", data, content_type="application/json")


def test_an_officer_lists_the_organisations_of_their_village(people, residents):
    body = client_for(people.xwz_officer).get(f"{API}/organisations").json()
    assert [row["name"] for row in body["results"]] == ["西王庄村小卖部"]


def test_the_list_and_detail_mask_contact_phones(people, residents):
    client = client_for(people.leader)
    body = client.get(f"{API}/organisations").json()
    assert "13700002222" not in str(body) and "13600003333" not in str(body)
    assert mask_phone("13700002222") in {row["contact_phone"] for row in body["results"]}
    detail = client.get(f"{API}/organisations/{residents.shop.pk}").json()
    assert detail["contact_phone"] == mask_phone("13700002222")


def test_the_list_costs_the_same_queries_for_2_or_12_organisations(
    district, people, residents, django_assert_max_num_queries
):
    client = client_for(people.leader)
    client.get(f"{API}/organisations")
    with django_assert_max_num_queries(8) as few:
        client.get(f"{API}/organisations")
    for index in range(10):
        make_organisation(district.taer, f"商店{index}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(f"{API}/organisations").json()["count"] == 12


def test_another_villages_officer_gets_404_for_the_detail(people, residents):
    response = client_for(people.taer_officer).get(f"{API}/organisations/{residents.shop.pk}")
    assert response.status_code == 404


def test_an_officer_registers_a_shop_with_a_credit_code(district, people):
    response = post(
        client_for(people.xwz_officer),
        "/organisations",
        name="西王庄村便民超市",
        kind="shop",
        unit_id=district.xiwangzhuang.pk,
        credit_code=CODE.lower(),
    )
    assert response.status_code == 201, response.json()
    assert response.json()["credit_code"] == CODE


def test_a_duplicate_credit_code_is_refused_naming_the_field(district, people, residents):
    make_organisation(district.taer, "塔儿村超市", credit_code=CODE)
    response = post(
        client_for(people.xwz_officer),
        "/organisations",
        name="西王庄村便民超市",
        kind="shop",
        unit_id=district.xiwangzhuang.pk,
        credit_code=CODE,
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "credit_code"
    assert Organisation.objects.filter(credit_code=CODE).count() == 1


def test_a_leader_cannot_register_or_change(district, people, residents):
    client = client_for(people.leader)
    response = post(
        client, "/organisations", name="X", kind="shop", unit_id=district.xiwangzhuang.pk
    )
    assert response.status_code == 403
    assert patch(client, f"/organisations/{residents.shop.pk}", notes="x").status_code == 403


def test_another_villages_officer_cannot_register_one_here(district, people):
    response = post(
        client_for(people.taer_officer),
        "/organisations",
        name="X",
        kind="shop",
        unit_id=district.xiwangzhuang.pk,
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "unit_id"
    assert not Organisation.objects.filter(name="X").exists()


def test_another_villages_officer_gets_404_changing(people, residents):
    response = patch(
        client_for(people.taer_officer), f"/organisations/{residents.shop.pk}", notes="x"
    )
    assert response.status_code == 404


def test_an_older_version_is_a_409(people, residents):
    client = client_for(people.xwz_officer)
    path = f"/organisations/{residents.shop.pk}"
    assert patch(client, path, address="村东", version=1).status_code == 200
    response = patch(client, path, address="村西", version=1)
    assert response.status_code == 409
    residents.shop.refresh_from_db()
    assert residents.shop.address == "村东"
