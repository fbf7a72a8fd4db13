"""Supervision pages (督办): the list, an item with its assignments and timelines, the actions
each user may take, extensions, reopening, the new-item form and the department scorecard."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from taizhang.core import printing
from taizhang.core.access import access_record, can_write, scope
from taizhang.core.requests import AuthedRequest
from taizhang.core.views.records import record_context
from taizhang.core.views.steps import form_error
from taizhang.lib import clock
from taizhang.supervision import aggregates, flows, queries, services
from taizhang.supervision.access import is_assignee, is_supervisor
from taizhang.supervision.deadlines import item_deadline
from taizhang.supervision.filters import SupervisionItemFilter
from taizhang.supervision.forms import (
    ActionForm,
    AddUnitForm,
    DecisionForm,
    ExtensionForm,
    ItemForm,
    ReasonForm,
)
from taizhang.supervision.models import (
    Assignment,
    ExtensionRequest,
    ExtensionStatus,
    SupervisionEvent,
    SupervisionItem,
)
from taizhang.supervision.tables import SupervisionItemTable

NAV = "supervision"


def item_list(request: AuthedRequest) -> HttpResponse:
    items = SupervisionItemFilter(
        request.GET,
        queryset=queries.with_assignments(SupervisionItem.objects.for_user(request.user)).annotate(
            shown_deadline=item_deadline()
        ),
        request=request,
    )
    table = SupervisionItemTable(items.qs)
    printing.paginate_table(request, table, per_page=50)
    return render(
        request,
        "supervision/item_list.html",
        {"filter": items, "table": table, "active_nav": NAV, "can_create": can_write(request.user)},
    )


def subject_from_key(key: str, user: Any) -> models.Model | None:
    """The record named app_label.model.pk, if the user may read it; else 404."""
    if not key:
        return None
    try:
        app_label, model_name, pk = key.split(".", 2)
        model = apps.get_model(app_label, model_name)
    except (ValueError, LookupError) as error:
        raise Http404 from error
    if not hasattr(model, "scope_unit_field") or getattr(model, "is_history", False):
        raise Http404
    try:
        record = scope(model._default_manager.all(), user).filter(pk=pk).first()
    except (ValueError, TypeError, ValidationError) as error:
        raise Http404 from error
    if record is None:
        raise Http404
    return record


def subject_panel(request: AuthedRequest, record: models.Model) -> dict[str, Any]:
    """What a record's detail page needs for supervision/_items.html: the items about the
    record the user may see, and the link to open a new one about it (for writers)."""
    meta = record._meta
    new_url = None
    if can_write(request.user):
        key = f"{meta.app_label}.{meta.model_name}.{record.pk}"
        new_url = f"{reverse('supervision-create')}?{urlencode({'subject': key})}"
    return {"items": queries.items_for(record, request.user), "new_url": new_url}


def item_create(request: AuthedRequest) -> HttpResponse:
    subject_key = request.GET.get("subject", "")
    subject = subject_from_key(subject_key, request.user)
    form = ItemForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            item = services.create_item(by=request.user, subject=subject, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Supervision item assigned."))
            return redirect(item)
    return render(
        request,
        "supervision/item_form.html",
        {"form": form, "subject": subject, "subject_key": subject_key, "active_nav": NAV},
    )


def _assignment_panel(assignment: Assignment, user: Any, today: Any) -> dict[str, Any]:
    flow = assignment.flow
    requests = list(assignment.extension_requests.all())
    pending = [r for r in requests if r.status == ExtensionStatus.PENDING]
    assignee = is_assignee(user, assignment)
    return {
        "assignment": assignment,
        "light": assignment.light(today),
        "light_label": flows.LIGHT_LABELS[assignment.light(today)],
        "actions": services.allowed_actions(assignment, user),
        "events": [
            (
                event,
                services.action_label(flow, event.action),
                flow.state_label(event.to_state) if event.to_state else "",
            )
            for event in assignment.events.all()
        ],
        "extension_requests": requests,
        "may_request_extension": assignee
        and assignment.is_open
        and not pending
        and today <= assignment.deadline,
        "pending_for_decision": pending
        if services.may_decide_extensions(user, assignment.item)
        else [],
        "may_reopen": is_supervisor(user, assignment.item) and assignment.closed_at is not None,
    }


def item_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    item = access_record(SupervisionItem, pk, request.user)
    assignments = item.assignments.select_related("unit", "item__supervisor_unit").prefetch_related(
        Prefetch("events", queryset=SupervisionEvent.objects.order_by("at", "id")),
        "extension_requests",
    )
    today = clock.today()
    supervisor = is_supervisor(request.user, item)
    return render(
        request,
        "supervision/item_detail.html",
        {
            "item": item,
            "flow": item.flow_definition,
            "panels": [_assignment_panel(a, request.user, today) for a in assignments],
            "is_supervisor": supervisor,
            "add_unit_form": AddUnitForm(user=request.user) if supervisor else None,
            "extension_form": ExtensionForm(),
            "active_nav": NAV,
            **record_context(request, item),
        },
    )


def assignment_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    """One unit's part of an item: its timeline, and the evidence it attaches."""
    assignment = access_record(Assignment, pk, request.user)
    panel = _assignment_panel(assignment, request.user, clock.today())
    return render(
        request,
        "supervision/assignment_detail.html",
        {
            "item": assignment.item,
            "panel": panel,
            "extension_form": ExtensionForm(),
            "active_nav": NAV,
            **record_context(request, assignment),
        },
    )


