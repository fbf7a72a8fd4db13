"""A volunteer asks for more shifts of their campaign from their own page (the link given
after signing up): the shifts they do not hold are offered; a shift they hold, a full one or a
closed campaign is refused and nothing is written."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from taizhang.core.models import AuditEntry
from taizhang.volunteers import services
from taizhang.volunteers.models import Participation, ParticipationState
from tests.volunteers.conftest import at, id_number, sign_up

pytestmark = pytest.mark.django_db


@pytest.fixture
def second(world):
    return services.add_shift(
        world.campaign, by=world.organiser, task="整理团体预约数据", place=world.wenxing,
        starts_at=at("2022-01-22", 14), ends_at=at("2022-01-22", 17), needed=1, cap=1,
    )  # fmt: skip


def test_the_volunteer_asks_for_a_shift_they_do_not_hold_from_their_page(world, second):
    [mine] = sign_up(world)
    page = Client().get(f"/volunteers/me/{mine.token}/").content.decode()
    form = page[page.index('id="more-shifts"') :]
    assert "整理团体预约数据" in form and "入户走访" not in form
    response = Client().post(
        f"/volunteers/me/{mine.token}/", {"action": "more", "shifts": [second.pk]}
    )
    assert response.status_code == 302
    more = Participation.objects.get(shift=second)
    assert more.volunteer == mine.volunteer and more.state == ParticipationState.REQUESTED
    assert AuditEntry.objects.filter(object_id=str(more.pk), action="create").exists()
    page = Client().get(f"/volunteers/me/{mine.token}/").content.decode()
    assert 'id="more-shifts"' not in page  # nothing left to ask for


def test_a_held_shift_a_full_one_or_a_closed_campaign_is_refused(world, second):
    [mine] = sign_up(world)
    with pytest.raises(ValidationError, match="already hold"):
        services.request_more_shifts(mine, [world.shift])
    sign_up(world, number=id_number(456), name="李同学", shifts=[second])
    with pytest.raises(ValidationError, match="is full"):
        services.request_more_shifts(mine, [second])
    response = Client().post(
        f"/volunteers/me/{mine.token}/", {"action": "more", "shifts": [second.pk]}
    )
    assert "is full" in response.content.decode()
    services.close_campaign(world.campaign, by=world.organiser)
    with pytest.raises(ValidationError, match="no more sign-ups"):
        services.request_more_shifts(mine, [second])
    assert Participation.objects.filter(volunteer=mine.volunteer).count() == 1
