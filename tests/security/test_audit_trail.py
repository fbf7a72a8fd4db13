"""The audit trail is kept at least 180 days, exported by the audit administrator (page and
command), and purged only of entries older than the retention period."""

import datetime
import io

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.checks import run_checks
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.core.management import CommandError, call_command
from django.core.management.base import SystemCheckError
from django.utils import timezone
from openpyxl import load_workbook

from taizhang.core import services
from taizhang.core.models import AuditAction, AuditEntry, Unit
from taizhang.security import audit_trail
from taizhang.security.checks import refuse_short_retention
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def entry_at(days_ago: int, text: str) -> AuditEntry:
    return AuditEntry.objects.create(
        at=timezone.now() - datetime.timedelta(days=days_ago),
        actor_name="admin",
        content_type=ContentType.objects.get_for_model(Unit),
        object_id="1",
        object_repr=text,
        action=AuditAction.UPDATE,
    )


def sheet_rows(content) -> list[tuple]:
    book = load_workbook(io.BytesIO(content) if isinstance(content, bytes) else content)
    return list(book.active.iter_rows(values_only=True))


def test_the_audit_administrator_exports_the_filtered_log_as_xlsx(district, people):
    services.update_unit(district.taer, by=people.admin, address="塔儿新址")
    services.update_unit(district.xiwangzhuang, by=people.admin, address="西王新址")
    client = client_for(people.auditor)
    page = client.get("/audit/?record=塔儿").content.decode()
    assert "/audit/export.xlsx?record=" in page
    response = client.get("/audit/export.xlsx?record=塔儿")
    assert response.status_code == 200
    rows = sheet_rows(b"".join(response.streaming_content))
    assert rows[0][:3] == ("time", "user", "action")
    assert [row[5] for row in rows[1:]] == ["塔儿村"]
    assert "塔儿新址" in rows[1][8]


def test_the_exported_snapshots_show_personal_data_masked(district, people):
    services.update_unit(district.taer, by=people.admin, contact_phone="13700001111")
    response = client_for(people.auditor).get("/audit/export.xlsx?record=塔儿")
    row = sheet_rows(b"".join(response.streaming_content))[1]
    assert "139****5678" in row[7] and "137****1111" in row[8]
    assert "13912345678" not in row[7] and "13700001111" not in row[8]


@pytest.mark.parametrize("persona", ["admin", "leader", "office", "xwz_officer"])
def test_nobody_else_exports_the_audit_log(people, persona):
    client = client_for(getattr(people, persona))
    assert client.get("/audit/export.xlsx").status_code == 403
    assert "/audit/export.xlsx" not in client.get("/audit/").content.decode()


def test_the_security_administrator_neither_reads_nor_exports_the_trail(people, security_admin):
    client = client_for(security_admin)
    assert client.get("/audit/export.xlsx").status_code == 403
    assert client.get("/api/v1/audit").json()["results"] == []


def test_the_command_exports_the_days_asked_for(db, tmp_path):
    entry_at(10, "ten days ago")
    entry_at(3, "three days ago")
    entry_at(0, "today")
    since = timezone.localdate() - datetime.timedelta(days=5)
    until = timezone.localdate() - datetime.timedelta(days=1)
    target = tmp_path / "audit.xlsx"
    out = io.StringIO()
    call_command(
        "audit", "export", str(target), "--since", str(since), "--until", str(until), stdout=out
    )
    assert "Exported 1 audit entries" in out.getvalue()
    assert [row[5] for row in sheet_rows(target)[1:]] == ["three days ago"]


def test_purging_refuses_entries_younger_than_the_retention_period(db):
    entry_at(200, "old")
    entry_at(100, "young")
    too_recent = timezone.localdate() - datetime.timedelta(days=150)
    with pytest.raises(CommandError, match="younger than 180 days are kept"):
        call_command("audit", "purge", "--before", str(too_recent), stdout=io.StringIO())
    assert AuditEntry.objects.count() == 2


def test_purging_deletes_only_old_entries_and_is_itself_audited(db):
    entry_at(200, "old")
    entry_at(100, "young")
    before = timezone.localdate() - datetime.timedelta(days=180)
    out = io.StringIO()
    call_command("audit", "purge", "--before", str(before), stdout=out)
    assert "Purged 1 audit entries" in out.getvalue()
    remaining = sorted(AuditEntry.objects.values_list("object_repr", flat=True))
    assert remaining[1:] == ["young"] and remaining[0].startswith("Audit entries before")
    purge = AuditEntry.objects.get(action=AuditAction.DELETE)
    assert purge.after == {"deleted": 1} and "180 days" in purge.reason


def test_a_retention_under_180_days_stops_the_server_and_every_command(settings):
    settings.TAIZHANG_AUDIT_RETENTION_DAYS = 90
    with pytest.raises(SystemCheckError, match=r"taizhang\.security\.E001"):
        call_command("check", stdout=io.StringIO())
    with pytest.raises(ImproperlyConfigured, match="at least 180 days"):
        refuse_short_retention()


def deploy_report() -> str:
    """What `taizhang check --deploy` says of Taizhang's security controls."""
    found = run_checks(include_deployment_checks=True, tags=["security"])
    return "\n".join(f"{message.id}: {message.msg}" for message in found)


def test_the_deploy_check_warns_of_every_control_switched_off(settings):
    settings.TAIZHANG_PASSWORD_MAX_AGE_DAYS = 0
    settings.TAIZHANG_OTP_REQUIRED_ROLES = ["district_admin"]
    settings.TAIZHANG_SESSION_IDLE_MINUTES = 0
    settings.TAIZHANG_SESSION_HOURS = 24
    settings.TAIZHANG_LOGIN_FAILURE_LIMIT = 10
    report = deploy_report()
    for number in range(1, 6):
        assert f"taizhang.security.W00{number}" in report
    assert "auditor, security_admin" in report


def test_the_deploy_check_is_quiet_about_the_default_controls(settings):
    settings.TAIZHANG_OTP_REQUIRED_ROLES = ["district_admin", "security_admin", "auditor"]
    assert "taizhang.security" not in deploy_report()


def test_no_person_purges_the_trail_not_even_the_audit_administrator(people):
    entry_at(400, "old")
    with pytest.raises(PermissionDenied):
        audit_trail.purge_before(datetime.date(2000, 1, 1), by=people.auditor)
    assert AuditEntry.objects.count() == 1
