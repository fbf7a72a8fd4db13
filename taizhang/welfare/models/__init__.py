"""The welfare module's records (村民福利), split by subdomain."""

from taizhang.welfare.models.applications import (
    Application,
    ApplicationStatus,
    ApplicationStep,
    Investigation,
    Notice,
    NoticeSubject,
    Objection,
)
from taizhang.welfare.models.cycles import (
    ConfirmationMethod,
    Cycle,
    CycleStatus,
    Entitlement,
    Handout,
    PaymentStatus,
    Stock,
    Visit,
)
from taizhang.welfare.models.enrolments import (
    Enrolment,
    EnrolmentReview,
    EnrolmentStatus,
    ReviewOutcome,
)
from taizhang.welfare.models.handout_codes import HandoutCode
from taizhang.welfare.models.programmes import (
    BasketItem,
    BenefitUnit,
    Programme,
    ProgrammeKind,
    Tier,
)

__all__ = [
    "Application",
    "ApplicationStatus",
    "ApplicationStep",
    "BasketItem",
    "BenefitUnit",
    "ConfirmationMethod",
    "Cycle",
    "CycleStatus",
    "Enrolment",
    "EnrolmentReview",
    "EnrolmentStatus",
    "Entitlement",
    "Handout",
    "HandoutCode",
    "Investigation",
    "Notice",
    "NoticeSubject",
    "Objection",
    "PaymentStatus",
    "Programme",
    "ProgrammeKind",
    "ReviewOutcome",
    "Stock",
    "Tier",
    "Visit",
]
