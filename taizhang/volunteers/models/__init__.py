"""Volunteer service (志愿服务) and responsibility-letter campaigns (责任书).

A volunteer (志愿者) is a person of the people registry, entered once by citizen ID number,
with a volunteer number, skills, school and the organisation they serve with. An organiser unit
(共青团平城区委, a subdistrict, a community) runs a campaign (招募活动) in places (communities)
with shifts (班次): a time, a place, a number of volunteers needed and a cap. A volunteer's
participation (报名) in a shift moves through the states of ephios: requested → confirmed, or
declined by the volunteer, or rejected by the organiser. Attendance (签到/签退) on a confirmed
participation gives the hours served; hours a volunteer reports as missing (补录) count once an
organiser approves them. Tasks leave records: door-to-door visits (入户走访) with an outcome per
household, and data work (数据整理) with a count of records handled.

A letter campaign (责任书签订) of an issuing unit lists targets (organisations of the registry
or households) in its communities, assigned to volunteers or teams; each is signed, refused or
pending, and the completion rate (签订完成率) is computed from the list, never typed.

The service record keeps the five kinds of 志愿服务记录与证明出具办法(试行): basic data (the
volunteer), service (attendance and approved claims), training (培训), awards (表彰奖励) and
evaluations (评价). Each subdomain has its module; every name is importable from here.
"""

from taizhang.volunteers.models.campaigns import (
    Campaign,
    HoursClaim,
    Participation,
    ParticipationQuerySet,
    Shift,
    Volunteer,
)
from taizhang.volunteers.models.common import (
    ACTIVE_STATES,
    AwardLevel,
    ClaimState,
    EvaluationRating,
    ParticipationState,
    TargetState,
    VisitOutcome,
    clock_text,
    new_public_key,
)
from taizhang.volunteers.models.letters import LetterCampaign, LetterTarget
from taizhang.volunteers.models.records import Award, Certificate, Evaluation, Training
from taizhang.volunteers.models.tasks import DataTask, Visit
from taizhang.volunteers.models.teams import Team

# Kept in its own module; imported here so that Django finds it with the app's models.
from taizhang.volunteers.published import PublishedLetterFigures

__all__ = [
    "ACTIVE_STATES",
    "Award",
    "AwardLevel",
    "Campaign",
    "Certificate",
    "ClaimState",
    "DataTask",
    "Evaluation",
    "EvaluationRating",
    "HoursClaim",
    "LetterCampaign",
    "LetterTarget",
    "Participation",
    "ParticipationQuerySet",
    "ParticipationState",
    "PublishedLetterFigures",
    "Shift",
    "TargetState",
    "Team",
    "Training",
    "Visit",
    "VisitOutcome",
    "Volunteer",
    "clock_text",
    "new_public_key",
]
