"""Global search (全局搜索): one box in every page's header, /search/?q= and GET /api/v1/search,
grouped by module, scoped like every list; bad queries get a clear message and change
nothing."""

from __future__ import annotations

import logging

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from taizhang.core import modules, search
from taizhang.core.models import AuditEntry, Unit
from tests.conftest import client_for
from tests.projects.factories import make_project

pytestmark = pytest.mark.django_db

SQL = "' OR 1=1 --"
HTML = "<script>alert(1)</script>"


def test_the_query_is_trimmed_and_its_spaces_collapsed():
    assert search.clean_query("  塔儿村 \t 巷道\n ") == "塔儿村 巷道"
    assert search.clean_query("塔儿\x00村") == "塔儿村"
    assert search.clean_query("x" * 100) == "x" * 100


@pytest.mark.parametrize("raw", ["", "   ", None, "x" * 101, "x" * 1000])
def test_an_empty_or_long_query_is_refused_on_the_field_q(raw):
    with pytest.raises(ValidationError) as refused:
        search.clean_query(raw)
    assert list(refused.value.message_dict) == ["q"]


def test_every_page_has_the_search_box(people):
    page = client_for(people.taer_officer).get("/units/").content.decode()
    assert 'action="/search/"' in page and 'name="q"' in page


def test_results_are_grouped_by_module_and_link_to_the_records(district, people):
    project = make_project(district.taer, name="塔儿村巷道硬化", address="塔儿村东街")
    page = client_for(people.subdistrict_officer).get("/search/?q=塔儿村").content.decode()
    assert "Org units" in page and "Project bank" in page
    assert f'href="/units/{district.taer.pk}/"' in page
    assert f'href="/projects/{project.pk}/"' in page
    body = client_for(people.subdistrict_officer).get("/api/v1/search?q=东街").json()
    assert body["query"] == "东街"
    [module] = body["modules"]
    assert (module["module"], module["total"]) == ("projects", 1)
    assert module["groups"][0]["hits"][0]["url"] == f"/projects/{project.pk}/"


def test_units_are_found_by_other_names_code_and_address(district, people):
    district.fagaiju.aliases = "平城区发展和改革局"
    district.fagaiju.save(update_fields=["aliases"])
    for query in ("发展和改革", "140213100"):
        groups = search.search_units(people.admin, query, 5)
        assert [hit.title for hit in groups[0].hits] == ["区发改局"]
    assert [h.title for h in search.search_units(people.admin, "村委会", 5)[0].hits] == ["塔儿村"]


def test_another_village_finds_nothing_of_taer(district, people):
    make_project(district.taer, name="塔儿村巷道硬化", content="CANARY")
    client = client_for(people.xwz_officer)
    for query in ("塔儿村巷道硬化", "塔儿村", district.taer.code):
        body = client.get("/api/v1/search", {"q": query}).json()
        assert body["total"] == 0, query
    assert "塔儿村巷道硬化" not in client.get("/search/", {"q": "巷道"}).content.decode()


@pytest.mark.parametrize("query", [SQL, HTML, "x" * 1000, "", "%", "_"])
def test_sql_html_and_overlong_queries_are_plain_text_and_change_nothing(people, query):
    before = (Unit.objects.count(), AuditEntry.objects.count())
    client = client_for(people.admin)
    page = client.get("/search/", {"q": query})
    assert page.status_code == 200
    text = page.content.decode()
    assert HTML not in text
    api = client.get("/api/v1/search", {"q": query})
    if len(query) > search.MAX_LENGTH or not query:
        assert api.status_code == 400
        assert [error["field"] for error in api.json()["errors"]] == ["q"]
        if query:
            assert "at most 100 characters" in text
    else:
        assert api.status_code == 200
        assert api.json()["total"] == 0
    assert (Unit.objects.count(), AuditEntry.objects.count()) == before


def test_html_in_a_query_is_shown_escaped(people):
    text = client_for(people.admin).get("/search/", {"q": HTML}).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text


def test_the_api_needs_a_signed_in_caller(client):
    assert client.get("/api/v1/search?q=村").status_code == 401
    assert client.get("/search/?q=村").status_code == 302


def test_a_failing_provider_leaves_a_notice_and_the_other_groups(people, monkeypatch, caplog):
    def broken(user, query, limit):
        raise RuntimeError("search bug")

    monkeypatch.setitem(modules._modules, "fake", modules.Module("fake", "Fake", search=(broken,)))
    with caplog.at_level(logging.ERROR, logger="taizhang.core.search"):
        response = client_for(people.admin).get("/search/?q=塔儿村")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Fake could not be searched" in page and "塔儿村" in page
    assert "search bug" in caplog.text


def test_the_search_costs_the_same_queries_for_3_matches_as_for_30(district, people):
    client = client_for(people.admin)
    client.get("/search/?q=巷道")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            client.get("/search/?q=巷道")
        return len(captured)

    for number in range(3):
        make_project(district.taer, name=f"巷道硬化{number}")
    few = queries()
    for number in range(3, 30):
        make_project(district.taer, name=f"巷道硬化{number}")
    assert queries() == few
    page = client.get("/search/?q=巷道").content.decode()
    assert "The first 5 of 30" in page
