"""Optimistic concurrency (core/versions.py): two people edit the same record at once; the
second save is refused with what the first changed, by whom, and the first change is kept. On
every record with an edit form or a PATCH endpoint."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from html.parser import HTMLParser
from typing import Any
from unittest import mock

import pytest
from django.db import connection, models, transaction

from taizhang.core import versions
from taizhang.core.models import Unit
from taizhang.projects.models import MonthlyReport, Project, WarningRule, YearPlan
from taizhang.projects.services import plans, reports
from taizhang.projects.services.projects import update_project
from taizhang.rectification.models import Campaign
from taizhang.rectification.services import campaigns
from tests.conftest import client_for
from tests.factories import make_unit, make_user
from tests.projects.factories import make_project

pytestmark = pytest.mark.django_db

API = "/api/v1"


@pytest.fixture(autouse=True)
def april_2022():
    with mock.patch("taizhang.lib.clock.today", new=lambda: datetime.date(2022, 4, 3)):
        yield


class _PostForm(HTMLParser):
    """The fields of each POST form of a page as a browser would send them."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict[str, Any]] = []
        self._select: str | None = None
        self._textarea: str | None = None

    def _put(self, name: str, value: str) -> None:
        self.forms[-1].setdefault(name, []).append(value)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {key: value or "" for key, value in attrs}
        checkable = a.get("type") in ("checkbox", "radio")
        if tag == "form":
            self.forms.append({})
        elif tag == "option" and self._select and "selected" in a:
            self._put(self._select, a.get("value", ""))
        elif not self.forms or "name" not in a:
            return
        elif tag == "input" and a.get("type") not in ("submit", "button", "file"):
            if checkable and "checked" not in a:
                return
            self._put(a["name"], a.get("value", "on" if checkable else ""))
        elif tag == "select":
            self._select = a["name"]
            self.forms[-1].setdefault(a["name"], [])
        elif tag == "textarea":
            self._textarea = a["name"]
            self.forms[-1][a["name"]] = [""]

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self.forms[-1][self._textarea][-1] += data.removeprefix("\n")


def edit_form(client: Any, url: str) -> dict[str, Any]:
    """The edit form of the page at `url` (the one with a version), as it would be posted."""
    response = client.get(url)
    assert response.status_code == 200
    parser = _PostForm()
    parser.feed(response.content.decode())
    found = [f for f in parser.forms if any(name.endswith("version") for name in f)]
    assert found, "the edit form has no version field"
    return {name: values[0] if len(values) == 1 else values for name, values in found[0].items()}


@dataclass
class Case:
    """One record people edit: how to make it, who edits it, where, and which value."""

    model: type[models.Model]
    make: Callable[[Any, Any], models.Model]
    editors: Callable[[Any], tuple[Any, Any]]
    page: Callable[[Any], str]
    field: str  # in the form (with its prefix) and, without the prefix, in the API
    values: tuple[str, str]
    api: Callable[[Any], str]

    def read(self, record: models.Model) -> Any:
        return getattr(type(record).objects.get(pk=record.pk), self.field.split("-")[-1])


def _project(district: Any, people: Any) -> Project:
    return make_project(district.taer, name="塔儿村巷道硬化", subdistrict=district.xiaonantou)


def _plan_row(district: Any, people: Any) -> YearPlan:
    project = make_project(district.taer, name="塔儿村巷道硬化", stage="annual")
    return plans.include_in_plan(
        project, year=2022, by=people.office, planned_investment_wan=Decimal("120")
    )


def _report(district: Any, people: Any) -> MonthlyReport:
    row = _plan_row(district, people)
    return reports.file_report(
        row.project,
        by=people.taer_officer,
        year=2022,
        month=3,
        completed_wan=Decimal("10"),
        progress_text="路基",
    )


def _campaign(district: Any, people: Any) -> Campaign:
    lead = make_unit("平城区人民检察院", "agency", district.pingcheng, code="140213201")
    lead.refresh_from_db()
    people.prosecutor = make_user("jcy", "unit_officer", unit=lead)
    people.prosecutor2 = make_user("jcy2", "unit_officer", unit=lead)
    return campaigns.create_campaign(
        by=people.prosecutor,
        name="危险废物专项整治",
        plan_document="《实施方案》",
        lead_unit=lead,
        participants=[district.eco_bureau],
        starts_on=datetime.date(2022, 2, 1),
        ends_on=datetime.date(2022, 12, 31),
        categories=[("危险废物", "《固体废物污染环境防治法》", "第七十七条")],
    )


