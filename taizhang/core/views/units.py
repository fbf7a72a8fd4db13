"""Org-unit pages (组织机构): list, tree, detail, create and edit."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from taizhang.core import personal, printing, services, versions
from taizhang.core.access import access_record, can_manage_structure, require
from taizhang.core.filters import UnitFilter
from taizhang.core.forms import UnitForm
from taizhang.core.models import Unit
from taizhang.core.requests import AuthedRequest
from taizhang.core.tables import UnitTable
from taizhang.core.views.excel import ledger_links
from taizhang.core.views.records import record_context


def unit_list(request: AuthedRequest) -> HttpResponse:
    units = UnitFilter(request.GET, queryset=Unit.objects.for_user(request.user), request=request)
    table = UnitTable(units.qs)
    printing.paginate_table(request, table, per_page=50)
    return render(
        request,
        "core/unit_list.html",
        {
            "filter": units,
            "table": table,
            "active_nav": "units",
            "can_create": can_manage_structure(request.user),
            "excel": ledger_links(request, "units"),
        },
    )


def unit_tree(request: AuthedRequest) -> HttpResponse:
    """The org tree as the user may see it: their own subtree, or every root for district roles."""
    units = list(Unit.objects.for_user(request.user).only("name", "code", "kind", "path", "depth"))
    paths = {unit.path for unit in units}
    roots: list[Unit] = []
    children: dict[str, list[Unit]] = {}
    for unit in units:
        parent_path = unit.path[: -Unit.steplen]
        children.setdefault(unit.path, [])
        if parent_path in paths:
            children[parent_path].append(unit)
        else:
            roots.append(unit)
    for unit in units:
        unit.child_nodes = children[unit.path]
    return render(request, "core/unit_tree.html", {"roots": roots, "active_nav": "units"})


def unit_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    unit = access_record(Unit, pk, request.user)
    visible_children = Unit.objects.for_user(request.user).filter(
        path__startswith=unit.path, depth=unit.depth + 1
    )
    parent = Unit.objects.get_parent(unit)
    if parent and not Unit.objects.for_user(request.user).filter(pk=parent.pk).exists():
        parent = None
    return render(
        request,
        "core/unit_detail.html",
        {
            "unit": unit,
            "parent": parent,
            "children": visible_children,
            "phone": personal.shown(unit, "contact_phone", request.user),
            "active_nav": "units",
            "can_create_child": can_manage_structure(request.user),
            **record_context(request, unit),
        },
    )


def unit_create(request: AuthedRequest) -> HttpResponse:
    require(can_manage_structure(request.user))
    form = UnitForm(
        request.POST or None, user=request.user, initial={"parent": request.GET.get("parent")}
    )
    if request.method == "POST" and form.is_valid():
        try:
            unit = services.create_unit(
                by=request.user, parent=form.cleaned_data["parent"], **form.unit_changes()
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Unit %(name)s created.") % {"name": unit.name})
            return redirect(unit)
    return render(request, "core/unit_form.html", {"form": form, "active_nav": "units"})


def unit_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    unit = access_record(Unit, pk, request.user, write=True)
    form = UnitForm(request.POST or None, instance=unit, user=request.user)
    if request.method == "POST" and form.is_valid():
        extra = {"parent": form.cleaned_data["parent"]} if "parent" in form.fields else {}
        try:
            services.update_unit(
                unit,
                by=request.user,
                version=versions.form_version(form),
                **extra,
                **form.unit_changes(),
            )
        except versions.StaleEdit as error:
            versions.refuse_on_form(form, error)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(unit)
    return render(
        request, "core/unit_form.html", {"form": form, "unit": unit, "active_nav": "units"}
    )
