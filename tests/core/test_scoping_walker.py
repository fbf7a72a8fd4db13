"""Every page and API route, walked as the 西王庄村 officer and as an anonymous visitor.

Neither may read, list, export or change a record of 塔儿村. Modules add their own 塔儿村
records to `foreign_records` so the walk covers their ledgers too.
"""

from __future__ import annotations

from collections import defaultdict

import pytest
from django.apps import apps
from django.core.management.color import no_style
from django.db import connection, models
from django.test import Client, override_settings

from taizhang.core.ledgers import all_ledgers
from taizhang.core.models import Attachment, AuditEntry, Unit
from taizhang.core.roles import Role
from tests import walker, walker_records
from tests.conftest import client_for
from tests.factories import make_user

CANARY = "CANARY-7f3a-塔儿村机密"
# The long walks run in this many shares (tests), so pytest-xdist spreads them over its workers.
SHARES = 8

# Pages anyone may open; everything else must send an anonymous visitor to a login page.
PUBLIC_PATHS = {
    "/login/",
    "/i18n/setlang/",
    "/api/v1/openapi.json",
    "/api/v1/docs",
    "/api/v1/health",
    "/admin/login/",
    # The index of published showcase entries (巡礼): titles and units of what is public.
    "/party/showcase/",
}
# A village's public notice page (公示栏, /welfare/public/<unit>/) is open to anyone: it names
# the village and shows residents' names masked (the canary is a full name, never shown there),
# never an ID number. There, and only there, the unit's name and code are no leak.
PUBLIC_NOTICE_PAGES = ("/welfare/public/",)


def real_leaks(leaks: list) -> list:
    """The leaks, less a public notice page read that shows a unit's name or code only."""
    return [
        leak
        for leak in leaks
        if not (
            leak.method == "get"
            and leak.url.startswith(PUBLIC_NOTICE_PAGES)
            and CANARY not in leak.why
        )
    ]