RULE = WarningRule.Kind.TIME_PROGRESS

CASES = {
    "project": Case(
        model=Project,
        make=_project,
        editors=lambda p: (p.office, p.taer_officer),
        page=lambda r: f"/projects/{r.pk}/edit/",
        field="name",
        values=("塔儿村巷道硬化一期", "塔儿村巷道硬化二期"),
        api=lambda r: f"/projects/{r.pk}",
    ),
    "unit": Case(
        model=Unit,
        make=lambda d, p: d.taer,
        editors=lambda p: (p.admin, p.taer_officer),
        page=lambda r: f"/units/{r.pk}/edit/",
        field="address",
        values=("塔儿村东街1号", "塔儿村西街2号"),
        api=lambda r: f"/units/{r.pk}",
    ),
    "plan row": Case(
        model=YearPlan,
        make=_plan_row,
        editors=lambda p: (p.office, p.admin),
        page=lambda r: f"/projects/plans/rows/{r.pk}/edit/",
        field="planned_investment_wan",
        values=("130.00", "140.00"),
        api=lambda r: f"/projects/plans/rows/{r.pk}",
    ),
    "monthly report": Case(
        model=MonthlyReport,
        make=_report,
        editors=lambda p: (p.taer_officer, p.subdistrict_officer),
        page=lambda r: f"/projects/reports/file/?project={r.project_id}&year=2022&month=3",
        field="progress_text",
        values=("路基完成", "路面完成"),
        api=lambda r: f"/projects/reports/{r.pk}",
    ),
    "warning rule": Case(
        model=WarningRule,
        make=lambda d, p: WarningRule.objects.get(kind=RULE),
        editors=lambda p: (p.office, p.admin),
        page=lambda r: "/projects/warnings/rules/",
        field=f"{RULE}-yellow_from",
        values=("3.00", "4.00"),
        api=lambda r: f"/projects/warnings/rules/{r.kind}",
    ),
}
API_CASES = {
    **CASES,
    "campaign": Case(
        model=Campaign,
        make=_campaign,
        editors=lambda p: (p.prosecutor, p.prosecutor2),
        page=lambda r: "",
        field="name",
        values=("危险废物专项整治行动", "危废整治"),
        api=lambda r: f"/rectification/campaigns/{r.pk}",
    ),
}


def _label_of(case: Case) -> str:
    name = case.field.split("-")[-1]
    return str(case.model._meta.get_field(name).verbose_name)


def test_every_editable_model_is_versioned():
    for case in API_CASES.values():
        assert issubclass(case.model, versions.Versioned), case.model


@pytest.mark.parametrize("name", CASES)
def test_the_second_of_two_open_forms_is_refused_with_what_changed(district, people, name):
    case = CASES[name]
    record = case.make(district, people)
    first, second = (client_for(user) for user in case.editors(people))
    url = case.page(record)
    form_one, form_two = edit_form(first, url), edit_form(second, url)
    assert form_one[f"{case.field.rsplit('-', 1)[0]}-version" if "-" in case.field else "version"]

    saved = first.post(url, {**form_one, case.field: case.values[0]})
    assert saved.status_code == 302, saved.context["form"].errors
    refused = second.post(url, {**form_two, case.field: case.values[1]})

    assert refused.status_code == 200
    page = refused.content.decode()
    assert "was changed by someone else" in page
    assert _label_of(case).capitalize() in page or _label_of(case) in page
    assert case.values[0].rstrip("0").rstrip(".") in page  # what the first person saved
    assert case.editors(people)[0].username in page  # and who
    assert case.values[1] in page  # the second person's input, kept
    assert str(case.read(record)).startswith(case.values[0].rstrip("0").rstrip("."))


