"""Every page and API route, walked as the 西王庄村 officer and as an anonymous visitor.

Neither may read, list, export or change a record of 塔儿村. Modules add their own 塔儿村
records to `foreign_records` so the walk covers their ledgers too.
"""

from __future__ import annotations

import pytest
from django.test import Client, override_settings

from taizhang.core import attachments, audit, services, tokens
from taizhang.core.ledgers import all_ledgers
from taizhang.core.models import ApiToken, Attachment, AuditEntry, ImportJob, Unit
from tests import walker
from tests.conftest import client_for

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


@pytest.fixture
def foreign_records(district, people) -> list:
    """Records of 塔儿村 that carry the canary, one of each kind the platform keeps."""
    taer = district.taer
    taer = services.update_unit(
        taer, by=people.admin, remarks=CANARY, contact_person=CANARY, reason=CANARY
    )
    upload = walker.tiny_png()
    upload.name = f"{CANARY}.png"
    from django.core.files.uploadedfile import SimpleUploadedFile

    photo = attachments.add_attachment(
        taer,
        SimpleUploadedFile(upload.name, upload.read(), "image/png"),
        by=people.taer_officer,
        caption=CANARY,
    )
    token, _key = tokens.create_token(people.taer_officer, by=people.taer_officer, name=CANARY)
    job = ImportJob.objects.create(
        ledger="units", user=people.taer_officer, file_name=CANARY, stored_path="", message=CANARY
    )
    walker.EXTRA_STRING_VALUES[:] = [ledger.name for ledger in all_ledgers()]
    return [taer, photo, token, job, AuditEntry.objects.filter(scope_unit=taer).first()]


def fingerprint(district):
    def state():
        taer = Unit.objects.get(pk=district.taer.pk)
        return (
            audit.snapshot(taer),
            Unit.objects.filter(path__startswith=taer.path).count(),
            list(
                Attachment.objects.filter(scope_unit=taer).values_list(
                    "pk", "removed_at", "caption"
                )
            ),
            list(ApiToken.objects.filter(user__unit=taer).values_list("pk", "revoked_at")),
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
        client_for(people.xwz_officer), foreign_records, secrets(district), fingerprint(district)
    )
    assert len(result.urls) > 40
    assert result.leaks == []


@pytest.mark.django_db
def test_the_walk_reaches_taer_records_for_their_own_officer(district, people, foreign_records):
    """The walk is not blind: as 塔儿村's own officer the same requests do show the canary."""
    result = walker.walk(
        client_for(people.taer_officer),
        foreign_records,
        secrets(district),
        fingerprint(district),
        methods=("get",),
    )
    shown = {leak.url for leak in result.leaks}
    assert f"/units/{district.taer.pk}/" in shown
    assert f"/api/v1/units/{district.taer.pk}" in shown


@pytest.mark.django_db
def test_anonymous_visitors_get_only_the_login_and_public_pages(district, people, foreign_records):
    client = Client()
    result = walker.walk(client, foreign_records, secrets(district), fingerprint(district))
    assert result.leaks == []
    for url in result.urls:
        response = client.get(url)
        if url in PUBLIC_PATHS:
            continue
        login_redirect = response.status_code == 302 and (
            response["Location"].startswith(("/login/", "/admin/login/"))
        )
        assert login_redirect or response.status_code in (401, 403, 404, 405), url


@pytest.mark.django_db
@override_settings(ROOT_URLCONF="tests.core.leaky_urls")
def test_the_walk_catches_a_view_and_an_endpoint_that_forget_scoping(
    district, people, foreign_records
):
    result = walker.walk(
        client_for(people.xwz_officer),
        foreign_records,
        secrets(district),
        fingerprint(district),
        urlconf="tests.core.leaky_urls",
        methods=("get",),
    )
    leaking = {leak.url for leak in result.leaks}
    assert leaking == {"/leaky/units/", "/leaky-api/units"}