@pytest.fixture(autouse=True)
def ids_as_on_a_new_database(db) -> None:
    """Start every table's ids after its highest row, as a new database would.

    The walk requests each URL once per distinct id among the foreign records. SQLite's ids
    restart in every test (the rolled-back transaction takes its id counters with it);
    PostgreSQL's sequences are not rolled back, so on a worker that ran other tests first each
    table's ids had drifted apart and the same walk made about ten times the requests. Every
    route is still requested with every foreign record's id."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), apps.get_models()):
            cursor.execute(statement)


@pytest.fixture
def foreign_records(district, people) -> list:
    """Records of 塔儿村 that carry the canary: one of each kind every area keeps."""
    records = [
        record for make in walker_records.makers() for record in make(district, people, CANARY)
    ]
    walker.EXTRA_STRING_VALUES[:] = [ledger.name for ledger in all_ledgers()]
    # Parts of the canary, of 塔儿村's project name, code and address: a hit would show them
    # whole, while the query echoed back is no secret.
    searches = ["q=7f3a", "q=巷道硬化", "q=001204", "q=村委会"]
    walker.QUERY_STRINGS.clear()
    walker.QUERY_STRINGS.update({"/search/": searches, "/api/v1/search": searches})
    district.taer.refresh_from_db()
    return records


def fingerprint(district, records):
    """The state of 塔儿村's records: every foreign record as stored (every column, and its
    many-to-many links), and what hangs on it. One query per model, not per record: the walk
    asks for it after every request that wrote anything."""
    by_model: dict[type[models.Model], list] = defaultdict(list)
    for record in records:
        by_model[type(record)].append(record.pk)

    def state():
        stored = {}
        for model, pks in by_model.items():
            columns = [field.attname for field in model._meta.concrete_fields]
            rows = model._base_manager.filter(pk__in=pks).order_by("pk")
            stored[model._meta.label] = list(rows.values_list(*columns))
            for field in model._meta.many_to_many:
                through = field.remote_field.through
                links = through._base_manager.filter(**{f"{field.m2m_field_name()}__in": pks})
                stored[f"{model._meta.label}.{field.name}"] = list(
                    links.order_by("pk").values_list(
                        field.m2m_field_name(), field.m2m_reverse_field_name()
                    )
                )
        taer = list(Unit.objects.filter(pk=district.taer.pk).values_list("path", flat=True))
        return (
            stored,
            taer,
            Unit.objects.filter(path__startswith=taer[0]).count() if taer else 0,
            list(
                Attachment.objects.filter(scope_unit=district.taer.pk).values_list(
                    "pk", "removed_at"
                )
            ),
            AuditEntry.objects.filter(scope_unit=district.taer.pk).count(),
        )

    return state


def secrets(district) -> list[str]:
    return [CANARY, district.taer.name, district.taer.code]


def test_the_shares_of_the_walk_are_every_route_once():
    shares = walker.shares(SHARES)
    every_route = set(walker.url_patterns())
    assert set().union(*shares) == every_route
    assert sum(len(share) for share in shares) == len(every_route)


@pytest.mark.django_db
@pytest.mark.parametrize("share", range(SHARES))
def test_an_officer_of_another_village_reads_and_changes_nothing_of_taer(
    district, people, foreign_records, share
):
    result = walker.walk(
        client_for(people.xwz_officer),
        foreign_records,
        secrets(district),
        fingerprint(district, foreign_records),
        routes=walker.shares(SHARES)[share],
    )
    assert len(result.urls) > 40
    assert real_leaks(result.leaks) == []


# That the walk is not blind (as 塔儿村's own officer the same requests show the canary) is
# checked by the same officer's walk for personal data (test_personal_data.py), which also reads
# every page as them.


@pytest.mark.django_db
@pytest.mark.parametrize("share", range(SHARES))
def test_anonymous_visitors_get_only_the_login_and_public_pages(
    district, people, foreign_records, share
):
    # Sign-in is checked before the method is, so GET and POST cover every route.
    result = walker.walk(
        Client(),
        foreign_records,
        secrets(district),
        fingerprint(district, foreign_records),
        methods=("get", "post"),
        routes=walker.shares(SHARES)[share],
    )
    assert real_leaks(result.leaks) == []
    for url, status, location in result.gets:
        if url in PUBLIC_PATHS or url.startswith(PUBLIC_NOTICE_PAGES):
            continue
        login_redirect = status == 302 and location.startswith(("/login/", "/admin/login/"))
        assert login_redirect or status in (401, 403, 404, 405), url


@pytest.mark.django_db
@override_settings(ROOT_URLCONF="tests.core.leaky_urls")
def test_the_walk_catches_a_view_and_an_endpoint_that_forget_scoping(
    district, people, foreign_records
):
    result = walker.walk(
        client_for(people.xwz_officer),
        foreign_records,
        secrets(district),
        fingerprint(district, foreign_records),
        urlconf="tests.core.leaky_urls",
        methods=("get",),
        # The leaky routes and real ones beside them (the officer's walk covers every route).
        routes={
            "/leaky/units/",
            "/leaky-api/units",
            "/units/",
            "/units/<int:pk>/",
            "/api/v1/units",
        },
    )
    leaking = {leak.url for leak in real_leaks(result.leaks)}
    assert leaking == {"/leaky/units/", "/leaky-api/units"}


@pytest.mark.django_db
@override_settings(ROOT_URLCONF="tests.core.leaky_urls")
def test_the_walk_catches_a_view_that_changes_a_foreign_record_and_then_refuses(
    district, people, foreign_records
):
    """A 403 (or 405) does not prove the view wrote nothing: the walk asks the database."""
    result = walker.walk(
        client_for(people.xwz_officer),
        foreign_records,
        secrets(district),
        fingerprint(district, foreign_records),
        urlconf="tests.core.leaky_urls",
        routes={"/leaky/units/<int:pk>/address/"},
    )
    url = f"/leaky/units/{district.taer.pk}/address/"
    changed = {(leak.method, leak.url) for leak in result.leaks if "changed" in leak.why}
    assert changed == {(method, url) for method in ("post", "patch", "put", "delete")}


@pytest.mark.django_db
@pytest.mark.parametrize("share", range(SHARES))
def test_the_security_administrator_reads_and_changes_no_ledger_record(
    district, people, foreign_records, share
):
    """三员分立: the security administrator manages accounts, not ledgers; the walk may show
    the names of units and users (whose roles they grant) but no record's content."""
    security = make_user("security", Role.SECURITY_ADMIN, unit=district.pingcheng)
    result = walker.walk(
        client_for(security),
        foreign_records,
        [CANARY],
        fingerprint(district, foreign_records),
        methods=("get", "post"),
        routes=walker.shares(SHARES)[share],
    )
    assert result.leaks == []
