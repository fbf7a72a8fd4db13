"""The form of a schedule rule (组织生活制度): how often, by which day, how late, quorum."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from taizhang.party.models import MeetingKind, OrgLevel, Period, ScheduleRule


class RuleForm(forms.Form):
    period = forms.ChoiceField(label=_("period"), choices=Period.choices)
    times_per_period = forms.IntegerField(
        label=_("times per period"),
        min_value=1,
        max_value=31,
        initial=1,
        help_text=_("How many meetings of the kind each period needs at least."),
    )
    day_of_month = forms.IntegerField(
        label=_("fixed day of the month"),
        required=False,
        min_value=1,
        max_value=28,
        help_text=_("Held by this day of the period's last month (主题党日 on a fixed day)."),
    )
    grace_days = forms.IntegerField(label=_("days allowed late"), min_value=0, max_value=366)
    needs_quorum = forms.BooleanField(label=_("needs a quorum"), required=False)
    is_active = forms.BooleanField(label=_("in force"), required=False)
    source = forms.CharField(label=_("source"), max_length=200, required=False)

    def __init__(self, *args: Any, rule: ScheduleRule | None, **kwargs: Any) -> None:
        if rule is None:  # a new rule: the kind and level are chosen on the form
            super().__init__(*args, **kwargs)
            return
        kwargs.setdefault(
            "initial",
            {
                "period": rule.period,
                "times_per_period": rule.times_per_period,
                "day_of_month": rule.day_of_month,
                "grace_days": rule.grace_days,
                "needs_quorum": rule.needs_quorum,
                "is_active": rule.is_active,
                "source": rule.source,
            },
        )
        super().__init__(*args, **kwargs)


class NewRuleForm(RuleForm):
    """A new rule: for which kind of meeting at which level, and how often."""

    kind = forms.ChoiceField(label=_("kind"), choices=MeetingKind.choices)
    level = forms.ChoiceField(label=_("level"), choices=OrgLevel.choices)
    field_order = ["kind", "level"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial", {"level": OrgLevel.BRANCH, "times_per_period": 1, "grace_days": 15,
                        "is_active": True},
        )  # fmt: skip
        super().__init__(*args, rule=None, **kwargs)
