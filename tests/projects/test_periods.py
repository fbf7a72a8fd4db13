import datetime
from decimal import Decimal
from unittest import mock

import pytest

from taizhang.projects.models import MonthlyReport, ReportStatus
from taizhang.projects.periods import default_year
from taizhang.projects.services.plans import plan_row
from tests.projects.factories import make_project

pytestmark = pytest.mark.django_db


def on(day: datetime.date):
    return mock.patch("taizhang.lib.clock.today", return_value=day)


def test_pages_open_on_the_latest_year_with_approved_progress(district):
    project = make_project(district.taer)
    for year in (2021, 2022, 2023):
        plan_row(project, year).save()
    MonthlyReport.objects.create(
        project=project, year=2022, month=3, completed_wan=Decimal(1), status=ReportStatus.APPROVED
    )
    with on(datetime.date(2026, 11, 28)):
        assert default_year() == 2022


def test_without_progress_they_open_on_the_latest_plan_year_up_to_now(district):
    project = make_project(district.taer)
    for year in (2021, 2022, 2030):
        plan_row(project, year).save()
    with on(datetime.date(2026, 11, 28)):
        assert default_year() == 2022
    with on(datetime.date(2031, 1, 5)):
        assert default_year() == 2030


def test_with_nothing_they_open_on_this_year(db):
    with on(datetime.date(2026, 11, 28)):
        assert default_year() == 2026
