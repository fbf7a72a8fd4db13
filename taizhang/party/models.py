"""Double Hundred (双百工程): party organisations, their members and organisational life, the
hundred action projects (百项行动牵引工程) and the hundred demonstration party organisations
(百家示范党组织), with the study programme ("1+1+1") and the public showcase (巡礼).

A party organisation (党组织) sits in its own tree (区委 → 党工委 / 党委 → 党总支 → 党支部 →
党小组) and is tied to the org unit it serves (`unit`), which is how it is scoped: the officer
of 西王庄村 sees 西王庄村党支部 and what hangs on it. Members (党员) are persons of the registry;
their ID numbers stay on the registry and are never copied here.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Self

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from taizhang.core.models import ScopedQuerySet, Unit, User
from taizhang.core.versions import Versioned
from taizhang.people.models import Person


def same_district(one: Unit, other: Unit) -> bool:
    """Whether two units lie under the same root of the org tree (the district)."""
    return one.path[: Unit.steplen] == other.path[: Unit.steplen]


class OrgLevel(models.TextChoices):
    """The levels of the party organisation tree, highest first (党组织层级)."""

    DISTRICT = "district", _("District party committee")  # 区委
    WORKING_COMMITTEE = "working_committee", _("Working committee")  # 党工委
    COMMITTEE = "committee", _("Party committee")  # 党委
    GENERAL_BRANCH = "general_branch", _("General branch")  # 党总支
    BRANCH = "branch", _("Branch")  # 党支部
    GROUP = "group", _("Party group")  # 党小组


# Rank of each level: a child ranks below its parent. 党工委 and 党委 are peers.
LEVEL_RANK = {
    OrgLevel.DISTRICT: 0,
    OrgLevel.WORKING_COMMITTEE: 1,
    OrgLevel.COMMITTEE: 1,
    OrgLevel.GENERAL_BRANCH: 2,
    OrgLevel.BRANCH: 3,
    OrgLevel.GROUP: 4,
}


class PartyOrg(Versioned):
    """A party organisation (党组织): its name, level, the organisation above it, the org unit
    it serves, its secretary (书记) and committee (委员)."""

    scope_unit_field = "unit"
    is_ledger_record = True

    name = models.CharField(_("name"), max_length=100)
    level = models.CharField(_("level"), max_length=20, choices=OrgLevel.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("superior organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("org unit"), on_delete=models.PROTECT, related_name="party_orgs"
    )
    secretary = models.ForeignKey(
        Person,
        verbose_name=_("secretary"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="party_orgs_led",
    )
    committee = models.ManyToManyField(
        Person, verbose_name=_("committee members"), blank=True, related_name="party_committees"
    )
    published_names = models.CharField(
        _("names the organisation publishes"),
        max_length=200,
        blank=True,
        help_text=_("Shown on the public showcase; nothing else about a person is."),
    )
    is_demo = models.BooleanField(_("demo"), default=False)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("party organisation")
        verbose_name_plural = _("party organisations")
        ordering = ["unit__path", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "name"],
                name="party_org_name_unique_in_unit",
                violation_error_message=_("This unit already has a party organisation so named."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("party-org", args=[self.pk])

    def clean(self) -> None:
        if self.parent_id is None:
            return
        parent = self.parent
        if (
            parent is not None
            and LEVEL_RANK[OrgLevel(parent.level)] >= LEVEL_RANK[OrgLevel(self.level)]
        ):
            raise ValidationError(
                {"parent": _("A %(level)s cannot sit under a %(parent)s.") % {
                    "level": OrgLevel(self.level).label, "parent": OrgLevel(parent.level).label}}
            )  # fmt: skip
        if parent is not None and self.unit_id and not self.unit.path.startswith(parent.unit.path):
            raise ValidationError(
                {"unit": _("The unit must lie within the superior organisation's unit.")}
            )


class MemberStatus(models.TextChoices):
    FULL = "full", _("Full member")  # 正式党员
    PROBATIONARY = "probationary", _("Probationary member")  # 预备党员


class LeaveReason(models.TextChoices):
    TRANSFER_OUT = "transfer_out", _("Transferred out")  # 转出
    DECEASED = "deceased", _("Deceased")  # 去世
    OTHER = "other", _("Other")


class PartyMemberQuerySet(ScopedQuerySet["Membership"]):
    def on(self, day: datetime.date) -> Self:
        """Memberships of the branch roster on `day`."""
        return self.filter(joined_org_on__lte=day).filter(
            Q(left_org_on__isnull=True) | Q(left_org_on__gt=day)
        )

    def current(self) -> Self:
        return self.filter(left_org_on__isnull=True)


class Membership(models.Model):
    """A party member (党员) on the roster of a branch: the registry person, when they joined the
    party, their status, when their relation came to the branch (转入) and when it left (转出).
    A person is on one branch's roster at a time."""

    scope_unit_field = "org__unit"
    is_ledger_record = True

    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="party_memberships",
    )
    org = models.ForeignKey(
        PartyOrg, verbose_name=_("branch"), on_delete=models.PROTECT, related_name="memberships"
    )
    joined_party_on = models.DateField(_("joined the party on"))
    status = models.CharField(
        _("status"), max_length=20, choices=MemberStatus.choices, default=MemberStatus.FULL
    )
    joined_org_on = models.DateField(_("on the roster since"))
    transferred_from = models.CharField(_("transferred in from"), max_length=200, blank=True)
    left_org_on = models.DateField(_("left the roster on"), null=True, blank=True)
    left_reason = models.CharField(
        _("reason for leaving"), max_length=20, choices=LeaveReason.choices, blank=True
    )
    transferred_to = models.CharField(_("transferred out to"), max_length=200, blank=True)
    is_demo = models.BooleanField(_("demo"), default=False)

    objects = PartyMemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("party member")
        verbose_name_plural = _("party members")
        ordering = ["org_id", "joined_org_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(left_org_on__isnull=True),
                name="party_member_one_current_branch",
                violation_error_message=_("This person is already on a branch's roster."),
            ),
            models.CheckConstraint(
                condition=Q(left_org_on__isnull=True)
                | Q(left_org_on__gte=models.F("joined_org_on")),
                name="party_member_leaves_after_joining",
                violation_error_message=_("A member leaves the roster after joining it."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person.name} · {self.org.name}"

    @property
    def votes(self) -> bool:
        """Only full members vote (预备党员 have no vote)."""
        return self.status == MemberStatus.FULL


class MeetingKind(models.TextChoices):
    """The kinds of organisational life (三会一课, 主题党日, 组织生活会, 民主评议)."""

    GENERAL = "general", _("General meeting of members")  # 党员大会
    COMMITTEE = "committee", _("Branch committee meeting")  # 支委会
    GROUP = "group", _("Party group meeting")  # 党小组会
    LECTURE = "lecture", _("Party lecture")  # 党课
    THEME_DAY = "theme_day", _("Theme party day")  # 主题党日
    LIFE_MEETING = "life_meeting", _("Organisational life meeting")  # 组织生活会
    APPRAISAL = "appraisal", _("Democratic appraisal of members")  # 民主评议党员


class Period(models.TextChoices):
    MONTH = "month", _("Monthly")
    QUARTER = "quarter", _("Quarterly")
    YEAR = "year", _("Yearly")


class ScheduleRule(models.Model):
    """A rule of organisational life as data (组织生活制度): which kind of meeting an
    organisation of a level must hold how often, by which day, and whether its decisions need a
    quorum. The defaults are those of 中国共产党支部工作条例（试行） 2018."""

    kind = models.CharField(_("kind"), max_length=20, choices=MeetingKind.choices)
    level = models.CharField(
        _("level"), max_length=20, choices=OrgLevel.choices, default=OrgLevel.BRANCH
    )
    period = models.CharField(_("period"), max_length=10, choices=Period.choices)
    day_of_month = models.PositiveSmallIntegerField(
        _("fixed day of the month"),
        null=True,
        blank=True,
        help_text=_("Held by this day of the period's last month (主题党日 on a fixed day)."),
    )
    grace_days = models.PositiveSmallIntegerField(
        _("days allowed late"),
        default=15,
        help_text=_("A meeting held this many days after its due day counts as late, not missed."),
    )
    needs_quorum = models.BooleanField(_("needs a quorum"), default=False)
    source = models.CharField(_("source"), max_length=200, blank=True)
    is_active = models.BooleanField(_("in force"), default=True)

    class Meta:
        verbose_name = _("schedule rule")
        verbose_name_plural = _("schedule rules")
        ordering = ["level", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "level"],
                name="party_rule_one_per_kind_and_level",
                violation_error_message=_("A rule for this kind and level exists already."),
            ),
            models.CheckConstraint(
                condition=Q(day_of_month__isnull=True)
                | Q(day_of_month__gte=1, day_of_month__lte=28),
                name="party_rule_day_in_every_month",
                violation_error_message=_("The fixed day is between 1 and 28."),
            ),
        ]

    def __str__(self) -> str:
        return f"{OrgLevel(self.level).label} · {MeetingKind(self.kind).label}"


