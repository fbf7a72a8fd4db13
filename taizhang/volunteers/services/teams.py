"""Teams of volunteers (志愿服务分队): created by an officer of the organising unit, with a leader
and members; letter targets are assigned to them."""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from taizhang.core import audit
from taizhang.core.access import read_by_unit, require_person_or_system, writes_for
from taizhang.core.models import Unit, User
from taizhang.volunteers.models import Campaign, Team, Volunteer


def _check_members(unit: Unit, leader: Volunteer | None, members: Sequence[Volunteer]) -> None:
    """A team takes the volunteers of its unit: those living in the unit or below it, or who
    signed up for a campaign it (or a unit below it) organises; the leader is a member."""
    chosen = Volunteer.objects.filter(pk__in=[member.pk for member in members])
    ours = set(read_by_unit(chosen, unit).values_list("pk", flat=True))
    outside = [member for member in members if member.pk not in ours]
    if outside:
        raise ValidationError(
            {
                "members": _(
                    "%(name)s is not a volunteer of %(unit)s: they neither live there nor "
                    "signed up for one of its campaigns."
                )
                % {"name": outside[0].person.name, "unit": unit.name}
            }
        )
    if leader is not None and leader not in members:
        raise ValidationError({"leader": _("The leader is one of the team's members.")})


@transaction.atomic
def create_team(
    *,
    by: User | None,
    unit: Unit,
    name: str,
    campaign: Campaign | None = None,
    leader: Volunteer | None = None,
    members: Sequence[Volunteer] = (),
    is_demo: bool = False,
) -> Team:
    """Create a team of an organising unit the user writes for (optionally for one of its
    campaigns). Refused: a name the unit already has, a campaign of another unit, a member who
    is not a volunteer of the unit, a leader who is not a member."""
    require_person_or_system(by, writes_for(by, unit))
    name = name.strip()
    if campaign is not None and campaign.unit_id != unit.pk:
        raise ValidationError({"campaign": _("The campaign is not one of the unit's.")})
    if Team.objects.filter(unit=unit, name=name).exists():
        raise ValidationError({"name": _("The unit already has a team of this name.")})
    _check_members(unit, leader, members)
    team = Team(
        unit=unit, name=name, campaign=campaign, leader=leader, created_by=by, is_demo=is_demo
    )
    team.full_clean()
    team.save()
    team.members.set(members)
    audit.record_create(team, by=by)
    return team


@transaction.atomic
def set_team_members(
    team: Team, *, by: User | None, members: Sequence[Volunteer], leader: Volunteer | None
) -> Team:
    """Set the team's members (volunteers of its unit) and leader (one of them)."""
    team = Team.objects.select_for_update().select_related("unit").get(pk=team.pk)
    require_person_or_system(by, writes_for(by, team.unit))
    _check_members(team.unit, leader, members)
    before = audit.snapshot(team)
    team.leader = leader
    team.save(update_fields=["leader"])
    team.members.set(members)
    audit.record_update(team, before, by=by)
    return team
