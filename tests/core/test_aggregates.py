"""Cached aggregates (core/aggregates.py): a figure read right after any change of a row it
reads is exact, however the row changed, and a scope never gets another scope's figure."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from taizhang.core import aggregates
from taizhang.core.access import scope, scope_key
from taizhang.core.aggregates import Aggregate, cached
from taizhang.core.models import DataVersion, Notification, Unit

pytestmark = pytest.mark.django_db

computed: list[str] = []


def unit_names(user) -> list[str]:
    computed.append("units")
    return sorted(scope(Unit.objects.all(), user).values_list("name", flat=True))


# core_unit is read by registered aggregates, so it has version triggers.
UNIT_NAMES = Aggregate("test.unit_names", unit_names, ("core.Unit",))


def names(user) -> list[str]:
    computed.clear()
    return cached(UNIT_NAMES, user)


def test_it_computes_once_and_then_reads_the_cache(people):
    assert "西王庄村" in names(people.leader)
    assert computed == ["units"]
    assert "西王庄村" in names(people.leader)
    assert computed == []


def test_a_save_through_the_orm_is_seen_at_once(district, people):
    names(people.leader)
    district.taer.name = "塔儿新村"
    district.taer.save(update_fields=["name"])
    assert "塔儿新村" in names(people.leader)


def test_a_queryset_update_is_seen_at_once(district, people):
    names(people.leader)
    Unit.objects.filter(pk=district.taer.pk).update(name="塔儿新村")
    assert "塔儿新村" in names(people.leader)


def test_raw_sql_is_seen_at_once(district, people):
    names(people.leader)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE core_unit SET name = %s WHERE id = %s", ["塔儿新村", district.taer.pk]
        )
    assert "塔儿新村" in names(people.leader)


def test_a_delete_is_seen_at_once(district, people):
    assert "市生态环境局" in names(people.leader)
    Unit.objects.filter(pk=district.eco_bureau.pk).delete()
    assert "市生态环境局" not in names(people.leader)


def test_a_rolled_back_change_is_never_seen(district, people):
    before = names(people.leader)
    with pytest.raises(RuntimeError), transaction.atomic():
        Unit.objects.filter(pk=district.taer.pk).update(name="塔儿新村")
        assert "塔儿新村" in names(people.leader)  # the transaction sees its own change
        raise RuntimeError
    assert names(people.leader) == before
    assert "塔儿新村" not in names(people.leader)


def test_a_village_officer_never_gets_the_districts_figure(people):
    district_names = names(people.leader)
    village_names = names(people.xwz_officer)
    assert "塔儿村" in district_names
    assert village_names == ["西王庄村"]
    assert names(people.taer_officer) == ["塔儿村"]
    assert names(people.auditor) == []


def test_users_of_the_same_scope_share_a_figure(people):
    assert scope_key(people.leader) == scope_key(people.admin) == "all"
    names(people.leader)
    names(people.admin)
    assert computed == []
    assert scope_key(people.xwz_officer) != scope_key(people.taer_officer)


def test_a_computation_reading_an_undeclared_table_is_refused(people):
    def sneaky(user) -> int:
        return Notification.objects.count() + Unit.objects.count()

    with pytest.raises(ImproperlyConfigured, match="core_notification"):
        cached(Aggregate("test.sneaky", sneaky, ("core.Unit",)), people.leader)


def test_a_table_without_a_version_is_not_cached(people):
    DataVersion.objects.filter(table="core_unit").delete()
    names(people.leader)
    names(people.leader)
    assert computed == ["units"]


def test_every_table_an_aggregate_reads_has_a_version():
    versions = set(DataVersion.objects.values_list("table", flat=True))
    assert aggregates.watched_tables() <= versions


def test_a_page_reads_the_versions_once(client, people, district):
    names(people.leader)
    client.force_login(people.leader)
    with CaptureQueriesContext(connection) as queries:
        client.get("/projects/dashboard/?year=2022")
    assert sum("core_dataversion" in q["sql"] for q in queries.captured_queries) == 1


@pytest.mark.django_db(transaction=True)
def test_a_committed_change_is_seen_by_the_next_transaction(people, district):
    names(people.leader)
    with transaction.atomic():
        Unit.objects.filter(pk=district.taer.pk).update(name="塔儿新村")
    assert "塔儿新村" in names(people.leader)
    committed = DataVersion.objects.get(table="core_unit").version
    with transaction.atomic():
        Unit.objects.filter(pk=district.taer.pk).update(name="塔儿村")
    assert DataVersion.objects.get(table="core_unit").version != committed
    assert "塔儿新村" not in names(people.leader)
