from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from taizhang.core.models import AuditEntry
from taizhang.intake import queries, services
from taizhang.intake.models import IntakeReport, SourceLink
from taizhang.projects.models import Project, PublishedProjectStats
from tests.intake.helpers import STATS_TEXT, WORKS_TEXT, take_in

pytestmark = pytest.mark.django_db


def draft(report, kind):
    return next(p for p, _link in queries.drafts_of(report) if p.kind == kind)


def form_data(proposal):
    data = dict(proposal.data)
    return {
        k: (v if not isinstance(v, int) or isinstance(v, bool) else str(v)) for k, v in data.items()
    }


def test_taking_a_report_in_keeps_its_text_and_writes_no_ledger_record(people):
    projects = Project.objects.count()
    report = take_in(people.admin, STATS_TEXT)
    assert report.text == STATS_TEXT
    assert report.title == "平城区“一体化”强化项目建设"
    assert report.unit == people.admin.unit
    assert Project.objects.count() == projects
    assert not PublishedProjectStats.objects.exists()
    assert AuditEntry.objects.filter(object_id=str(report.pk), action="create").exists()


@pytest.mark.parametrize("persona", ["leader", "auditor", "nobody"])
def test_read_only_roles_may_not_take_reports_in(people, persona):
    with pytest.raises(PermissionDenied):
        take_in(getattr(people, persona), STATS_TEXT)
    assert not IntakeReport.objects.exists()


def test_the_statistics_draft_reads_the_bulletin_figures(people):
    proposal = draft(take_in(people.admin, STATS_TEXT), "project_stats")
    assert proposal.data == {
        "year": 2022,
        "count": 223,
        "total_investment_wan": "8096800.00",
        "new_count": 85,
        "continued_count": 138,
        "industry_count": 40,
        "infrastructure_count": 43,
        "livelihood_count": 140,
        "over_1bn_count": 19,
    }
    assert "223个" in proposal.sentence and "19个" in proposal.sentence


def test_confirming_the_statistics_draft_stores_the_snapshot_with_its_source(people):
    report = take_in(people.admin, STATS_TEXT)
    proposal = draft(report, "project_stats")
    link = services.confirm_draft(
        report, kind="project_stats", key=proposal.key, raw=form_data(proposal), by=people.admin
    )
    stats = PublishedProjectStats.objects.get()
    assert (stats.year, stats.count, stats.total_investment_wan, stats.over_1bn_count) == (
        2022,
        223,
        Decimal("8096800.00"),
        19,
    )
    assert link.record == stats
    assert report.text[link.span_start : link.span_end] == proposal.sentence
    assert stats.source_report == report
    assert "809.68亿元" in report.text[stats.source_start : stats.source_end]
    assert AuditEntry.objects.filter(object_id=str(stats.pk), action="create").exists()
    assert AuditEntry.objects.filter(object_id=str(link.pk), action="create").exists()


def test_the_statistics_draft_compares_with_the_ledger(people):
    proposal = draft(take_in(people.admin, STATS_TEXT), "project_stats")
    kind = services.get_kind("project_stats")
    rows = {str(row["label"]): row for row in kind.compare(proposal, people.admin)}
    assert rows["projects"]["ledger"] == 0  # the test ledger is empty
    assert rows["projects"]["difference"] == 223


def test_a_unit_officer_may_not_confirm_district_statistics(people):
    report = take_in(people.subdistrict_officer, STATS_TEXT)
    proposal = draft(report, "project_stats")
    with pytest.raises(PermissionDenied):
        services.confirm_draft(
            report,
            kind="project_stats",
            key=proposal.key,
            raw=form_data(proposal),
            by=people.subdistrict_officer,
        )
    assert not PublishedProjectStats.objects.exists()
    assert not SourceLink.objects.exists()


