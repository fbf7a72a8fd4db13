"""The project list tables: sorting and pagination run in the database."""

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from taizhang.core.tables import PlainCellsTable
from taizhang.projects.models import Project


class ProjectTable(PlainCellsTable):
    name = tables.Column(linkify=True, attrs={"td": {"class": "wrap"}})
    code = tables.Column()
    unit = tables.Column(verbose_name=_("responsible unit"), order_by=("unit__path",))
    subdistrict = tables.Column(order_by=("subdistrict__path",))
    category = tables.Column()
    stage = tables.Column()
    review = tables.Column()
    total_investment_wan = tables.Column(attrs={"td": {"class": "number"}})
    planned_start = tables.DateColumn(format="Y-m")

    class Meta:
        model = Project
        fields: tuple[str, ...] = (
            "name",
            "code",
            "unit",
            "subdistrict",
            "category",
            "stage",
            "review",
            "total_investment_wan",
            "planned_start",
        )
        attrs = {"class": "striped"}
        empty_text = _("No projects match.")


class ReviewQueueTable(ProjectTable):
    """Projects waiting for the programme office (待审核) with what they ask for."""

    requested_stage = tables.Column()
    review_note = tables.Column(verbose_name=_("note"), attrs={"td": {"class": "wrap"}})

    class Meta(ProjectTable.Meta):
        fields = (
            "name",
            "unit",
            "category",
            "stage",
            "requested_stage",
            "review_note",
            "total_investment_wan",
        )
        exclude = ("code", "subdistrict", "review", "planned_start")
