"""The rectification flow (专项整治) on the supervision engine:
立案 → 制发建议 → 签收 → 调查核实 → 责令整改 → 整改中 → 复核验收 → 办结销号,
with the return of a misrouted case, a written reply at any point after delivery, and two
clocks: the statutory reply clock of the recommendation (from delivery) and the rectification
order's 规定时限."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from taizhang.supervision.flows import (
    SAME,
    Actor,
    Clock,
    Flow,
    Kind,
    State,
    Transition,
)

CODE = "rectification"
REPLY_CLOCK, ORDER_CLOCK = "reply", "order"

# Steps on a finding, recorded on the case's timeline.
FINDING_ADDED = "finding_added"
FINDING_RECTIFIED = "finding_rectified"
FINDING_VERIFIED = "finding_verified"
FINDING_REJECTED = "finding_rejected"
FINDING_REOPENED = "finding_reopened"
READDRESSED = "readdressed"


def _findings(assignment: Any):
    from taizhang.rectification.models import Finding

    return Finding.objects.filter(case__assignment=assignment)


def all_rectified(assignment: Any) -> str:
    """Submitting for verification needs every finding reported rectified (or verified)."""
    findings = _findings(assignment)
    if not findings.exists():
        return gettext("The case has no findings.")
    open_ = list(findings.filter(status="open").values_list("sequence", flat=True))
    if open_:
        return gettext("Findings not yet rectified: %(numbers)s.") % {
            "numbers": "、".join(str(n) for n in open_)
        }
    return ""


def all_verified(assignment: Any) -> str:
    """A case closes (办结销号) only when every finding is verified and closed."""
    findings = _findings(assignment)
    if not findings.exists():
        return gettext("The case has no findings.")
    open_ = list(findings.exclude(status="verified").values_list("sequence", flat=True))
    if open_:
        return gettext("The case has open findings: %(numbers)s.") % {
            "numbers": "、".join(str(n) for n in open_)
        }
    return ""


def has_findings(assignment: Any) -> str:
    return "" if _findings(assignment).exists() else gettext("The case has no findings.")


AFTER_DELIVERY = ("accepted", "investigating", "ordered", "rectifying", "verifying")

RECTIFICATION = Flow(
    code=CODE,
    label=_("Rectification"),  # 专项整治
    states=(
        State("filed", _("Filed"), Kind.PAUSED),  # 立案: the finding unit prepares
        State("issued", _("Recommendation issued")),  # 制发建议
        State("accepted", _("Accepted")),  # 签收
        State("investigating", _("Investigating")),  # 调查核实
        State("ordered", _("Rectification ordered")),  # 责令整改
        State("rectifying", _("Rectifying")),  # 整改中
        State("verifying", _("Verifying")),  # 复核验收
        State("closed", _("Closed"), Kind.ENDED),  # 办结销号
        State("returned", _("Returned"), Kind.PAUSED),  # 退回: misrouted
        State("withdrawn", _("Withdrawn"), Kind.ENDED),  # 撤销
    ),
    transitions=(
        Transition(
            "issue",
            _("Issue recommendation"),
            ("filed",),
            "issued",
            Actor.SUPERVISOR,
            guard=has_findings,
        ),
        Transition(
            "accept",
            _("Accept delivery"),
            ("issued",),
            "accepted",
            Actor.ASSIGNEE,
            sets_deadline=True,
            clock=REPLY_CLOCK,
        ),
        Transition("return", _("Return"), ("issued",), "returned", Actor.ASSIGNEE, needs_note=True),
        Transition("reissue", _("Issue again"), ("returned",), "issued", Actor.SUPERVISOR),
        Transition(
            "withdraw",
            _("Withdraw"),
            ("filed", "returned"),
            "withdrawn",
            Actor.SUPERVISOR,
            needs_note=True,
        ),
        Transition("investigate", _("Investigate"), ("accepted",), "investigating", Actor.ASSIGNEE),
        Transition(
            "order",
            _("Order rectification"),
            ("investigating",),
            "ordered",
            Actor.ASSIGNEE,
            sets_deadline=True,
            clock=ORDER_CLOCK,
        ),
        Transition("start", _("Start rectification"), ("ordered",), "rectifying", Actor.ASSIGNEE),
        Transition(
            "reply",
            _("Written reply"),
            AFTER_DELIVERY,
            SAME,
            Actor.ASSIGNEE,
            needs_note=True,
            stops_clocks=(REPLY_CLOCK,),
        ),
        Transition(
            "submit",
            _("Submit for verification"),
            ("rectifying",),
            "verifying",
            Actor.ASSIGNEE,
            stops_clocks=(ORDER_CLOCK,),
            guard=all_rectified,
        ),
        Transition(
            "send_back",
            _("Send back"),
            ("verifying",),
            "rectifying",
            Actor.ANY,
            needs_note=True,
            resumes_clocks=(ORDER_CLOCK,),
            not_by_actor_of="submit",
        ),
        Transition(
            "close",
            _("Close and write off"),
            ("verifying",),
            "closed",
            Actor.SUPERVISOR,
            guard=all_verified,
        ),
    ),
    initial="filed",
    accept_action="accept",
    close_action="close",
    reopen_state="rectifying",
    clocks=(
        Clock(REPLY_CLOCK, _("Written reply")),  # 书面回复期限
        Clock(ORDER_CLOCK, _("Rectification deadline")),  # 规定时限
    ),
    managed_by=_("rectification"),
    step_labels=(
        (FINDING_ADDED, _("Finding added")),
        (FINDING_RECTIFIED, _("Finding rectified")),
        (FINDING_VERIFIED, _("Finding verified")),
        (FINDING_REJECTED, _("Finding not accepted")),
        (FINDING_REOPENED, _("Finding reopened")),
        (READDRESSED, _("Addressed to another agency")),
    ),
)
