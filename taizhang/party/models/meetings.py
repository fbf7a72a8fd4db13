"""Organisational life (组织生活): the schedule rules as data, meeting records, attendance and
decisions."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from taizhang.core.models import ScopedQuerySet, User
from taizhang.core.versions import Versioned
from taizhang.party.models.orgs import OrgLevel, PartyOrg
from taizhang.people.models import Person


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
    times_per_period = models.PositiveSmallIntegerField(
        _("times per period"),
        default=1,
        help_text=_("How many meetings of the kind each period needs at least."),
    )
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
            models.CheckConstraint(
                condition=Q(times_per_period__gte=1, times_per_period__lte=31),
                name="party_rule_times_per_period_1_to_31",
                violation_error_message=_("A period needs between 1 and 31 meetings."),
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
    lecturer = models.ForeignKey(
        Person,
        verbose_name=_("lecturer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Who gave a party lecture (党课); the chair if no one is named."),
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
    def given_by(self) -> Person:
        """Who gave the meeting's lecture: the lecturer named, else the chair."""
        return self.lecturer or self.chair

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
