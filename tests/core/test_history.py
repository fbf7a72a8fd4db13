"""History as people read it: field labels, choice labels, names instead of ids, 是/否, phone
numbers masked as elsewhere, and what is gone shown plainly rather than as an error."""

from __future__ import annotations

import html
import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from taizhang.core import services
from taizhang.core.attachments import add_attachment
from taizhang.core.models import AuditEntry, Unit
from taizhang.core.tokens import create_token
from tests.conftest import client_for
from tests.core.test_records_pages import png_bytes

pytestmark = pytest.mark.django_db

ROW = re.compile(
    r'<tr data-field="(?P<field>[^"]+)"><td>(?P<label>[^<]*)</td>'
    r'<td class="wrap"><del class="before">(?P<before>[^<]*)</del></td>'
    r'<td class="wrap"><ins class="after">(?P<after>[^<]*)</ins></td></tr>'
)


def history_rows(client, unit) -> dict[str, tuple[str, str, str]]:
    """{field: (label, before, after)} of the newest entry on the unit's history page."""
    response = client.get(f"/records/core/unit/{unit.pk}/history/")
    assert response.status_code == 200
    newest = response.content.decode().split("<article>")[1]
    return {
        m["field"]: (
            html.unescape(m["label"]),
            html.unescape(m["before"]),
            html.unescape(m["after"]),
        )
        for m in ROW.finditer(newest)
    }


def in_chinese(client, settings):
    settings.LANGUAGE_CODE = "zh-hans"
    return client


def crafted_entry(unit: Unit, before: dict, after: dict) -> AuditEntry:
    """An entry as an older version of the platform may have written it."""
    return AuditEntry.objects.create(
        content_type=ContentType.objects.get_for_model(Unit),
        object_id=str(unit.pk),
        object_repr=unit.name,
        action="update",
        before=before,
        after=after,
        scope_unit=unit,
        actor_name="admin",
    )


def test_the_history_page_names_fields_choices_units_and_yes_or_no_in_chinese(
    district, people, settings
):
    services.update_unit(
        district.taer,
        by=people.admin,
        parent=district.baidengshan,
        kind="community",
        is_active=False,
        address="新地址",
    )
    rows = history_rows(in_chinese(client_for(people.admin), settings), district.taer)
    assert rows["kind"] == ("类型", "村", "社区")
    assert rows["is_active"] == ("启用", "是", "否")
    assert rows["address"] == ("地址", "塔儿村村委会", "新地址")
    assert rows["parent"] == ("上级", "小南头街道", "白登山街道")


@pytest.mark.parametrize("persona", ["leader", "admin", "taer_officer"])
def test_phone_numbers_are_masked_on_the_page_for_every_reader(district, people, persona):
    services.update_unit(district.taer, by=people.taer_officer, contact_phone="13700001111")
    masked = history_rows(client_for(getattr(people, persona)), district.taer)["contact_phone"]
    assert masked[1:] == ("139****5678", "137****1111")


def test_a_deleted_record_and_a_removed_field_show_plainly_rather_than_as_an_error(
    district, people, settings
):
    crafted_entry(
        district.taer,
        before={"parent": district.xiaonantou.pk, "old_field": "旧值", "kind": "village"},
        after={"parent": 999999, "old_field": ["甲", "乙"], "kind": "no-longer-a-kind"},
    )
    rows = history_rows(in_chinese(client_for(people.admin), settings), district.taer)
    assert rows["parent"] == ("上级", "小南头街道", "已删除 #999999")
    assert rows["old_field"] == ("old_field", "旧值", '["甲", "乙"]')
    assert rows["kind"] == ("类型", "村", "no-longer-a-kind")


