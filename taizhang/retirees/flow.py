"""The flow of a retiree's service request that a department must act on (退休人员服务事项
转办) on the supervision engine: 转办 → 签收 → 办理反馈 → 办结; a misrouted request goes back
with its reason. Registered from the app's registration."""

from django.utils.translation import gettext_lazy as _

from taizhang.supervision.flows import Actor, Flow, State, Transition
from taizhang.supervision.flows import Kind as StateKind

SERVICE_FLOW = "retiree_service"

SERVICE = Flow(
    code=SERVICE_FLOW,
    label=_("Retiree service request"),
    states=(
        State("assigned", _("Referred")),  # 已转办
        State("accepted", _("Accepted")),  # 已签收
        State("reported", _("Answered")),  # 已反馈
        State("closed", _("Closed"), StateKind.ENDED),  # 已办结
        State("returned", _("Returned"), StateKind.PAUSED),  # 已退回
        State("withdrawn", _("Withdrawn"), StateKind.ENDED),  # 已撤回
    ),
    transitions=(
        Transition("accept", _("Accept"), ("assigned",), "accepted", Actor.ASSIGNEE),
        Transition(
            "return", _("Return"), ("assigned",), "returned", Actor.ASSIGNEE, needs_note=True
        ),
        Transition(
            "report", _("Answer"), ("accepted",), "reported", Actor.ASSIGNEE, needs_note=True
        ),
        Transition(
            "reject", _("Send back"), ("reported",), "accepted", Actor.SUPERVISOR, needs_note=True
        ),
        Transition("close", _("Close"), ("reported",), "closed", Actor.SUPERVISOR),
        Transition("reissue", _("Refer again"), ("returned",), "assigned", Actor.SUPERVISOR),
        Transition(
            "withdraw", _("Withdraw"), ("returned",), "withdrawn", Actor.SUPERVISOR, needs_note=True
        ),
    ),
    initial="assigned",
    accept_action="accept",
    close_action="close",
    reopen_state="accepted",
)
