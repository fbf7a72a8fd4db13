"""The writes of the volunteer module (志愿服务): volunteers, campaigns and shifts, sign-ups and
their decisions, attendance and hours, claims of missing hours, visits and data tasks, the
training, awards and evaluations of the service record, and the responsibility letters. Each
checks access, validates, saves and records the audit in the same transaction; a refusal raises
ValidationError and changes nothing.

Who organises: whoever writes for the campaign's organiser unit, or for the place (community)
of the shift in question (the community's staff work beside the organiser, as in the seed).
The public sign-up and the scan of a shift's QR code act as the platform (SYSTEM), with the
reason recorded in the audit."""

from taizhang.volunteers.services.attendance import (
    check_in,
    check_out,
    claim_hours,
    decide_claim,
    scan,
)
from taizhang.volunteers.services.certificates import (
    issue_certificate,
    service_content,
)
from taizhang.volunteers.services.common import PUBLIC, SCAN, hours_between, organises
from taizhang.volunteers.services.letters import (
    add_target,
    create_letter_campaign,
    refuse_target,
    sign_target,
)
from taizhang.volunteers.services.records import (
    keeps_record_of,
    record_award,
    record_evaluation,
    record_training,
    remove_record,
)
from taizhang.volunteers.services.signups import (
    add_shift,
    close_campaign,
    confirm,
    create_campaign,
    decline,
    register_volunteer,
    reject,
    request_more_shifts,
    sign_up,
    update_campaign,
)
from taizhang.volunteers.services.tasks import (
    record_data_task,
    record_visit,
)
from taizhang.volunteers.services.teams import create_team, set_team_members

__all__ = [
    "PUBLIC",
    "SCAN",
    "add_shift",
    "add_target",
    "check_in",
    "check_out",
    "claim_hours",
    "close_campaign",
    "confirm",
    "create_campaign",
    "create_letter_campaign",
    "create_team",
    "decide_claim",
    "decline",
    "hours_between",
    "issue_certificate",
    "keeps_record_of",
    "organises",
    "record_award",
    "record_data_task",
    "record_evaluation",
    "record_training",
    "record_visit",
    "refuse_target",
    "register_volunteer",
    "reject",
    "remove_record",
    "request_more_shifts",
    "scan",
    "service_content",
    "set_team_members",
    "sign_target",
    "sign_up",
    "update_campaign",
]
