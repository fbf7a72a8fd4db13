"""Every page and API route, walked as the 西王庄村 officer and as an anonymous visitor.

Neither may read, list, export or change a record of 塔儿村. Modules add their own 塔儿村
records to `foreign_records` so the walk covers their ledgers too.
"""

from __future__ import annotations

import pytest
from django.test import Client, override_settings

from taizhang.core import audit
from taizhang.core.ledgers import all_ledgers
from taizhang.core.models import Attachment, AuditEntry, Unit
from taizhang.core.roles import Role
from tests import walker, walker_records
from tests.conftest import client_for
from tests.factories import make_user

CANARY = "CANARY-7f3a-塔儿村机密"

# Pages anyone may open; everything else must send an anonymous visitor to a login page.
PUBLIC_PATHS = {
    "/login/",
    "/i18n/setlang/",
    "/api/v1/openapi.json",
    "/api/v1/docs",
    "/api/v1/health",
    "/admin/login/",
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
    """The state of 塔儿村's records: every foreign record as stored, and what hangs on it."""

    def state():
        taer = Unit.objects.get(pk=district.taer.pk)
        stored = [type(r)._default_manager.filter(pk=r.pk).first() for r in records]
        return (
            [audit.snapshot(record) if record else None for record in stored],
            Unit.objects.filter(path__startswith=taer.path).count(),
            list(Attachment.objects.filter(scope_unit=taer).values_list("pk", "removed_at")),
            AuditEntry.objects.filter(scope_unit=taer).count(),
        )

    return state


def secrets(district) -> list[str]:
    return [CANARY, district.taer.name, district.taer.code]


@pytest.mark.django_db
def test_an_officer_of_another_village_reads_and_changes_nothing_of_taer(
    district, people, foreign_records
):
    result = walker.walk(
        client_for(people.xwz_officer),
        foreign_records,
        secrets(district),
        fingerprint(district, foreign_records),
    )
    assert len(result.urls) > 40
    assert real_leaks(result.leaks) == []


@pytest.mark.django_db
def test_the_walk_reaches_taer_records_for_their_own_officer(district, people, foreign_records):
    """The walk is not blind: as 塔儿村's own officer the same requests do show the canary."""
    result = walker.walk(
        client_for(people.taer_officer),
        foreign_records,
        secrets(district),
        fingerprint(district, foreign_records),
        methods=("get",),
    )
    shown = {leak.url for leak in result.leaks}
    assert f"/units/{district.taer.pk}/" in shown
    assert f"/api/v1/units/{district.taer.pk}" in shown
    assert {"/", "/api/v1/todo", "/search/?q=7f3a", "/api/v1/search?q=巷道硬化"} <= shown


@pytest.mark.django_db
def test_anonymous_visitors_get_only_the_login_and_public_pages(district, people, foreign_records):
    # Sign-in is checked before the method is, so GET and POST cover every route.
    result = walker.walk(
        Client(),
        foreign_records,
        secrets(district),
        fingerprint(district, foreign_records),
        methods=("get", "post"),
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
    )
    leaking = {leak.url for leak in real_leaks(result.leaks)}
    assert leaking == {"/leaky/units/", "/leaky-api/units"}


@pytest.mark.django_db
def test_the_security_administrator_reads_and_changes_no_ledger_record(
    district, people, foreign_records
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
    )
    assert result.leaks == []
