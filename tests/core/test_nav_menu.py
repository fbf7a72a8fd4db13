"""The top menu is made once per process for each distinct menu (core/templatetags/
navigation.py): each user still gets their own entries, the current page lit, in their
language."""

from __future__ import annotations

import re

import pytest

from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def menu(client, url: str = "/") -> str:
    page = client.get(url).content.decode()
    return page[page.index('<ul class="modules">') : page.index('<ul class="search">')]


def current(menu_html: str) -> list[str]:
    return re.findall(r'aria-current="page">([^<]+)<', menu_html)


def test_each_user_gets_the_menu_of_their_roles(people):
    office = menu(client_for(people.office))
    auditor = menu(client_for(people.auditor))
    assert 'href="/audit/"' in auditor
    assert 'href="/projects/"' in office and 'href="/projects/"' not in auditor
    assert menu(client_for(people.office)) == office  # made once, the same


def test_the_current_page_is_lit_on_each_page(people):
    client = client_for(people.office)
    assert current(menu(client, "/")) == ["Workbench"]
    assert current(menu(client, "/units/")) == ["Org units"]


def test_the_menu_follows_the_language(people, settings):
    client = client_for(people.office)
    assert "Workbench" in menu(client)
    settings.LANGUAGE_CODE = "zh-hans"
    chinese = menu(client)
    assert "工作台" in chinese and "Workbench" not in chinese
