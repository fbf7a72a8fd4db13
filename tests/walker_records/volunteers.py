"""塔儿村's volunteer service: a campaign of 塔儿村 held in 塔儿村 with a shift, a volunteer of
塔儿村 signed up, confirmed, checked in and out, a claim of missing hours, a visit, a data task,
a team, a letter campaign with a target signed, a certificate, a training, an award and an
evaluation; each carrying the canary, for the scoping walker. The public pages take random keys
and signed tokens, never a record's id: the walk, which fills ids, finds nothing there."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from taizhang.core.access import SYSTEM
from taizhang.lib import clock
from taizhang.lib.idcard import make_id_number
from taizhang.volunteers import services
from tests.factories import make_household, make_organisation
from tests.volunteers.conftest import signature as drawn_signature

SHANGHAI = ZoneInfo("Asia/Shanghai")


def make(district, people, canary):
    taer = district.taer
    today = clock.today()
    start = datetime.datetime.combine(
        today - datetime.timedelta(days=2), datetime.time(9), SHANGHAI
    )
    campaign = services.create_campaign(
        by=SYSTEM, unit=taer, places=[taer], title=canary, purpose=canary, requirements=canary,
        starts_on=today - datetime.timedelta(days=10), ends_on=today + datetime.timedelta(days=10),
    )  # fmt: skip
    shift = services.add_shift(
        campaign, by=SYSTEM, task=canary, place=taer, starts_at=start,
        ends_at=start + datetime.timedelta(hours=3), needed=1, cap=3,
    )  # fmt: skip
    number = make_id_number("140213", datetime.date(2001, 4, 5), 777)
    [participation] = services.sign_up(
        campaign, name="塔儿志愿者", id_number=number, phone="13912340000", community=taer,
        shifts=[shift], school=canary[:100],
    )  # fmt: skip
    services.confirm(participation, by=SYSTEM)
    services.check_in(participation, by=SYSTEM, at=start)
    services.check_out(participation, by=SYSTEM, at=start + datetime.timedelta(hours=2))
    claim = services.claim_hours(
        participation, starts_at=start + datetime.timedelta(days=1),
        ends_at=start + datetime.timedelta(days=1, hours=1), description=canary[:200],
    )  # fmt: skip
    household = make_household(taer, "VL-" + canary[:28])
    visit = services.record_visit(
        campaign, by=SYSTEM, household=household, visited_on=today, outcome="visited",
        note=canary[:200],
    )  # fmt: skip
    data_task = services.record_data_task(
        campaign, by=SYSTEM, description=canary[:200], records=120, done_on=today
    )
    letters = services.create_letter_campaign(
        by=SYSTEM, unit=taer, places=[taer], title=canary, text=canary, duties=canary,
        campaign=campaign, starts_on=today - datetime.timedelta(days=10), ends_on=today,
    )  # fmt: skip
    shop = make_organisation(taer, f"塔儿村小卖部 {canary}")
    participation.refresh_from_db()
    volunteer = participation.volunteer
    team = services.create_team(
        by=SYSTEM, unit=taer, name=canary[:50], campaign=campaign, members=[volunteer],
        leader=volunteer,
    )  # fmt: skip
    target = services.add_target(letters, by=SYSTEM, organisation=shop, team=team)
    services.sign_target(
        target, by=people.taer_officer, signed_on=today, signed_by=canary[:50],
        signature=drawn_signature(),
    )  # fmt: skip
    participation.refresh_from_db()
    volunteer = participation.volunteer
    certificate = services.issue_certificate(
        volunteer, by=people.taer_officer, unit=taer, person_in_charge=canary[:50]
    )
    training = services.record_training(
        volunteer, by=SYSTEM, trained_on=today, title=canary[:200], hours=Decimal("2"),
        organiser=canary[:100], note=canary[:200],
    )  # fmt: skip
    award = services.record_award(
        volunteer, by=SYSTEM, awarded_on=today, title=canary[:200], level="district",
        body=canary[:100],
    )  # fmt: skip
    evaluation = services.record_evaluation(
        volunteer, by=SYSTEM, period=canary[:30], rating="good", unit=taer, remarks=canary[:300]
    )
    return [
        campaign, shift, volunteer, volunteer.person, participation, claim, household, visit,
        data_task, letters, shop, team, target, certificate, training, award, evaluation,
    ]  # fmt: skip
