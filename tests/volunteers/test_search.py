"""Volunteer campaigns, letter campaigns and volunteers in the global search, scoped: the
organiser and the community where the campaign is held find them, another village does not."""

import pytest

from tests.conftest import search_hits
from tests.volunteers.conftest import sign_up

pytestmark = pytest.mark.django_db


def hits(user, query: str) -> dict[str, list[str]]:
    return search_hits(user, query, "volunteers")


def test_the_organiser_and_the_place_find_the_campaign_by_title_or_purpose(world):
    title = "寒假返乡大学生疫情防控志愿服务"
    assert hits(world.organiser, "返乡大学生") == {"Volunteer campaigns": [title]}
    assert hits(world.wenxing_officer, "预约核酸") == {"Volunteer campaigns": [title]}
    assert hits(world.people.xwz_officer, "返乡大学生") == {}


def test_a_volunteer_is_found_by_number_where_the_searcher_reads_them(world):
    [participation] = sign_up(world)
    volunteer = participation.volunteer
    found = hits(world.wenxing_officer, volunteer.number[-6:])
    assert found["Volunteers"] == [f"{volunteer.number} {volunteer.person.name}"]
    assert "Volunteers" not in hits(world.people.xwz_officer, volunteer.number[-6:])
