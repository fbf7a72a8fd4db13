"""The registry's list tables: sorting and pagination run in the database; personal fields
are shown as `personal.shown` says (masked unless the reader may see them)."""

from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.db.models import Prefetch, QuerySet
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from taizhang.core import personal
from taizhang.lib import clock
from taizhang.people.models import GroupMembership, Organisation, Person, PersonQuerySet


def people_for_list(people: PersonQuerySet) -> QuerySet[Person]:
    """What the person table reads, in a fixed number of queries whatever the page size: the
    village and household joined, today's group memberships in one prefetch."""
    current = GroupMembership.objects.current(clock.today()).select_related("group")
    return people.with_household().prefetch_related(
        Prefetch("memberships", queryset=current, to_attr="current_memberships")
    )


class PersonTable(tables.Table):
    name = tables.Column(linkify=True, attrs={"td": {"class": "wrap"}})
    sex = tables.Column()
    age = tables.Column(verbose_name=_("age"), empty_values=(), order_by=("-birth_date",))
    id_number = tables.Column(verbose_name=_("citizen ID number"), empty_values=())
    phone = tables.Column(verbose_name=_("phone"), orderable=False)
    unit = tables.Column(verbose_name=_("village or community"), order_by=("unit__code",))
    household = tables.Column(
        verbose_name=_("household number"),
        accessor="household_membership__household__number",
        order_by=("household_membership__household__number",),
        default="—",
    )
    status = tables.Column()
    groups = tables.Column(verbose_name=_("groups"), empty_values=(), orderable=False)

    class Meta:
        model = Person
        fields = (
            "name", "sex", "age", "id_number", "phone", "unit", "household", "status", "groups",
        )  # fmt: skip
        order_by = ("unit", "name")
        attrs = {"class": "striped"}
        empty_text = _("No people match.")

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)

    def render_unit(self, record: Person) -> str:
        return record.unit.name

    def render_age(self, record: Person) -> Any:
        age = record.age_on()
        return "—" if age is None else age

    def render_id_number(self, record: Person) -> Any:
        if record.id_number:
            return personal.shown(record, "id_number", self.user)
        shown = personal.shown(record, "document_number", self.user)
        return f"{record.get_document_type_display()} {shown}"

    def render_phone(self, record: Person) -> Any:
        return personal.shown(record, "phone", self.user)

    def render_groups(self, record: Person) -> Any:
        memberships = getattr(record, "current_memberships", [])
        return format_html_join("、", "{}", ((m.group.name,) for m in memberships)) or "—"


class OrganisationTable(tables.Table):
    name = tables.Column(linkify=True, attrs={"td": {"class": "wrap"}})
    kind = tables.Column()
    credit_code = tables.Column()
    legal_representative = tables.Column()
    contact_phone = tables.Column(orderable=False)
    unit = tables.Column(order_by=("unit__code",))
    is_active = tables.BooleanColumn()

    class Meta:
        model = Organisation
        fields = (
            "name", "kind", "credit_code", "legal_representative", "contact_phone", "unit",
            "is_active",
        )  # fmt: skip
        order_by = ("unit", "name")
        attrs = {"class": "striped"}
        empty_text = _("No organisations match.")

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)

    def render_unit(self, record: Organisation) -> str:
        return record.unit.name

    def render_contact_phone(self, record: Organisation) -> Any:
        return personal.shown(record, "contact_phone", self.user)
