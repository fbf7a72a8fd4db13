"""Appended rows read back exactly as the ORM would have stored them, in batches of any size."""

from __future__ import annotations

import datetime
from decimal import Decimal
from unittest import mock

import pytest
from django.contrib.contenttypes.models import ContentType

from taizhang.core import inserts
from taizhang.core.models import AuditAction, AuditEntry, Unit


def entry(unit, number: int) -> AuditEntry:
    return AuditEntry(
        at=datetime.datetime(2022, 3, 4, 5, 6, 7, 890000, tzinfo=datetime.UTC),
        actor_name="office",
        scope_unit=unit,
        content_type=ContentType.objects.get_for_model(Unit),
        object_id=str(number),
        object_repr=f"单位 {number}",
        action=AuditAction.UPDATE,
        before={"name": "旧", "amount": "1.50", "n": number},
        after={"name": "新", "amount": "2.50", "list": [1, 2]},
        reason="导入",
    )


COLUMNS = (
    "at", "actor_name", "scope_unit_id", "content_type_id", "object_id", "object_repr",
    "action", "before", "after", "reason", "request_id",
)  # fmt: skip


def values(entry: AuditEntry) -> list:
    return [getattr(entry, name) for name in COLUMNS]


def stored(entry: AuditEntry) -> tuple:
    return (
        entry.at, entry.actor_name, entry.scope_unit_id, entry.content_type_id, entry.object_id,
        entry.object_repr, entry.action, entry.before, entry.after, entry.reason, entry.request_id,
    )  # fmt: skip


@pytest.mark.django_db
def test_appended_rows_read_back_as_the_orm_stores_them(district):
    AuditEntry.objects.bulk_create([entry(district.taer, 0)])
    inserts.append_values(AuditEntry, COLUMNS, [values(entry(district.taer, 0))])
    by_orm, appended = AuditEntry.objects.order_by("pk")
    assert stored(appended) == stored(by_orm)


@pytest.mark.django_db
def test_rows_beyond_one_statement_are_all_inserted(district):
    with mock.patch.object(inserts, "BATCH_SIZE", 7):
        rows = (values(entry(district.taer, n)) for n in range(30))
        count = inserts.append_values(AuditEntry, COLUMNS, rows)
    assert count == 30
    numbers = AuditEntry.objects.values_list("before__n", flat=True)
    assert sorted(numbers) == list(range(30))


@pytest.mark.django_db(transaction=True)
def test_inserted_objects_read_back_as_bulk_create_stores_them(district):
    from django.db import transaction

    with transaction.atomic():
        AuditEntry.objects.bulk_create([entry(district.taer, 0)])
        made = [entry(district.taer, 0), entry(district.taer, 0)]
        inserts.insert_objects(AuditEntry, made)
    by_orm, *inserted = AuditEntry.objects.order_by("pk")
    assert [e.pk for e in made] == [e.pk for e in inserted] == [by_orm.pk + 1, by_orm.pk + 2]
    assert not made[0]._state.adding
    assert stored(inserted[0]) == stored(inserted[1]) == stored(by_orm)


@pytest.mark.django_db(transaction=True)
def test_reserved_ids_never_reuse_one_taken_before(district):
    """AUTOINCREMENT (SQLite) and the sequence (PostgreSQL) never hand out an id twice, even
    one whose row was deleted; nor does the reservation."""
    from django.db import connection, transaction

    with transaction.atomic():
        AuditEntry.objects.bulk_create([entry(district.taer, n) for n in range(3)])
    highest = AuditEntry.objects.order_by("-pk").first()
    with connection.cursor() as cursor:  # the model refuses: audit history is append-only
        cursor.execute("DELETE FROM core_auditentry WHERE id = %s", [highest.pk])
    with transaction.atomic():
        made = [entry(district.taer, 9)]
        inserts.insert_objects(AuditEntry, made)
    assert made[0].pk > highest.pk
    with transaction.atomic():
        AuditEntry.objects.bulk_create([later := entry(district.taer, 10)])
    assert later.pk > made[0].pk


@pytest.mark.django_db
def test_objects_are_inserted_only_inside_a_transaction(district):
    from django.db import connections

    with (
        mock.patch.object(connections["default"], "in_atomic_block", False),
        pytest.raises(RuntimeError),
    ):
        inserts.insert_objects(AuditEntry, [entry(district.taer, 1)])


@pytest.mark.django_db
def test_new_records_are_the_instances_keyword_arguments_make(district, django_assert_num_queries):
    from taizhang.projects.models import Project, Stage

    values = {
        "name": "新项目",
        "category": "industry",
        "unit": district.xiwangzhuang,
        "total_investment_wan": Decimal("12.50"),
        "planned_start": datetime.date(2022, 3, 1),
    }
    made = inserts.NewRecords(Project, stage=Stage.ANNUAL)
    with django_assert_num_queries(0):
        first, second = made.make(values), made.make({**values, "stage": Stage.RESERVE})
        assert first.unit.name == district.xiwangzhuang.name  # kept, not looked up
    expected = Project(stage=Stage.ANNUAL, **values)
    for field in Project._meta.concrete_fields:
        if field.attname != "created_at":  # a callable default: called for each record
            assert getattr(first, field.attname) == getattr(expected, field.attname), field.name
    assert second.stage == Stage.RESERVE  # a value wins over the default given
    assert first.created_at is not None and first._state.adding
