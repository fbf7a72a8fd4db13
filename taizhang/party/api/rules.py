"""The schedule rules (组织生活制度) through the API: read by anyone who reads the ledgers,
changed by the district's writers."""

from typing import Any

from django.shortcuts import get_object_or_404
from ninja import Status

from taizhang.core.access import is_district_writer, reads_ledgers, require
from taizhang.core.requests import AuthedRequest
from taizhang.core.schemas import with_errors
from taizhang.party.api.common import WRITE_ERRORS, router
from taizhang.party.models import ScheduleRule
from taizhang.party.schemas import PartyRuleCreateIn, PartyRuleIn, PartyRuleOut
from taizhang.party.services import meetings as services


@router.get("/party/rules", response=with_errors({200: list[PartyRuleOut]}, 403))
def list_rules(request: AuthedRequest) -> Any:
    """Every schedule rule, by level and kind."""
    require(reads_ledgers(request.user))
    return ScheduleRule.objects.order_by("level", "kind")


@router.post("/party/rules", response=with_errors({201: PartyRuleOut}, *WRITE_ERRORS))
def create_rule(request: AuthedRequest, payload: PartyRuleCreateIn) -> Any:
    """A new rule for a kind of meeting at a level that has none (400 naming `kind` where it
    has one). The district's writers only."""
    require(is_district_writer(request.user))
    return Status(201, services.create_rule(by=request.user, **payload.model_dump()))


@router.put("/party/rules/{rule_id}", response=with_errors({200: PartyRuleOut}, *WRITE_ERRORS))
def update_rule(request: AuthedRequest, rule_id: int, payload: PartyRuleIn) -> Any:
    """Change a rule: how often, the fixed day, the days allowed late, the quorum, whether in
    force. The district's writers only."""
    require(is_district_writer(request.user))
    rule = get_object_or_404(ScheduleRule, pk=rule_id)
    return services.set_rule(
        by=request.user, kind=rule.kind, level=rule.level, **payload.model_dump()
    )
