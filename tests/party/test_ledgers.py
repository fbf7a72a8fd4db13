"""The action-projects and meeting-records ledgers export what the officer sees, one row per
project or meeting, and refuse imports."""

import datetime
from decimal import Decimal

from taizhang.core.access import SYSTEM
from taizhang.core.ledgers import get_ledger
from taizhang.party.models import Area, MeetingKind
from taizhang.party.services import projects
from taizhang.party.services.meetings import record_meeting
from tests.party.conftest import at


def test_the_projects_ledger_exports_indicators_and_milestones(party, people, district):
    project = projects.create_project(
        by=SYSTEM,
        year=2022,
        title="梨园水乡综合体",
        area=Area.COLLECTIVE_ECONOMY,
        lead_unit=district.xiwangzhuang,
        party_org=party.xwz,
        responsible="王书记",
    )
    indicator = projects.add_indicator(
        project, by=SYSTEM, name="梨园", unit="亩", target=Decimal(300)
    )
    projects.record_value(
        indicator, by=SYSTEM, month=datetime.date(2022, 5, 1), actual=Decimal(120)
    )
    projects.add_milestone(project, by=SYSTEM, title="开园", due_on=datetime.date(2022, 9, 1))
    ledger = get_ledger("party-projects")
    queryset, errors = ledger.filtered_queryset(people.xwz_officer, {})
    rows = list(ledger.export_rows(queryset, people.xwz_officer))
    assert errors == {} and len(rows) == 1
    assert rows[0][:4] == [2022, "梨园水乡综合体", "集体经济", "西王庄村"]
    assert "梨园 300.00/120.00亩" in rows[0] and "0/1" in rows[0]
    other, _errors = ledger.filtered_queryset(people.taer_officer, {})
    assert not other.exists()
    assert not ledger.can_import(people.admin)


def test_the_meetings_ledger_exports_one_row_a_meeting(party, people):
    record_meeting(
        party.xwz,
        by=SYSTEM,
        kind=MeetingKind.THEME_DAY,
        topic="主题党日",
        held_at=at(datetime.date(2022, 5, 15)),
        place="活动室",
        chair=party.xwz_people[0],
        recorder=party.xwz_people[1],
        present=party.xwz_people[:4],
    )
    ledger = get_ledger("party-meetings")
    queryset, _errors = ledger.filtered_queryset(people.xwz_officer, {"year": "2022"})
    rows = list(ledger.export_rows(queryset, people.xwz_officer))
    assert rows == [
        [
            "西王庄村党支部", "主题党日", "2022-05-15 09:00", "活动室", "主题党日", "王书记",
            "李委员", 5, 4, 4, 4, "否", "否",
        ]
    ]  # fmt: skip
