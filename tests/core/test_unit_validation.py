"""A unit's name and code are more than spaces, whichever way the unit comes in, and every
reason names its field or column."""

import pytest
from django.core.exceptions import ValidationError

from taizhang.core import imports, services
from taizhang.core.access import SYSTEM
from taizhang.core.ledgers import get_ledger
from taizhang.core.models import ImportStatus, Unit
from tests.conftest import client_for
from tests.excel_files import write_rows

pytestmark = pytest.mark.django_db
API = "/api/v1"


@pytest.mark.parametrize("name", ["   ", "\t", "\u0007"])
def test_the_api_refuses_a_blank_unit_name_and_names_the_field(name, district, people):
    client = client_for(people.admin)
    created = client.post(
        f"{API}/units",
        {"parent_id": district.xiaonantou.pk, "name": name, "code": "X1", "kind": "village"},
        content_type="application/json",
    )
    patched = client.patch(
        f"{API}/units/{district.taer.pk}", {"name": name}, content_type="application/json"
    )

    for response in (created, patched):
        assert response.status_code == 422
        assert [e["field"] for e in response.json()["errors"]] == ["name"]
    assert not Unit.objects.filter(code="X1").exists()
    district.taer.refresh_from_db()
    assert district.taer.name == "塔儿村"


def test_the_service_refuses_a_blank_name_from_any_caller(district):
    with pytest.raises(ValidationError) as refused:
        services.create_unit(by=SYSTEM, parent=None, name="  ", code="X1", kind="agency")
    assert list(refused.value.message_dict) == ["name"]


def test_the_import_refuses_a_blank_name_in_its_column(district, people, tmp_path):
    path = write_rows(
        tmp_path / "units.xlsx", [["编码", "名称", "类型", "上级编码"], ["X1", "  ", "村", ""]]
    )
    with path.open("rb") as upload:
        job = imports.create_job(
            ledger=get_ledger("units"), by=people.admin, upload=upload, file_name="u.xlsx",
            dry_run=False,
        )  # fmt: skip
    job = imports.run_job(job)

    assert job.status == ImportStatus.FAILED
    assert [(e["column"], bool(e["message"])) for e in job.errors] == [("名称", True)]
