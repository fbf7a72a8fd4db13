"""Project services: filing, editing, the pipeline and its review, audit and year plans."""

from __future__ import annotations

import datetime
from decimal import Decimal
from unittest import mock

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError

from taizhang.core.models import AuditAction, AuditEntry, Notification
from taizhang.core.roles import Role
from taizhang.projects.models import Category, Nature, Project, Review, Stage, StageEvent, YearPlan
from taizhang.projects.services.projects import (
    approve,
    create_project,
    move_stage,
    request_stage,
    return_project,
    update_project,
)
from tests.factories import make_user
from tests.projects.factories import make_project, make_quantity

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2022, 6, 15)


def entries_of(project):
    content_type = ContentType.objects.get_for_model(Project)
    return AuditEntry.objects.filter(content_type=content_type, object_id=str(project.pk))


def fields(**extra):
    return {
        "name": "塔儿村花池",
        "category": Category.LIVELIHOOD,
        "total_investment_wan": Decimal("35.50"),
        **extra,
    }


def test_a_village_officer_files_a_reserve_project_with_quantities(district, people):
    project = create_project(
        by=people.taer_officer,
        unit=district.taer,
        code="２０２２－１４０２１３－７０－０３－００６５４８",
        quantities=[
            {
                "item": "硬化巷道",
                "value": Decimal("1000"),
                "unit_of_measure": "平方米",
                "qualifier": "多",
            },
            {
                "item": "新建花池",
                "value": Decimal("40"),
                "unit_of_measure": "个",
                "qualifier": "多",
            },
        ],
        **fields(),
    )
    assert project.stage == Stage.RESERVE
    assert project.code == "2022-140213-70-03-006548"
    assert project.subdistrict == district.xiaonantou
    assert sorted(str(q) for q in project.quantities.all()) == [
        "新建花池40.00多个",
        "硬化巷道1000.00多平方米",
    ]
    entry = entries_of(project).get()
    assert entry.action == AuditAction.CREATE
    assert entry.after["total_investment_wan"] == "35.50"
    assert entry.scope_unit == district.taer


def test_a_project_without_a_code_is_accepted(district, people):
    assert create_project(by=people.taer_officer, unit=district.taer, **fields()).code == ""


def test_a_bad_code_is_refused_with_the_segment_named(district, people):
    with pytest.raises(ValidationError) as error:
        create_project(
            by=people.taer_officer, unit=district.taer, code="2022-14021-70-03-006548", **fields()
        )
    assert "region" in error.value.message_dict["code"][0]
    assert not Project.objects.exists()


def test_it_refuses_an_officer_filing_for_another_village(district, people):
    with pytest.raises(PermissionDenied):
        create_project(by=people.xwz_officer, unit=district.taer, **fields())


def test_the_programme_office_files_anywhere_and_a_leader_nowhere(district, people):
    assert create_project(by=people.office, unit=district.guchengcun, **fields())
    with pytest.raises(PermissionDenied):
        create_project(by=people.leader, unit=district.taer, **fields())


def test_an_officer_cannot_set_the_stage(district, people):
    with pytest.raises(ValidationError):
        create_project(by=people.taer_officer, unit=district.taer, stage=Stage.KEY, **fields())
    project = make_project(district.taer)
    with pytest.raises(ValidationError):
        update_project(project, by=people.taer_officer, stage=Stage.KEY)


def test_an_update_is_audited_with_before_and_after(district, people):
    project = make_project(district.taer, total_investment_wan=Decimal("100"))
    update_project(
        project,
        by=people.taer_officer,
        reason="预算调整",
        total_investment_wan=Decimal("120.25"),
        co_departments=[district.fagaiju],
    )
    entry = entries_of(project).get()
    assert entry.before["total_investment_wan"] == "100.00"
    assert entry.after["total_investment_wan"] == "120.25"
    assert entry.after["co_departments"] == [district.fagaiju.pk]
    assert entry.reason == "预算调整"


