"""Case subjects and the registry's organisations (单位主体): a case keeps its subject as it
was typed, and gains a link to the organisation of the same name registered in the case's
village or community, or in its subdistrict."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q, QuerySet

from taizhang.core import audit
from taizhang.core.models import User
from taizhang.people.models import Organisation
from taizhang.rectification.models import Case


def matching_cases(organisation: Organisation) -> QuerySet[Case]:
    """Unlinked cases whose subject has the organisation's name and whose village or
    subdistrict is the organisation's unit."""
    return Case.objects.filter(
        Q(village_id=organisation.unit_id) | Q(subdistrict_id=organisation.unit_id),
        organisation__isnull=True,
        subject_name=organisation.name.strip(),
    )


@transaction.atomic
def link_case_subjects(organisation: Organisation, *, by: User | None) -> int:
    """Link the cases whose subject is `organisation` (a data step when an organisation is
    registered or imported), with their audit rows; returns how many. A case already linked
    to another organisation is left alone."""
    cases = list(matching_cases(organisation).select_for_update())
    changes = []
    for case in cases:
        before = audit.snapshot(case)
        case.organisation = organisation
        changes.append((case, before))
    Case.objects.filter(pk__in=[case.pk for case in cases]).update(organisation=organisation)
    audit.record_bulk(changes, by=by)
    return len(cases)
