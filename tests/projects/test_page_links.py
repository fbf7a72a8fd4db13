"""Each project-bank list shows its Excel ledger's links: the export of the list as filtered to
whoever reads it, the import and its template to whoever may import; and the list shows no link
its reader would be refused (the approval queue, filing a report for another unit)."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal
from html.parser import HTMLParser
from unittest import mock

import pytest
from django.urls import reverse

from taizhang.projects.models import MonthlyReport, ReportStatus, Stage
from taizhang.projects.services import plans
from tests.conftest import client_for
from tests.excel_files import read_rows
from tests.projects.factories import make_project


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ledger: dict[str, str] = {}
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "a" and values.get("href"):
            self.hrefs.append(values["href"] or "")
            if values.get("data-ledger"):
                self.ledger[values["data-ledger"] or ""] = values["href"] or ""


def links(client, url: str, **params) -> _Links:
    response = client.get(url, params)
    assert response.status_code == 200
    parser = _Links()
    parser.feed(response.content.decode())
    return parser


def export_rows(client, href: str) -> list[tuple]:
    response = client.get(href)
    assert response.status_code == 200
    return read_rows(io.BytesIO(b"".join(response.streaming_content)))


@pytest.fixture
def planned(district, people):
    """A 2022 plan of two projects, 塔儿村's with an approved and a submitted report."""
    taer = make_project(district.taer, name="塔儿村巷道硬化", stage=Stage.ANNUAL)
    xwz = make_project(district.xiwangzhuang, name="西王庄村广场", stage=Stage.ANNUAL)
    for project in (taer, xwz):
        plans.include_in_plan(project, year=2022, by=people.office, planned_investment_wan=50)
    for month, status in ((3, ReportStatus.APPROVED), (4, ReportStatus.SUBMITTED)):
        MonthlyReport.objects.create(
            project=taer, year=2022, month=month, completed_wan=Decimal("5"), status=status
        )
    return {"taer": taer, "xwz": xwz}


@pytest.mark.django_db
class TestProjectList:
    def test_the_programme_office_sees_export_import_and_template(self, people, planned):
        found = links(client_for(people.office), reverse("project-list"), stage="annual")
        assert found.ledger["export"] == reverse("ledger-export", args=["projects"]) + (
            "?stage=annual"
        )
        assert found.ledger["import"] == reverse("ledger-import", args=["projects"])
        assert found.ledger["template"] == reverse("ledger-template", args=["projects"])

    def test_a_unit_officer_may_import_their_projects(self, people, planned):
        assert "import" in links(client_for(people.taer_officer), reverse("project-list")).ledger

    def test_a_leader_exports_but_is_not_offered_the_import(self, people, planned):
        found = links(client_for(people.leader), reverse("project-list"))
        assert set(found.ledger) == {"export"}
        assert reverse("project-create") not in found.hrefs


@pytest.mark.django_db
class TestMonthlyReports:
    def test_the_export_link_carries_the_lists_filter_and_exports_those_rows(self, people, planned):
        client = client_for(people.office)
        found = links(client, reverse("report-list"), status="approved")
        assert found.ledger["export"].endswith("?status=approved")
        rows = export_rows(client, found.ledger["export"])
        assert [(row[1], row[4]) for row in rows[1:]] == [("塔儿村巷道硬化", 3)]
        assert "import" in found.ledger

    def test_the_approval_queue_is_linked_only_for_those_who_approve(self, people, planned):
        queue = reverse("report-queue")
        assert queue in links(client_for(people.office), reverse("report-list")).hrefs
        for persona in (people.leader, people.taer_officer):
            found = links(client_for(persona), reverse("report-list"))
            assert queue not in found.hrefs
            assert "import" not in found.ledger or persona == people.taer_officer

    def test_the_queue_exports_the_submitted_reports(self, people, planned):
        found = links(client_for(people.office), reverse("report-queue"))
        assert found.ledger["export"].endswith("?status=submitted")
        rows = export_rows(client_for(people.office), found.ledger["export"])
        assert [row[4] for row in rows[1:]] == [4]


@pytest.mark.django_db
class TestYearPlans:
    def test_year_plans_export_the_shown_year_and_offer_no_import(self, people, planned):
        found = links(client_for(people.office), reverse("yearplan-list"), year=2022)
        assert set(found.ledger) == {"export"}
        assert "year=2022" in found.ledger["export"]


@pytest.mark.django_db
class TestMissingReports:
    @pytest.fixture(autouse=True)
    def may_2022(self):
        with mock.patch("taizhang.lib.clock.today", new=lambda: datetime.date(2022, 5, 3)):
            yield

    def test_filing_a_missing_report_is_offered_only_for_projects_the_user_writes_for(
        self, people, planned
    ):
        file_url = reverse("report-file")
        url = reverse("report-missing")
        period = {"year": 2022, "month": 4}

        def offered(persona) -> list[str]:
            return [h for h in links(client_for(persona), url, **period).hrefs if file_url in h]

        assert len(offered(people.office)) == 1  # 西王庄村's; 塔儿村 submitted April's
        assert offered(people.leader) == []
        assert offered(people.taer_officer) == []
        assert offered(people.xwz_officer) == [
            f"{file_url}?project={planned['xwz'].pk}&year=2022&month=4"
        ]
        assert offered(people.subdistrict_officer) == offered(people.xwz_officer)
