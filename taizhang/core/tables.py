"""The org-unit list table: sorting and pagination run in the database."""

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from taizhang.core.models import Unit


class UnitTable(tables.Table):
    code = tables.Column(linkify=True)
    name = tables.Column(linkify=True)
    kind = tables.Column()
    address = tables.Column(attrs={"td": {"class": "wrap"}})
    contact_person = tables.Column()
    is_demo = tables.BooleanColumn(verbose_name=_("demo"))

    class Meta:
        model = Unit
        fields = ("code", "name", "kind", "address", "contact_person", "is_demo")
        order_by = ("code",)
        attrs = {"class": "striped"}
        empty_text = _("No units match.")
