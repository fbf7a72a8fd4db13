"""The service record and the certificate of volunteer service (志愿服务证明)."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import translation
from django.utils.translation import gettext as _

from taizhang.core import audit
from taizhang.core.access import require_person_or_system, writes_for
from taizhang.core.models import Unit, User
from taizhang.lib import clock
from taizhang.volunteers.models import (
    Certificate,
    Participation,
    Volunteer,
)
from taizhang.volunteers.services.common import CENT


def service_content(volunteer: Volunteer) -> str:
    """What the volunteer did, one line per campaign with hours on record, then the trainings
    taken (with their hours, which are not service hours) and the awards received: the
    content printed on the certificate (in Chinese, as the certificate is)."""
    lines = []
    rows = (
        Participation.objects.filter(volunteer=volunteer, checked_out_at__isnull=False)
        .values("shift__campaign__title")
        .annotate(total=models.Sum("hours"))
        .order_by("shift__campaign__title")
    )
    for row in rows:
        lines.append(f"{row['shift__campaign__title']}：{Decimal(row['total']).quantize(CENT)}")
    for training in volunteer.trainings.order_by("trained_on", "pk"):
        lines.append(
            f"培训：{training.title}（{training.trained_on:%Y-%m-%d}，{training.organiser}，"
            f"{training.hours}学时）"
        )
    with translation.override("zh-hans"):
        for award in volunteer.awards.order_by("awarded_on", "pk"):
            lines.append(
                f"表彰：{award.title}（{award.awarded_on:%Y-%m-%d}，{award.body}，"
                f"{award.get_level_display()}）"
            )
    return "\n".join(lines)


@transaction.atomic
def issue_certificate(
    volunteer: Volunteer, *, by: User, unit: Unit, person_in_charge: str
) -> Certificate:
    """Issue a certificate of the hours on record (志愿服务证明) in the name of a unit the user
    writes for; the user is the handler (经办人). Refused: no hours on record."""
    from taizhang.volunteers.queries import hours_of

    require_person_or_system(by, writes_for(by, unit))
    if not person_in_charge.strip():
        raise ValidationError({"person_in_charge": _("Give the person in charge.")})
    hours = hours_of(volunteer)
    if hours <= 0:
        raise ValidationError(_("There are no hours on record to certify."))
    today = clock.today()
    Unit.objects.select_for_update().filter(pk=unit.pk).first()  # one number at a time per unit
    sequence = Certificate.objects.filter(unit=unit, issued_on__year=today.year).count() + 1
    certificate = Certificate(
        volunteer=volunteer,
        number=f"ZYZM{today:%Y}{unit.pk:04d}{sequence:05d}",
        unit=unit,
        hours=hours,
        content=service_content(volunteer) or "—",
        person_in_charge=person_in_charge.strip(),
        handler=by.full_name or by.get_username(),
        issued_on=today,
        issued_by=by,
    )
    certificate.full_clean()
    certificate.save()
    audit.record_create(certificate, by=by)
    return certificate
