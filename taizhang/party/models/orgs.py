"""Party organisations (党组织) and their members (党员).

A party organisation sits in its own tree (区委 → 党工委 / 党委 → 党总支 → 党支部 → 党小组) and is
tied to the org unit it serves (`unit`), which is how it is scoped: the officer of 西王庄村 sees
西王庄村党支部 and what hangs on it. Members are persons of the registry; their ID numbers stay on
the registry and are never copied here.
"""

from __future__ import annotations

import datetime
from typing import Self

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from taizhang.core.models import ScopedQuerySet, Unit
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