@pytest.mark.parametrize("name", CASES)
def test_a_form_opened_after_the_change_saves(district, people, name):
    case = CASES[name]
    record = case.make(district, people)
    first, second = (client_for(user) for user in case.editors(people))
    url = case.page(record)
    assert first.post(url, {**edit_form(first, url), case.field: case.values[0]}).status_code == 302
    response = second.post(url, {**edit_form(second, url), case.field: case.values[1]})
    assert response.status_code == 302


def test_saving_again_after_the_refusal_keeps_the_second_persons_values(district, people):
    record = _project(district, people)
    first, second = client_for(people.office), client_for(people.taer_officer)
    url = f"/projects/{record.pk}/edit/"
    form_one, form_two = edit_form(first, url), edit_form(second, url)
    first.post(url, {**form_one, "name": "一期"})
    refused = second.post(url, {**form_two, "name": "二期"})
    assert refused.status_code == 200
    again = {**form_two, "name": "二期", "version": str(refused.context["form"].data["version"])}
    assert second.post(url, again).status_code == 302
    assert Project.objects.get(pk=record.pk).name == "二期"


def _patch(client: Any, url: str, data: dict[str, Any], **headers: Any) -> Any:
    return client.patch(f"{API}{url}", data, content_type="application/json", **headers)


@pytest.mark.parametrize("name", API_CASES)
def test_two_patches_from_the_same_version_the_second_gets_409(district, people, name):
    case = API_CASES[name]
    record = case.make(district, people)
    first, second = (client_for(user) for user in case.editors(people))
    field = case.field.split("-")[-1]
    version = record.version

    one = _patch(first, case.api(record), {field: case.values[0], "version": version})
    assert one.status_code == 200, one.json()
    assert one.json()["version"] == version + 1
    two = _patch(second, case.api(record), {field: case.values[1], "version": version})

    assert two.status_code == 409
    body = two.json()
    assert "was changed by someone else" in body["detail"]
    assert [error["field"] for error in body["errors"]] == [field]
    assert case.values[0].rstrip("0").rstrip(".") in body["errors"][0]["message"]
    assert case.editors(people)[0].username in body["errors"][0]["message"]
    assert str(case.read(record)).startswith(case.values[0].rstrip("0").rstrip("."))


@pytest.mark.parametrize("name", API_CASES)
def test_a_patch_without_a_version_still_saves_and_bumps_it(district, people, name):
    case = API_CASES[name]
    record = case.make(district, people)
    client = client_for(case.editors(people)[0])
    response = _patch(client, case.api(record), {case.field.split("-")[-1]: case.values[0]})
    assert response.status_code == 200, response.json()
    assert response.json()["version"] == record.version + 1


def test_if_match_is_checked_like_the_version(district, people):
    project = _project(district, people)
    client = client_for(people.office)
    url = f"/projects/{project.pk}"
    assert _patch(client, url, {"name": "一期"}, HTTP_IF_MATCH='"1"').status_code == 200
    stale = _patch(client, url, {"name": "二期"}, HTTP_IF_MATCH='"1"')
    assert stale.status_code == 409
    assert stale["ETag"] == '"2"'
    assert _patch(client, url, {"name": "二期"}, HTTP_IF_MATCH='W/"2"').status_code == 200
    bad = _patch(client, url, {"name": "三期"}, HTTP_IF_MATCH="abc")
    assert bad.status_code == 400
    assert Project.objects.get(pk=project.pk).name == "二期"


def test_an_unchanged_save_keeps_the_version(district, people):
    project = _project(district, people)
    update_project(project, by=people.office, version=1, name=project.name)
    assert Project.objects.get(pk=project.pk).version == 1


def test_of_two_saves_that_read_the_same_version_only_one_wins(district, people):
    project = _project(district, people)
    mine, theirs = Project.objects.get(pk=project.pk), Project.objects.get(pk=project.pk)
    versions.bump_version(mine, by=people.office)
    with pytest.raises(versions.StaleEdit) as refused:
        versions.bump_version(theirs, by=people.taer_officer)
    assert (refused.value.expected, refused.value.current) == (1, 2)
    assert Project.objects.get(pk=project.pk).version == 2


def test_the_refusal_names_the_change_by_label_old_and_new_and_who(district, people):
    project = _project(district, people)
    update_project(project, by=people.office, version=1, leader="王")
    with pytest.raises(versions.StaleEdit) as refused:
        update_project(project, by=people.taer_officer, version=1, leader="李")
    (change,) = refused.value.changes
    assert change.field == "leader"
    assert "“” → “王”" in change.message
    assert "office" in change.message
    assert Project.objects.get(pk=project.pk).leader == "王"


