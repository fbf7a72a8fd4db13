"""The lean tables (core/tables.PlainCellsTable) show what django-tables2 showed, escape what
people typed and sort in the database."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

from django import forms
from django.template.loader import render_to_string
from django.test import RequestFactory

from taizhang.core.filters import LeanSelect, UnitFilter
from taizhang.core.models import Unit
from taizhang.core.tables import UnitTable
from taizhang.projects.models import Project, Review
from taizhang.projects.tables import ProjectTable, ReviewQueueTable
from taizhang.supervision import flows
from taizhang.supervision.tables import light_badge
from tests.conftest import client_for
from tests.projects.factories import make_project


def body(table, template: str | None = None) -> str:
    """The table's <tbody>, whitespace between and inside cells removed."""
    request = RequestFactory().get("/")
    if template:
        table.template_name = template
    html = table.as_html(request)
    tbody = re.search(r"<tbody[^>]*>(.*)</tbody>", html, re.S)
    assert tbody
    return re.sub(r"\s*(<[^>]+>)\s*", r"\1", tbody.group(1)).strip()


def cells(html: str) -> list[str]:
    return re.findall(r"<td[^>]*>(.*?)</td>", html, re.S)


def project_rows(district):
    make_project(
        district.taer,
        name="<script>alert(1)</script>巷道",
        subdistrict=district.xiaonantou,
        planned_start=datetime.date(2022, 3, 1),
        total_investment_wan=Decimal("1234.50"),
        review=Review.SUBMITTED,
        requested_stage="annual",
        review_note="请<b>审核</b>",
    )
    make_project(district.xiwangzhuang, name="西王庄村路灯")
    return Project.objects.select_related("unit", "subdistrict").order_by("pk")


def test_a_project_table_shows_what_django_tables2_showed(district):
    rows = project_rows(district)
    assert body(ProjectTable(rows)) == body(ProjectTable(rows), "django_tables2/table.html")
    review = rows.filter(review=Review.SUBMITTED)
    old = body(ReviewQueueTable(review), "django_tables2/table.html")
    assert body(ReviewQueueTable(review)) == old


def test_a_unit_table_shows_links_and_booleans_as_before(district):
    units = Unit.objects.order_by("code")
    new = body(UnitTable(units))
    assert new == body(UnitTable(units), "django_tables2/table.html")
    assert '<span class="false">✘</span>' in new
    assert f'<a href="{district.taer.get_absolute_url()}">塔儿村</a>' in new


def test_a_name_with_a_script_tag_is_escaped(district):
    new = body(ProjectTable(project_rows(district)))
    assert "<script>" not in new
    assert "&lt;script&gt;alert(1)&lt;/script&gt;巷道" in new
    assert "请&lt;b&gt;审核&lt;/b&gt;" in body(
        ReviewQueueTable(Project.objects.filter(review=Review.SUBMITTED))
    )


def test_an_empty_table_says_so(db):
    assert "No projects match." in body(ProjectTable(Project.objects.none()))


def test_the_list_page_sorts_in_the_database(district, people):
    make_project(district.taer, name="小项目", total_investment_wan=Decimal("1.00"))
    make_project(district.taer, name="大项目", total_investment_wan=Decimal("9000.00"))
    client = client_for(people.admin)
    page = client.get("/projects/", {"sort": "-total_investment_wan"}).content.decode()
    assert page.index("大项目") < page.index("小项目")
    page = client.get("/projects/", {"sort": "total_investment_wan"}).content.decode()
    assert page.index("小项目") < page.index("大项目")
    assert re.search(r'<th class="asc orderable">', page)


def test_a_filters_select_is_lean_and_shows_the_same_options(district, people):
    choices = [("", "全部"), (1, "<b>村</b>"), (2, "乙")]
    lean = LeanSelect(choices=choices).render("unit", "1", attrs={"id": "id_unit"})
    django = forms.Select(choices=choices).render("unit", "1", attrs={"id": "id_unit"})
    assert re.sub(r"\s+", "", lean) == re.sub(r"\s+", "", django)
    assert '<option value="1" selected>&lt;b&gt;村&lt;/b&gt;</option>' in lean
    request = RequestFactory().get("/")
    request.user = people.admin
    form = UnitFilter({"kind": "village"}, request=request).form
    assert form["kind"].field.widget.template_name == LeanSelect.template_name
    assert '<option value="village" selected>' in str(form["kind"])


def test_a_light_badge_is_what_the_lights_template_shows(db):
    for light in flows.Light:
        label = flows.LIGHT_LABELS[light]
        shown = render_to_string("supervision/_light.html", {"light": light, "label": label})
        assert light_badge(light) == shown.strip()