def _done(request: AuthedRequest, target: Any, error: ValidationError | None, ok: str) -> Any:
    if error is not None:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, ok)
    return redirect(target)


@require_POST
def assignment_act(request: AuthedRequest, pk: int) -> HttpResponse:
    assignment = access_record(Assignment, pk, request.user)
    form = ActionForm(request.POST)
    error = None if form.is_valid() else form_error(form)
    if error is None:
        try:
            services.act(assignment, by=request.user, **form.cleaned_data)
        except ValidationError as refused:
            error = refused
    return _done(request, assignment.item, error, _("Done."))


@require_POST
def extension_request(request: AuthedRequest, pk: int) -> HttpResponse:
    assignment = access_record(Assignment, pk, request.user)
    form = ExtensionForm(request.POST)
    error = None if form.is_valid() else form_error(form)
    if error is None:
        try:
            services.request_extension(assignment, by=request.user, **form.cleaned_data)
        except ValidationError as refused:
            error = refused
    return _done(request, assignment.item, error, _("Extension requested."))


@require_POST
def extension_decide(request: AuthedRequest, pk: int) -> HttpResponse:
    extension = access_record(ExtensionRequest, pk, request.user)
    form = DecisionForm(request.POST)
    error = None if form.is_valid() else form_error(form)
    if error is None:
        try:
            services.decide_extension(extension, by=request.user, **form.cleaned_data)
        except ValidationError as refused:
            error = refused
    return _done(request, extension.assignment.item, error, _("Decision recorded."))


@require_POST
def reopen(request: AuthedRequest, pk: int, what: str = "item") -> HttpResponse:
    target: Assignment | SupervisionItem
    if what == "assignment":
        target = access_record(Assignment, pk, request.user)
    else:
        target = access_record(SupervisionItem, pk, request.user)
    item = target.item if isinstance(target, Assignment) else target
    form = ReasonForm(request.POST)
    error = None if form.is_valid() else form_error(form)
    if error is None:
        try:
            services.reopen(target, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as refused:
            error = refused
    return _done(request, item, error, _("Reopened."))


@require_POST
def add_unit(request: AuthedRequest, pk: int) -> HttpResponse:
    item = access_record(SupervisionItem, pk, request.user)
    form = AddUnitForm(request.POST, user=request.user)
    error = None if form.is_valid() else form_error(form)
    if error is None:
        try:
            services.add_assignment(item, by=request.user, **form.cleaned_data)
        except ValidationError as refused:
            error = refused
    return _done(request, item, error, _("Unit assigned."))


def scorecard(request: AuthedRequest) -> HttpResponse:
    """Per assigned department: open, overdue, closed and the median days to close."""
    flow = request.GET.get("flow") or ""
    return render(
        request,
        "supervision/scorecard.html",
        {
            "rows": aggregates.scorecard(request.user, flow),
            "flow": flow,
            "flows": flows.flow_choices(),
            "active_nav": NAV,
        },
    )
