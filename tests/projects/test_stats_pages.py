"""The dashboard, its chart feed, the bulletin page and its .docx download."""

from __future__ import annotations

import io
import re
from html import unescape

import docx
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.conftest import client_for
from tests.projects.stats_data import SEED_SENTENCE, rows_behind, seed_plan, small_plan

pytestmark = pytest.mark.django_db

PAGES = ("/projects/dashboard/", "/projects/dashboard/data.json", "/projects/bulletin/")


def figure_links(html: str) -> list[tuple[str, str]]:
    """(href, number) of every link around a number in the page."""
    return [
        (unescape(href), text)
        for href, text in re.findall(r'<a href="([^"]*year=[^"]*)">([\d.]+)(?:个)?</a>', html)
    ]


def query_of(href: str) -> str:
    return href.partition("?")[2]


def test_every_figure_on_the_dashboard_opens_exactly_that_many_projects(district, people):
    small_plan(district)
    response = client_for(people.office).get("/projects/dashboard/?year=2022&month=10")
    assert response.status_code == 200
    html = response.content.decode()
    links = figure_links(html)
    assert len(links) > 10
    for href, number in links:
        if "level=" in href:  # a warning level: the warning list shows as many
            page = client_for(people.office).get(href).context["page"]
            assert page.paginator.count == int(number), href
        elif "." not in number:
            assert rows_behind(people.office, query_of(href)) == int(number), href
    assert any("level=red" in href for href, _number in links)


def test_the_dashboard_shows_the_1bn_list_and_the_map_note(district, people):
    small_plan(district)
    html = client_for(people.office).get("/projects/dashboard/?year=2022").content.decode()
    assert "西王庄产业园" in html
    assert "no map tiles" in html


def test_the_chart_feed_links_every_point(district, people):
    small_plan(district)
    body = client_for(people.office).get("/projects/dashboard/data.json?year=2022&month=10").json()
    assert [group["value"] for group in body["categories"]] == [1, 1, 1]
    assert body["monthly"]["cumulative_wan"][9] == "12100.00"
    assert body["map"][0]["name"] == "西王庄产业园"
    assert body["map"][0]["value"][:2] == [113.3, 40.08]
    for group in body["categories"] + body["natures"]:
        assert (
            group["url"] is None
            or rows_behind(people.office, query_of(group["url"])) == group["value"]
        )


def test_a_village_officer_sees_only_their_village(district, people):
    small_plan(district)
    client = client_for(people.xwz_officer)
    for path in PAGES:
        response = client.get(f"{path}?year=2022")
        assert response.status_code == 200
        assert "塔儿村" not in response.content.decode()
        assert "古城村" not in response.content.decode()


def test_an_anonymous_visitor_is_sent_to_log_in(district):
    for path in (*PAGES, "/projects/bulletin.docx"):
        response = Client().get(path)
        assert response.status_code == 302
        assert "/login/" in response["Location"]


def test_a_filter_of_another_village_is_refused_not_leaked(district, people):
    small_plan(district)
    response = client_for(people.xwz_officer).get(f"/projects/dashboard/?unit={district.taer.pk}")
    assert response.status_code == 200
    assert response.context["stats"] is None
    assert "塔儿村" not in response.content.decode()


def test_the_bulletin_page_reads_like_the_seed_with_linked_figures(district, people):
    seed_plan(district)
    response = client_for(people.leader).get("/projects/bulletin/?year=2022")
    html = response.content.decode()
    article = html.split('<article class="bulletin"')[1]
    assert re.sub(r"<[^>]+>", "", article.split("<p>")[1].split("</p>")[0]) == SEED_SENTENCE
    for href, number in figure_links(html):
        if "." not in number:
            assert rows_behind(people.leader, query_of(href)) == int(number), href


def test_the_bulletin_downloads_as_a_docx_with_absolute_links(district, people):
    seed_plan(district)
    response = client_for(people.leader).get("/projects/bulletin.docx?year=2022")
    assert response.status_code == 200
    assert 'filename="bulletin-2022-12.docx"' in response["Content-Disposition"]
    document = docx.Document(io.BytesIO(response.content))
    assert SEED_SENTENCE in "\n".join(p.text for p in document.paragraphs)


def test_the_dashboard_runs_a_constant_number_of_queries(district, people):
    client = client_for(people.office)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/projects/dashboard/?year=2022").status_code == 200
            assert client.get("/projects/dashboard/data.json?year=2022").status_code == 200
        return len(queries)

    count()
    small_plan(district)
    few = count()
    seed_plan(district)
    assert count() == few


def test_the_map_counts_the_located_projects_and_says_why_it_is_empty_when_none_is(
    district, people
):
    small_plan(district)
    client = client_for(people.office)
    located = client.get("/projects/dashboard/?year=2022").content.decode()
    assert 'data-chart="map"' in located and "data-map-empty" not in located
    assert "1 of the 3 projects has coordinates" in located
    empty = client.get("/projects/dashboard/?year=2022&category=infrastructure").content.decode()
    assert 'data-chart="map"' not in empty
    assert "The map is empty: the 1 project of this selection has no coordinates" in empty
    assert "经度" in empty and "纬度" in empty