def test_an_entry_of_a_model_that_no_longer_exists_shows_its_raw_values(district, people):
    AuditEntry.objects.create(
        content_type=ContentType.objects.create(app_label="gone", model="oldrecord"),
        object_id="7",
        object_repr="旧记录",
        action="update",
        before={"name": "甲"},
        after={"name": "乙"},
        scope_unit=district.taer,
        actor_name="admin",
    )
    response = client_for(people.auditor).get("/audit/")
    assert response.status_code == 200
    assert "name: 甲 → 乙" in response.content.decode()
    body = client_for(people.auditor).get("/api/v1/audit").json()
    assert body["results"][0]["changes"] == [
        {"field": "name", "label": "name", "before": "甲", "after": "乙"}
    ]


def test_the_short_history_under_a_record_says_what_changed(district, people, settings):
    services.update_unit(district.taer, by=people.admin, address="新地址", is_demo=True)
    page = in_chinese(client_for(people.admin), settings).get(f"/units/{district.taer.pk}/")
    section = page.content.decode().split('<section id="history">')[1]
    assert "地址: 塔儿村村委会 → 新地址" in section
    assert "演示: 否 → 是" in section


def test_the_audit_log_page_shows_readable_changes(district, people, settings):
    services.update_unit(district.taer, by=people.admin, parent=district.baidengshan)
    page = in_chinese(client_for(people.auditor), settings).get("/audit/").content.decode()
    assert "上级: 小南头街道 → 白登山街道" in page


def test_the_history_page_runs_a_constant_number_of_queries(district, people):
    client = client_for(people.leader)
    targets = [district.baidengshan, district.xiaonantou, district.pingcheng]

    def count(changes: int) -> int:
        for number in range(AuditEntry.objects.count(), changes):
            taer = Unit.objects.get(pk=district.taer.pk)
            parent = Unit.objects.get(pk=targets[number % 3].pk)
            services.update_unit(taer, by=people.admin, parent=parent, remarks=f"第{number}次")
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/records/core/unit/{district.taer.pk}/history/").status_code == 200
        return len(queries)

    assert count(3) == count(30)


def test_the_api_keeps_raw_snapshots_and_adds_readable_changes(district, people):
    services.update_unit(district.taer, by=people.admin, parent=district.baidengshan)
    body = client_for(people.admin).get(f"/api/v1/history/core/unit/{district.taer.pk}").json()
    entry = body["results"][0]
    assert entry["before"]["parent"] == district.xiaonantou.pk
    assert entry["after"]["parent"] == district.baidengshan.pk
    assert {
        "field": "parent",
        "label": "Parent",
        "before": "小南头街道",
        "after": "白登山街道",
    } in (entry["changes"])


def test_a_tokens_history_names_its_user_and_never_its_hash(district, people):
    people.admin.full_name = "区级管理员"
    people.admin.save()
    token, _key = create_token(people.admin, by=people.admin)
    body = client_for(people.admin).get(f"/api/v1/history/core/apitoken/{token.pk}").json()
    changes = {row["field"]: row for row in body["results"][0]["changes"]}
    assert changes["user"]["label"] == "User"
    assert changes["user"]["after"] == "区级管理员"
    assert "key_hash" not in changes
    assert "id" not in changes  # the record's own id says nothing


def test_an_attachments_history_names_the_record_it_belongs_to(district, people):
    upload = SimpleUploadedFile("广场.png", png_bytes(), "image/png")
    attachment = add_attachment(district.taer, upload, by=people.taer_officer, caption="广场")
    body = client_for(people.admin).get(f"/api/v1/history/core/attachment/{attachment.pk}").json()
    changes = {row["field"]: row for row in body["results"][0]["changes"]}
    assert changes["record"]["after"] == "塔儿村"
    assert changes["uploaded_by"]["after"] == "taer"
    assert "content_type" not in changes and "object_id" not in changes


def test_a_phone_change_that_reads_the_same_masked_is_still_listed(district, people):
    services.update_unit(district.taer, by=people.taer_officer, contact_phone="13911115678")
    rows = history_rows(client_for(people.taer_officer), district.taer)
    assert rows["contact_phone"][1:] == ("139****5678", "139****5678")
