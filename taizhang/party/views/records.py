"""The Double Hundred pages under /party/: party organisations with their roster and
compliance, meeting records and the form that records one (attendance from the roster),
action projects with indicators and milestones, candidates with their scores, study
programmes, the dashboard and the public showcase."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import FileResponse, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _

from taizhang.core import printing
from taizhang.core.access import (
    access_record,
    can_write,
    is_district_writer,
    reads_ledgers,
    require,
    writes_for,
)
from taizhang.core.attachments import open_stored_file
from taizhang.core.forms import show_refusal
from taizhang.core.models import Attachment, AttachmentKind
from taizhang.core.requests import AuthedRequest
from taizhang.core.views.records import record_context
from taizhang.lib import clock
from taizhang.party import compliance, queries
from taizhang.party.filters import CandidateFilter, MeetingFilter, OrgFilter, ProjectFilter
from taizhang.party.forms.records import MeetingForm, MilestoneForm, YearForm
from taizhang.party.models import (
    ActionProject,
    Candidate,
    CandidateStatus,
    Meeting,
    MeetingKind,
    Membership,
    Milestone,
    PartyOrg,
    ShowcaseEntry,
    StudyProgramme,
)
from taizhang.party.services import meetings as meeting_services
from taizhang.party.services import projects as project_services
from taizhang.party.services.meetings import DecisionIn
from taizhang.party.views import demonstration as demonstration_views
from taizhang.party.views import showcase as showcase_views

NAV = "party"
PAGE_SIZE = 50


def _year(request: AuthedRequest) -> int:
    form = YearForm(request.GET)
    return form.cleaned_data["year"] if form.is_valid() else clock.today().year


def org_list(request: AuthedRequest) -> HttpResponse:
    require(reads_ledgers(request.user))
    orgs = OrgFilter(request.GET, queryset=PartyOrg.objects.for_user(request.user), request=request)
    rows = orgs.qs.select_related("unit", "parent", "secretary").order_by("unit__path", "name")
    page = printing.page_of(request, rows, PAGE_SIZE)
    return render(
        request,
        "party/org_list.html",
        {
            "filter": orgs,
            "page": page,
            "may_create_top": is_district_writer(request.user),
            "active_nav": NAV,
        },
    )


def org_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    org = access_record(PartyOrg, pk, request.user)
    today = clock.today()
    year = _year(request)
    summary = compliance.compliance(PartyOrg.objects.filter(pk=org.pk), year, today)[org.pk]
    members = Membership.objects.filter(org=org).current().select_related("person").order_by("pk")
    return render(
        request,
        "party/org_detail.html",
        {
            "org": org,
            "year": year,
            "summary": summary,
            "slots": [slot for slot in summary.slots if slot.state != compliance.State.OPEN],
            "labels": compliance.STATE_LABELS,
            "members": members,
            "committee": org.committee.order_by("name"),
            "children": PartyOrg.objects.for_user(request.user).filter(parent=org).order_by("name"),
            "meetings": org.meetings.order_by("-held_at")[:10],
            "programmes": org.programmes.order_by("name"),
            "may_record": writes_for(request.user, org.unit),
            "active_nav": NAV,
            **record_context(request, org),
        },
    )


def meeting_create(request: AuthedRequest, pk: int) -> HttpResponse:
    """Record a meeting of an organisation, with attendance ticked off its roster."""
    org = access_record(PartyOrg, pk, request.user, write=True)
    roster = meeting_services.roster(org, clock.today())
    initial = {
        "kind": request.GET.get("kind", MeetingKind.THEME_DAY),
        "chair": org.secretary_id,
        "present": [entry.person.pk for entry in roster],
    }
    form = MeetingForm(request.POST or None, request.FILES or None, roster=roster, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        by_pk = {entry.person.pk: entry.person for entry in roster}
        present = [by_pk[pk] for pk in data["present"]]
        absences = {
            entry.person: data.get(f"reason_{entry.person.pk}", "")
            for entry in roster
            if entry.person.pk not in data["present"]
        }
        decisions = (
            [DecisionIn(data["decision"], passed=data["decision_passed"])]
            if data["decision"].strip()
            else []
        )
        try:
            meeting = meeting_services.record_meeting(
                org,
                by=request.user,
                kind=data["kind"],
                topic=data["topic"],
                held_at=data["held_at"],
                place=data["place"],
                chair=by_pk[data["chair"]],
                recorder=by_pk[data["recorder"]],
                lecturer=by_pk[data["lecturer"]] if data["lecturer"] else None,
                present=present,
                absences=absences,
                agenda=data["agenda"],
                decisions=decisions,
                signed_by_chair=data["signed_by_chair"],
                signed_by_recorder=data["signed_by_recorder"],
                files=data["uploads"],
            )
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, _("The meeting is recorded."))
            return redirect(meeting)
    return render(
        request,
        "party/meeting_form.html",
        {"org": org, "form": form, "active_nav": NAV},
    )


def meeting_list(request: AuthedRequest) -> HttpResponse:
    require(reads_ledgers(request.user))
    meetings = MeetingFilter(
        request.GET, queryset=Meeting.objects.for_user(request.user), request=request
    )
    rows = meetings.qs.select_related("org").order_by("-held_at", "pk")
    page = printing.page_of(request, rows, PAGE_SIZE)
    return render(
        request, "party/meeting_list.html", {"filter": meetings, "page": page, "active_nav": NAV}
    )


def meeting_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    meeting = access_record(Meeting, pk, request.user)
    return render(
        request,
        "party/meeting_detail.html",
        {
            "meeting": meeting,
            "attendance": meeting.attendance.select_related("person").order_by("-present", "pk"),
            "decisions": meeting.decisions.order_by("pk"),
            "active_nav": NAV,
            **record_context(request, meeting),
        },
    )


def project_list(request: AuthedRequest) -> HttpResponse:
    require(reads_ledgers(request.user))
    projects = ProjectFilter(
        request.GET, queryset=ActionProject.objects.for_user(request.user), request=request
    )
    rows = projects.qs.select_related("lead_unit", "party_org").order_by("-year", "title", "pk")
    page = printing.page_of(request, rows, PAGE_SIZE)
    today = clock.today()
    late = set(
        Milestone.objects.filter(
            project__in=[p.pk for p in page], due_on__lt=today, done_on__isnull=True
        ).values_list("project_id", flat=True)
    )
    for project in page:
        project.has_overdue = project.pk in late
    return render(
        request,
        "party/project_list.html",
        {
            "filter": projects,
            "page": page,
            "may_create": can_write(request.user),
            "active_nav": NAV,
        },
    )


def project_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    project = access_record(ActionProject, pk, request.user)
    return render(
        request,
        "party/project_detail.html",
        {
            "project": project,
            "indicators": project.indicators.prefetch_related("values").order_by("pk"),
            "milestones": project.milestones.order_by("due_on", "pk"),
            "assessments": project.assessments.order_by("-year"),
            "bank_projects": project.bank_projects.for_user(request.user).order_by("name"),
            "today": clock.today(),
            "may_write": writes_for(request.user, project.lead_unit),
            "may_assess": is_district_writer(request.user),
            "active_nav": NAV,
            **record_context(request, project),
        },
    )


def milestone_meet(request: AuthedRequest, pk: int) -> HttpResponse:
    milestone = access_record(Milestone, pk, request.user, write=True)
    form = MilestoneForm(request.POST or None, initial={"done_on": clock.today()})
    if request.method == "POST" and form.is_valid():
        try:
            project_services.meet_milestone(milestone, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, _("The milestone is met."))
            return redirect(milestone.project)
    return render(
        request,
        "party/milestone_form.html",
        {"milestone": milestone, "form": form, "active_nav": NAV},
    )


def candidate_list(request: AuthedRequest) -> HttpResponse:
    require(reads_ledgers(request.user))
    data = request.GET.copy()
    data.setdefault("year", str(clock.today().year))
    candidates = CandidateFilter(
        data, queryset=Candidate.objects.for_user(request.user), request=request
    )
    rows = candidates.qs.select_related("org__unit").order_by("-year", "-total", "pk")
    page = printing.page_of(request, rows, PAGE_SIZE)
    return render(
        request,
        "party/candidate_list.html",
        {
            "filter": candidates,
            "page": page,
            "may_nominate": demonstration_views.nominable_orgs(request.user).exists(),
            "running_notices": showcase_views.running_notices(),
            "active_nav": NAV,
        },
    )


def candidate_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    candidate = access_record(Candidate, pk, request.user)
    return render(
        request,
        "party/candidate_detail.html",
        {
            "candidate": candidate,
            "scores": candidate.scores.select_related("item", "given_by").order_by("item__order"),
            "reviews": candidate.reviews.order_by("year"),
            **demonstration_views.candidate_context(request, candidate),
            "active_nav": NAV,
            **record_context(request, candidate),
        },
    )


def programme_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    programme = access_record(StudyProgramme, pk, request.user)
    return render(
        request,
        "party/programme_detail.html",
        {
            "programme": programme,
            "steps": programme.steps.order_by("order"),
            "may_write": writes_for(request.user, programme.org.unit),
            "active_nav": NAV,
            **record_context(request, programme),
        },
    )


def dashboard(request: AuthedRequest) -> HttpResponse:
    require(reads_ledgers(request.user))
    year = _year(request)
    today = clock.today()
    return render(
        request,
        "party/dashboard.html",
        {
            "year": year,
            "figures": queries.figures(request.user, year=year, today=today),
            "orgs": queries.compliance_by_org(request.user, year=year, today=today),
            "scores": queries.scores(request.user, year=year),
            "active_nav": NAV,
        },
    )


def dashboard_data(request: AuthedRequest) -> JsonResponse:
    """The dashboard's charts: projects by area, compliance by branch, scores."""
    require(reads_ledgers(request.user))
    year = _year(request)
    today = clock.today()
    figures = queries.figures(request.user, year=year, today=today)
    return JsonResponse(
        {
            "by_area": figures.by_area,
            "orgs": [
                {"name": name, "share": summary.share}
                for _pk, name, summary in queries.compliance_by_org(
                    request.user, year=year, today=today
                )
            ],
            "scores": [
                {"name": c.org.name, "total": float(c.total)}
                for c in queries.scores(request.user, year=year)
            ],
        }
    )


