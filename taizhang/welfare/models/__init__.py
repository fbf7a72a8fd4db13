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
from taizhang.welfare.models.published import PublishedWelfareFigures, RecipientKind

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
    "PublishedWelfareFigures",
    "RecipientKind",
    "ReviewOutcome",
    "Stock",
    "Tier",
    "Visit",
]
