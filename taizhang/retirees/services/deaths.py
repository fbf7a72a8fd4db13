"""Deaths (死亡报告): the report with its evidence, the registry person marked dead through the
people services, the pension stopped, the 死亡信息反馈单 for the social insurance agency and
the survivors' claims (丧葬补助金, 遗属待遇) tracked to completion."""

from __future__ import annotations

import datetime
import io
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from taizhang.core import audit, personal
from taizhang.core.access import require_person_or_system, writes_for
from taizhang.core.attachments import add_attachment
from taizhang.core.models import PersonalDataAccessKind, User
from taizhang.lib import clock
from taizhang.lib.dates import add_months
from taizhang.people.models import PersonStatus
from taizhang.people.services.persons import change_status
from taizhang.retirees.models import (
    ClaimKind,
    ClaimStatus,
    DeathReport,
    DeathSource,
    PensionEvent,
    PensionEventKind,
    PensionState,
    Retiree,
    SurvivorClaim,
)

MAX_EVIDENCE = 9


@transaction.atomic
def report_death(
    retiree: Retiree,
    *,
    by: User | None,
    died_on: datetime.date,
    source: str,
    reporter: str = "",
    notes: str = "",
    reported_on: datetime.date | None = None,
    evidence: Iterable[UploadedFile] = (),
    is_demo: bool = False,
) -> DeathReport:
    """Record a retiree's death: the report and its evidence, the registry person marked dead
    (a status change of the people registry), the pension to be stopped from the next month."""
    retiree = (
        Retiree.objects.select_for_update(of=("self",))
        .select_related("person__unit")
        .get(pk=retiree.pk)
    )
    person = retiree.person
    require_person_or_system(by, writes_for(by, person.unit))
    today = clock.today()
    reported_on = reported_on or today
    if DeathReport.objects.filter(retiree=retiree).exists() or (
        person.status == PersonStatus.DECEASED
    ):
        raise ValidationError({"retiree": _("%(name)s's death is already recorded.") % {
            "name": person.name}})  # fmt: skip
    if died_on > today:
        raise ValidationError({"died_on": _("The date of death cannot be in the future.")})
    if person.birth_date and died_on < person.birth_date:
        raise ValidationError({"died_on": _("The date of death cannot be before the birth date.")})
    if reported_on < died_on or reported_on > today:
        raise ValidationError(
            {"reported_on": _("A death is reported after it, and not later than today.")}
        )
    if source not in DeathSource.values:
        raise ValidationError({"source": _("Say who reported the death.")})
    evidence = list(evidence)
    if len(evidence) > MAX_EVIDENCE:
        raise ValidationError({"evidence": _("At most %(count)d files.") % {"count": MAX_EVIDENCE}})
    report = DeathReport(
        retiree=retiree,
        died_on=died_on,
        source=source,
        reporter=" ".join(reporter.split()),
        reported_on=reported_on,
        notes=notes.strip(),
        recorded_by=by,
        is_demo=is_demo,
    )
    report.full_clean()
    report.save()
    audit.record_create(report, by=by)
    change_status(
        person,
        by=by,
        status=PersonStatus.DECEASED,
        on=died_on,
        reason=_("Death reported by %(source)s") % {"source": report.get_source_display()},
    )
    before = audit.snapshot(retiree)
    retiree.pension_state = PensionState.STOPPED
    retiree.save(update_fields=["pension_state"])
    event = PensionEvent.objects.create(
        retiree=retiree,
        kind=PensionEventKind.STOP,
        on=reported_on,
        from_month=add_months(died_on.replace(day=1), 1),
        recorded_by=by,
    )
    audit.record_create(event, by=by)
    audit.record_update(retiree, before, by=by, reason=_("Death reported"))
    for upload in evidence:
        add_attachment(report, upload, by=by, caption=_("Evidence of death"))
    return report


