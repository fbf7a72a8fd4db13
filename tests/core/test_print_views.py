"""Print views (打印): every list page links its print version (?print=1), which renders the same
page for A4 paper without the menu, filters, buttons or pager, with the page title, the filter in
words, the print date and the user's unit, and every row of the current filter (up to a limit,
with a note when cut). It needs no JavaScript: the browser prints it."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.utils import timezone

from taizhang.core import printing
from taizhang.core.filters import UnitFilter
from taizhang.core.models import UnitKind
from tests.conftest import client_for
from tests.factories import make_unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def sixty_villages(district):
    for number in range(60):
        make_unit(f"测试村{number:02d}", UnitKind.VILLAGE, district.baidengshan)


def test_the_unit_list_links_its_print_version_with_the_same_filter(as_admin, district, settings):
    page = as_admin.get("/units/", {"kind": "village", "page": "1"}).content.decode()
    assert 'href="?kind=village&amp;print=1"' in page
    settings.LANGUAGE_CODE = "zh-hans"
    assert ">打印</a>" in as_admin.get("/units/").content.decode()


def rows(response) -> list[str]:
    return [row.record.name for row in response.context["table"].page.object_list]


def test_the_print_version_of_a_list_holds_every_row_and_no_navigation(
    people, district, sixty_villages
):
    client = client_for(people.admin)
    screen = client.get("/units/", {"kind": "village"})
    assert len(rows(screen)) == 50 and 'class="site' in screen.content.decode()
    response = client.get("/units/", {"kind": "village", "print": "1"})
    assert len(rows(response)) == 63
    printed = response.content.decode()
    assert all(f'">测试村{number:02d}</a></td>' in printed for number in range(60))
    assert 'class="print"' in printed
    assert 'class="site' not in printed  # the menu
    assert 'class="pager' not in printed and 'class="pagination' not in printed
    assert 'href="/audit/"' not in printed and 'href="/tokens/"' not in printed
    assert "The first" not in printed  # nothing was cut


def test_the_print_version_names_the_filter_the_date_and_the_users_unit(
    people, district, sixty_villages
):
    printed = client_for(people.admin).get("/units/", {"kind": "village", "q": "测试村0"})
    html = printed.content.decode()
    header = html[html.index('class="print-header') : html.index("<main")]
    assert "Village" in header and "测试村0" in header  # the filter in words
    assert timezone.localdate().isoformat() in header
    assert "平城区" in header  # the user's unit
    assert 'href="?kind=village&amp;q=%E6%B5%8B%E8%AF%95%E6%9D%910"' not in header


def test_a_list_longer_than_the_print_limit_is_cut_with_a_note(
    people, district, sixty_villages, monkeypatch
):
    monkeypatch.setattr(printing, "PRINT_LIMIT", 10)
    printed = client_for(people.admin).get("/units/", {"kind": "village", "print": "1"})
    html = printed.content.decode()
    assert "The first 10 of 63 rows are printed" in html
    assert len(rows(printed)) == 10


def test_the_print_version_leaves_out_forms_and_links_back_to_the_page(as_admin, district):
    printed = as_admin.get(f"/units/{district.taer.pk}/", {"print": "1"}).content.decode()
    assert 'class="print-hint"' in printed
    assert 'href="?"' in printed  # back to the page


def test_paper_is_a4_with_chinese_fonts_and_repeated_table_headers():
    css = Path(finders.find("core/print.css")).read_text(encoding="utf-8")
    assert "@page { size: A4;" in css
    for font in ('"SimSun"', '"Songti SC"', '"Noto Serif CJK SC"', '"Source Han Serif SC"'):
        assert font in css
    for font in ('"SimHei"', '"Noto Sans CJK SC"', "sans-serif"):
        assert font in css
    assert "thead { display: table-header-group; }" in css
    assert "header.site, nav, .filters, .actions, main form, button" in css


def test_every_page_prints_with_the_paper_stylesheet_and_the_print_version_shows_it(as_admin):
    screen = as_admin.get("/units/").content.decode()
    assert 'print.css" media="print"' in screen
    printed = as_admin.get("/units/", {"print": "1"}).content.decode()
    assert 'print.css" media="all"' in printed
    assert settings.STATIC_URL in printed


def test_a_filter_in_words_gives_labels_and_the_chosen_values(district):
    filterset = UnitFilter({"kind": "village", "q": "塔儿"})
    words = printing.filter_in_words(filterset.form)
    assert "Village" in words and "塔儿" in words
    assert printing.filter_in_words(UnitFilter({}).form) == "none: every record"
    assert printing.filter_in_words(UnitFilter({"kind": "castle"}).form) == "none: every record"
