"""The supervision flow (督办) of an overdue action-project milestone: 交办 → 签收 → 反馈 →
复核 → 办结, a report sent back when the review finds it short. Registered from the app's
ready()."""

from django.utils.translation import gettext_lazy as _

from taizhang.supervision.flows import Actor, Flow, Kind, State, Transition

MILESTONE_FLOW = Flow(
    code="party_milestone",
    label=_("Overdue action-project milestone"),
    states=(
        State("assigned", _("Assigned")),
        State("accepted", _("Accepted")),
        State("reported", _("Reported")),
        State("closed", _("Closed"), Kind.ENDED),
    ),
    transitions=(
        Transition("accept", _("Accept"), ("assigned",), "accepted", Actor.ASSIGNEE),
        Transition(
            "report", _("Report back"), ("accepted",), "reported", Actor.ASSIGNEE, needs_note=True
        ),
        Transition(
            "reject", _("Send back"), ("reported",), "accepted", Actor.SUPERVISOR, needs_note=True
        ),
        Transition(
            "close",
            _("Close"),
            ("reported",),
            "closed",
            Actor.SUPERVISOR,
            not_by_actor_of="report",
        ),
    ),
    initial="assigned",
    accept_action="accept",
    close_action="close",
    reopen_state="accepted",
)
