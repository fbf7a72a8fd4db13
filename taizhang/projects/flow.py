"""The coordination flow of the project bank (跟踪服务, 多部门联动) on the supervision engine:
交办 → 签收 → 办理 → 反馈 → 复核 → 办结; a misrouted item goes back with its reason. A problem
found in a monthly report becomes such an item, assigned to the departments that can solve it.
Registered from the app's ready()."""

from django.utils.translation import gettext_lazy as _

from taizhang.supervision.flows import Actor, Flow, Kind, State, Transition

COORDINATION = Flow(
    code="coordination",
    label=_("Coordination"),  # 跟踪服务
    states=(
        State("assigned", _("Assigned")),  # 已交办
        State("accepted", _("Accepted")),  # 已签收
        State("in_progress", _("In progress")),  # 办理中
        State("reported", _("Reported")),  # 已反馈, waiting for review
        State("reviewed", _("Reviewed")),  # 已复核
        State("closed", _("Closed"), Kind.ENDED),  # 已办结
        State("returned", _("Returned"), Kind.PAUSED),  # 已退回: misrouted
        State("withdrawn", _("Withdrawn"), Kind.ENDED),  # 已撤回
    ),
    transitions=(
        Transition("accept", _("Accept"), ("assigned",), "accepted", Actor.ASSIGNEE),
        Transition(
            "return", _("Return"), ("assigned",), "returned", Actor.ASSIGNEE, needs_note=True
        ),
        Transition("start", _("Start work"), ("accepted",), "in_progress", Actor.ASSIGNEE),
        Transition(
            "report",
            _("Report back"),
            ("in_progress",),
            "reported",
            Actor.ASSIGNEE,
            needs_note=True,
        ),
        Transition(
            "approve",
            _("Approve"),
            ("reported",),
            "reviewed",
            Actor.SUPERVISOR,
            not_by_actor_of="report",
        ),
        Transition(
            "reject",
            _("Send back"),
            ("reported",),
            "in_progress",
            Actor.SUPERVISOR,
            needs_note=True,
        ),
        Transition("close", _("Close"), ("reviewed",), "closed", Actor.SUPERVISOR),
        Transition("reissue", _("Assign again"), ("returned",), "assigned", Actor.SUPERVISOR),
        Transition(
            "withdraw", _("Withdraw"), ("returned",), "withdrawn", Actor.SUPERVISOR, needs_note=True
        ),
    ),
    initial="assigned",
    accept_action="accept",
    close_action="close",
    reopen_state="in_progress",
)
