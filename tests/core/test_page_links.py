"""Links to pages a user may not open are not shown: on every page of the menu and every record's
page, each link a leader or a unit officer sees opens for them (no 403, no 404), and a leader,
who writes nothing, is offered no form that would change anything.

The pages come from the menu each user is shown and from the records the modules make for the
scoping walker (`tests/walker_records`), so the walk covers every module without naming one."""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.test import Client
from django.urls import reverse

from tests import walker_records
from tests.conftest import client_for

CANARY = "links"


class _Main(HTMLParser):
    """The links and POST forms inside <main>, and the menu's links in the header."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.links: list[str] = []
        self.forms: list[str] = []
        self.menu: list[str] = []
        self.in_header = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "main":
            self.depth += 1
        if tag == "header" and "site" in (values.get("class") or ""):
            self.in_header = True
        if tag == "a" and values.get("href"):
            (self.links if self.depth else self.menu if self.in_header else []).append(
                values["href"] or ""
            )
        if tag == "form" and self.depth and (values.get("method") or "").lower() == "post":
            self.forms.append(values.get("action") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "main":
            self.depth -= 1
        if tag == "header":
            self.in_header = False


def parse(html: str) -> _Main:
    parser = _Main()
    parser.feed(html)
    return parser


def local(page: str, href: str) -> str | None:
    """The path and query a link opens on this site, or None (another site, a fragment)."""
    url = urlsplit(urljoin(page, href))
    if url.scheme not in ("", "http") or url.netloc not in ("", "testserver"):
        return None
    if not url.path or href.startswith("#"):
        return None
    return url.path + (f"?{url.query}" if url.query else "")


def pages_of(client: Client, records: list) -> list[str]:
    """Every menu entry the user is shown and the records they may read; but the workbench
    and the audit log, which link other pages' records and are looked after apart."""
    home = client.get("/")
    assert home.status_code == 200
    pages = [local("/", href) for href in parse(home.text).menu]
    for record in records:
        url = getattr(record, "get_absolute_url", None)
        if url is not None and client.get(url()).status_code == 200:
            pages.append(url())
    apart = {"/", reverse("audit-log")}
    return sorted({page for page in pages if page and page not in apart})


def broken_links(client: Client, pages: list[str]) -> list[tuple[str, str, int]]:
    """(page, link, status) of every link on the pages that does not open for the user."""
    broken = []
    checked: dict[str, int] = {}
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        for href in parse(response.content.decode()).links:
            target = local(page, href)
            if target is None:
                continue
            if target not in checked:
                checked[target] = client.get(target).status_code
            if checked[target] >= 400:
                broken.append((page, target, checked[target]))
    return broken


@pytest.fixture
def records(district, people) -> list:
    return [record for make in walker_records.makers() for record in make(district, people, CANARY)]


OWN_ACCOUNT_PAGES = ("/tokens/", "/account/password/", "/account/second-factor/")


@pytest.mark.django_db
class TestLinksOpenForWhoeverSeesThem:
    def test_a_leader_sees_no_link_they_would_be_refused(self, people, records):
        client = client_for(people.leader)
        assert broken_links(client, pages_of(client, records)) == []

    def test_a_leader_is_offered_no_form_that_changes_a_record(self, people, records):
        client = client_for(people.leader)
        offered = [
            (page, action)
            for page in pages_of(client, records)
            # their own account (password, second factor, API tokens) is theirs to change
            if page not in OWN_ACCOUNT_PAGES
            for action in parse(client.get(page).content.decode()).forms
        ]
        assert offered == []

    @pytest.mark.parametrize("persona", ["taer_officer", "subdistrict_officer", "xwz_officer"])
    def test_a_unit_officer_sees_no_link_they_would_be_refused(self, people, records, persona):
        client = client_for(getattr(people, persona))
        assert broken_links(client, pages_of(client, records)) == []

    def test_an_auditor_sees_no_link_they_would_be_refused(self, people, records):
        client = client_for(people.auditor)
        assert broken_links(client, pages_of(client, records)) == []
