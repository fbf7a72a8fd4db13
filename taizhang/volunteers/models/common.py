"""What the volunteer records share: public keys, the states of sign-ups, claims, visits and
letter targets, and a time as text."""

from __future__ import annotations

import datetime
import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _


def new_public_key() -> str:
    return secrets.token_urlsafe(16)


class ParticipationState(models.TextChoices):
    """The states of a sign-up (ephios' AbstractParticipation.States)."""

    REQUESTED = "requested", _("Requested")  # 待确认
    CONFIRMED = "confirmed", _("Confirmed")  # 已确认
    DECLINED = "declined", _("Declined by the volunteer")  # 志愿者取消
    REJECTED = "rejected", _("Rejected by the organiser")  # 组织方拒绝


ACTIVE_STATES = (ParticipationState.REQUESTED, ParticipationState.CONFIRMED)


class ClaimState(models.TextChoices):
    PENDING = "pending", _("Waiting for approval")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")


class VisitOutcome(models.TextChoices):
    """What a door-to-door visit found (入户走访结果)."""

    VISITED = "visited", _("Visited")  # 已走访
    NOT_AT_HOME = "not_at_home", _("Not at home")  # 不在家
    REFUSED = "refused", _("Refused")  # 拒绝
    FOLLOW_UP = "follow_up", _("Follow-up needed")  # 需跟进


class TargetState(models.TextChoices):
    PENDING = "pending", _("Pending")  # 待签订
    SIGNED = "signed", _("Signed")  # 已签订
    REFUSED = "refused", _("Refused")  # 拒签


def clock_text(moment: datetime.datetime | None) -> str:
    from django.utils import timezone

    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


class AwardLevel(models.TextChoices):
    """The level of an award (表彰奖励级别)."""

    NATIONAL = "national", _("National level")  # 国家级
    PROVINCIAL = "provincial", _("Provincial level")  # 省级
    CITY = "city", _("City level")  # 市级
    DISTRICT = "district", _("District level")  # 区级
    OTHER = "other", _("Other level")  # 其他


class EvaluationRating(models.TextChoices):
    """The rating of an evaluation (评价等次)."""

    EXCELLENT = "excellent", _("Excellent")  # 优秀
    GOOD = "good", _("Good")  # 良好
    PASS = "pass", _("Satisfactory")  # 合格
    FAIL = "fail", _("Unsatisfactory")  # 不合格
