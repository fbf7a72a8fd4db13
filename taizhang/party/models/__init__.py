"""Double Hundred (双百工程): party organisations, their members and organisational life, the
hundred action projects (百项行动牵引工程) and the hundred demonstration party organisations
(百家示范党组织), with the study programme ("1+1+1") and the public showcase (巡礼); split by
subdomain.
"""

from taizhang.party.models.demonstration import (
    MIN_NOTICE_DAYS,
    AutoSource,
    Candidate,
    CandidateStatus,
    PublicNotice,
    Rubric,
    RubricItem,
    Score,
    StarReview,
)
from taizhang.party.models.meetings import (
    Attendance,
    Decision,
    Meeting,
    MeetingKind,
    Period,
    ScheduleRule,
)
from taizhang.party.models.orgs import (
    LEVEL_RANK,
    LeaveReason,
    Membership,
    MemberStatus,
    OrgLevel,
    PartyMemberQuerySet,
    PartyOrg,
    same_district,
)
from taizhang.party.models.projects import (
    ActionProject,
    ActionProjectQuerySet,
    Area,
    Assessment,
    Grade,
    Indicator,
    IndicatorValue,
    Milestone,
    ProjectStatus,
)
from taizhang.party.models.showcase import ShowcaseEntry
from taizhang.party.models.study import StepKind, StudyProgramme, StudyStep

__all__ = [
    "LEVEL_RANK",
    "MIN_NOTICE_DAYS",
    "ActionProject",
    "ActionProjectQuerySet",
    "Area",
    "Assessment",
    "Attendance",
    "AutoSource",
    "Candidate",
    "CandidateStatus",
    "Decision",
    "Grade",
    "Indicator",
    "IndicatorValue",
    "LeaveReason",
    "Meeting",
    "MeetingKind",
    "MemberStatus",
    "Membership",
    "Milestone",
    "OrgLevel",
    "PartyMemberQuerySet",
    "PartyOrg",
    "Period",
    "ProjectStatus",
    "PublicNotice",
    "Rubric",
    "RubricItem",
    "ScheduleRule",
    "Score",
    "ShowcaseEntry",
    "StarReview",
    "StepKind",
    "StudyProgramme",
    "StudyStep",
    "same_district",
]
