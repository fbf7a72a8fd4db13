"""The handover ledger (移交台账): a batch from an employer, files received or missing, party
relations transferred, checked by whom and when; the roster follows."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from taizhang.retirees.models import PartyTransfer
from taizhang.retirees.services.handovers import add_item, check_item, create_batch
from taizhang.retirees.services.roster import update_retiree
from tests.conftest import client_for

D = datetime.date


def test_a_batch_with_two_missing_files_and_a_later_check(retirees, district, people):
    officer = people.subdistrict_officer
    update_retiree(retirees.wang, by=officer, is_party_member=True)
    batch = create_batch(
        by=officer, unit=district.xiaonantou, employer=retirees.factory,
        received_on=D(2026, 5, 1), received_by="街道 张主任",
    )  # fmt: skip
    add_item(batch, retirees.wang, by=officer, file_received=False, missing_note="退休审批表")
    add_item(batch, retirees.li, by=officer, file_received=False, missing_note="档案袋")
    item = add_item(batch, retirees.zhao, by=officer, file_received=True, checked_by="李")
    with pytest.raises(ValidationError, match="already in the batch"):
        add_item(batch, retirees.zhao, by=officer, file_received=True)
    page = client_for(officer).get(batch.get_absolute_url()).content.decode()
    assert "2 files missing" in page or "2份档案缺失" in page or "缺" in page
    retirees.wang.refresh_from_db()
    assert retirees.wang.handed_over_on == D(2026, 5, 1)
    assert retirees.wang.party_transfer == PartyTransfer.PENDING
    wang_item = batch.items.get(retiree=retirees.wang)
    check_item(
        wang_item, by=officer, file_received=True, party_transferred=True,
        checked_by="李", checked_on=D(2026, 6, 1),
    )  # fmt: skip
    retirees.wang.refresh_from_db()
    assert retirees.wang.party_transfer == PartyTransfer.TRANSFERRED
    with pytest.raises(ValidationError, match="not a party member"):
        check_item(item, by=officer, file_received=True, party_transferred=True)
    # A village officer cannot write in the subdistrict's batch.
    with pytest.raises(Exception) as refused:
        check_item(wang_item, by=people.xwz_officer, file_received=False)
    assert refused.typename == "PermissionDenied"


def test_a_retiree_outside_the_receiving_unit_is_refused(retirees, district, people):
    batch = create_batch(
        by=people.xwz_officer, unit=district.xiwangzhuang, employer_name="厂",
        received_on=D(2026, 5, 1), received_by="王",
    )  # fmt: skip
    with pytest.raises(PermissionDenied):  # 塔儿村 is not the officer's
        add_item(batch, retirees.li, by=people.xwz_officer, file_received=True)
    assert not batch.items.exists()
