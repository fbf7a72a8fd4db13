"""API schemas of the people registry. Input (`...In`) and output (`...Out`) never shared.

Personal fields (ID and document numbers, phones) are read through `personal.shown`, so the API
shows them as every other surface does (masked); ages and age bands are computed on the day of
the request, never stored."""

from __future__ import annotations

import datetime
from typing import Any

from ninja import Field, Schema

from taizhang.core import personal
from taizhang.core.schemas import VERSION_IN, VERSION_OUT, PatchIn, RequiredText, UnitBriefOut
from taizhang.core.schemas import _user_of as user_of
from taizhang.lib import clock
from taizhang.people.ages import AGE_BANDS

# Filters: the fields of taizhang/people/filters.py, as query parameters.


class PersonFilterIn(Schema):
    q: str | None = Field(None, description="A name, a whole ID number or its last 4 characters.")
    unit: int | None = Field(None, description="A village, community or subdistrict id.")
    group: int | None = Field(None, description="A group id: its members today.")
    age: str | None = Field(None, description="0-17, 18-59, 60-79, 80+, or the facts 60+, 80+.")
    status: str | None = Field(None, description="registered, moved_out or deceased.")
    sex: str | None = Field(None, description="male or female.")


class HouseholdFilterIn(Schema):
    q: str | None = Field(None, description="A household number, an address or a member's name.")
    unit: int | None = None


class OrganisationFilterIn(Schema):
    q: str | None = Field(None, description="A name, a whole credit code or an address.")
    kind: str | None = None
    unit: int | None = None
    is_active: bool | None = None


# Persons -----------------------------------------------------------------------------------


def age_band_of(age: int | None) -> str | None:
    if age is None:
        return None
    for band in AGE_BANDS:
        if age >= band.at_least and (band.below is None or age < band.below):
            return band.key
    return None


class _Personal(Schema):
    """Resolvers of a person's personal fields, as the caller may read them."""

    @staticmethod
    def resolve_id_number(obj: Any, context: Any) -> str:
        return personal.shown(obj, "id_number", user_of(context))

    @staticmethod
    def resolve_document_number(obj: Any, context: Any) -> str:
        return personal.shown(obj, "document_number", user_of(context))

    @staticmethod
    def resolve_phone(obj: Any, context: Any) -> str:
        return personal.shown(obj, "phone", user_of(context))

    @staticmethod
    def resolve_age(obj: Any) -> int | None:
        return obj.age_on(clock.today())

    @staticmethod
    def resolve_age_band(obj: Any) -> str | None:
        return age_band_of(obj.age_on(clock.today()))


class PersonBriefOut(_Personal):
    id: int
    name: str
    id_number: str = Field(description="Masked: the first 4 and last 4 characters.")
    sex: str
    birth_date: datetime.date | None
    age: int | None = Field(description="Full years today.")
    age_band: str | None = Field(description="0-17, 18-59, 60-79 or 80+.")


class HouseholdPlaceOut(Schema):
    id: int
    number: str
    relation: str


class PersonOut(_Personal):
    id: int
    version: int = VERSION_OUT
    name: str
    id_number: str = Field(description="Masked: the first 4 and last 4 characters.")
    document_type: str
    document_number: str = Field(description="Masked.")
    sex: str
    birth_date: datetime.date | None
    age: int | None = Field(description="Full years today.")
    age_band: str | None = Field(description="0-17, 18-59, 60-79 or 80+.")
    ethnicity: str
    phone: str = Field(description="Masked: 3 + 4 digits.")
    address: str
    unit: UnitBriefOut
    status: str
    status_since: datetime.date | None
    died_on: datetime.date | None
    notes: str
    is_demo: bool
    household: HouseholdPlaceOut | None

    @staticmethod
    def resolve_household(obj: Any) -> dict[str, Any] | None:
        try:
            member = obj.household_membership
        except AttributeError:  # RelatedObjectDoesNotExist
            return None
        return {
            "id": member.household_id,
            "number": member.household.number,
            "relation": member.relation,
        }


class MembershipOut(Schema):
    id: int
    person_id: int
    group_id: int
    group: str
    started_on: datetime.date
    ended_on: datetime.date | None
    evidence: str
    is_current: bool = Field(description="Whether the membership holds today.")

    @staticmethod
    def resolve_group(obj: Any) -> str:
        return obj.group.name

    @staticmethod
    def resolve_is_current(obj: Any) -> bool:
        today = clock.today()
        return obj.started_on <= today and (obj.ended_on is None or obj.ended_on >= today)


class StatusChangeOut(Schema):
    status: str
    on: datetime.date
    reason: str


class PersonDetailOut(PersonOut):
    memberships: list[MembershipOut]
    status_changes: list[StatusChangeOut]

    @staticmethod
    def resolve_memberships(obj: Any) -> list[Any]:
        return list(obj.memberships.all())

    @staticmethod
    def resolve_status_changes(obj: Any) -> list[Any]:
        return list(obj.status_changes.all())


