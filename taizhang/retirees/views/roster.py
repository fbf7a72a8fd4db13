"""The roster (退休人员名册): the list with its filters, one retiree with their history, and
registering or changing a retiree."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _

from taizhang.core import personal, printing
from taizhang.core.access import access_record, can_write, reads_ledgers, require
from taizhang.core.requests import AuthedRequest
from taizhang.core.views.records import record_context
from taizhang.lib import clock
from taizhang.people.models import GroupMembership
from taizhang.retirees.filters import RetireeFilter
from taizhang.retirees.forms import RetireeForm
from taizhang.retirees.models import ELDERLY_AGE, SPECIAL_GROUPS, Retiree
from taizhang.retirees.services import roster as services
from taizhang.retirees.views.common import PAGE_SIZE, form_page, page, refused


def retiree_list(request: AuthedRequest) -> HttpResponse:
    require(reads_ledgers(request.user))
    retirees = RetireeFilter(
        request.GET, queryset=Retiree.objects.for_user(request.user), request=request
    )
    rows = retirees.qs.select_related("person__unit", "employer").order_by(
        "person__unit__code", "person__name", "pk"
    )
    return page(
        request,
        "retirees/retiree_list.html",
        {
            "filter": retirees,
            "page": printing.page_of(request, rows, PAGE_SIZE),
            "today": clock.today(),
        },
    )


def retiree_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    retiree = access_record(Retiree, pk, request.user)
    person = retiree.person
    today = clock.today()
    lists = (
        GroupMembership.objects.current(today)
        .filter(person=person, group__code__in=SPECIAL_GROUPS)
        .select_related("group")
    )
    age = person.age_on(today)
    return page(
        request,
        "retirees/retiree_detail.html",
        {
            "retiree": retiree,
            "person": person,
            "today": today,
            "age": age,
            "elderly": age is not None and age >= ELDERLY_AGE,
            "lists": lists,
            "id_number": personal.shown(person, "id_number", request.user),
            "phone": personal.shown(person, "phone", request.user),
            "social_insurance_number": personal.shown(
                retiree, "social_insurance_number", request.user
            ),
            "emergency_phone": personal.shown(retiree, "emergency_phone", request.user),
            "confirmations": retiree.confirmations.select_related("recorded_by"),
            "events": retiree.pension_events.all(),
            "handovers": retiree.handovers.select_related("batch"),
            "visits": retiree.visits.all()[:24],
            "death": getattr(retiree, "death", None),
            **record_context(request, retiree),
        },
    )


def retiree_create(request: AuthedRequest) -> HttpResponse:
    require(can_write(request.user))
    form = RetireeForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            retiree = services.register_retiree(
                form.cleaned_data["person_query"], by=request.user, **form.retiree_fields()
            )
        except ValidationError as error:
            refused(request, form, error)
        else:
            messages.success(request, _("Retiree registered."))
            return redirect(retiree)
    return form_page(request, form, title=_("Register a retiree"), cancel=reverse("retirees-list"))


def retiree_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    retiree = access_record(Retiree, pk, request.user, write=True)
    form = RetireeForm(request.POST or None, instance=retiree, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_retiree(retiree, by=request.user, **form.retiree_fields())
        except ValidationError as error:
            refused(request, form, error)
        else:
            messages.success(request, _("Retiree changed."))
            return redirect(retiree)
    return form_page(
        request, form, title=_("Change %(name)s") % {"name": retiree.person.name},
        cancel=retiree.get_absolute_url(),
    )  # fmt: skip


urlpatterns = [
    path("", retiree_list, name="retirees-list"),
    path("new/", retiree_create, name="retirees-create"),
    path("<int:pk>/", retiree_detail, name="retirees-retiree"),
    path("<int:pk>/edit/", retiree_edit, name="retirees-edit"),
]
