"""The contracted-land ledger (承包地台账, "land-parcels"): a household's parcels imported by
household number and parcel code, all or nothing, each bad row named by row and column; an
export imports back changing nothing, and an edited export updates its parcels in place."""

import datetime
import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from taizhang.core import imports
from taizhang.core.ledgers import get_ledger
from taizhang.core.models import AuditEntry, ImportStatus
from taizhang.land.models import LandType, Parcel
from tests.conftest import client_for
from tests.excel_files import read_rows, write_rows
from tests.factories import day_setter, make_household
from tests.land.factories import make_parcel

pytestmark = pytest.mark.django_db
HEADERS = [
    "村（社区）", "户号", "地块编码", "地块名称", "地块坐落", "东至", "南至", "西至", "北至",
    "登记面积（亩）", "实测面积（亩）", "地力等级", "土地类型", "承包经营权证号", "承包期截止日期",
    "纬度", "经度",
]  # fmt: skip


def row(household="H1", code="XWZ-001", **changes):
    values = {
        "村（社区）": "西王庄村",
        "户号": household,
        "地块编码": code,
        "地块名称": "南大地",
        "地块坐落": "村南",
        "东至": "机耕路",
        "南至": "王家地",
        "西至": "排水沟",
        "北至": "李家地",
        "登记面积（亩）": "5.20",
        "实测面积（亩）": "5.31",
        "地力等级": "二等",
        "土地类型": "耕地",
        "承包经营权证号": "140213001201J",
        "承包期截止日期": "2057-12-31",
        "纬度": "40.012345",
        "经度": "113.301234",
    }
    values.update(changes)
    return [values[header] for header in HEADERS]


def run(path: Path, user):
    with path.open("rb") as upload:
        job = imports.create_job(
            ledger=get_ledger("land-parcels"),
            by=user,
            upload=upload,
            file_name=path.name,
            dry_run=False,
        )
    return imports.run_job(job)


def errors_of(job):
    return {(error["row"], error["column"]): error["message"] for error in job.errors}


def stored():
    """Every parcel as the database holds it, to compare before and after an import."""
    return list(Parcel.objects.order_by("pk").values())


@pytest.fixture
def households(district, monkeypatch):
    day_setter(monkeypatch, datetime.date(2023, 6, 1))
    return {number: make_household(district.xiwangzhuang, number) for number in ("H1", "H2", "H3")}


def test_it_imports_a_households_parcels_with_every_field_and_audits_them(
    households, people, tmp_path
):
    rows = [
        row(),
        row("H2", "XWZ-002", **{"实测面积（亩）": ""}, 纬度="", 经度="", 土地类型="园地"),
    ]
    job = run(write_rows(tmp_path / "p.xlsx", [HEADERS, *rows]), people.xwz_officer)
    assert job.status == ImportStatus.SUCCEEDED, job.errors
    first = Parcel.objects.get(code="XWZ-001")
    assert first.household == households["H1"]
    assert (first.name, first.location, first.east, first.north) == (
        "南大地", "村南", "机耕路", "李家地",
    )  # fmt: skip
    assert (first.registered_area_mu, first.measured_area_mu) == (Decimal("5.2"), Decimal("5.31"))
    assert (first.grade, first.land_type, first.certificate_number) == (
        "二等", LandType.ARABLE, "140213001201J",
    )  # fmt: skip
    assert first.contract_ends_on == datetime.date(2057, 12, 31)
    assert (first.latitude, first.longitude) == (Decimal("40.012345"), Decimal("113.301234"))
    second = Parcel.objects.get(code="XWZ-002")
    assert second.measured_area_mu is None and second.latitude is None
    assert second.land_type == LandType.GARDEN
    created = AuditEntry.objects.filter(action="create", object_id__in=[first.pk, second.pk])
    assert created.count() == 2 and {entry.actor for entry in created} == {people.xwz_officer}