@transaction.atomic
def open_claim(
    death: DeathReport,
    *,
    by: User | None,
    kind: str,
    claimant: str,
    opened_on: datetime.date | None = None,
    notes: str = "",
) -> SurvivorClaim:
    """Receive a survivors' claim (丧葬补助金 or 遗属待遇) after a death."""
    require_person_or_system(by, writes_for(by, death.retiree.person.unit))
    opened_on = opened_on or clock.today()
    if kind not in ClaimKind.values:
        raise ValidationError({"kind": _("Choose the claim.")})
    if opened_on < death.died_on or opened_on > clock.today():
        raise ValidationError(
            {"opened_on": _("A claim is received after the death, and not later than today.")}
        )
    if death.claims.filter(kind=kind).exists():
        raise ValidationError({"kind": _("This claim is already recorded for this death.")})
    claim = SurvivorClaim(
        death=death,
        kind=kind,
        claimant=" ".join(claimant.split()),
        opened_on=opened_on,
        notes=notes.strip(),
    )
    claim.full_clean()
    claim.save()
    audit.record_create(claim, by=by)
    return claim


ORDER = list(ClaimStatus.values)


@transaction.atomic
def advance_claim(
    claim: SurvivorClaim,
    *,
    by: User | None,
    status: str,
    on: datetime.date | None = None,
    notes: str = "",
) -> SurvivorClaim:
    """Move a claim forward: sent to the agency, then completed (on a day). A claim never goes
    back, and a completed one is closed."""
    require_person_or_system(by, writes_for(by, claim.death.retiree.person.unit))
    if status not in ORDER or ORDER.index(status) <= ORDER.index(claim.status):
        raise ValidationError(
            {"status": _("A claim only moves forward: received, sent, completed.")}
        )
    day = on or clock.today()
    if day > clock.today() or day < claim.opened_on:
        raise ValidationError({"on": _("The date is between the claim's receipt and today.")})
    before = audit.snapshot(claim)
    claim.status = status
    if status == ClaimStatus.COMPLETED:
        claim.completed_on = day
    if notes.strip():
        claim.notes = notes.strip()[:200]
    claim.full_clean()
    claim.save(update_fields=["status", "completed_on", "notes"])
    audit.record_update(claim, before, by=by)
    return claim


@transaction.atomic
def feedback_form_in_full(
    report: DeathReport, *, by: User, reason: str, request: Any = None
) -> bytes:
    """The feedback form with the citizen ID and social insurance numbers in full, as the
    agency's own form carries them: 查看完整信息 of the person and of the retiree, for whoever
    may see them and says why, recorded (who, whose, why) before the file is written."""
    retiree = report.retiree
    for record in (retiree.person, retiree):
        personal.reveal(
            record, by=by, reason=reason, kind=PersonalDataAccessKind.EXPORT, request=request
        )
    with personal.exporting_in_full():
        return feedback_form(report, by)


def feedback_form(report: DeathReport, user: Any) -> bytes:
    """The 死亡信息反馈单 for the social insurance agency, as a .docx: the retiree, the death,
    the source and the community that reports it. Numbers are shown as every surface shows
    them (masked, core/personal.py) unless written within feedback_form_in_full."""
    from docx import Document
    from docx.shared import Pt

    retiree = report.retiree
    person = retiree.person
    document = Document()
    style = document.styles["Normal"]
    style.font.name = "SimSun"
    style.font.size = Pt(12)
    document.add_heading("企业退休人员死亡信息反馈单", level=1)
    rows = [
        ("姓名", person.name),
        ("性别", person.get_sex_display() if person.sex else ""),
        ("公民身份号码", personal.shown(person, "id_number", user) or ""),
        ("社会保障号码", personal.shown(retiree, "social_insurance_number", user) or ""),
        ("原工作单位", retiree.employer_display),
        ("退休时间", f"{retiree.retired_on:%Y年%m月%d日}"),
        ("死亡时间", f"{report.died_on:%Y年%m月%d日}"),
        ("信息来源", report.get_source_display()),
        ("报告人", report.reporter),
        ("报告时间", f"{report.reported_on:%Y年%m月%d日}"),
        ("养老金停发月份", f"{add_months(report.died_on.replace(day=1), 1):%Y年%m月}"),
        ("所在社区", person.unit.name),
    ]
    table = document.add_table(rows=len(rows), cols=2)
    table.style = "Table Grid"
    for index, (label, value) in enumerate(rows):
        table.cell(index, 0).text = label
        table.cell(index, 1).text = str(value)
    document.add_paragraph("")
    document.add_paragraph(f"经办社区（盖章）：{person.unit.name}")
    document.add_paragraph(f"填报日期：{clock.today():%Y年%m月%d日}")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