def test_the_village_works_draft_files_a_project_through_the_project_bank(people, district):
    report = take_in(people.taer_officer, WORKS_TEXT)
    proposal = draft(report, "village_works")
    assert proposal.data["unit"] == district.taer.pk
    assert [q["item"] for q in proposal.data["quantities"]] == ["硬化巷道", "新建花池", "安装路灯"]
    raw = {**proposal.data, "unit": str(district.taer.pk)}
    link = services.confirm_draft(
        report, kind="village_works", key=proposal.key, raw=raw, by=people.taer_officer
    )
    project = Project.objects.get()
    assert link.record == project
    assert (project.unit, project.stage, project.total_investment_wan) == (
        district.taer,
        "reserve",
        Decimal("30.00"),
    )
    assert {
        (q.item, q.value, q.unit_of_measure, q.qualifier) for q in project.quantities.all()
    } == {
        ("安装路灯", Decimal("20.00"), "盏", ""),
        ("硬化巷道", Decimal("1000.00"), "平方米", "多"),
        ("新建花池", Decimal("40.00"), "个", "多"),
    }
    assert AuditEntry.objects.filter(object_id=str(project.pk), action="create").exists()


def test_an_officer_may_not_file_works_for_another_village(people, district):
    report = take_in(people.xwz_officer, WORKS_TEXT)
    proposal = draft(report, "village_works")
    raw = {**proposal.data, "unit": str(district.taer.pk)}
    with pytest.raises(ValidationError) as error:
        services.confirm_draft(
            report, kind="village_works", key=proposal.key, raw=raw, by=people.xwz_officer
        )
    assert "unit" in error.value.message_dict
    assert not Project.objects.exists()


def test_a_draft_is_confirmed_once(people):
    report = take_in(people.admin, STATS_TEXT)
    proposal = draft(report, "project_stats")
    services.confirm_draft(
        report, kind="project_stats", key=proposal.key, raw=form_data(proposal), by=people.admin
    )
    with pytest.raises(ValidationError, match="already been confirmed"):
        services.confirm_draft(
            report, kind="project_stats", key=proposal.key, raw=form_data(proposal), by=people.admin
        )
    assert PublishedProjectStats.objects.count() == 1


def test_bad_values_are_refused_naming_the_field_and_nothing_is_written(people):
    report = take_in(people.admin, STATS_TEXT)
    proposal = draft(report, "project_stats")
    raw = {**form_data(proposal), "year": "二〇二二", "count": "-3"}
    with pytest.raises(ValidationError) as error:
        services.confirm_draft(
            report, kind="project_stats", key=proposal.key, raw=raw, by=people.admin
        )
    assert set(error.value.message_dict) == {"year", "count"}
    assert not PublishedProjectStats.objects.exists()
    assert not SourceLink.objects.exists()


def test_an_unknown_draft_is_refused(people):
    report = take_in(people.admin, STATS_TEXT)
    with pytest.raises(ValidationError, match="no such draft"):
        services.confirm_draft(report, kind="project_stats", key="a9-0", raw={}, by=people.admin)


def test_an_official_document_keeps_its_number_issuer_and_date_on_the_report(people):
    text = (
        "平城区人民政府办公室文件\n\n平政办发〔2023〕27号\n\n平城区人民政府办公室\n"
        "关于印发平城区冬季清洁取暖工作方案的通知\n\n各街道办事处：\n\n"
        "现印发给你们，请认真贯彻执行。全年完成清洁取暖改造3200户。\n\n"
        "平城区人民政府办公室\n2023年10月12日\n"
    )
    report = take_in(people.admin, text)
    report.refresh_from_db()
    assert report.title == "平城区人民政府办公室关于印发平城区冬季清洁取暖工作方案的通知"
    assert (report.doc_number, report.issuer, str(report.issued_on)) == (
        "平政办发〔2023〕27号",
        "平城区人民政府办公室",
        "2023-10-12",
    )


def test_a_newspaper_report_has_no_document_fields(people):
    report = take_in(people.admin, STATS_TEXT)
    assert (report.doc_number, report.issuer, report.issued_on) == ("", "", None)
