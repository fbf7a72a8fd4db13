"""Service requests of retirees (服务诉求): recorded by the community, closed by it with the
outcome, or referred to a department with a deadline as a supervised item (督办) of the
supervision engine, where the department answers and the community closes it."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from taizhang.core import audit
from taizhang.core.access import require_person_or_system, writes_for
from taizhang.core.models import Unit, UnitKind, User
from taizhang.lib import clock
from taizhang.people.models import PersonStatus
from taizhang.retirees.flow import SERVICE_FLOW
from taizhang.retirees.models import Retiree, ServiceKind, ServiceRequest
from taizhang.supervision.services.items import create_item

DEPARTMENT_KINDS = (UnitKind.DEPARTMENT, UnitKind.AGENCY)


@transaction.atomic
def record_request(
    retiree: Retiree,
    *,
    by: User | None,
    kind: str,
    description: str,
    received_on: datetime.date,
    department: Unit | None = None,
    deadline: datetime.date | None = None,
    is_demo: bool = False,
) -> ServiceRequest:
    """Record a living retiree's request; with a department, refer it with a deadline as a
    supervised item whose subject is the request."""
    retiree = Retiree.objects.select_related("person__unit").get(pk=retiree.pk)  # fresh state
    community = retiree.person.unit
    require_person_or_system(by, writes_for(by, community))
    if retiree.person.status == PersonStatus.DECEASED:
        raise ValidationError(
            {"retiree": _("%(name)s is deceased.") % {"name": retiree.person.name}}
        )
    if received_on > clock.today():
        raise ValidationError({"received_on": _("A request is recorded once it is received.")})
    if department is not None:
        if department.kind not in DEPARTMENT_KINDS or not department.is_active:
            raise ValidationError({"department": _("A request is referred to a department.")})
        if deadline is None:
            raise ValidationError({"deadline": _("A referred request needs a deadline.")})
    request = ServiceRequest(
        retiree=retiree,
        kind=kind,
        description=description.strip(),
        received_on=received_on,
        department=department,
        recorded_by=by,
        is_demo=is_demo,
    )
    request.full_clean()
    request.save()
    audit.record_create(request, by=by)
    if department is not None and deadline is not None:
        before = audit.snapshot(request)
        label = ServiceKind(kind).label
        request.item = create_item(
            by=by,
            flow=SERVICE_FLOW,
            title=_("%(kind)s for retiree %(name)s") % {"kind": label, "name": retiree.person.name},
            description=request.description,
            supervisor_unit=community,
            units=[department],
            deadline=deadline,
            subject=request,
            # A department is outside a community's tree: checked above instead.
            check_units_visible=False,
        )
        request.save(update_fields=["item"])
        audit.record_update(request, before, by=by)
    return request


@transaction.atomic
def close_request(
    request: ServiceRequest, *, by: User | None, closed_on: datetime.date, outcome: str
) -> ServiceRequest:
    """Close a request the community handled itself, with the outcome. A referred request is
    closed on its supervised item."""
    require_person_or_system(by, writes_for(by, request.retiree.person.unit))
    request = ServiceRequest.objects.select_for_update().get(pk=request.pk)
    if request.item_id is not None:
        raise ValidationError(_("A referred request is closed on its supervised item."))
    if request.closed_on is not None:
        raise ValidationError(_("This request is already closed."))
    if not outcome.strip():
        raise ValidationError({"outcome": _("Say how the request was handled.")})
    if closed_on < request.received_on or closed_on > clock.today():
        raise ValidationError(
            {"closed_on": _("A request is closed after it is received, and not in future.")}
        )
    before = audit.snapshot(request)
    request.closed_on, request.outcome = closed_on, outcome.strip()
    request.save(update_fields=["closed_on", "outcome"])
    audit.record_update(request, before, by=by)
    return request
