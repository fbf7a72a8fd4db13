"""Campaigns (专项整治行动) and their hazard categories."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from taizhang.core import audit, versions
from taizhang.core.access import SYSTEM, can_write, require, require_person_or_system
from taizhang.core.models import Unit, User
from taizhang.rectification.access import manages_campaign, may_publish
from taizhang.rectification.models import Campaign, HazardCategory

CAMPAIGN_FIELDS = (
    "name",
    "plan_document",
    "starts_on",
    "ends_on",
    "reply_months",
    "is_public",
)


@transaction.atomic
def create_campaign(
    *,
    by: User | None,
    name: str,
    plan_document: str,
    lead_unit: Unit,
    starts_on: datetime.date,
    ends_on: datetime.date,
    participants: Iterable[Unit] = (),
    reply_months: int = 2,
    is_public: bool = False,
    categories: Iterable[tuple[str, str, str]] = (),
) -> Campaign:
    """Start a campaign led by `lead_unit`, with its categories (name, law, article)."""
    require_person_or_system(by, can_write(by, lead_unit))
    if is_public:
        _check_publisher(by)
    campaign = Campaign(
        name=name.strip(),
        plan_document=plan_document.strip(),
        lead_unit=lead_unit,
        starts_on=starts_on,
        ends_on=ends_on,
        reply_months=reply_months,
        is_public=is_public,
    )
    campaign.full_clean()
    campaign.save()
    campaign.participants.set(list(participants))
    audit.record_create(campaign, by=by)
    for category in categories:
        add_category(campaign, by=by, name=category[0], law=category[1], article=category[2])
    return campaign


def _check_publisher(by: User | None) -> None:
    if by is not SYSTEM and not may_publish(by):
        raise PermissionDenied(_("Only the district office publishes a campaign's public notice."))


@transaction.atomic
def update_campaign(
    campaign: Campaign,
    *,
    by: User | None,
    reason: str = "",
    version: int | None = None,
    **changes: Any,
) -> Campaign:
    """Change a campaign's fields (and participants); the lead unit only. `version`: the one
    the editor started from; refused (`StaleEdit`) if it changed since."""
    require(manages_campaign(by, campaign))
    participants = changes.pop("participants", None)
    unknown = set(changes) - set(CAMPAIGN_FIELDS)
    if unknown:
        raise ValidationError(_("You may not change: %(fields)s") % {"fields": ", ".join(unknown)})
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    versions.check_version(campaign, version, by=by)
    if changes.get("is_public") and not campaign.is_public:
        _check_publisher(by)
    before = audit.snapshot(campaign)
    for name, value in changes.items():
        setattr(campaign, name, value)
    campaign.full_clean()
    campaign.save(update_fields=list(changes) or None)
    if participants is not None:
        campaign.participants.set(list(participants))
    if audit.snapshot(campaign) != before:
        versions.bump_version(campaign, by=by)
    audit.record_update(campaign, before, by=by, reason=reason)
    return campaign


@transaction.atomic
def add_category(
    campaign: Campaign, *, by: User | None, name: str, law: str, article: str = ""
) -> HazardCategory:
    """A category of hazard the campaign looks for, with its law and article."""
    require_person_or_system(by, manages_campaign(by, campaign))
    category = HazardCategory(
        campaign=campaign, name=name.strip(), law=law.strip(), article=article.strip()
    )
    category.full_clean()
    category.save()
    audit.record_create(category, by=by)
    return category
