"""Eligibility as data (享受条件), evaluated on a given day, in the database.

Each rule of a programme is a filter on people with the reason a person fails it, so that the
same rules list who qualifies (`eligible_people`), explain why an enrolled person no longer
does (`failing`), and re-check a cycle at approval — a constant number of queries whatever the
number of people. Rules: residence unit (the programme's villages, or its owner's subtree),
status 在册, age from the birth date, membership of a group, household size. Income per head
is known from an application (its home investigation), so `income_failure` checks one
application against the programme's standard.

A household programme (one benefit per 户) is held by the household's head: the residence and
status rules apply to the head, the age and group rules to any member (a household with a
member aged 80 or over), the size to the household."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from taizhang.core.models import Unit
from taizhang.lib.dates import years_before
from taizhang.people.models import GroupMembership, HouseholdMember, Person, PersonStatus, Relation
from taizhang.welfare.models import BenefitUnit, Enrolment, EnrolmentStatus, Programme


@dataclass(frozen=True)
class Rule:
    """One condition of a programme: a filter on people and the reason for failing it."""

    key: str
    condition: Q
    reason: str


def residence_units(programme: Programme) -> list[Unit]:
    return list(programme.residence_units.all()) or [programme.owner]


def _member_condition(programme: Programme, on: datetime.date) -> Q:
    """The age and group rules for one person."""
    condition = Q()
    if programme.min_age is not None:
        condition &= Q(birth_date__lte=years_before(on, programme.min_age))
    if programme.max_age is not None:
        condition &= Q(birth_date__gt=years_before(on, programme.max_age))
    group_ids = [group.pk for group in programme.groups.all()]  # prefetched by a to-do
    if group_ids:
        members = GroupMembership.objects.current(on).filter(group_id__in=group_ids)
        condition &= Q(pk__in=members.values("person_id"))
    return condition


def _household_size() -> Coalesce:
    """The number of registered members of a person's household (1 without a household)."""
    sizes = (
        HouseholdMember.objects.filter(
            household_id=OuterRef("household_membership__household_id"),
            person__status=PersonStatus.REGISTERED,
        )
        .order_by()
        .values("household_id")
        .annotate(size=Count("pk"))
        .values("size")
    )
    return Coalesce(Subquery(sizes, output_field=IntegerField()), Value(1))


def rules(programme: Programme, on: datetime.date) -> list[Rule]:
    """The programme's rules on a day, as filters on people (household heads for a household
    programme)."""
    units = residence_units(programme)
    names = "、".join(unit.name for unit in units)
    residence = Q()
    for unit in units:
        residence |= Q(unit__path__startswith=unit.path)
    found = [Rule("residence", residence, _("does not live in %(units)s") % {"units": names})]
    if programme.registered_only:
        found.append(
            Rule(
                "status",
                Q(status=PersonStatus.REGISTERED),
                _("is not a registered resident (moved out or deceased)"),
            )
        )
    member = _member_condition(programme, on)
    if member:
        if programme.benefit_unit == BenefitUnit.HOUSEHOLD:
            qualifying = HouseholdMember.objects.filter(
                person__in=Person.objects.filter(member, status=PersonStatus.REGISTERED)
            ).values("household_id")
            member = Q(household_membership__household_id__in=qualifying)
        found.append(Rule("member", member, _member_reason(programme)))
    if programme.min_household_size is not None or programme.max_household_size is not None:
        size = Q()
        if programme.min_household_size is not None:
            size &= Q(household_size__gte=programme.min_household_size)
        if programme.max_household_size is not None:
            size &= Q(household_size__lte=programme.max_household_size)
        found.append(Rule("household_size", size, _("household size is outside the rule")))
    if programme.benefit_unit == BenefitUnit.HOUSEHOLD:
        found.append(
            Rule(
                "head",
                Q(household_membership__relation=Relation.HEAD),
                _("is not the head of a household"),
            )
        )
    return found


def _member_reason(programme: Programme) -> str:
    parts = []
    if programme.min_age is not None:
        parts.append(_("aged %(age)s or over") % {"age": programme.min_age})
    if programme.max_age is not None:
        parts.append(_("under %(age)s") % {"age": programme.max_age})
    groups = "、".join(group.name for group in programme.groups.all())
    if groups:
        parts.append(_("in %(groups)s") % {"groups": groups})
    what = _(", ").join(parts)
    if programme.benefit_unit == BenefitUnit.HOUSEHOLD:
        return _("nobody of the household is %(what)s") % {"what": what}
    return _("is not %(what)s") % {"what": what}


