"""The rectification ledger (整改台账): one row per finding out, reconciliation and closing
(对账销号) in, all or nothing; and the dashboard's counts equal the export's rows."""

from __future__ import annotations

import io
from collections import Counter
from pathlib import Path

import pytest

from taizhang.core import audit, imports
from taizhang.core.ledgers import get_ledger
from taizhang.core.models import AuditEntry, ImportStatus, UnitKind
from taizhang.rectification.models import Finding
from taizhang.rectification.services import cases, findings
from tests.conftest import client_for
from tests.excel_files import read_rows, write_rows
from tests.factories import make_unit
from tests.rectification.conftest import walk_to

pytestmark = pytest.mark.django_db
STATUS, CASE, SEQUENCE = "整改状态", "案件编号", "问题序号"


def run(path: Path, user):
    with path.open("rb") as upload:
        job = imports.create_job(
            ledger=get_ledger("rectification"),
            by=user,
            upload=upload,
            file_name=path.name,
            dry_run=False,
        )
    return imports.run_job(job)


def export(user, query: str = "") -> list[tuple]:
    response = client_for(user).get(f"/ledgers/rectification/export.xlsx?{query}")
    assert response.status_code == 200
    return read_rows(io.BytesIO(b"".join(response.streaming_content)))


def state():
    return [audit.snapshot(f) for f in Finding.objects.order_by("pk")], AuditEntry.objects.count()


@pytest.fixture
def mixed(open_seed_case, rect, clock):
    """Three cases: one closed, one rectifying with a finding reported, one only filed, the
    last addressed to another agency."""
    closed = walk_to(open_seed_case(), rect, clock, "rectifying")
    for finding in closed.findings.all():
        findings.report_rectified(finding, by=rect.inspector, note="已整改")
        findings.verify_finding(finding, by=rect.verifier)
    cases.take_step(closed, by=rect.inspector, action="submit")
    cases.take_step(closed, by=rect.verifier, action="close")
    rectifying = walk_to(open_seed_case(subject_name="城北洗车场"), rect, clock, "rectifying")
    findings.report_rectified(rectifying.findings.get(sequence=1), by=rect.inspector, note="已改")
    other = make_unit("市应急管理局", UnitKind.AGENCY, code="990200902")
    rect.campaign.participants.add(other)
    filed = open_seed_case(subject_name="南郊加工点", agency=other)
    return closed, rectifying, filed


def test_the_export_has_one_row_per_finding_with_its_case_and_status(rect, mixed):
    rows = export(rect.prosecutor)
    headers, body = rows[0], rows[1:]
    assert len(body) == 9
    col = {name: headers.index(name) for name in (CASE, SEQUENCE, STATUS, "责任单位", "法律依据")}
    closed = mixed[0]
    first = next(r for r in body if r[col[CASE]] == closed.number and r[col[SEQUENCE]] == 1)
    assert first[col[STATUS]] == "已验收销号"
    assert first[col["责任单位"]] == "市生态环境局"
    assert first[col["法律依据"]] == "《中华人民共和国固体废物污染环境防治法》第八十一条"


@pytest.mark.parametrize(
    "query", ["", "campaign={campaign}", "agency={agency}", "state=rectifying"]
)
def test_the_dashboard_counts_match_the_ledger_export(rect, mixed, query):
    query = query.format(campaign=rect.campaign.pk, agency=rect.bureau.pk)
    rows = export(rect.prosecutor, query)
    headers, body = rows[0], rows[1:]
    status = Counter(r[headers.index(STATUS)] for r in body)
    figures = client_for(rect.prosecutor).get(f"/api/v1/rectification/dashboard?{query}").json()
    totals = figures["totals"]
    assert totals["findings"] == len(body)
    assert totals["cases"] == len({r[headers.index(CASE)] for r in body})
    assert totals["verified"] == status["已验收销号"]
    assert totals["rectified"] == status["已验收销号"] + status["已整改待验收"]
    assert sum(g["findings"] for g in figures["by_agency"]) == len(body)


