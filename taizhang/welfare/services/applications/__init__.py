"""Applications through the civil-affairs flow (低保审核确认): receive, investigate, 初审, 公示
with objections, submit, decide; extension of the deadline and withdrawal.

Every step is one function here: it checks access and the state, writes the application and
one `ApplicationStep` row of its timeline, and the audit entry, in one transaction; a refused
step raises ValidationError or PermissionDenied and changes nothing. Submission, approval and
return go through the shared review helper (core/reviews.py, `APPLICATION_REVIEW`), whose
deciders are the programme's deciding unit (区民政局).

The rules come from 民政部《最低生活保障审核确认办法》(2021): a decision within 30 working days
of acceptance, 45 in special circumstances (第二十一条); relatives of staff and village cadres
are recorded and always investigated at home (第十二条, 第十四条), so their 初审 is made above
the village; the 公示 lasts at least seven days and an objection is checked before the
application goes on (第十六条).

The package: `common` (shared checks and reads), `intake` (receive, investigate, extend,
withdraw), `notices` (初审, 公示, objections), `decisions` (submit, approve, refuse, return)."""

from taizhang.welfare.services.applications.common import (
    INVESTIGABLE,
    STEP_LABELS,
    applicant_by_number,
    enrolment_of,
    income_of,
    may_preliminary_review,
    notice_objections_block,
)
from taizhang.welfare.services.applications.decisions import (
    APPLICATION_REVIEW,
    approve_application,
    refuse_application,
    return_application,
    submit_application,
)
from taizhang.welfare.services.applications.intake import (
    extend_deadline,
    receive,
    record_investigation,
    withdraw_application,
)
from taizhang.welfare.services.applications.notices import (
    check_objection,
    preliminary_review,
    record_objection,
)

__all__ = [
    "APPLICATION_REVIEW",
    "INVESTIGABLE",
    "STEP_LABELS",
    "applicant_by_number",
    "approve_application",
    "check_objection",
    "enrolment_of",
    "extend_deadline",
    "income_of",
    "may_preliminary_review",
    "notice_objections_block",
    "preliminary_review",
    "receive",
    "record_investigation",
    "record_objection",
    "refuse_application",
    "return_application",
    "submit_application",
    "withdraw_application",
]