@login_not_required
def showcase(request: AuthedRequest, pk: int) -> HttpResponse:
    """A published showcase entry, for anyone: the story, photos and figures from the records;
    no person named beyond what the organisation publishes."""
    entry = get_object_or_404(
        ShowcaseEntry.objects.filter(is_published=True).select_related("org", "project", "unit"),
        pk=pk,
    )
    figures = {}
    if entry.org is not None:
        year = clock.today().year - 1
        summary = compliance.compliance(
            PartyOrg.objects.filter(pk=entry.org.pk), year, datetime.date(year + 1, 1, 1)
        )[entry.org.pk]
        named = entry.org.candidacies.filter(status=CandidateStatus.NAMED).order_by("-year")
        figures = {
            "year": year,
            "share": summary.share,
            "members": Membership.objects.filter(org=entry.org).current().count(),
            "named": named.first(),
        }
    photos = _published_photos(entry)
    return render(
        request,
        "party/showcase.html",
        {
            "entry": entry,
            "figures": figures,
            "indicators": entry.project.indicators.prefetch_related("values")
            if entry.project
            else [],
            "photos": photos,
        },
    )


def _published_photos(entry: ShowcaseEntry) -> QuerySet[Attachment]:
    return Attachment.objects.filter(
        content_type__app_label="party",
        content_type__model="showcaseentry",
        object_id=str(entry.pk),
        kind=AttachmentKind.PHOTO,
        removed_at__isnull=True,
    )