def _people(programme: Programme, on: datetime.date, found: list[Rule]) -> QuerySet[Person]:
    people = Person.objects.all()
    if any(rule.key == "household_size" for rule in found):
        people = people.annotate(household_size=_household_size())
    return people


def eligible_people(
    programme: Programme, on: datetime.date, found: list[Rule] | None = None
) -> QuerySet[Person]:
    """Everyone who meets every rule of the programme on a day (household heads for a
    household programme), income aside. `found`: the rules, when the caller has them."""
    found = rules(programme, on) if found is None else found
    condition = Q()
    for rule in found:
        condition &= rule.condition
    return _people(programme, on, found).filter(condition)


def failing(
    programme: Programme,
    on: datetime.date,
    enrolments: QuerySet[Enrolment],
    found: list[Rule] | None = None,
) -> dict[int, list[str]]:
    """For enrolments of the programme, the reasons their person no longer qualifies on a day
    (by enrolment id; enrolments that still qualify are absent). One query per rule."""
    found = rules(programme, on) if found is None else found
    people = _people(programme, on, found)
    reasons: dict[int, list[str]] = {}
    for rule in found:
        failed = enrolments.exclude(person__in=people.filter(rule.condition)).values_list(
            "pk", flat=True
        )
        for enrolment_id in failed:
            reasons.setdefault(enrolment_id, []).append(rule.reason)
    return reasons


def why_not(programme: Programme, person: Person, on: datetime.date) -> list[str]:
    """The reasons one person does not qualify on a day (none: they do)."""
    found = rules(programme, on)
    people = _people(programme, on, found).filter(pk=person.pk)
    return [rule.reason for rule in found if not people.filter(rule.condition).exists()]


def income_failure(
    programme: Programme, monthly_income_yuan: Decimal | None, household_size: int
) -> str:
    """Why a household's income fails the programme's standard ("" if it passes or the
    programme has none)."""
    standard = programme.income_standard_yuan
    if standard is None:
        return ""
    if monthly_income_yuan is None:
        return _("the household's income is not known")
    per_head = monthly_income_yuan / max(household_size, 1)
    if per_head >= standard:
        return _("income per head %(income)s yuan is not below the standard %(standard)s") % {
            "income": per_head.quantize(Decimal("0.01")),
            "standard": standard,
        }
    return ""


def excluded_by(programme: Programme, on: datetime.date) -> QuerySet[Enrolment]:
    """Enrolments holding on a day in a programme this one may not be combined with."""
    return Enrolment.objects.current(on).filter(
        status=EnrolmentStatus.ACTIVE, programme__in=programme.excludes.all()
    )


@dataclass
class Candidates:
    """The candidate list of a programme on a day (待认定名单): who qualifies and is not
    enrolled (`joining`), who is enrolled and no longer qualifies with the reasons
    (`leaving`), and who qualifies but receives an excluded programme (`excluded`)."""

    joining: QuerySet[Person]
    leaving: list[tuple[Enrolment, list[str]]]
    excluded: QuerySet[Person]


def candidates(
    programme: Programme,
    on: datetime.date,
    *,
    within: Callable[[QuerySet], QuerySet] = lambda records: records,
) -> Candidates:
    """The candidate list, narrowed by `within` (the reader's scope: `.for_user(user)`)."""
    active = Enrolment.objects.filter(programme=programme, status=EnrolmentStatus.ACTIVE)
    found = rules(programme, on)  # read once for both lists
    eligible = within(eligible_people(programme, on, found))
    blocked = excluded_by(programme, on).values("person_id")
    joining = eligible.exclude(pk__in=active.values("person_id")).exclude(pk__in=blocked)
    enrolled = within(active)
    reasons = failing(programme, on, enrolled, found)
    leaving_records = enrolled.filter(pk__in=list(reasons)).select_related("person__unit")
    leaving = [(enrolment, reasons[enrolment.pk]) for enrolment in leaving_records]
    excluded = eligible.exclude(pk__in=active.values("person_id")).filter(pk__in=blocked)
    return Candidates(joining=joining, leaving=leaving, excluded=excluded)