class PersonIn(Schema):
    name: RequiredText = Field(max_length=50)
    unit_id: int = Field(description="The village or community where the person lives.")
    id_number: str = Field("", max_length=40, description="18 characters; or give a document.")
    document_type: str = Field("id_card", max_length=24)
    document_number: str = Field("", max_length=40)
    sex: str = Field("", max_length=8, description="Derived from the ID number when given.")
    birth_date: datetime.date | None = Field(None, description="Derived from the ID number.")
    ethnicity: str = Field("", max_length=20)
    phone: str = Field("", max_length=30)
    address: str = Field("", max_length=200)
    notes: str = Field("", max_length=2000)


class PersonPatchIn(PatchIn):
    name: RequiredText | None = Field(None, max_length=50)
    unit_id: int | None = Field(None, description="Move to another village or community.")
    id_number: str | None = Field(None, max_length=40)
    document_type: str | None = Field(None, max_length=24)
    document_number: str | None = Field(None, max_length=40)
    sex: str | None = Field(None, max_length=8)
    birth_date: datetime.date | None = None
    ethnicity: str | None = Field(None, max_length=20)
    phone: str | None = Field(None, max_length=30)
    address: str | None = Field(None, max_length=200)
    notes: str | None = Field(None, max_length=2000)
    reason: str = Field("", max_length=200)
    version: int | None = VERSION_IN


class StatusIn(Schema):
    status: str = Field(description="registered, moved_out or deceased.")
    on: datetime.date = Field(description="The day of the change (of death, for deceased).")
    reason: str = Field("", max_length=200)
    version: int | None = VERSION_IN


# Households ---------------------------------------------------------------------------------


class HouseholdOut(Schema):
    id: int
    version: int = VERSION_OUT
    number: str
    unit: UnitBriefOut
    address: str
    notes: str
    is_demo: bool
    member_count: int


class HouseholdMemberOut(Schema):
    id: int
    relation: str
    person: PersonBriefOut


class HouseholdDetailOut(HouseholdOut):
    members: list[HouseholdMemberOut]

    @staticmethod
    def resolve_members(obj: Any) -> list[Any]:
        return list(obj.members.all())


class HouseholdIn(Schema):
    number: RequiredText = Field(max_length=32)
    unit_id: int
    head_id: int | None = Field(None, description="A resident of the unit: 户主.")
    address: str = Field("", max_length=200)
    notes: str = Field("", max_length=2000)


class MemberIn(Schema):
    person_id: int
    relation: str = Field(description="head, spouse, child, parent, child_in_law, ….")


# Groups ---------------------------------------------------------------------------------------


class GroupOut(Schema):
    id: int
    code: str
    name: str
    aliases: str
    description: str
    is_active: bool
    members: int = Field(description="Current members among the people the caller may see.")


class MembershipIn(Schema):
    group_id: int
    started_on: datetime.date
    ended_on: datetime.date | None = None
    evidence: str = Field("", max_length=200)


class MembershipEndIn(Schema):
    ended_on: datetime.date
    reason: str = Field("", max_length=200)


# Organisations --------------------------------------------------------------------------------


class OrganisationOut(Schema):
    id: int
    version: int = VERSION_OUT
    name: str
    kind: str
    credit_code: str
    legal_representative: str
    contact_person: str
    contact_phone: str = Field(description="Masked: 3 + 4 digits.")
    address: str
    unit: UnitBriefOut
    is_active: bool
    notes: str
    is_demo: bool

    @staticmethod
    def resolve_contact_phone(obj: Any, context: Any) -> str:
        return personal.shown(obj, "contact_phone", user_of(context))


class OrganisationIn(Schema):
    name: RequiredText = Field(max_length=200)
    kind: str = Field(description="enterprise, shop, property_manager, cooperative, ….")
    unit_id: int = Field(description="The village, community or subdistrict where it is.")
    credit_code: str = Field("", max_length=40)
    legal_representative: str = Field("", max_length=50)
    contact_person: str = Field("", max_length=50)
    contact_phone: str = Field("", max_length=30)
    address: str = Field("", max_length=200)
    is_active: bool = True
    notes: str = Field("", max_length=2000)


class OrganisationPatchIn(PatchIn):
    name: RequiredText | None = Field(None, max_length=200)
    kind: str | None = None
    unit_id: int | None = None
    credit_code: str | None = Field(None, max_length=40)
    legal_representative: str | None = Field(None, max_length=50)
    contact_person: str | None = Field(None, max_length=50)
    contact_phone: str | None = Field(None, max_length=30)
    address: str | None = Field(None, max_length=200)
    is_active: bool | None = None
    notes: str | None = Field(None, max_length=2000)
    version: int | None = VERSION_IN


# Statistics -----------------------------------------------------------------------------------


class CountOut(Schema):
    key: str
    label: str
    count: int


class UnitCountOut(Schema):
    id: int
    code: str
    name: str
    count: int


class PeopleStatsIn(Schema):
    on: datetime.date | None = Field(None, description="Ages on this day (default: today).")
    unit: int | None = Field(None, description="A unit id: its people and those below it.")


class PeopleStatsOut(Schema):
    on: datetime.date
    total: int
    by_unit: list[UnitCountOut]
    by_group: list[CountOut]
    by_age_band: list[CountOut]
    age_facts: list[CountOut]
