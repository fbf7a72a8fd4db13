"""The volunteer module's Excel ledgers: volunteers (志愿者名册, "volunteers"), hours served
(服务时长台账, "volunteer-hours") and letter targets (责任书签订台账, "letter-targets"). The
imports check every row first and write all or nothing through the services (core/ledgers.py):
a volunteer is a person already in the registry, found by ID number; hours are the check-in
and check-out of a paper sign-in sheet (签到表) for a confirmed sign-up; a target is an
organisation of the registry in one of the letter campaign's communities. Personal numbers are
masked as on every page."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from taizhang.core import personal
from taizhang.core.access import can_write
from taizhang.core.ledgers import CellError, Column, ImportContext, Ledger
from taizhang.core.models import User
from taizhang.lib import clock
from taizhang.lib.idcard import normalize_id_number
from taizhang.people.models import Organisation, Person
from taizhang.volunteers import services
from taizhang.volunteers.models import (
    LetterCampaign,
    LetterTarget,
    Participation,
    ParticipationState,
    TargetState,
    Team,
    Volunteer,
)

TARGET_STATES = (
    (TargetState.PENDING.value, "待签订"),
    (TargetState.SIGNED.value, "已签订"),
    (TargetState.REFUSED.value, "拒签"),
)
PARTICIPATION_STATES = (
    (ParticipationState.REQUESTED.value, "待确认"),
    (ParticipationState.CONFIRMED.value, "已确认"),
    (ParticipationState.DECLINED.value, "志愿者取消"),
    (ParticipationState.REJECTED.value, "组织方拒绝"),
)


class VolunteerLedger(Ledger):
    name = "volunteers"
    title = gettext_lazy("Volunteers")
    model = Volunteer
    key_column = "id_number"
    columns = (
        Column("志愿者编号", "number", imported=False),
        Column("姓名", "name", required=True, max_length=50),
        Column("公民身份号码", "id_number", required=True, max_length=18, width=22),
        Column("所在村（社区）", "community", imported=False),
        Column("联系电话", "phone", max_length=30),
        Column("学校", "school", max_length=100),
        Column("服务组织", "organisation", max_length=100),
        Column("技能特长", "skills", max_length=200),
    )

    def can_import(self, user: Any) -> bool:
        return can_write(user)

    def export_queryset(self, queryset: QuerySet) -> QuerySet:
        return queryset.select_related("person__unit").order_by("number")

    def value_of(self, obj: Any, column: Column) -> Any:
        if column.field == "name":
            return obj.person.name
        if column.field == "id_number":
            return obj.person.id_number
        if column.field == "community":
            return obj.person.unit.name
        return getattr(obj, column.field)

    def export_row(self, obj: Any, user: Any = None) -> list[Any]:
        row = super().export_row(obj, user)
        index = [column.field for column in self.columns].index("id_number")
        row[index] = personal.shown(obj.person, "id_number", user, row[index] or "")
        return row

    def _person(self, data: dict[str, Any], user: Any) -> Person | None:
        number = normalize_id_number(data.get("id_number") or "")
        return Person.objects.for_user(user).filter(id_number=number).first() if number else None

    def check_row(
        self, data: dict[str, Any], context: ImportContext
    ) -> tuple[str, list[CellError]]:
        if not data.get("id_number"):
            return "create", []
        person = self._person(data, context.user)
        seen = context.memo.setdefault("numbers", set())
        if person is None:
            message = _("No person of this ID number in the registry you see; register them first.")
            return "create", [CellError("公民身份号码", message)]
        if person.pk in seen:
            return "create", [CellError("公民身份号码", _("This ID number is in the file twice."))]
        seen.add(person.pk)
        if data.get("name") and data["name"] != person.name:
            message = _("The registry gives the name %(name)s for this ID number.")
            return "create", [CellError("姓名", message % {"name": person.name})]
        if Volunteer.objects.filter(person=person).exists():
            return "create", [CellError("公民身份号码", _("This person is already a volunteer."))]
        return "create", []

    def write_row(self, data: dict[str, Any], *, by: User | None) -> str:
        person = self._person(data, by)
        assert person is not None  # checked
        services.register_volunteer(
            person,
            by=by,
            phone=data.get("phone") or "",
            school=data.get("school") or "",
            organisation=data.get("organisation") or "",
            skills=data.get("skills") or "",
        )
        return "create"


SHEET_TIME = "%Y-%m-%d %H:%M"  # how the hours ledger writes and reads a moment
SHEET_IMPORT = "签到表导入"  # the audit reason of attendance read from a sign-in sheet


def _moment(text: str) -> datetime.datetime | None:
    """A check-in or check-out as the sheet gives it (2022-01-20 09:05, in the server's time
    zone), or None."""
    try:
        moment = datetime.datetime.strptime(text.strip(), SHEET_TIME)
    except ValueError:
        return None
    return timezone.make_aware(moment)


class HoursLedger(Ledger):
    name = "volunteer-hours"
    title = gettext_lazy("Volunteer hours")
    model = Participation
    columns = (
        Column("志愿者编号", "number", required=True, max_length=30),
        Column("姓名", "name", max_length=50),
        Column("活动", "campaign", required=True, width=30, max_length=200),
        Column("任务", "task", required=True, width=20, max_length=200),
        Column("地点", "place", max_length=100),
        Column("状态", "state", kind="choice", choices=PARTICIPATION_STATES, imported=False),
        Column("签到", "checked_in_at", required=True, width=18, max_length=20),
        Column("签退", "checked_out_at", required=True, width=18, max_length=20),
        Column("服务时长（小时）", "hours", kind="decimal", imported=False),
    )

    def can_import(self, user: Any) -> bool:
        return can_write(user)

    def _participation(self, data: dict[str, Any], user: Any) -> Participation | None:
        """The confirmed sign-up the row is for, among those the user reads: the volunteer's,
        of the campaign's task (at the place, if given), whose shift the check-in falls in."""
        start = _moment(data.get("checked_in_at") or "")
        found = (
            Participation.objects.for_user(user)
            .filter(
                volunteer__number=(data.get("number") or "").strip(),
                shift__campaign__title=(data.get("campaign") or "").strip(),
                shift__task=(data.get("task") or "").strip(),
                state=ParticipationState.CONFIRMED,
            )
            .select_related("volunteer__person", "shift__campaign", "shift__place")
        )
        if data.get("place"):
            found = found.filter(shift__place__name=data["place"].strip())
        if start is not None:
            found = found.filter(shift__starts_at__lte=start, shift__ends_at__gt=start)
        return found.order_by("shift__starts_at", "pk").first()

    def check_row(
        self, data: dict[str, Any], context: ImportContext
    ) -> tuple[str, list[CellError]]:
        start = _moment(data.get("checked_in_at") or "")
        end = _moment(data.get("checked_out_at") or "")
        errors = [
            CellError(header, _("Give the time as 2022-01-20 09:05."))
            for header, given, moment in (
                ("签到", data.get("checked_in_at"), start),
                ("签退", data.get("checked_out_at"), end),
            )
            if given and moment is None
        ]
        if errors or start is None or end is None:
            return "update", errors
        if end <= start:
            return "update", [CellError("签退", _("A check-out comes after the check-in."))]
        if end > clock.now():
            return "update", [CellError("签退", _("A check-out is not in the future."))]
        participation = self._participation(data, context.user)
        if participation is None:
            message = _(
                "No confirmed sign-up of this volunteer number for this task of the campaign "
                "whose shift the check-in falls in."
            )
            return "update", [CellError("活动", message)]
        if data.get("name") and data["name"].strip() != participation.volunteer.person.name:
            message = _("The volunteer of this number is %(name)s.")
            return "update", [
                CellError("姓名", message % {"name": participation.volunteer.person.name})
            ]
        shift = participation.shift
        if not services.organises(context.user, shift.campaign, shift.place):
            message = _("You do not organise this campaign at %(place)s.")
            return "update", [CellError("活动", message % {"place": shift.place.name})]
        if participation.checked_in_at is not None:
            if (participation.checked_in_at, participation.checked_out_at) == (start, end):
                return "unchanged", []
            message = _("Already checked in at %(time)s.")
            moment = timezone.localtime(participation.checked_in_at).strftime(SHEET_TIME)
            return "update", [CellError("签到", message % {"time": moment})]
        spans = context.memo.setdefault("spans", {}).setdefault(participation.volunteer_id, [])
        if any(start < other_end and other_start < end for other_start, other_end in spans):
            message = _("These hours overlap another row of the same volunteer.")
            return "update", [CellError("签到", message)]
        spans.append((start, end))
        return "update", []

    def write_row(self, data: dict[str, Any], *, by: User | None) -> str:
        participation = self._participation(data, by)
        assert participation is not None  # checked
        start = _moment(data["checked_in_at"])
        end = _moment(data["checked_out_at"])
        if participation.checked_in_at is not None:
            return "unchanged"  # the same times, checked
        services.check_in(participation, by=by, at=start, reason=SHEET_IMPORT)
        services.check_out(participation, by=by, at=end, reason=SHEET_IMPORT)
        return "update"

    def export_queryset(self, queryset: QuerySet) -> QuerySet:
        return queryset.select_related(
            "volunteer__person", "shift__campaign", "shift__place"
        ).order_by("shift__starts_at", "pk")

    def value_of(self, obj: Any, column: Column) -> Any:
        values = {
            "number": obj.volunteer.number,
            "name": obj.volunteer.person.name,
            "campaign": obj.shift.campaign.title,
            "task": obj.shift.task,
            "place": obj.shift.place.name,
        }
        if column.field in values:
            return values[column.field]
        if column.field in ("checked_in_at", "checked_out_at"):
            moment = getattr(obj, column.field)
            return timezone.localtime(moment).strftime(SHEET_TIME) if moment else None
        return getattr(obj, column.field)