@login_not_required
def showcase_photo(request: AuthedRequest, pk: int, photo: int) -> FileResponse:
    """A photo of a published showcase entry, for anyone (only photos, never documents)."""
    entry = get_object_or_404(ShowcaseEntry.objects.filter(is_published=True), pk=pk)
    attachment = get_object_or_404(_published_photos(entry), pk=photo)
    response = FileResponse(
        open_stored_file(attachment), filename=attachment.original_name,
        content_type=attachment.mime_type,
    )  # fmt: skip
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'"
    return response


urlpatterns: list[URLPattern] = [
    path("", org_list, name="party-org-list"),
    path("orgs/<int:pk>/", org_detail, name="party-org"),
    path("orgs/<int:pk>/meetings/new/", meeting_create, name="party-meeting-create"),
    path("meetings/", meeting_list, name="party-meeting-list"),
    path("meetings/<int:pk>/", meeting_detail, name="party-meeting"),
    path("projects/", project_list, name="party-project-list"),
    path("projects/<int:pk>/", project_detail, name="party-project"),
    path("milestones/<int:pk>/meet/", milestone_meet, name="party-milestone-meet"),
    path("candidates/", candidate_list, name="party-candidate-list"),
    path("candidates/<int:pk>/", candidate_detail, name="party-candidate"),
    path("programmes/<int:pk>/", programme_detail, name="party-programme"),
    path("dashboard/", dashboard, name="party-dashboard"),
    path("dashboard/data.json", dashboard_data, name="party-dashboard-data"),
    path("showcase/<int:pk>/", showcase, name="party-showcase-public"),
    path("showcase/<int:pk>/photos/<int:photo>/", showcase_photo, name="party-showcase-photo"),
]