def test_quantities_are_replaced_by_the_list_given(district, people):
    project = make_project(district.taer)
    kept = make_quantity(project)
    dropped = make_quantity(project, item="花池", value=Decimal("40"), unit_of_measure="个")
    update_project(
        project,
        by=people.taer_officer,
        quantities=[
            {
                "id": kept.pk,
                "item": "硬化巷道",
                "value": Decimal("1200"),
                "unit_of_measure": "平方米",
            },
            {"item": "路灯", "value": Decimal("12"), "unit_of_measure": "盏"},
        ],
    )
    assert sorted(project.quantities.values_list("item", "value")) == [
        ("硬化巷道", Decimal("1200.00")),
        ("路灯", Decimal("12.00")),
    ]
    assert not project.quantities.filter(pk=dropped.pk).exists()


def test_a_submitted_project_is_locked_until_returned(district, people):
    project = make_project(district.taer)
    request_stage(project, by=people.taer_officer, to_stage=Stage.ANNUAL, note="申报年度建设")
    project.refresh_from_db()
    assert (project.review, project.requested_stage) == (Review.SUBMITTED, Stage.ANNUAL)
    with pytest.raises(ValidationError, match="locked"):
        update_project(project, by=people.taer_officer, name="改名")
    with pytest.raises(ValidationError):
        request_stage(project, by=people.taer_officer, to_stage=Stage.DROPPED)

    return_project(project, by=people.office, reason="缺少可研批复")
    project.refresh_from_db()
    assert (project.review, project.stage, project.review_note) == (
        Review.RETURNED,
        Stage.RESERVE,
        "缺少可研批复",
    )
    update_project(project, by=people.taer_officer, name="改名")
    events = list(project.stage_events.values_list("action", "note"))
    assert events == [("submit", "申报年度建设"), ("return", "缺少可研批复")]


def test_returning_needs_a_reason(district, people):
    project = make_project(district.taer)
    request_stage(project, by=people.taer_officer, to_stage=Stage.ANNUAL)
    with pytest.raises(ValidationError) as error:
        return_project(project, by=people.office, reason="  ")
    assert "reason" in error.value.message_dict


def test_the_office_hears_of_a_request_and_the_unit_of_the_decision(
    district, people, django_capture_on_commit_callbacks
):
    colleague = make_user("taer2", Role.UNIT_OFFICER, unit=district.taer)
    project = make_project(district.taer, name="塔儿村花池")

    def told(step, *args, **kwargs):
        Notification.objects.all().delete()
        with django_capture_on_commit_callbacks(execute=True):
            step(project, *args, **kwargs)
        return sorted(Notification.objects.values_list("recipient__username", "kind"))

    with mock.patch("taizhang.lib.clock.today", return_value=TODAY):
        assert told(request_stage, by=people.taer_officer, to_stage=Stage.ANNUAL) == [
            ("admin", "review_submitted"),
            ("office", "review_submitted"),
        ]
        # The decision goes to whoever asked.
        assert told(return_project, by=people.office, reason="缺少可研批复") == [
            ("taer", "review_returned"),
        ]
        told(request_stage, by=colleague, to_stage=Stage.ANNUAL)
        assert told(approve, by=people.admin) == [("taer2", "review_approved")]
    assert Notification.objects.first().url == project.get_absolute_url()
    assert list(project.stage_events.values_list("action", flat=True)) == [
        "submit",
        "return",
        "submit",
        "approve",
    ]


def test_an_officer_cannot_approve_return_or_move(district, people):
    project = make_project(district.taer)
    request_stage(project, by=people.taer_officer, to_stage=Stage.ANNUAL)
    with pytest.raises(PermissionDenied):
        approve(project, by=people.taer_officer)
    with pytest.raises(PermissionDenied):
        return_project(project, by=people.taer_officer, reason="x")
    with pytest.raises(PermissionDenied):
        move_stage(project, by=people.subdistrict_officer, to_stage=Stage.DROPPED)