class LetterTargetLedger(Ledger):
    name = "letter-targets"
    title = gettext_lazy("Letter targets")
    model = LetterTarget
    key_column = "organisation"
    columns = (
        Column("责任书活动", "letter_campaign", required=True, max_length=200, width=30),
        Column("签订对象", "organisation", required=True, max_length=200, width=30),
        Column("所在社区", "community", imported=False),
        Column("分队", "team", max_length=50),
        Column("状态", "state", kind="choice", choices=TARGET_STATES, imported=False),
        Column("签订日期", "signed_on", kind="date", imported=False),
        Column("签字人", "signed_by", imported=False),
    )

    def can_import(self, user: Any) -> bool:
        return can_write(user)

    def export_queryset(self, queryset: QuerySet) -> QuerySet:
        return queryset.select_related(
            "letter_campaign", "community", "organisation", "household", "team"
        ).order_by("letter_campaign_id", "community__code", "pk")

    def value_of(self, obj: Any, column: Column) -> Any:
        if column.field == "letter_campaign":
            return obj.letter_campaign.title
        if column.field == "organisation":
            return str(obj)
        if column.field == "community":
            return obj.community.name
        if column.field == "team":
            return obj.team.name if obj.team_id else None
        return getattr(obj, column.field)

    def _team(self, data: dict[str, Any], letters: LetterCampaign) -> Team | None:
        """The team of the row's name among the teams of the campaign's issuing unit."""
        return Team.objects.filter(unit_id=letters.unit_id, name=data["team"].strip()).first()

    def _letters(self, data: dict[str, Any], user: Any) -> LetterCampaign | None:
        found = list(
            LetterCampaign.objects.for_user(user).filter(title=data.get("letter_campaign"))[:2]
        )
        return found[0] if len(found) == 1 else None

    def _organisation(self, data: dict[str, Any], user: Any) -> Organisation | None:
        found = list(Organisation.objects.for_user(user).filter(name=data.get("organisation"))[:2])
        return found[0] if len(found) == 1 else None

    def check_row(
        self, data: dict[str, Any], context: ImportContext
    ) -> tuple[str, list[CellError]]:
        errors = []
        letters = self._letters(data, context.user) if data.get("letter_campaign") else None
        organisation = self._organisation(data, context.user) if data.get("organisation") else None
        if data.get("letter_campaign") and letters is None:
            errors.append(
                CellError("责任书活动", _("No single letter campaign of this title that you see."))
            )
        if data.get("organisation") and organisation is None:
            errors.append(
                CellError("签订对象", _("No single organisation of this name that you see."))
            )
        if letters is not None and organisation is not None:
            if not letters.places.filter(pk=organisation.unit_id).exists():
                errors.append(
                    CellError(
                        "签订对象",
                        _("%(name)s is in %(unit)s, not one of the campaign's communities.")
                        % {"name": organisation.name, "unit": organisation.unit.name},
                    )
                )
            if data.get("team") and self._team(data, letters) is None:
                errors.append(
                    CellError(
                        "分队",
                        _("%(unit)s has no team named %(name)s.")
                        % {"unit": letters.unit.name, "name": data["team"].strip()},
                    )
                )
            seen = context.memo.setdefault("pairs", set())
            pair = (letters.pk, organisation.pk)
            if pair in seen or letters.targets.filter(organisation=organisation).exists():
                errors.append(CellError("签订对象", _("This organisation is already a target.")))
            seen.add(pair)
        return "create", errors

    def write_row(self, data: dict[str, Any], *, by: User | None) -> str:
        letters = self._letters(data, by)
        organisation = self._organisation(data, by)
        assert letters is not None and organisation is not None  # checked
        team = self._team(data, letters) if data.get("team") else None
        services.add_target(letters, by=by, organisation=organisation, team=team)
        return "create"
