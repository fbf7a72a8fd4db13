"""A report's outreach activity for retirees, as an intake draft recorded through the module's
own service once a person confirms."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from taizhang.intake import queries, services
from taizhang.intake.drafts import get_kind
from taizhang.intake.models import SourceLink
from taizhang.retirees.models import Activity
from tests.intake.helpers import take_in

pytestmark = pytest.mark.django_db

TEXT = (
    "西王庄村关爱退休老人\n\n本报讯 2026年6月10日，西王庄村开展“关爱退休老人”健康讲座，"
    "为村里60余名退休人员讲解慢性病预防知识。\n"
)


def activity_draft(report):
    return next(p for p, _link in queries.drafts_of(report) if p.kind == "retiree_activity")


def confirm(report, user, **changes):
    proposal = activity_draft(report)
    raw = {key: "" if value is None else str(value) for key, value in proposal.data.items()}
    raw.update(changes)
    return services.confirm_draft(
        report, kind="retiree_activity", key=proposal.key, raw=raw, by=user
    ).record


def test_the_draft_reads_community_kind_title_day_and_people_reached(people, district, set_day):
    data = activity_draft(take_in(people.xwz_officer, TEXT)).data
    assert (data["unit"], data["kind"], data["held_on"], data["reached"]) == (
        district.xiwangzhuang.pk,
        "health_talk",
        "2026-06-10",
        60,
    )
    assert data["title"] == "“关爱退休老人”健康讲座"


def test_a_sentence_without_retirees_or_an_activity_is_no_draft(people, set_day):
    report = take_in(people.xwz_officer, "西王庄村开展植树活动，60余名村民参加。\n")
    assert [p for p, _link in queries.drafts_of(report) if p.kind == "retiree_activity"] == []


def test_confirming_records_the_activity_through_the_service_with_its_source(
    people, district, set_day
):
    report = take_in(people.xwz_officer, TEXT)
    activity = confirm(report, people.xwz_officer)
    assert isinstance(activity, Activity)
    assert (activity.unit, activity.held_on, activity.reached, activity.kind) == (
        district.xiwangzhuang,
        datetime.date(2026, 6, 10),
        60,
        "health_talk",
    )
    assert list(activity.attendees.all()) == []
    assert SourceLink.objects.get().record == activity


def test_the_services_rules_refuse_and_nothing_is_written(people, set_day):
    report = take_in(people.xwz_officer, TEXT)
    with pytest.raises(ValidationError, match="before it is held"):
        confirm(report, people.xwz_officer, held_on="2026-12-31")
    with pytest.raises(ValidationError, match="YYYY-MM-DD"):
        confirm(report, people.xwz_officer, held_on="6月10日")
    assert not Activity.objects.exists()
    assert not SourceLink.objects.exists()


def test_another_village_may_not_record_the_activity(people, set_day):
    report = take_in(people.admin, TEXT)
    with pytest.raises((PermissionDenied, ValidationError)):
        confirm(report, people.taer_officer)
    assert not Activity.objects.exists()


def test_an_activity_already_recorded_that_day_is_shown_as_a_possible_repeat(
    people, district, set_day
):
    first = confirm(take_in(people.xwz_officer, TEXT), people.xwz_officer)
    second = take_in(people.xwz_officer, TEXT)
    kind = get_kind("retiree_activity")
    assert kind is not None
    repeats = kind.duplicates(activity_draft(second), people.xwz_officer, report=second)
    assert repeats == [first]
