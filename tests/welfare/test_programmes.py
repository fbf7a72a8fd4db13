"""Defining programmes: tiers without overlaps, a basket of positive quantities, exclusions
both ways and never of itself, residence units within the owner's subtree, only by officers
of the owner's line, audited, and nothing changed by a refusal."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from taizhang.core.access import SYSTEM
from taizhang.core.models import AuditEntry
from taizhang.core.versions import StaleEdit
from taizhang.welfare.models import BasketItem, Programme, ProgrammeKind, Tier
from taizhang.welfare.services import enrolments
from taizhang.welfare.services.programmes import (
    create_programme,
    deactivate_programme,
    update_programme,
)

START = datetime.date(2022, 1, 1)
TIERS = [
    {"min_age": 60, "max_age": 70, "amount_yuan": Decimal("100")},
    {"min_age": 70, "max_age": 80, "amount_yuan": Decimal("150")},
    {"min_age": 80, "max_age": None, "amount_yuan": Decimal("200")},
]


def _allowance(by, owner, **fields):
    options = {
        "name": "高龄补贴",
        "kind": ProgrammeKind.CASH_MONTHLY,
        "starts_on": START,
        "min_age": 60,
        "tiers": TIERS,
        **fields,
    }
    return create_programme(by=by, owner=owner, **options)


def test_an_officer_defines_a_programme_of_their_village_with_tiers_and_an_audit_entry(
    district, people
):
    programme = _allowance(people.xwz_officer, district.xiwangzhuang)
    assert [(t.min_age, t.max_age) for t in programme.tiers.all()] == [
        (60, 70),
        (70, 80),
        (80, None),
    ]
    entry = AuditEntry.objects.get(object_id=str(programme.pk), action="create")
    assert entry.after["tiers"][2] == [80, None, "200.00"]
    assert entry.actor == people.xwz_officer


def test_a_village_officer_may_not_define_a_programme_of_another_village(district, people):
    with pytest.raises(PermissionDenied):
        _allowance(people.xwz_officer, district.taer)
    assert not Programme.objects.exists()


def test_overlapping_tiers_are_refused_and_nothing_is_saved(district, people):
    tiers = [
        {"min_age": 60, "max_age": 75, "amount_yuan": Decimal("100")},
        {"min_age": 70, "max_age": None, "amount_yuan": Decimal("150")},
    ]
    with pytest.raises(ValidationError) as refused:
        _allowance(people.xwz_officer, district.xiwangzhuang, tiers=tiers)
    assert "overlap" in str(refused.value)
    assert not Programme.objects.exists() and not Tier.objects.exists()


def test_an_open_tier_below_another_is_an_overlap(district, people):
    tiers = [
        {"min_age": 60, "max_age": None, "amount_yuan": Decimal("100")},
        {"min_age": 80, "max_age": None, "amount_yuan": Decimal("200")},
    ]
    with pytest.raises(ValidationError, match="overlap"):
        _allowance(people.xwz_officer, district.xiwangzhuang, tiers=tiers)


def test_a_basket_item_of_zero_or_negative_quantity_is_refused(district, people):
    for quantity in ("0", "-5"):
        with pytest.raises(ValidationError, match="more than zero"):
            create_programme(
                by=people.subdistrict_officer,
                owner=district.xiaonantou,
                name="春节慰问品",
                kind=ProgrammeKind.IN_KIND,
                starts_on=START,
                basket=[{"name": "大米", "quantity": Decimal(quantity), "unit_of_measure": "kg"}],
            )
    assert not Programme.objects.exists() and not BasketItem.objects.exists()


def test_residence_units_outside_the_owners_subtree_are_refused(district, people):
    with pytest.raises(ValidationError, match="古城村"):
        create_programme(
            by=people.subdistrict_officer,
            owner=district.xiaonantou,
            name="春节慰问品",
            kind=ProgrammeKind.IN_KIND,
            starts_on=START,
            residence_units=[district.taer, district.guchengcun],
        )
    assert not Programme.objects.exists()


def test_an_exclusion_holds_both_ways_and_never_of_the_programme_itself(district, people):
    dibao = create_programme(
        by=people.admin, owner=district.pingcheng, name="低保", kind="cash_monthly", starts_on=START
    )
    tekun = create_programme(
        by=people.admin,
        owner=district.pingcheng,
        name="特困供养",
        kind="cash_monthly",
        starts_on=START,
        excludes=[dibao],
    )
    assert list(dibao.excludes.all()) == [tekun]
    with pytest.raises(ValidationError, match="itself"):
        update_programme(dibao, by=people.admin, excludes=[dibao])
    assert list(dibao.excludes.all()) == [tekun]


def test_another_villages_officer_may_not_change_the_programme(district, people, allowance):
    with pytest.raises(PermissionDenied):
        update_programme(allowance, by=people.taer_officer, name="改名")
    allowance.refresh_from_db()
    assert allowance.name == "60岁以上老人生活补贴"


def test_a_change_of_tiers_replaces_them_bumps_the_version_and_is_audited(
    district, people, allowance
):
    version = allowance.version
    changed = update_programme(
        allowance,
        by=people.xwz_officer,
        version=version,
        reason="提标",
        tiers=[{"min_age": 60, "max_age": None, "amount_yuan": Decimal("120")}],
    )
    assert changed.version == version + 1
    assert [str(t.amount_yuan) for t in changed.tiers.all()] == ["120.00"]
    entry = AuditEntry.objects.get(object_id=str(allowance.pk), action="update")
    assert len(entry.before["tiers"]) == 3 and entry.after["tiers"] == [[60, None, "120.00"]]
    assert entry.reason == "提标"


def test_an_edit_of_an_older_version_is_refused(district, people, allowance):
    update_programme(allowance, by=people.xwz_officer, funding_source="村集体")
    with pytest.raises(StaleEdit):
        update_programme(allowance, by=people.xwz_officer, version=1, name="别的名字")
    allowance.refresh_from_db()
    assert allowance.name == "60岁以上老人生活补贴"


def test_a_deactivated_programme_takes_no_new_enrolments(district, people, villagers, allowance):
    with pytest.raises(ValidationError, match="reason"):
        deactivate_programme(allowance, by=people.xwz_officer, reason=" ")
    deactivate_programme(allowance, by=people.xwz_officer, reason="村集体经济收入不足")
    with pytest.raises(ValidationError, match="not active"):
        enrolments.enrol(allowance, villagers.wang, by=SYSTEM, started_on=START)


def test_a_programme_with_an_unknown_field_is_a_programming_error(district, people):
    with pytest.raises(TypeError):
        _allowance(people.admin, district.xiwangzhuang, colour="red")
