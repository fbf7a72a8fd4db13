"""The Double Hundred module's Excel ledgers, for export (records are made through the pages
and the API, where every rule is checked):

- "party-projects": the action projects ledger (百项行动台账), one row per project with its
  indicators' targets and latest values and its milestones met of all.
- "party-meetings": the meeting records ledger (组织生活台账), one row per meeting."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.translation import gettext_lazy

from taizhang.core.ledgers import Column, Ledger
from taizhang.party.filters import MeetingFilter, ProjectFilter
from taizhang.party.models import ActionProject, Area, IndicatorValue, Meeting, MeetingKind

AREA_LABELS = (
    (Area.COLLECTIVE_ECONOMY.value, "集体经济"),
    (Area.BEAUTIFUL_VILLAGE.value, "美丽乡村"),
    (Area.WELFARE.value, "民生福利"),
    (Area.GOVERNANCE.value, "基层治理"),
    (Area.PARTY_BUILDING.value, "党建引领"),
    (Area.INDUSTRY.value, "产业发展"),
)
KIND_LABELS = (
    (MeetingKind.GENERAL.value, "党员大会"),
    (MeetingKind.COMMITTEE.value, "支委会"),
    (MeetingKind.GROUP.value, "党小组会"),
    (MeetingKind.LECTURE.value, "党课"),
    (MeetingKind.THEME_DAY.value, "主题党日"),
    (MeetingKind.LIFE_MEETING.value, "组织生活会"),
    (MeetingKind.APPRAISAL.value, "民主评议党员"),
)


class ProjectLedger(Ledger):
    name = "party-projects"
    title = gettext_lazy("Action projects ledger")
    model = ActionProject
    filterset_class = ProjectFilter
    columns = (
        Column("年度", "year"),
        Column("项目名称", "title", width=30),
        Column("领域", "area", kind="choice", choices=AREA_LABELS),
        Column("牵头单位", "lead_unit", width=16),
        Column("党组织", "party_org", width=20),
        Column("责任人", "responsible"),
        Column("状态", "status_label"),
        Column("指标（目标/实际）", "indicators", width=40),
        Column("节点（已完成/全部）", "milestones"),
    )

    def can_import(self, user: Any) -> bool:
        return False

    def export_queryset(self, queryset: QuerySet) -> QuerySet:
        values = IndicatorValue.objects.order_by("-month")
        return (
            queryset.select_related("lead_unit", "party_org")
            .prefetch_related("indicators", Prefetch("indicators__values", queryset=values))
            .annotate(
                milestones_total=Count("milestones", distinct=True),
                milestones_met=Count(
                    "milestones", filter=Q(milestones__done_on__isnull=False), distinct=True
                ),
            )
            .order_by("-year", "title", "pk")
        )

    def value_of(self, obj: Any, column: Column) -> Any:
        if column.field == "lead_unit":
            return obj.lead_unit.name
        if column.field == "party_org":
            return obj.party_org.name if obj.party_org else ""
        if column.field == "status_label":
            return str(obj.get_status_display())
        if column.field == "indicators":
            parts = []
            for indicator in obj.indicators.all():
                latest = next(iter(indicator.values.all()), None)
                actual = latest.actual if latest else "—"
                parts.append(f"{indicator.name} {indicator.target}/{actual}{indicator.unit}")
            return "；".join(parts)
        if column.field == "milestones":
            return f"{obj.milestones_met}/{obj.milestones_total}"
        return getattr(obj, column.field)


class MeetingLedger(Ledger):
    name = "party-meetings"
    title = gettext_lazy("Meeting records ledger")
    model = Meeting
    filterset_class = MeetingFilter
    columns = (
        Column("党组织", "org", width=20),
        Column("会议类型", "kind", kind="choice", choices=KIND_LABELS),
        Column("时间", "held", width=16),
        Column("地点", "place", width=16),
        Column("主题", "topic", width=30),
        Column("主持人", "chair"),
        Column("记录人", "recorder"),
        Column("应到", "expected"),
        Column("实到", "present"),
        Column("有表决权应到", "voting_expected"),
        Column("有表决权实到", "voting_present"),
        Column("主持人签字", "signed_by_chair", kind="bool"),
        Column("记录人签字", "signed_by_recorder", kind="bool"),
    )

    def can_import(self, user: Any) -> bool:
        return False

    def export_queryset(self, queryset: QuerySet) -> QuerySet:
        return queryset.select_related("org", "chair", "recorder").order_by("-held_at", "pk")

    def value_of(self, obj: Any, column: Column) -> Any:
        if column.field == "org":
            return obj.org.name
        if column.field == "held":
            from django.utils import timezone

            return f"{timezone.localtime(obj.held_at):%Y-%m-%d %H:%M}"
        if column.field in ("chair", "recorder"):
            return getattr(obj, column.field).name
        return getattr(obj, column.field)