def test_the_dashboard_counts_returns_extensions_overdue_and_on_time_closure(
    open_seed_case, rect, clock, mixed
):
    import datetime

    figures = client_for(rect.prosecutor).get("/api/v1/rectification/dashboard").json()
    assert figures["totals"]["closed"] == 1
    assert figures["totals"]["median_days_to_close"] == 0
    assert [r["name"] for r in figures["agency_ranking"]] == ["市生态环境局"]
    assert figures["agency_ranking"][0]["on_time_share"] == 1.0
    returned = walk_to(open_seed_case(), rect, clock, "issued")
    cases.take_step(returned, by=rect.inspector, action="return", note="非本单位职责")
    extended = walk_to(open_seed_case(), rect, clock, "accepted")
    request = cases.request_extension(
        extended, by=rect.inspector, until=datetime.date(2022, 6, 1), reason="需补充材料"
    )
    cases.decide_extension(request, by=rect.prosecutor, approve=True)
    clock(datetime.date(2022, 5, 15))  # the rectifying case's order (04-30) is now overdue
    totals = client_for(rect.prosecutor).get("/api/v1/rectification/dashboard").json()["totals"]
    assert (totals["returned"], totals["extended"], totals["overdue"]) == (1, 1, 1)


def test_a_campaign_office_reconciles_and_closes_findings_from_the_sheet(rect, mixed, tmp_path):
    rectifying = mixed[1]
    rows = [list(r) for r in export(rect.verifier, f"campaign={rect.campaign.pk}")]
    headers = rows[0]
    for row in rows[1:]:
        if row[headers.index(CASE)] == rectifying.number and row[headers.index(SEQUENCE)] == 1:
            row[headers.index(STATUS)] = "已验收销号"
            row[headers.index("验收意见")] = "对账无误，销号"
    job = run(write_rows(tmp_path / "reconcile.xlsx", rows), rect.verifier)
    assert job.status == ImportStatus.SUCCEEDED, job.errors
    assert job.updated_count == 1
    finding = rectifying.findings.get(sequence=1)
    assert (finding.status, finding.verified_by) == ("verified", rect.verifier)
    assert finding.verification_note == "对账无误，销号"


def test_a_bad_row_refuses_the_whole_sheet_with_its_row_and_column(rect, mixed, tmp_path):
    rectifying = mixed[1]
    headers = list(export(rect.verifier)[0])

    def row(case, sequence, status, note=""):
        values = [None] * len(headers)
        values[headers.index(CASE)] = case
        values[headers.index(SEQUENCE)] = sequence
        values[headers.index(STATUS)] = status
        values[headers.index("整改情况")] = note
        return values

    before = state()
    sheet = write_rows(
        tmp_path / "bad.xlsx",
        [
            headers,
            row(rectifying.number, 1, "已验收销号"),  # fine on its own
            row(rectifying.number, 9, "已验收销号"),  # no such finding
            row(rectifying.number, 2, "已验收销号"),  # not reported rectified yet
            row(mixed[0].number, 1, "待整改"),  # closed finding
            row(rectifying.number, 3, "已整改待验收"),  # the verifier is not the agency
        ],
    )
    job = run(sheet, rect.verifier)
    assert job.status == ImportStatus.FAILED
    errors = {(e["row"], e["column"]) for e in job.errors}
    assert errors == {(3, SEQUENCE), (4, STATUS), (5, STATUS), (6, STATUS)}
    assert state() == before


def test_the_reporter_cannot_close_their_own_finding_by_import(rect, mixed, tmp_path):
    rectifying = mixed[1]
    rows = [list(r) for r in export(rect.inspector)]
    headers = rows[0]
    for row in rows[1:]:
        if row[headers.index(CASE)] == rectifying.number and row[headers.index(SEQUENCE)] == 1:
            row[headers.index(STATUS)] = "已验收销号"
    before = state()
    job = run(write_rows(tmp_path / "self.xlsx", rows), rect.inspector)
    assert job.status == ImportStatus.FAILED
    assert any("may not also verify" in e["message"] for e in job.errors)
    assert state() == before


def test_export_then_import_changes_nothing(rect, mixed, tmp_path):
    rows = export(rect.prosecutor)
    before = state()
    job = run(write_rows(tmp_path / "same.xlsx", rows), rect.prosecutor)
    assert job.status == ImportStatus.SUCCEEDED, job.errors
    assert job.updated_count == 0
    assert state() == before


def test_the_bureau_exports_only_the_findings_of_its_cases(rect, mixed):
    body = export(rect.inspector)[1:]
    assert len(body) == 6
