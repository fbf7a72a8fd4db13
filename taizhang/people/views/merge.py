"""Merging two records of the same person (合并重复人员), for district writers: find the two
records, choose the one to keep, compare them side by side (masked), give the reason."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from taizhang.core import personal, versions
from taizhang.core.access import require
from taizhang.core.requests import AuthedRequest
from taizhang.people.filters import PersonFilter
from taizhang.people.forms import MergeForm
from taizhang.people.models import Person
from taizhang.people.services.merge import may_merge, merge_people
from taizhang.people.tables import people_for_list
from taizhang.people.views.common import menu

CANDIDATES = 20
COMPARED = ("name", "id_number", "document_type", "document_number", "sex", "birth_date",
            "ethnicity", "phone", "address", "unit", "status")  # fmt: skip


def _side(person: Person, user: Any) -> list[tuple[str, Any]]:
    rows = []
    for name in COMPARED:
        field = cast(models.Field, Person._meta.get_field(name))
        display = getattr(person, f"get_{name}_display", None)
        value = display() if display and getattr(person, name) else getattr(person, name)
        if name in Person.personal_fields:
            value = personal.shown(person, name, user)
        rows.append((str(field.verbose_name), value if value not in ("", None) else "—"))
    return rows


def _person(user: Any, pk: Any) -> Person | None:
    try:
        return Person.objects.for_user(user).select_related("unit").filter(pk=int(pk)).first()
    except (TypeError, ValueError):
        return None


def person_merge(request: AuthedRequest) -> HttpResponse:
    require(may_merge(request.user))
    user = request.user
    source = request.POST if request.method == "POST" else request.GET
    kept = _person(user, source.get("kept"))
    removed = _person(user, source.get("removed"))
    form = MergeForm(
        request.POST or None,
        initial={
            "kept": kept.pk if kept else None,
            "removed": removed.pk if removed else None,
            "version": kept.version if kept else None,
        },
    )
    if request.method == "POST" and kept and removed and form.is_valid():
        try:
            merge_people(
                kept,
                removed,
                by=user,
                reason=form.cleaned_data["reason"],
                version=form.cleaned_data["version"],
            )
        except versions.StaleEdit as error:
            form.add_error(None, error.full_message())
        except ValidationError as error:
            form.add_error(None, " ".join(error.messages))
        else:
            messages.success(request, _("The records are merged."))
            return redirect(kept)
    candidates: list[Person] = []
    query = request.GET.get("q", "").strip()
    if query:
        found = PersonFilter({"q": query}, queryset=Person.objects.for_user(user), request=request)
        candidates = list(people_for_list(found.qs)[:CANDIDATES])
    return render(
        request,
        "people/merge.html",
        {
            "query": query,
            "candidates": [
                (
                    p,
                    personal.shown(p, "id_number", user)
                    or personal.shown(p, "document_number", user),
                )
                for p in candidates
            ],
            "kept": kept,
            "removed": removed,
            "sides": list(zip(_side(kept, user), _side(removed, user), strict=True))
            if kept and removed
            else [],
            "form": form,
            **menu(request),
        },
    )