@pytest.mark.parametrize(
    ("given", "expected"),
    [(None, None), ("", None), (3, 3), ("3", 3), ('"3"', 3), ('W/"3"', 3), (3.0, 3)],
)
def test_versions_are_read_from_forms_headers_and_cells(given, expected):
    assert versions.parse_version(given) == expected


@pytest.mark.parametrize("given", ["abc", 0, -1, True, "1.5", 1.5])
def test_a_version_that_is_not_a_whole_number_is_refused(given):
    with pytest.raises(versions.ValidationError):
        versions.parse_version(given)


# Excel imports ---------------------------------------------------------------------------------

SHEET = ["项目名称", "项目类别", "责任单位", "总投资（万元）", "包联领导", "版本"]
REPORT_SHEET = ["项目名称", "责任单位", "年度", "月份", "本月完成投资（万元）", "形象进度", "版本"]


def _import(tmp_path: Any, user: Any, *rows: list[Any], ledger: str = "projects") -> Any:
    from taizhang.core import imports
    from taizhang.core.ledgers import get_ledger
    from tests.excel_files import UNIT_HEADERS, write_rows

    headers = {
        "projects": SHEET,
        "units": [*UNIT_HEADERS, "版本"],
        "monthly-reports": REPORT_SHEET,
    }[ledger]
    path = write_rows(tmp_path / f"{ledger}.xlsx", [headers, *rows])
    with path.open("rb") as upload:
        job = imports.create_job(
            ledger=get_ledger(ledger), by=user, upload=upload, file_name=path.name, dry_run=False
        )
    return imports.run_job(job)


def _changed_by_office(district: Any, people: Any) -> Project:
    project = _project(district, people)
    return update_project(project, by=people.office, version=1, leader="王")


def test_the_export_writes_each_projects_version(district, people):
    import io

    from tests.excel_files import read_rows

    project = _changed_by_office(district, people)
    response = client_for(people.office).get("/ledgers/projects/export.xlsx")
    rows = read_rows(io.BytesIO(b"".join(response.streaming_content)))
    column = rows[0].index("版本")
    assert [row[column] for row in rows[1:]] == [project.version] == [2]


def test_an_import_row_from_a_stale_version_is_refused_naming_what_changed(
    district, people, tmp_path
):
    from taizhang.core.models import ImportStatus

    project = _changed_by_office(district, people)
    job = _import(tmp_path, people.taer_officer, [project.name, "社会民生类", "塔儿村", 1, "李", 1])

    assert job.status == ImportStatus.FAILED
    (error,) = job.errors
    assert (error["row"], error["column"]) == (2, "版本")
    assert "responsible leader" in error["message"].lower()
    assert "“王”" in error["message"] and "office" in error["message"]
    assert Project.objects.get(pk=project.pk).leader == "王"


@pytest.mark.parametrize("version", [2, None])
def test_an_import_row_from_the_current_version_or_without_one_updates(
    district, people, tmp_path, version
):
    from taizhang.core.models import ImportStatus

    project = _changed_by_office(district, people)
    row = [project.name, "社会民生类", "塔儿村", 1, "李", version]
    job = _import(tmp_path, people.taer_officer, row)

    assert job.status == ImportStatus.SUCCEEDED, job.errors
    saved = Project.objects.get(pk=project.pk)
    assert (saved.leader, saved.version) == ("李", 3)


def test_a_bulk_write_refuses_a_row_whose_project_changed_since_its_check(district, people):
    from taizhang.projects.services import bulk

    project = _changed_by_office(district, people)
    row = bulk.ProjectRow(row=7, fields={"name": project.name, "unit": district.taer}, version=1)
    row.fields["leader"] = "李"
    with pytest.raises(bulk.BulkRowError) as refused:
        bulk.upsert_projects([row], by=people.office)
    assert refused.value.row == 7
    assert "“王”" in refused.value.messages[0]
    assert Project.objects.get(pk=project.pk).leader == "王"


