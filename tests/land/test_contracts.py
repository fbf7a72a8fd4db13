"""Transfer contracts: what the law requires of them and what is refused, with nothing
changed after a refusal."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from taizhang.core.models import AuditEntry
from taizhang.land import services
from taizhang.land.models import (
    Contract,
    ContractParcel,
    ContractStatus,
    DuePayment,
    TerminationGround,
)
from tests.factories import make_organisation
from tests.land.factories import clauses, make_contract, make_parcel, village_land

pytestmark = pytest.mark.django_db


def state():
    return (
        Contract.objects.count(),
        ContractParcel.objects.count(),
        DuePayment.objects.count(),
        AuditEntry.objects.count(),
    )


def refused(make, *expected_words):
    before = state()
    with pytest.raises(ValidationError) as error:
        make()
    text = " ".join(error.value.messages)
    for word in expected_words:
        assert word in text, text
    assert state() == before
    return text


def test_a_contract_with_every_clause_is_made_with_its_parcels_and_audit(district, people):
    first, second = village_land(district.xiwangzhuang)
    contract = make_contract(
        district.xiwangzhuang, [(first, "10"), (second, "6.5")], by=people.xwz_officer
    )
    assert contract.status == ContractStatus.ACTIVE
    assert sorted(contract.parcels.values_list("area_mu", flat=True)) == [
        Decimal("6.50"),
        Decimal("10.00"),
    ]
    assert AuditEntry.objects.filter(object_id=str(contract.pk), action="create").exists()


@pytest.mark.parametrize(
    ("change", "clause"),
    [
        ({"use": ""}, "use of the land"),
        ({"rights_and_duties": ""}, "rights and duties"),
        ({"compensation_recipient": ""}, "compensation on expropriation"),
        ({"breach_clauses": " "}, "liability for breach"),
    ],
)
def test_a_contract_lacking_a_clause_is_refused_naming_it(district, change, clause):
    (parcel,) = village_land(district.xiwangzhuang, 1)
    text = refused(lambda: make_contract(district.xiwangzhuang, [(parcel, "5")], **change), clause)
    assert "Art. 40" in text


def test_a_contract_lacking_several_clauses_names_each(district):
    (parcel,) = village_land(district.xiwangzhuang, 1)
    refused(
        lambda: make_contract(district.xiwangzhuang, [(parcel, "5")], use="", breach_clauses=""),
        "use of the land",
        "liability for breach",
    )


def test_parcels_without_location_and_grade_lack_the_land_clause(district):
    from tests.factories import make_household

    parcel = make_parcel(make_household(district.xiwangzhuang, "X1"), location="", grade="")
    refused(lambda: make_contract(district.xiwangzhuang, [(parcel, "5")]), "location, area")


def test_a_contract_without_a_transferee_lacks_the_parties_clause(district):
    (parcel,) = village_land(district.xiwangzhuang, 1)
    refused(
        lambda: services.create_contract(
            by=None,
            unit=district.xiwangzhuang,
            shares=[services.Share(parcel, Decimal("5"))],
            number="HT-9",
            **clauses(),
        ),
        "names and domiciles",
    )


def test_an_area_above_the_registered_area_is_refused(district):
    (parcel,) = village_land(district.xiwangzhuang, 1)
    refused(
        lambda: make_contract(district.xiwangzhuang, [(parcel, "10.01")]),
        "above its registered area",
    )


def test_a_term_past_the_contracting_term_is_refused(district):
    from tests.factories import make_household

    parcel = make_parcel(
        make_household(district.xiwangzhuang, "X1"),
        contract_ends_on=datetime.date(2027, 12, 31),
    )
    refused(
        lambda: make_contract(
            district.xiwangzhuang, [(parcel, "5")], ends_on=datetime.date(2028, 2, 28)
        ),
        "contracting term",
        "2027-12-31",
    )


def test_a_parcel_transferred_twice_for_overlapping_dates_is_refused(district):
    (parcel,) = village_land(district.xiwangzhuang, 1)
    make_contract(district.xiwangzhuang, [(parcel, "5")])
    refused(
        lambda: make_contract(
            district.xiwangzhuang,
            [(parcel, "5")],
            number="HT-2",
            signed_on=datetime.date(2024, 1, 1),
            starts_on=datetime.date(2024, 1, 1),
            ends_on=datetime.date(2026, 12, 31),
        ),
        "already transferred by contract HT-1",
    )


def test_a_parcel_may_be_transferred_again_after_the_first_contract_ends(district):
    (parcel,) = village_land(district.xiwangzhuang, 1)
    make_contract(district.xiwangzhuang, [(parcel, "5")])
    later = make_contract(
        district.xiwangzhuang,
        [(parcel, "5")],
        number="HT-2",
        signed_on=datetime.date(2025, 2, 1),
        starts_on=datetime.date(2025, 3, 1),
        ends_on=datetime.date(2027, 2, 28),
    )
    assert later.pk


def test_a_parcel_of_another_village_is_refused(district):
    (parcel,) = village_land(district.taer, 1)
    refused(
        lambda: make_contract(district.xiwangzhuang, [(parcel, "5")]),
        "not land of this village",
    )


def test_a_contract_number_is_unique_in_its_village(district):
    first, second = village_land(district.xiwangzhuang)
    make_contract(district.xiwangzhuang, [(first, "5")])
    refused(
        lambda: make_contract(district.xiwangzhuang, [(second, "5")]), "contract of this number"
    )


def test_an_officer_of_another_village_may_not_make_a_contract(district, people):
    (parcel,) = village_land(district.xiwangzhuang, 1)
    before = state()
    with pytest.raises(PermissionDenied):
        make_contract(district.xiwangzhuang, [(parcel, "5")], by=people.taer_officer)
    assert state() == before


def test_a_subtransfer_needs_recorded_written_consent(district):
    (parcel,) = village_land(district.xiwangzhuang, 1)
    parent = make_contract(district.xiwangzhuang, [(parcel, "10")])
    operator = make_organisation(district.xiwangzhuang, "再流转方")
    sub = {
        "number": "HT-2",
        "operator": operator,
        "parent": parent,
        "kind": "subcontract",
        "signed_on": datetime.date(2023, 2, 1),
        "starts_on": datetime.date(2023, 3, 1),
        "ends_on": datetime.date(2025, 2, 28),
    }
    refused(
        lambda: make_contract(district.xiwangzhuang, [(parcel, "10")], **sub), "written consent"
    )
    consented = make_contract(
        district.xiwangzhuang,
        [(parcel, "10")],
        consent="农户书面同意书",
        consent_on=datetime.date(2023, 1, 20),
        **sub,
    )
    assert consented.parent == parent


def test_a_subtransfer_stays_within_the_term_it_passes_on(district):
    (parcel,) = village_land(district.xiwangzhuang, 1)
    parent = make_contract(district.xiwangzhuang, [(parcel, "10")])
    refused(
        lambda: make_contract(
            district.xiwangzhuang,
            [(parcel, "10")],
            number="HT-2",
            parent=parent,
            consent="同意书",
            consent_on=datetime.date(2023, 1, 20),
            ends_on=datetime.date(2026, 2, 28),
        ),
        "within the term",
    )


def test_termination_needs_a_lawful_ground_and_a_reason(district, people, monkeypatch):
    from tests.factories import day_setter

    day_setter(monkeypatch, datetime.date(2023, 6, 1))
    (parcel,) = village_land(district.xiwangzhuang, 1)
    contract = make_contract(district.xiwangzhuang, [(parcel, "10")])
    for ground, reason in (("whim", "不想种了"), (TerminationGround.AGREEMENT, " ")):
        with pytest.raises(ValidationError):
            services.terminate_contract(
                contract,
                by=people.xwz_officer,
                on=datetime.date(2023, 5, 1),
                ground=ground,
                reason=reason,
            )
    contract.refresh_from_db()
    assert contract.status == ContractStatus.ACTIVE
    dues = DuePayment.objects.filter(contract=contract).count()
    services.terminate_contract(
        contract,
        by=people.xwz_officer,
        on=datetime.date(2023, 5, 1),
        ground=TerminationGround.AGREEMENT,
        reason="双方协商一致解除",
    )
    contract.refresh_from_db()
    assert contract.status == ContractStatus.TERMINATED
    assert contract.termination_reason == "双方协商一致解除"
    # The dues after the end (2024's) are dropped; those already due stay.
    assert DuePayment.objects.filter(contract=contract).count() == dues - 1