def test_a_bad_file_names_each_row_and_column_and_changes_nothing(households, people, tmp_path):
    make_parcel(households["H3"], code="XWZ-TAKEN", area="8")
    before = stored()
    rows = [
        row(),  # 2: good, but the file is refused as a whole
        row(code="XWZ-002", **{"登记面积（亩）": "0"}),  # 3
        row(code="XWZ-003", 纬度="113.3", 经度="40.0"),  # 4: swapped
        row(code="XWZ-004", 经度=""),  # 5: a latitude without a longitude
        row(code="XWZ-001"),  # 6: the code of row 2
        row(code="XWZ-TAKEN"),  # 7: the village's parcel of household H3
        row("H9", "XWZ-007"),  # 8: no such household
        row(code="XWZ-008", 承包期截止日期="明年"),  # 9
        row(code="XWZ-009", **{"实测面积（亩）": "-1"}),  # 10
        row(code="XWZ-010", **{"村（社区）": "塔儿村"}),  # 11: not the importer's village
    ]
    job = run(write_rows(tmp_path / "p.xlsx", [HEADERS, *rows]), people.xwz_officer)
    assert job.status == ImportStatus.FAILED
    errors = errors_of(job)
    assert "above zero" in errors[(3, "登记面积（亩）")]
    assert "between 3 and 54" in errors[(4, "纬度")]
    assert "between 73 and 136" in errors[(4, "经度")]
    assert "both" in errors[(5, "经度")]
    assert "row 2" in errors[(6, "地块编码")]
    assert "another household" in errors[(7, "地块编码")]
    assert "H9" in errors[(8, "户号")]
    assert (9, "承包期截止日期") in errors
    assert "above zero" in errors[(10, "实测面积（亩）")]
    assert (11, "村（社区）") in errors
    assert not any(row_number == 2 for row_number, _column in errors)
    assert stored() == before


def test_another_villages_officer_cannot_import_xiwangzhuangs_parcels(households, people, tmp_path):
    job = run(write_rows(tmp_path / "p.xlsx", [HEADERS, row()]), people.taer_officer)
    assert job.status == ImportStatus.FAILED
    assert (2, "村（社区）") in errors_of(job)
    assert not Parcel.objects.exists()


def export(user, tmp_path: Path, name: str = "export.xlsx") -> Path:
    response = client_for(user).get(reverse("ledger-export", args=["land-parcels"]))
    assert response.status_code == 200
    path = tmp_path / name
    path.write_bytes(b"".join(response.streaming_content))
    return path


def test_an_export_imports_back_unchanged_and_an_edited_one_updates_in_place(
    households, people, tmp_path
):
    make_parcel(
        households["H1"], code="XWZ-001", latitude=Decimal("40.1"), longitude=Decimal("113.2")
    )
    make_parcel(households["H2"], code="XWZ-002", measured_area_mu=Decimal("9.87"))
    before, audits = stored(), AuditEntry.objects.count()
    job = run(export(people.xwz_officer, tmp_path), people.xwz_officer)
    assert job.status == ImportStatus.SUCCEEDED, job.errors
    assert (job.created_count, job.updated_count) == (0, 0)
    assert stored() == before and AuditEntry.objects.count() == audits

    sheet = read_rows(export(people.xwz_officer, tmp_path))
    header_at = next(i for i, cells in enumerate(sheet) if cells and "地块编码" in cells)
    headers = list(sheet[header_at])
    rows = [list(cells) for cells in sheet[header_at + 1 :]]
    rows[0][headers.index("实测面积（亩）")] = "9.5"
    rows[0][headers.index("纬度")] = "40.2"
    job = run(write_rows(tmp_path / "edited.xlsx", [headers, *rows]), people.xwz_officer)
    assert job.status == ImportStatus.SUCCEEDED, job.errors
    assert (job.created_count, job.updated_count) == (0, 1)
    parcel = Parcel.objects.get(code="XWZ-001")
    assert (parcel.measured_area_mu, parcel.latitude) == (Decimal("9.5"), Decimal("40.2"))
    assert parcel.version == 2 and Parcel.objects.count() == 2
    assert AuditEntry.objects.filter(action="update", object_id=str(parcel.pk)).count() == 1

    # The same edited file again: the parcel changed since its 版本 of the export.
    rows[0][headers.index("实测面积（亩）")] = "9.6"
    job = run(write_rows(tmp_path / "again.xlsx", [headers, *rows]), people.xwz_officer)
    assert job.status == ImportStatus.FAILED
    assert "version" in errors_of(job)[(header_at + 2, "版本")]
    assert Parcel.objects.get(code="XWZ-001").measured_area_mu == Decimal("9.5")


def test_the_template_has_the_ledgers_columns(households, people):
    response = client_for(people.xwz_officer).get(reverse("ledger-template", args=["land-parcels"]))
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    cells = {cell for cells in read_rows(io.BytesIO(content)) for cell in cells if cell}
    assert {"户号", "地块编码", "登记面积（亩）", "纬度", "经度"} <= {
        str(cell).lstrip("*") for cell in cells
    }


def test_the_service_refuses_a_parcel_code_the_village_has(households):
    make_parcel(households["H1"], code="XWZ-001")
    with pytest.raises(ValidationError):
        make_parcel(households["H2"], code="XWZ-001")
