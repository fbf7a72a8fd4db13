"""Organisations (单位主体): the list, an organisation's page and its forms."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from taizhang.core import personal, printing, versions
from taizhang.core.access import access_record, can_write, reads_ledgers, require
from taizhang.core.requests import AuthedRequest
from taizhang.core.views.records import record_context
from taizhang.people.filters import OrganisationFilter
from taizhang.people.forms import OrganisationForm, apply_errors
from taizhang.people.models import Organisation
from taizhang.people.services import organisations as services
from taizhang.people.tables import OrganisationTable
from taizhang.people.views.common import PAGE_SIZE, menu


def organisation_list(request: AuthedRequest) -> HttpResponse:
    require(reads_ledgers(request.user))
    organisations = OrganisationFilter(
        request.GET, queryset=Organisation.objects.for_user(request.user), request=request
    )
    table = OrganisationTable(organisations.qs.select_related("unit"), user=request.user)
    printing.paginate_table(request, table, per_page=PAGE_SIZE)
    return render(
        request,
        "people/organisation_list.html",
        {"filter": organisations, "table": table, **menu(request)},
    )


def organisation_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    organisation = access_record(Organisation, pk, request.user)
    return render(
        request,
        "people/organisation_detail.html",
        {
            "organisation": organisation,
            "contact_phone": personal.shown(organisation, "contact_phone", request.user),
            **menu(request),
            **record_context(request, organisation),
        },
    )


def _form_page(
    request: AuthedRequest, form: OrganisationForm, organisation: Organisation | None
) -> HttpResponse:
    return render(
        request,
        "people/organisation_form.html",
        {"form": form, "organisation": organisation, **menu(request)},
    )


def organisation_create(request: AuthedRequest) -> HttpResponse:
    require(can_write(request.user))
    form = OrganisationForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        fields = form.organisation_fields()
        try:
            organisation = services.create_organisation(by=request.user, **fields)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("%(name)s registered.") % {"name": organisation.name})
            return redirect(organisation)
    return _form_page(request, form, None)


def organisation_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    organisation = access_record(Organisation, pk, request.user, write=True)
    form = OrganisationForm(request.POST or None, user=request.user, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_organisation(
                organisation,
                by=request.user,
                version=versions.form_version(form),
                **form.organisation_fields(),
            )
        except versions.StaleEdit as error:
            versions.refuse_on_form(form, error)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(organisation)
    return _form_page(request, form, organisation)
