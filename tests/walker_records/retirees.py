"""塔儿村's enterprise retirees for the scoping walker: a retiree with a confirmation, a
pension change, a monthly visit, a handover batch and item, an activity the retiree attended, a
service request referred to a department (a supervised item), and another retiree's death
report with a survivors' claim, each carrying the canary. The social insurance number never
shows in full (tests/core/test_personal_data.py)."""

import datetime

from taizhang.core.access import SYSTEM
from taizhang.lib import clock
from taizhang.people.models import Group
from taizhang.people.services.groups import add_to_group
from taizhang.retirees.services import (
    activities,
    confirmations,
    deaths,
    handovers,
    requests,
    roster,
    visits,
)
from tests.factories import make_person

SOCIAL_INSURANCE_NUMBER = "140213555566667777"


def make(district, people, canary):
    today = clock.today()
    person = make_person(district.taer, canary, born="1945-02-03", phone="13912345678")
    retiree = roster.register_retiree(
        person,
        by=SYSTEM,
        employer_name=canary,
        retired_on=datetime.date(2005, 2, 3),
        social_insurance_number=SOCIAL_INSURANCE_NUMBER,
        emergency_contact=canary[:50],
        emergency_phone="13912345678",
        health=canary,
        notes=canary,
    )
    confirmation = confirmations.record_confirmation(
        retiree,
        by=SYSTEM,
        confirmed_on=datetime.date(2020, 1, 2),
        method="office",
        confirmed_by=canary[:50],
        notes=canary,
    )
    (suspension,) = confirmations.mark_suspensions(by=SYSTEM, on=today)
    add_to_group(
        person,
        Group.objects.get(code="tekun"),
        by=SYSTEM,
        started_on=today - datetime.timedelta(days=60),
    )
    visit = visits.record_visit(
        retiree, by=SYSTEM, visited_on=today, visitors=canary, findings=canary, follow_up=canary
    )
    batch = handovers.create_batch(
        by=SYSTEM,
        unit=district.taer,
        employer_name=canary,
        received_on=today - datetime.timedelta(days=10),
        received_by=canary[:50],
        notes=canary,
    )
    item = handovers.add_item(
        batch, retiree, by=SYSTEM, file_received=False, missing_note=canary, checked_by=canary[:50]
    )
    other = roster.register_retiree(
        make_person(district.taer, canary, born="1938-04-05"),
        by=SYSTEM,
        employer_name=canary,
        retired_on=datetime.date(1998, 4, 5),
    )
    death = deaths.report_death(
        other,
        by=SYSTEM,
        died_on=today - datetime.timedelta(days=3),
        source="family",
        reporter=canary[:50],
        notes=canary,
    )
    claim = deaths.open_claim(death, by=SYSTEM, kind="funeral_grant", claimant=canary[:50])
    activity = activities.record_activity(
        by=SYSTEM,
        unit=district.taer,
        kind="health_talk",
        title=canary,
        campaign=canary,
        held_on=today - datetime.timedelta(days=5),
        place=canary,
        description=canary,
        attendees=[retiree],
        reached=12,
    )
    attendance = activity.attendance.get()
    request = requests.record_request(
        retiree,
        by=SYSTEM,
        kind="pension",
        description=canary,
        received_on=today - datetime.timedelta(days=2),
        department=district.fagaiju,
        deadline=today + datetime.timedelta(days=20),
    )
    retiree.refresh_from_db()
    return [
        retiree,
        confirmation,
        suspension,
        visit,
        batch,
        item,
        other,
        death,
        claim,
        activity,
        attendance,
        request,
        request.item,
    ]