def test_a_leader_cannot_submit(district, people):
    with pytest.raises(PermissionDenied):
        request_stage(make_project(district.taer), by=people.leader, to_stage=Stage.ANNUAL)


def test_approval_into_annual_construction_puts_the_project_in_this_years_plan(district, people):
    project = make_project(district.taer, total_investment_wan=Decimal("500"))
    request_stage(project, by=people.taer_officer, to_stage=Stage.ANNUAL)
    with mock.patch("taizhang.lib.clock.today", return_value=TODAY):
        approve(project, by=people.office, note="同意")
    project.refresh_from_db()
    assert (project.stage, project.review, project.requested_stage) == (
        Stage.ANNUAL,
        Review.NONE,
        "",
    )
    plan = YearPlan.objects.get(project=project)
    assert (plan.year, plan.nature, plan.is_key) == (2022, Nature.NEW, False)
    assert list(project.stage_events.values_list("action", "from_stage", "to_stage")) == [
        ("submit", "reserve", "annual"),
        ("approve", "reserve", "annual"),
    ]
    assert entries_of(project).filter(action=AuditAction.UPDATE).count() == 2


def test_moving_a_reserve_into_annual_construction_creates_a_new_plan_row(district, people):
    project = make_project(district.taer)
    with mock.patch("taizhang.lib.clock.today", return_value=TODAY):
        move_stage(project, by=people.office, to_stage=Stage.ANNUAL, note="直接调整")
    assert YearPlan.objects.get(project=project, year=2022).nature == Nature.NEW
    event = StageEvent.objects.get(project=project)
    assert (event.action, event.by, event.note) == ("move", people.office, "直接调整")


def test_moving_into_key_marks_the_plan_row_as_key(district, people):
    project = make_project(district.taer, stage=Stage.ANNUAL)
    with mock.patch("taizhang.lib.clock.today", return_value=TODAY):
        move_stage(project, by=people.admin, to_stage=Stage.KEY)
    assert YearPlan.objects.get(project=project, year=2022).is_key


def test_completion_sets_the_actual_finish_if_empty(district, people):
    project = make_project(district.taer, stage=Stage.ANNUAL)
    with mock.patch("taizhang.lib.clock.today", return_value=TODAY):
        move_stage(project, by=people.office, to_stage=Stage.COMPLETED)
    project.refresh_from_db()
    assert project.actual_finish == TODAY
    assert not YearPlan.objects.filter(project=project).exists()


def test_a_move_outside_the_pipeline_is_refused(district, people):
    project = make_project(district.taer, stage=Stage.DROPPED)
    with pytest.raises(ValidationError) as error:
        move_stage(project, by=people.office, to_stage=Stage.ANNUAL)
    assert "to_stage" in error.value.message_dict
    with pytest.raises(ValidationError):
        request_stage(make_project(district.taer), by=people.taer_officer, to_stage=Stage.KEY)


def test_a_co_department_officer_reads_but_cannot_change(district, people, taer_project):
    fgj = make_user("fgj", Role.UNIT_OFFICER, unit=district.fagaiju)
    assert Project.objects.for_user(fgj).filter(pk=taer_project.pk).exists()
    with pytest.raises(PermissionDenied):
        update_project(taer_project, by=fgj, name="改名")
    with pytest.raises(PermissionDenied):
        request_stage(taer_project, by=fgj, to_stage=Stage.ANNUAL)


def test_an_office_member_who_asks_for_a_stage_may_not_approve_it(district, people):
    project = make_project(district.taer, name="塔儿村路灯")
    with mock.patch("taizhang.lib.clock.today", return_value=TODAY):
        request_stage(project, by=people.office, to_stage=Stage.ANNUAL)
        with pytest.raises(PermissionDenied):
            approve(project, by=people.office)
        approve(project, by=people.admin)
    project.refresh_from_db()
    assert project.stage == Stage.ANNUAL and project.submitted_by == people.office
