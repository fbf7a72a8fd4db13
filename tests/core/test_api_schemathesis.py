"""Every operation of the OpenAPI document, fed generated requests (schemathesis, stateless), as
a village officer and as the district's administrator: no server error, and every response
matches the document. Each example runs in a savepoint that is rolled back, so no write of one
example is seen by the next; the examples are derandomized so a run repeats exactly."""

from __future__ import annotations

from decimal import Decimal

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from taizhang.api import api
from taizhang.core.tokens import create_token
from taizhang.lib import clock
from taizhang.projects.models import Stage
from taizhang.projects.services import plans, reports
from tests.factories import make_household, make_organisation, make_person
from tests.projects.factories import make_project

app = WSGIHandler()
schema = schemathesis.openapi.from_dict(api.get_openapi_schema(path_prefix="/api/v1/"))
schema.app = app

CHECKS = [not_a_server_error, response_schema_conformance]
EXAMPLES = settings(
    max_examples=4,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture
def same_connection():
    """Django's WSGI handler closes the database connection after each request, which would
    end the test's transaction; the test client does the same as this."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def ledger(district, people) -> None:
    """A project of the officer's village in last year's plan, with its December report, and
    a resident in a household and a shop of the village, so that lists, details and the audit
    log answer with records to check against the document (generated ids rarely name one, so
    most other operations answer 404 or 422)."""
    year = clock.today().year - 1
    project = make_project(district.xiwangzhuang, name="西王庄村道路硬化", stage=Stage.ANNUAL)
    plans.include_in_plan(project, year=year, by=people.office, planned_investment_wan=Decimal(80))
    reports.file_report(
        project,
        by=people.xwz_officer,
        year=year,
        month=12,
        completed_wan=Decimal(10),
        progress_text="路基",
    )
    head = make_person(district.xiwangzhuang, "王大", phone="13912345678")
    make_household(district.xiwangzhuang, "XWZ-001", head)
    make_organisation(district.xiwangzhuang, "西王庄村小卖部", contact_phone="13700002222")


@pytest.fixture
def officer_key(people, ledger) -> str:
    return create_token(people.xwz_officer, by=people.xwz_officer)[1]


@pytest.fixture
def admin_key(people, ledger) -> str:
    return create_token(people.admin, by=people.admin)[1]


def call_rolled_back(case, key: str) -> None:
    with transaction.atomic():
        response = case.call(headers={"Authorization": f"Bearer {key}"})
        transaction.set_rollback(True)
    case.validate_response(response, checks=CHECKS)


@schema.parametrize()
@EXAMPLES
@pytest.mark.django_db
def test_no_operation_fails_a_village_officer(case, officer_key, same_connection):
    call_rolled_back(case, officer_key)


@schema.parametrize()
@EXAMPLES
@pytest.mark.django_db
def test_no_operation_fails_the_administrator(case, admin_key, same_connection):
    call_rolled_back(case, admin_key)
