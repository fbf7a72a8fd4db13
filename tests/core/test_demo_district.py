"""What `taizhang demo` builds: the seed district, its accounts and every module's demo, the same
however often it runs. Loaded once for the module (tests/conftest.py `demo_district`)."""

import io

import pytest
from django.core.management import call_command

from taizhang.core.models import Unit, User, UserRole
from taizhang.intake.models import IntakeReport

pytestmark = pytest.mark.django_db


def test_the_demo_builds_the_seed_district_and_running_it_twice_changes_nothing(demo_district):
    first = (Unit.objects.count(), User.objects.count())
    call_command("demo", no_serve=True, stdout=io.StringIO())
    assert (Unit.objects.count(), User.objects.count()) == first
    assert "admin" in demo_district and "taizhang-demo-2022" in demo_district
    xnt = Unit.objects.get(name="小南头街道")
    villages = Unit.objects.filter(path__startswith=xnt.path, kind="village")
    assert villages.count() == 7 and villages.filter(is_demo=True).count() == 1
    assert Unit.objects.get(name="市生态环境局").depth == 1
    assert Unit.objects.get(name="文兴社区").kind == "community"
    for username in ("admin", "office", "leader", "auditor", "xiwangzhuang", "taer"):
        assert User.objects.get(username=username).check_password("taizhang-demo-2022")
    # The seed page is taken in once, as the district's report.
    report = IntakeReport.objects.get()
    assert len(report.result["articles"]) == 6
    assert report.unit.name == "平城区"


def test_a_token_from_the_command_line_opens_the_api(demo_district, capsys, client):
    call_command("token", "create", "xiwangzhuang")
    key = capsys.readouterr().out.strip()
    response = client.get("/api/v1/units", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 200


def test_the_printed_account_list_names_every_account_with_its_role_and_unit(demo_district):
    lines = demo_district.splitlines()
    listed = {line.split()[0]: line for line in lines if line.split()}
    for user in User.objects.filter(is_active=True).select_related("unit"):
        assert user.username in listed, user.username
        assert user.unit.name in listed[user.username]
    assert "平城区人民检察院" in listed["jcyfuhe"]  # created by the rectification demo
    assert "Unit officer" in listed["jcyfuhe"] or "单位" in listed["jcyfuhe"]
    assert listed["shengtaihuanjing"].endswith("市生态环境局")


def test_no_demo_account_is_a_superuser_and_the_security_administrator_is_listed(demo_district):
    assert not User.objects.filter(is_superuser=True).exists()
    security = User.objects.get(username="security")
    roles = set(UserRole.objects.filter(user=security).values_list("role", flat=True))
    assert roles == {"security_admin"} and security.is_staff
    assert "security" in demo_district and "Security administrator" in demo_district


def test_every_demo_accounts_workbench_is_served_from_the_cache_when_nothing_changed(
    demo_district,
):
    """Every table a module's workbench part reads has versions (core/aggregates.py), so a
    second visit runs none of the providers' queries, whoever signs in."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.conftest import client_for

    shell = ("django_session", "core_user", "core_userrole", "core_dataversion", "core_notif")
    for user in User.objects.filter(is_active=True).exclude(username="admin"):
        client = client_for(user)
        assert client.get("/").status_code == 200
        with CaptureQueriesContext(connection) as queries:
            client.get("/")
        reads = [
            query["sql"][:120]
            for query in queries.captured_queries
            if query["sql"].startswith("SELECT") and not any(t in query["sql"] for t in shell)
        ]
        assert len(reads) <= 1, (user.username, reads)  # the user's unit, for the header
