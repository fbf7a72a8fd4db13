"""The public pages (no account), made for a phone: a campaign's sign-up page (its link and QR
code shared on WeChat and Douyin), the volunteer's own sign-up page (a link with a random key,
given after signing up) and the page a shift's QR code opens (a signed link) to check in and
out. They show the campaign and the visitor's own sign-up, never anyone else's personal data.

Posts are CSRF-protected like every form, and limited per address (`limited`): a sign-up page
cannot be used to try ID numbers in bulk."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from taizhang.core import personal
from taizhang.core.forms import show_refusal
from taizhang.core.personal import PersonalKind
from taizhang.lib import clock
from taizhang.volunteers import queries, services
from taizhang.volunteers.forms import ClaimForm, MoreShiftsForm, ScanForm, SignUpForm
from taizhang.volunteers.models import (
    ACTIVE_STATES,
    Campaign,
    Participation,
    ParticipationState,
    Shift,
)

SHIFT_SALT = "taizhang.volunteers.shift"
# Posts a visitor's address may make per hour on the public pages.
POSTS_PER_HOUR = 30


def shift_token(shift: Shift) -> str:
    """The signed token of a shift's QR code (no secret in the database; a forged or altered
    token is refused)."""
    return signing.dumps({"shift": shift.pk}, salt=SHIFT_SALT, compress=True)


def shift_path(shift: Shift) -> str:
    return reverse("volunteers-scan", args=[shift_token(shift)])


def _shift_of(token: str) -> Shift:
    try:
        data = signing.loads(token, salt=SHIFT_SALT)
    except signing.BadSignature as error:
        raise Http404 from error
    return get_object_or_404(Shift.objects.select_related("campaign", "place"), pk=data["shift"])


def limited(request: HttpRequest, what: str) -> bool:
    """Whether the visitor's address has posted `what` too often this hour (and count this
    one)."""
    address = request.META.get("REMOTE_ADDR", "")
    key = f"volunteers:{what}:{address}"
    cache.add(key, 0, timeout=3600)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=3600)
        count = 1
    return count > POSTS_PER_HOUR


@login_not_required
def join(request: HttpRequest, key: str) -> HttpResponse:
    """A campaign's public sign-up page: what the campaign is, its shifts with the places left,
    and the sign-up form."""
    campaign = get_object_or_404(Campaign.objects.select_related("unit"), public_key=key)
    form = SignUpForm(request.POST or None, campaign=campaign)
    if request.method == "POST":
        if limited(request, "join"):
            return HttpResponse(_("Too many sign-ups from this address; try again later."),
                                status=429)  # fmt: skip
        if form.is_valid():
            data = form.cleaned_data
            try:
                made = services.sign_up(
                    campaign,
                    name=data["name"],
                    id_number=data["id_number"],
                    phone=data["phone"],
                    community=data["community"],
                    shifts=list(data["shifts"]),
                    school=data["school"],
                )
            except ValidationError as error:
                show_refusal(form, error)
            else:
                return redirect("volunteers-me", made[0].token)
    shifts = campaign.shifts.select_related("place").annotate(
        taken=Count("participations", filter=Q(participations__state__in=ACTIVE_STATES))
    )
    return render(
        request,
        "volunteers/public_join.html",
        {
            "campaign": campaign,
            "shifts": [(shift, max(shift.cap - shift.taken, 0)) for shift in shifts],
            "form": form,
            "open": campaign.is_open,
        },
    )


@login_not_required
def me(request: HttpRequest, token: str) -> HttpResponse:
    """The volunteer's own page (the link given after signing up): their sign-ups in the
    campaign with states and hours, a way to withdraw, a form to report missing hours, and
    their training, awards and evaluations on record."""
    mine = get_object_or_404(
        Participation.objects.select_related("volunteer__person", "shift__campaign"), token=token
    )
    volunteer, campaign = mine.volunteer, mine.shift.campaign
    claim_form = ClaimForm(request.POST if request.POST.get("action") == "claim" else None)
    more_form = MoreShiftsForm(
        request.POST if request.POST.get("action") == "more" else None, mine=mine
    )
    if request.method == "POST":
        if limited(request, "me"):
            return HttpResponse(_("Too many requests; try again later."), status=429)
        action = request.POST.get("action")
        try:
            if action == "decline":
                services.decline(mine, reason=_("Withdrawn by the volunteer."))
                messages.success(request, _("Your sign-up is withdrawn."))
                return redirect("volunteers-me", token)
            if action == "more" and more_form.is_valid():
                services.request_more_shifts(mine, list(more_form.cleaned_data["shifts"]))
                messages.success(request, _("The shifts are asked for; the organiser decides."))
                return redirect("volunteers-me", token)
            if action == "claim" and claim_form.is_valid():
                services.claim_hours(mine, **claim_form.cleaned_data)
                messages.success(request, _("The hours are sent to the organiser for approval."))
                return redirect("volunteers-me", token)
        except ValidationError as error:
            if action in ("claim", "more"):
                show_refusal(claim_form if action == "claim" else more_form, error)
            else:
                messages.error(request, "；".join(error.messages))
    sign_ups = (
        Participation.objects.filter(volunteer=volunteer, shift__campaign=campaign)
        .select_related("shift__place")
        .order_by("shift__starts_at")
    )
    return render(
        request,
        "volunteers/public_me.html",
        {
            "mine": mine,
            "campaign": campaign,
            "name": personal.mask(PersonalKind.NAME, volunteer.person.name),
            "phone": personal.shown(volunteer, "phone", None),
            "number": volunteer.number,
            "sign_ups": sign_ups,
            "claims": volunteer.claims.filter(campaign=campaign).order_by("starts_at"),
            "hours": queries.hours_of(volunteer),
            "claim_form": claim_form,
            "more_form": more_form,
            "may_ask_more": campaign.is_open
            and campaign.ends_on >= clock.today()
            and mine.state in ACTIVE_STATES,
            "may_decline": mine.state in ACTIVE_STATES and mine.checked_in_at is None,
            "confirmed": mine.state == ParticipationState.CONFIRMED,
            # The volunteer's own service record: what was recorded of them, nobody else's.
            "trainings": volunteer.trainings.all(),
            "awards": volunteer.awards.all(),
            "evaluations": volunteer.evaluations.select_related("unit"),
        },
    )


@login_not_required
def scan(request: HttpRequest, token: str) -> HttpResponse:
    """The page a shift's QR code opens on the volunteer's phone: give the ID number to check in
    (or out, when checked in already)."""
    shift = _shift_of(token)
    form = ScanForm(request.POST or None)
    done = None
    if request.method == "POST":
        if limited(request, "scan"):
            return HttpResponse(_("Too many requests; try again later."), status=429)
        if form.is_valid():
            try:
                done = services.scan(shift, id_number=form.cleaned_data["id_number"])
            except ValidationError as error:
                show_refusal(form, error)
    return render(
        request,
        "volunteers/public_scan.html",
        {
            "shift": shift,
            "form": ScanForm() if done else form,
            "done": done,
            "name": personal.mask(PersonalKind.NAME, done.volunteer.person.name) if done else "",
        },
    )
