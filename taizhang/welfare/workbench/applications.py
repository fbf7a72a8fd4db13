"""The welfare module on the workbench (工作台): periodic reviews due in the user's villages,
applications waiting for the user's step (home investigation, 初审, decision) and applications
past their deadline. Each provider costs a constant number of queries: a count aggregate and
one slice per kind."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from taizhang.core.access import can_write, is_district_writer, is_unit_writer
from taizhang.core.modules import TodoBatch, TodoItem
from taizhang.core.workbench import deadline_counts
from taizhang.welfare.models import Application, ApplicationStatus, Enrolment
from taizhang.welfare.models.applications import OPEN_APPLICATION_STATUSES
from taizhang.welfare.services.applications import APPLICATION_REVIEW

MODULE = "welfare"
KINDS = {
    "review_due": gettext_lazy("Periodic reviews due"),
    "application_investigate": gettext_lazy("Applications to investigate"),
    "application_preliminary": gettext_lazy("Applications for preliminary review"),
    "application_decide": gettext_lazy("Applications to decide"),
    "application_overdue": gettext_lazy("Applications past their deadline"),
}
S = ApplicationStatus


def _village_line(user: Any, field: str) -> Q | None:
    """Records of the villages the user writes for as an officer of their line (their unit's
    subtree); a district writer's workbench would hold the whole district, so only unit
    officers get these kinds."""
    if not is_unit_writer(user) or is_district_writer(user):
        return None
    return Q(**{f"{field}__path__startswith": user.unit.path})


def _batch(
    kind: str,
    rows: QuerySet,
    deadline: str,
    today: datetime.date,
    limit: int,
    item: Any,
    url: str,
) -> TodoBatch:
    counts = deadline_counts(rows, deadline, today)
    items = [item(row) for row in rows.order_by(deadline, "pk")[:limit]]
    return TodoBatch(
        kind, items, counts["total"], counts["overdue"], counts["due_this_week"], url=url
    )


def _application_item(kind: str, action: str, today: datetime.date) -> Any:
    def item(application: Application) -> TodoItem:
        return TodoItem(
            module=MODULE,
            kind=kind,
            title=f"{application.number} {application.applicant.name}",
            url=application.get_absolute_url(),
            due=application.deadline,
            overdue=application.deadline < today,
            detail=f"{application.programme.name} · {application.unit.name}",
            action=action,
        )

    return item


def todo(user: Any, today: datetime.date, limit: int) -> list[TodoBatch]:
    if not can_write(user):
        return []
    applications = Application.objects.for_user(user).select_related(
        "applicant", "programme", "unit"
    )
    list_url = reverse("welfare-application-list")
    batches = []
    line = _village_line(user, "unit")
    if line is not None:
        enrolments = (
            Enrolment.objects.for_user(user)
            .review_due(today)
            .filter(_village_line(user, "person__unit") or Q())
        )
        batches.append(
            _batch(
                "review_due",
                enrolments.select_related("person", "programme"),
                "next_review_on",
                today,
                limit,
                lambda e: TodoItem(
                    module=MODULE,
                    kind="review_due",
                    title=f"{e.person.name} · {e.programme.name}",
                    url=reverse("welfare-review", args=[e.pk]),
                    due=e.next_review_on,
                    overdue=e.next_review_on < today,
                    action=_("Review"),
                ),
                reverse("welfare-review-list"),
            )
        )
        mine = applications.filter(line)
        batches.append(
            _batch(
                "application_investigate",
                mine.filter(status__in=(S.RECEIVED, S.RETURNED)),
                "deadline",
                today,
                limit,
                _application_item("application_investigate", _("Investigate"), today),
                f"{list_url}?{urlencode({'status': S.RECEIVED})}",
            )
        )
        preliminary = mine.filter(status=S.INVESTIGATED)
        if user.unit.kind in ("village", "community"):
            preliminary = preliminary.filter(is_staff_relative=False)
        batches.append(
            _batch(
                "application_preliminary",
                preliminary,
                "deadline",
                today,
                limit,
                _application_item("application_preliminary", _("Preliminary review"), today),
                f"{list_url}?{urlencode({'status': S.INVESTIGATED})}",
            )
        )
        batches.append(
            _batch(
                "application_overdue",
                mine.filter(status__in=OPEN_APPLICATION_STATUSES, deadline__lt=today),
                "deadline",
                today,
                limit,
                _application_item("application_overdue", _("Open"), today),
                f"{list_url}?{urlencode({'overdue': 'true'})}",
            )
        )
    deciding = APPLICATION_REVIEW.deciders.among(user, applications.filter(status=S.SUBMITTED))
    batches.append(
        _batch(
            "application_decide",
            deciding,
            "deadline",
            today,
            limit,
            _application_item("application_decide", _("Decide"), today),
            f"{list_url}?{urlencode({'status': S.SUBMITTED})}",
        )
    )
    return [batch for batch in batches if batch.total]