class Meeting(Versioned):
    """A record of organisational life (会议记录): kind, time, place, chair, recorder, the members
    expected (the roster on the day) and present, absences with their reasons, the agenda, the
    decisions, the sign-in sheet and photos (attachments) and the signatures of chair and
    recorder. `expected` and `present` count the roster; `voting_expected` and
    `voting_present` its full members, who make the quorum."""

    scope_unit_field = "org__unit"
    is_ledger_record = True

    org = models.ForeignKey(
        PartyOrg, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="meetings"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=MeetingKind.choices)
    topic = models.CharField(_("topic"), max_length=200)
    held_at = models.DateTimeField(_("held at"))
    place = models.CharField(_("place"), max_length=200)
    chair = models.ForeignKey(
        Person, verbose_name=_("chair"), on_delete=models.PROTECT, related_name="+"
    )
    recorder = models.ForeignKey(
        Person, verbose_name=_("recorder"), on_delete=models.PROTECT, related_name="+"
    )
    agenda = models.TextField(_("agenda"), blank=True)
    expected = models.PositiveIntegerField(_("members expected"))
    present = models.PositiveIntegerField(_("members present"))
    voting_expected = models.PositiveIntegerField(_("voting members expected"))
    voting_present = models.PositiveIntegerField(_("voting members present"))
    signed_by_chair = models.BooleanField(_("signed by the chair"), default=False)
    signed_by_recorder = models.BooleanField(_("signed by the recorder"), default=False)
    recorded_by = models.ForeignKey(
        User,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    is_demo = models.BooleanField(_("demo"), default=False)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("meeting record")
        verbose_name_plural = _("meeting records")
        ordering = ["-held_at", "pk"]
        indexes = [models.Index(fields=["org", "kind", "held_at"], name="party_meeting_org_kind")]
        constraints = [
            models.CheckConstraint(
                condition=Q(present__lte=models.F("expected")),
                name="party_meeting_present_within_expected",
                violation_error_message=_("More members present than expected."),
            ),
            models.CheckConstraint(
                condition=Q(voting_present__lte=models.F("voting_expected")),
                name="party_meeting_voting_within_expected",
                violation_error_message=_("More voting members present than expected."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.org.name} · {self.get_kind_display()} · {self.held_at:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("party-meeting", args=[self.pk])

    @property
    def has_quorum(self) -> bool:
        """More than half of the voting members present (应到会有表决权党员半数以上)."""
        return self.voting_present * 2 > self.voting_expected


class Attendance(models.Model):
    """One member of the roster at a meeting: present, or absent with the reason (请假事由)."""

    scope_unit_field = "meeting__org__unit"

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="attendance"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("member"), on_delete=models.PROTECT, related_name="+"
    )
    present = models.BooleanField(_("present"))
    votes = models.BooleanField(_("has a vote"))
    absence_reason = models.CharField(_("reason for absence"), max_length=200, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["meeting_id", "-present", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "person"],
                name="party_attendance_once",
                violation_error_message=_("This member is listed twice."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.meeting_id} · {self.person_id}"


class Decision(models.Model):
    """A decision of a meeting (决议) and whether it passed; a decision passed without a quorum
    is refused."""

    scope_unit_field = "meeting__org__unit"

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="decisions"
    )
    text = models.TextField(_("decision"))
    passed = models.BooleanField(_("passed"))
    votes_for = models.PositiveIntegerField(_("votes for"), null=True, blank=True)
    votes_against = models.PositiveIntegerField(_("votes against"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["meeting_id", "pk"]

    def __str__(self) -> str:
        return self.text[:50]

    def clean(self) -> None:
        if self.passed and not self.meeting.has_quorum:
            raise ValidationError(
                {"passed": _("Without a quorum (more than half of the voting members present, "
                             "%(present)s of %(expected)s here) no decision passes.") % {
                    "present": self.meeting.voting_present,
                    "expected": self.meeting.voting_expected}}
            )  # fmt: skip
        if self.votes_for is not None and self.votes_for > self.meeting.voting_present:
            raise ValidationError({"votes_for": _("More votes for than voting members present.")})


# Action projects (百项行动牵引工程) ------------------------------------------------------------


class Area(models.TextChoices):
    COLLECTIVE_ECONOMY = "collective_economy", _("Collective economy")  # 集体经济
    BEAUTIFUL_VILLAGE = "beautiful_village", _("Beautiful villages")  # 美丽乡村
    WELFARE = "welfare", _("People's welfare")  # 民生福利
    GOVERNANCE = "governance", _("Grassroots governance")  # 基层治理
    PARTY_BUILDING = "party_building", _("Party building")  # 党建引领
    INDUSTRY = "industry", _("Industry")  # 产业发展


class ProjectStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    FINISHED = "finished", _("Finished")
    DROPPED = "dropped", _("Dropped")


class ActionProjectQuerySet(ScopedQuerySet["ActionProject"]):
    def running_in(self, year: int) -> Self:
        return self.filter(year__lte=year).exclude(
            Q(status=ProjectStatus.DROPPED) | Q(finished_on__lt=datetime.date(year, 1, 1))
        )

    def with_overdue(self, day: datetime.date) -> Self:
        return self.filter(milestones__due_on__lt=day, milestones__done_on__isnull=True)


class ActionProject(Versioned):
    """An action project (百项行动): its title, the unit that leads it and its party
    organisation, the person responsible, the area, its indicators and milestones, and the
    project-bank projects it drives (the 梨园水乡综合体, the 千亩高粱基地)."""

    scope_unit_field = "lead_unit"
    is_ledger_record = True

    year = models.PositiveSmallIntegerField(_("year launched"))
    title = models.CharField(_("title"), max_length=200)
    area = models.CharField(_("area"), max_length=30, choices=Area.choices)
    lead_unit = models.ForeignKey(
        Unit, verbose_name=_("lead unit"), on_delete=models.PROTECT, related_name="+"
    )
    party_org = models.ForeignKey(
        PartyOrg,
        verbose_name=_("party organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="action_projects",
    )
    responsible = models.CharField(_("person responsible"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ProjectStatus.choices, default=ProjectStatus.IN_PROGRESS
    )
    finished_on = models.DateField(_("finished on"), null=True, blank=True)
    bank_projects = models.ManyToManyField(
        "projects.Project", verbose_name=_("project-bank projects"), blank=True, related_name="+"
    )
    is_demo = models.BooleanField(_("demo"), default=False)

    objects = ActionProjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("action project")
        verbose_name_plural = _("action projects")
        ordering = ["-year", "title", "pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("party-project", args=[self.pk])

    def clean(self) -> None:
        if self.status == ProjectStatus.FINISHED and self.finished_on is None:
            raise ValidationError({"finished_on": _("A finished project names the day.")})


class Indicator(models.Model):
    """An indicator of an action project: what is measured, its unit and its target value."""

    scope_unit_field = "project__lead_unit"

    project = models.ForeignKey(
        ActionProject,
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        related_name="indicators",
    )
    name = models.CharField(_("indicator"), max_length=100)
    unit = models.CharField(_("unit of measure"), max_length=20)
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=2)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["project_id", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(target__gt=0),
                name="party_indicator_target_positive",
                violation_error_message=_("A target is above zero."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.target}{self.unit}"


class IndicatorValue(models.Model):
    """The value an indicator reached by the end of a month (月度实际完成, cumulative)."""

    scope_unit_field = "indicator__project__lead_unit"

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="values"
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    actual = models.DecimalField(_("actual"), max_digits=14, decimal_places=2)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        ordering = ["indicator_id", "month"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "month"],
                name="party_indicator_value_once_a_month",
                violation_error_message=_("This month has a value already."),
            ),
            models.CheckConstraint(
                condition=Q(actual__gte=0),
                name="party_indicator_value_not_negative",
                violation_error_message=_("A value is not negative."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.actual}"


class Milestone(models.Model):
    """A milestone of an action project: due date, the day it was met and its evidence
    (attachments and a note). An overdue milestone becomes a supervision item (督办)."""

    scope_unit_field = "project__lead_unit"
    is_ledger_record = True

    project = models.ForeignKey(
        ActionProject,
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        related_name="milestones",
    )
    title = models.CharField(_("milestone"), max_length=200)
    due_on = models.DateField(_("due on"))
    done_on = models.DateField(_("met on"), null=True, blank=True)
    evidence = models.TextField(_("evidence"), blank=True)
    supervision_item = models.ForeignKey(
        "supervision.SupervisionItem",
        verbose_name=_("supervision item"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["project_id", "due_on", "pk"]

    def __str__(self) -> str:
        return f"{self.project.title} · {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("party-project", args=[self.project_id])

    def is_overdue(self, day: datetime.date) -> bool:
        return self.done_on is None and self.due_on < day


class Grade(models.TextChoices):
    EXCELLENT = "excellent", _("Excellent")  # 优秀
    GOOD = "good", _("Good")  # 良好
    PASS = "pass", _("Pass")  # 合格
    FAIL = "fail", _("Fail")  # 不合格


class Assessment(models.Model):
    """The yearly assessment of an action project (年度考核)."""

    scope_unit_field = "project__lead_unit"

    project = models.ForeignKey(
        ActionProject,
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        related_name="assessments",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    grade = models.CharField(_("grade"), max_length=20, choices=Grade.choices)
    comment = models.TextField(_("comment"), blank=True)
    assessed_by = models.ForeignKey(
        User,
        verbose_name=_("assessed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "year"],
                name="party_assessment_once_a_year",
                violation_error_message=_("This project is assessed for this year already."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.get_grade_display()}"


# Demonstration organisations (百家示范党组织) --------------------------------------------------


class AutoSource(models.TextChoices):
    """Where an item of the rubric is scored from the records."""

    NONE = "", _("Scored by assessors")
    MEETING_COMPLIANCE = "meeting_compliance", _("Meeting compliance")
    MILESTONES_MET = "milestones_met", _("Action-project milestones met")


class Rubric(models.Model):
    """The scoring rubric of a year's demonstration organisations (评分细则), as data."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    title = models.CharField(_("title"), max_length=200)
    pass_mark = models.DecimalField(
        _("pass mark"), max_digits=6, decimal_places=2, default=Decimal("85")
    )

    class Meta:
        verbose_name = _("rubric")
        verbose_name_plural = _("rubrics")
        ordering = ["-year"]

    def __str__(self) -> str:
        return self.title


class RubricItem(models.Model):
    """An item of the rubric: what is scored, its weight (the most points), the evidence it
    needs and, where the records tell, where it is scored from."""

    rubric = models.ForeignKey(
        Rubric, verbose_name=_("rubric"), on_delete=models.CASCADE, related_name="items"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("item"), max_length=200)
    weight = models.DecimalField(_("weight (points)"), max_digits=6, decimal_places=2)
    evidence_needed = models.CharField(_("evidence needed"), max_length=300, blank=True)
    auto_source = models.CharField(
        _("scored from"), max_length=30, choices=AutoSource.choices, blank=True
    )

    class Meta:
        verbose_name = _("rubric item")
        verbose_name_plural = _("rubric items")
        ordering = ["rubric_id", "order", "pk"]

    def __str__(self) -> str:
        return f"{self.title} ({self.weight})"


class CandidateStatus(models.TextChoices):
    NOMINATED = "nominated", _("Nominated")  # 推荐
    PUBLICISED = "publicised", _("Under public notice")  # 公示中
    NAMED = "named", _("Named")  # 命名
    NOT_NAMED = "not_named", _("Not named")


class Candidate(models.Model):
    """A party organisation nominated for a year's demonstration list (示范党组织候选)."""

    scope_unit_field = "org__unit"
    is_ledger_record = True

    year = models.PositiveSmallIntegerField(_("year"))
    org = models.ForeignKey(
        PartyOrg,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="candidacies",
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=CandidateStatus.choices,
        default=CandidateStatus.NOMINATED,
    )
    total = models.DecimalField(_("total score"), max_digits=6, decimal_places=2, default=0)
    stars = models.PositiveSmallIntegerField(_("stars"), default=0)
    is_demo = models.BooleanField(_("demo"), default=False)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        ordering = ["-year", "-total", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "org"],
                name="party_candidate_once_a_year",
                violation_error_message=_("This organisation is nominated for this year already."),
            ),
            models.CheckConstraint(
                condition=Q(stars__lte=5),
                name="party_candidate_stars_at_most_five",
                violation_error_message=_("At most five stars."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} · {self.org.name}"

    def get_absolute_url(self) -> str:
        return reverse("party-candidate", args=[self.pk])


class Score(models.Model):
    """The points of one rubric item for a candidate, with its evidence and who gave them
    (no one: scored from the records)."""

    scope_unit_field = "candidate__org__unit"

    candidate = models.ForeignKey(
        Candidate, verbose_name=_("candidate"), on_delete=models.CASCADE, related_name="scores"
    )
    item = models.ForeignKey(
        RubricItem, verbose_name=_("rubric item"), on_delete=models.PROTECT, related_name="+"
    )
    points = models.DecimalField(_("points"), max_digits=6, decimal_places=2)
    evidence = models.TextField(_("evidence"), blank=True)
    given_by = models.ForeignKey(
        User,
        verbose_name=_("given by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    automatic = models.BooleanField(_("scored from the records"), default=False)
    given_at = models.DateTimeField(_("given at"))

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        ordering = ["candidate_id", "item__order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["candidate", "item"],
                name="party_score_once_per_item",
                violation_error_message=_("This item is scored already."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.item_id}: {self.points}"

    def clean(self) -> None:
        if self.points < 0 or self.points > self.item.weight:
            raise ValidationError(
                {"points": _("%(item)s takes 0 to %(weight)s points; %(points)s is refused.") % {
                    "item": self.item.title, "weight": self.item.weight, "points": self.points}}
            )  # fmt: skip


MIN_NOTICE_DAYS = 5


class PublicNotice(models.Model):
    """The public notice (公示) of a year's list of demonstration organisations: at least five
    days, after which the list is named."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    text = models.TextField(_("notice"), blank=True)
    named_on = models.DateField(_("list named on"), null=True, blank=True)

    class Meta:
        verbose_name = _("public notice")
        verbose_name_plural = _("public notices")
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year} {self.starts_on}–{self.ends_on}"

    @property
    def days(self) -> int:
        return (self.ends_on - self.starts_on).days + 1

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.days < MIN_NOTICE_DAYS:
            raise ValidationError(
                {"ends_on": _("A public notice lasts at least %(min)s days; this one %(days)s.")
                 % {"min": MIN_NOTICE_DAYS, "days": self.days}}
            )  # fmt: skip


class StarReview(models.Model):
    """The yearly review of a named organisation (动态管理): its stars raised, kept or
    lowered, with the reason."""

    scope_unit_field = "candidate__org__unit"

    candidate = models.ForeignKey(
        Candidate,
        verbose_name=_("named organisation"),
        on_delete=models.CASCADE,
        related_name="reviews",
    )
    year = models.PositiveSmallIntegerField(_("year reviewed"))
    stars_before = models.PositiveSmallIntegerField(_("stars before"))
    stars_after = models.PositiveSmallIntegerField(_("stars after"))
    reason = models.TextField(_("reason"))
    reviewed_by = models.ForeignKey(
        User,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("star review")
        verbose_name_plural = _("star reviews")
        constraints = [
            models.UniqueConstraint(
                fields=["candidate", "year"],
                name="party_review_once_a_year",
                violation_error_message=_("This organisation is reviewed for this year already."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.stars_before} → {self.stars_after}"


# Study programme ("1+1+1") and showcase (巡礼) -----------------------------------------------


class StepKind(models.TextChoices):
    THEORY = "theory", _("Theory session")  # 理论学习
    PRACTICE = "practice", _("Practice task")  # 实践任务
    REPORT_BACK = "report_back", _("Report-back session")  # 回报交流


class StudyProgramme(models.Model):
    """A study programme as data (学习模式, the "1+1+1" of 小南头街道党工委): a cycle of linked
    steps, the last leading back to the first."""

    scope_unit_field = "org__unit"
    is_ledger_record = True

    org = models.ForeignKey(
        PartyOrg,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="programmes",
    )
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    is_demo = models.BooleanField(_("demo"), default=False)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("study programme")
        verbose_name_plural = _("study programmes")
        ordering = ["org_id", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("party-programme", args=[self.pk])


class StudyStep(models.Model):
    """A step of a study programme: its kind, materials, participants and notes."""

    scope_unit_field = "programme__org__unit"

    programme = models.ForeignKey(
        StudyProgramme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="steps"
    )
    order = models.PositiveSmallIntegerField(_("order"))
    kind = models.CharField(_("kind"), max_length=20, choices=StepKind.choices)
    title = models.CharField(_("title"), max_length=200)
    materials = models.TextField(_("materials"), blank=True)
    participants = models.CharField(_("participants"), max_length=200, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("study step")
        verbose_name_plural = _("study steps")
        ordering = ["programme_id", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "order"],
                name="party_step_order_unique",
                violation_error_message=_("Another step has this place in the cycle."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.title}"


class ShowcaseEntry(models.Model):
    """A showcase entry (巡礼): a named organisation's or a finished action project's story,
    figures from the records and linked reports; public once published. It names no person
    beyond what the organisation publishes."""

    scope_unit_field = "unit"
    is_ledger_record = True

    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    org = models.ForeignKey(
        PartyOrg,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="showcase",
    )
    project = models.ForeignKey(
        ActionProject,
        verbose_name=_("action project"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="showcase",
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"))
    report_title = models.CharField(_("linked report"), max_length=200, blank=True)
    is_published = models.BooleanField(_("published"), default=False)
    is_demo = models.BooleanField(_("demo"), default=False)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("showcase entry")
        verbose_name_plural = _("showcase entries")
        ordering = ["-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(org__isnull=False) | Q(project__isnull=False),
                name="party_showcase_of_org_or_project",
                violation_error_message=_("A showcase entry is of an organisation or a project."),
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("party-showcase-public", args=[self.pk])
