"""What the application, notice and review tests share: a set clock, a 低保 programme of the
district decided by 区民政局, two staff of 西王庄村, and steps that take an application of
王老汉 to a given point of the flow. Imported by the test modules (fixtures by name)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest

from taizhang.core.roles import Role
from taizhang.welfare.models import Application, Programme, ProgrammeKind
from taizhang.welfare.services import applications as services
from tests.factories import day_setter, make_user

DAY = datetime.date(2022, 3, 1)  # a Tuesday


@pytest.fixture
def clock(monkeypatch):
    """Set the application's clock to 10:00 in Shanghai on a given day (DAY first)."""
    return day_setter(monkeypatch, DAY)


@pytest.fixture
def dibao(district, minzhengju) -> Programme:
    """低保 of 平城区: income per head below 700元, decided by 区民政局, reviewed yearly."""
    return Programme.objects.create(
        name="最低生活保障",
        owner=district.pingcheng,
        deciding_unit=minzhengju.unit,
        kind=ProgrammeKind.CASH_MONTHLY,
        starts_on=datetime.date(2020, 1, 1),
        income_standard_yuan=Decimal("700"),
        needs_application=True,
        review_months=12,
    )


@pytest.fixture
def staff(district, people) -> SimpleNamespace:
    """Two clerks of 西王庄村 (the officer and a colleague) and one of 塔儿村."""
    return SimpleNamespace(
        first=people.xwz_officer,
        second=make_user("xwz2", Role.UNIT_OFFICER, unit=district.xiwangzhuang),
        taer=people.taer_officer,
    )


def received(people, programme, applicant, **options) -> Application:
    options.setdefault("monthly_income_yuan", Decimal("1000"))
    return services.receive(
        by=people.xwz_officer, programme=programme, applicant=applicant, **options
    )


def investigated(application, staff, **options) -> Application:
    options.setdefault("verified_income_yuan", Decimal("1000"))
    services.record_investigation(
        application,
        by=staff.first,
        investigated_on=options.pop("investigated_on", DAY),
        first_investigator=staff.first,
        second_investigator=staff.second,
        findings=options.pop("findings", "两间旧房，无车辆，儿子务农"),
        **options,
    )
    return Application.objects.get(pk=application.pk)


def in_notice(application, by, **options) -> Application:
    return services.preliminary_review(
        application, by=by, passed=True, note=options.pop("note", "符合条件"), **options
    )


def submitted(application, people, clock) -> Application:
    clock(application.notice.ends_on + datetime.timedelta(days=1))
    return services.submit_application(application, by=people.xwz_officer)
