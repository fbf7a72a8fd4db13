"""Project pages (项目库): list, review queue, detail with its timeline, new, edit, and the
pipeline actions (submit for a stage, approve, return, move)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from taizhang.core import printing, versions
from taizhang.core.access import access_record, can_write, require
from taizhang.core.aggregates import tables_read
from taizhang.core.forms import show_refusal
from taizhang.core.requests import AuthedRequest
from taizhang.core.views.excel import ledger_links
from taizhang.core.views.records import record_context
from taizhang.lib import clock
from taizhang.lib.deferred import Deferred
from taizhang.projects.filters.projects import ProjectFilter
from taizhang.projects.forms.projects import (
    ApproveForm,
    MoveForm,
    ProjectForm,
    QuantityFormSet,
    ReturnForm,
    StageRequestForm,
    quantity_initial,
    quantity_rows,
)
from taizhang.projects.models import STAGE_MOVES, Project, Review, YearPlan
from taizhang.projects.services import projects as services
from taizhang.projects.services import reports
from taizhang.projects.tables import ProjectTable, ReviewQueueTable
from taizhang.supervision.views import subject_panel

LIST_RELATED = ("unit", "subdistrict")


def project_list(request: AuthedRequest) -> HttpResponse:
    queryset = Project.objects.for_user(request.user).select_related(*LIST_RELATED)
    projects = ProjectFilter(request.GET, queryset=queryset, request=request)
    table = ProjectTable(projects.qs)
    printing.paginate_table(request, table, per_page=50)
    return render(
        request,
        "projects/project_list.html",
        {
            "filter": projects,
            "table": table,
            "active_nav": "projects",
            "can_create": can_write(request.user),
            "can_review": services.can_review(request.user),
            "excel": ledger_links(request, "projects"),
        },
    )


def review_queue(request: AuthedRequest) -> HttpResponse:
    """Projects submitted for review (待审核), for the programme office."""
    require(services.can_review(request.user))
    queryset = (
        Project.objects.for_user(request.user)
        .filter(review=Review.SUBMITTED)
        .select_related(*LIST_RELATED)
    )
    table = ReviewQueueTable(queryset)
    printing.paginate_table(request, table, per_page=50)
    return render(
        request, "projects/project_review_queue.html", {"table": table, "active_nav": "projects"}
    )


def _actions(request: AuthedRequest, project: Project) -> dict[str, Any]:
    """Which pipeline forms the detail page offers this user."""
    writable = can_write(request.user, project)
    reviewer = services.can_review(request.user)
    moves = STAGE_MOVES.get(project.stage, ())
    return {
        "can_edit": writable and not project.is_locked,
        "request_form": StageRequestForm(project=project)
        if writable and moves and not project.is_locked
        else None,
        "approve_form": ApproveForm() if reviewer and project.is_locked else None,
        "return_form": ReturnForm() if reviewer and project.is_locked else None,
        "move_form": MoveForm(project=project)
        if reviewer and moves and not project.is_locked
        else None,
    }


def file_report_link(user: Any, project: Project) -> str:
    """The "file this month's report" (填报本月进度) link of a project the user reports on,
    with the month owing preselected; "" when the user does not file or nothing is owing."""
    if not can_write(user, project):
        return ""
    period = reports.month_to_file(project, clock.today())
    if period is None:
        return ""
    query = urlencode({"project": project.pk, "year": period[0], "month": period[1]})
    return f"{reverse('report-file')}?{query}"


def project_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    """The project, its plans, timeline and supervision items in two parts kept for the user
    (`{% cached_reads %}`, dropped when a table they or the project were read from changes);
    the stage forms, attachments and recent history around them are made on every view."""
    with tables_read() as project_reads:
        project = access_record(
            Project,
            pk,
            request.user,
            related=("unit", "owner_unit", "lead_department", "subdistrict"),
        )
    context = {
        "parts": Deferred(file_report_url=lambda: file_report_link(request.user, project)),
        "project": project,
        "project_reads": project_reads,
        "co_departments": project.co_departments.all(),
        "quantities": project.quantities.all(),
        "events": project.stage_events.select_related("by"),
        "plans": YearPlan.objects.for_user(request.user).filter(project=project),
        "reports_url": f"/projects/reports/?project={project.pk}",
        "supervision": subject_panel(request, project),
        "active_nav": "projects",
        **_actions(request, project),
        **record_context(request, project),
    }
    return render(request, "projects/project_detail.html", context)


def _save_form(
    request: AuthedRequest, form: ProjectForm, formset: Any, project: Project | None
) -> Project | None:
    """Validate both forms and call the service; errors go back onto the form."""
    if not (form.is_valid() and formset.is_valid()):
        return None
    extra: dict[str, Any] = {
        "co_departments": list(form.cleaned_data["co_departments"]),
        "quantities": quantity_rows(formset),
    }
    try:
        if project is None:
            changes = form.project_changes()
            unit = changes.pop("unit")
            return services.create_project(by=request.user, unit=unit, **extra, **changes)
        return services.update_project(
            project,
            by=request.user,
            version=versions.form_version(form),
            **extra,
            **form.project_changes(),
        )
    except ValidationError as error:
        show_refusal(form, error)
    return None


def _form_page(
    request: AuthedRequest, form: ProjectForm, formset: Any, project: Project | None
) -> HttpResponse:
    return render(
        request,
        "projects/project_form.html",
        {"form": form, "formset": formset, "project": project, "active_nav": "projects"},
    )


def project_create(request: AuthedRequest) -> HttpResponse:
    require(can_write(request.user))
    form = ProjectForm(request.POST or None, user=request.user)
    formset = QuantityFormSet(request.POST or None, prefix="quantities")
    if request.method == "POST":
        project = _save_form(request, form, formset, None)
        if project is not None:
            messages.success(request, _("Project %(name)s filed.") % {"name": project.name})
            return redirect(project)
    return _form_page(request, form, formset, None)


def project_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    project = access_record(Project, pk, request.user, write=True)
    if project.is_locked:
        messages.error(request, _("The project is submitted for review; it cannot be edited."))
        return redirect(project)
    form = ProjectForm(request.POST or None, instance=project, user=request.user)
    formset = QuantityFormSet(
        request.POST or None, prefix="quantities", initial=quantity_initial(project)
    )
    if request.method == "POST":
        saved = _save_form(request, form, formset, project)
        if saved is not None:
            messages.success(request, _("Changes saved."))
            return redirect(saved)
    return _form_page(request, form, formset, project)


# ---------------------------------------------------------------------------------------------
# Pipeline actions: POST only, each a form on the detail page.


def _pipeline_action(
    request: AuthedRequest, pk: int, form_class: type, act: Any, done: str
) -> HttpResponse:
    project = access_record(Project, pk, request.user)
    # Who may act is checked before the form, so that a read-only user always gets 403.
    if form_class is StageRequestForm:
        require(can_write(request.user, project))
    else:
        require(services.can_review(request.user))
    kwargs = {"project": project} if form_class in (StageRequestForm, MoveForm) else {}
    form = form_class(request.POST, **kwargs)
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            messages.error(request, f"{label}: {' '.join(errors)}" if label else " ".join(errors))
        return redirect(project)
    try:
        act(project, form.cleaned_data)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done)
    return redirect(project)


@require_POST
def project_request_stage(request: AuthedRequest, pk: int) -> HttpResponse:
    return _pipeline_action(
        request,
        pk,
        StageRequestForm,
        lambda project, data: services.request_stage(
            project, by=request.user, to_stage=data["to_stage"], note=data["note"]
        ),
        _("Submitted for review."),
    )


@require_POST
def project_approve(request: AuthedRequest, pk: int) -> HttpResponse:
    return _pipeline_action(
        request,
        pk,
        ApproveForm,
        lambda project, data: services.approve(project, by=request.user, note=data["note"]),
        _("Approved."),
    )


@require_POST
def project_return(request: AuthedRequest, pk: int) -> HttpResponse:
    return _pipeline_action(
        request,
        pk,
        ReturnForm,
        lambda project, data: services.return_project(
            project, by=request.user, reason=data["reason"]
        ),
        _("Returned to the unit."),
    )


@require_POST
def project_move(request: AuthedRequest, pk: int) -> HttpResponse:
    return _pipeline_action(
        request,
        pk,
        MoveForm,
        lambda project, data: services.move_stage(
            project, by=request.user, to_stage=data["to_stage"], note=data["note"]
        ),
        _("Stage changed."),
    )