def test_a_bulk_write_bumps_the_versions_of_the_projects_it_changes(district, people):
    from taizhang.projects.services import bulk

    project = _project(district, people)
    row = bulk.ProjectRow(row=2, fields={"name": project.name, "unit": district.taer})
    row.fields["leader"] = "李"
    bulk.upsert_projects([row], by=people.office)
    assert Project.objects.get(pk=project.pk).version == 2


def test_a_unit_import_row_from_a_stale_version_is_refused(district, people, tmp_path):
    from taizhang.core.models import ImportStatus
    from taizhang.core.services import update_unit

    taer = district.taer
    update_unit(taer, by=people.admin, version=taer.version, address="塔儿村东街1号")
    row = [taer.code, taer.name, "村", district.xiaonantou.code, "塔儿村西街2号", "", "", "", 1]
    job = _import(tmp_path, people.admin, row, ledger="units")

    assert job.status == ImportStatus.FAILED
    assert [(e["column"], "塔儿村东街1号" in e["message"]) for e in job.errors] == [("版本", True)]
    assert Unit.objects.get(pk=taer.pk).address == "塔儿村东街1号"


def test_a_pipeline_step_makes_an_open_edit_form_stale(district, people):
    from taizhang.projects.services.projects import move_stage

    project = _project(district, people)
    client = client_for(people.taer_officer)
    url = f"/projects/{project.pk}/edit/"
    form = edit_form(client, url)
    move_stage(project, by=people.office, to_stage="annual", note="列入年度计划")

    refused = client.post(url, {**form, "leader": "李"})

    assert refused.status_code == 200
    assert "was changed by someone else" in refused.content.decode()
    assert Project.objects.get(pk=project.pk).leader == ""


def test_history_pages_do_not_show_the_version(district, people):
    from taizhang.core.audit import history_of
    from taizhang.core.history import describe

    project = _changed_by_office(district, people)
    entries = describe(history_of(Project, project.pk, people.office), people.office)
    assert [row.field for entry in entries for row in entry.rows] == ["leader"]


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite lets one writer at a time: the race needs concurrent transactions",
)
def test_two_concurrent_transactions_cannot_both_claim_a_version(district, people):
    import threading

    project = _project(district, people)
    read = threading.Barrier(2)
    outcomes: list[str] = []

    def save(by: Any) -> None:
        try:
            with transaction.atomic():
                mine = Project.objects.get(pk=project.pk)
                read.wait(timeout=10)  # both have read version 1 before either writes
                versions.bump_version(mine, by=by)
            outcomes.append("saved")
        except versions.StaleEdit:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [
        threading.Thread(target=save, args=(user,)) for user in (people.office, people.admin)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes) == ["refused", "saved"]
    assert Project.objects.get(pk=project.pk).version == 2


def test_a_report_import_row_from_a_stale_version_is_refused(district, people, tmp_path):
    from taizhang.core.models import ImportStatus

    report = _report(district, people)
    reports.file_report(
        report.project,
        by=people.subdistrict_officer,
        year=2022,
        month=3,
        completed_wan=Decimal("10"),
        progress_text="路基完成",
        version=1,
    )
    row = [report.project.name, "塔儿村", 2022, 3, 12, "路面", 1]
    job = _import(tmp_path, people.taer_officer, row, ledger="monthly-reports")

    assert job.status == ImportStatus.FAILED
    assert [(e["column"], "路基完成" in e["message"]) for e in job.errors] == [("版本", True)]
    assert MonthlyReport.objects.get(pk=report.pk).progress_text == "路基完成"
    row[-1] = 2
    job = _import(tmp_path, people.taer_officer, row, ledger="monthly-reports")
    assert job.status == ImportStatus.SUCCEEDED, job.errors
    assert MonthlyReport.objects.get(pk=report.pk).version == 3


def test_a_tampered_version_in_a_form_is_shown_not_a_server_error(district, people):
    project = _project(district, people)
    client = client_for(people.office)
    url = f"/projects/{project.pk}/edit/"
    response = client.post(url, {**edit_form(client, url), "name": "一期", "version": "abc"})
    assert response.status_code == 200
    assert "Enter a whole number." in response.content.decode()
    assert Project.objects.get(pk=project.pk).name == project.name
