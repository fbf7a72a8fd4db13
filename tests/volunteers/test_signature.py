"""A letter signed on screen (手写签名): the signature pad's PNG kept as an attachment, bad or
empty drawings refused with nothing changed, and the page still working without JavaScript."""

from __future__ import annotations

import base64
import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from taizhang.core.models import Attachment
from taizhang.volunteers import services
from taizhang.volunteers.models import TargetState
from tests.conftest import client_for
from tests.factories import make_organisation
from tests.volunteers.conftest import signature
from tests.walker import tiny_png

pytestmark = pytest.mark.django_db


@pytest.fixture
def target(world):
    letters = services.create_letter_campaign(
        by=world.organiser, unit=world.league, places=[world.wenxing], title="责任书",
        duties="消毒", starts_on=datetime.date(2022, 1, 15), ends_on=datetime.date(2022, 2, 20),
    )  # fmt: skip
    return services.add_target(
        letters, by=world.organiser, organisation=make_organisation(world.wenxing, "物业")
    )


def sign(client, target, **fields):
    data = {"action": "sign", "signed_on": "2022-01-18", "signed_by": "吴经理", **fields}
    return client.post(target.get_absolute_url(), data)


def test_a_letter_signed_on_screen_keeps_the_signature_as_an_attachment(world, target):
    client = client_for(world.wenxing_officer)
    assert sign(client, target, signature=signature()).status_code == 302
    target.refresh_from_db()
    assert target.state == TargetState.SIGNED
    [kept] = Attachment.objects.filter(object_id=str(target.pk))
    assert kept.extension == "png" and kept.kind == "photo"


def test_the_page_refuses_a_letter_marked_signed_without_photo_or_signature(world, target):
    response = sign(client_for(world.wenxing_officer), target)
    assert response.status_code == 200
    [error] = response.context["sign_form"].non_field_errors()
    assert "photo or scan" in error
    target.refresh_from_db()
    assert target.state == TargetState.PENDING


def test_the_api_refuses_a_letter_marked_signed_without_its_proof(world, target):
    url = f"/api/v1/volunteers/targets/{target.pk}/sign"
    payload = {"signed_on": "2022-01-18", "signed_by": "吴经理"}
    for unproven in (payload, {**payload, "signature": "  "}):
        refused = client_for(world.wenxing_officer).post(url, unproven, "application/json")
        assert refused.status_code == 400
        assert "sign on the screen" in refused.json()["detail"]
    target.refresh_from_db()
    assert target.state == TargetState.PENDING and target.signed_on is None
    assert not Attachment.objects.filter(object_id=str(target.pk)).exists()


def test_the_service_refuses_a_letter_without_proof_and_keeps_a_scan(world, target):
    with pytest.raises(ValidationError) as refused:
        services.sign_target(
            target,
            by=world.wenxing_officer,
            signed_on=datetime.date(2022, 1, 18),
            signed_by="吴经理",
        )
    assert "sign on the screen" in refused.value.messages[0]
    target.refresh_from_db()
    assert target.state == TargetState.PENDING
    scan = SimpleUploadedFile("letter.png", tiny_png().read(), content_type="image/png")
    services.sign_target(
        target, by=world.wenxing_officer, signed_on=datetime.date(2022, 1, 18), signed_by="吴经理",
        scan=scan,
    )  # fmt: skip
    target.refresh_from_db()
    assert target.state == TargetState.SIGNED
    assert Attachment.objects.filter(object_id=str(target.pk)).count() == 1


@pytest.mark.parametrize(
    "bad",
    [
        "data:image/jpeg;base64,AAAA",
        "data:image/png;base64,not-base64!!",
        "data:image/png;base64," + base64.b64encode(b"\x89PNG\r\n\x1a\nbroken").decode(),
        signature(fmt="JPEG"),
        signature(size=(2600, 200)),
        signature(blank=True),
    ],
    ids=["not-png", "not-base64", "broken-png", "jpeg-inside", "too-wide", "blank"],
)
def test_a_bad_or_empty_signature_is_refused_and_nothing_changes(world, target, bad):
    response = sign(client_for(world.wenxing_officer), target, signature=bad)
    assert response.status_code == 200
    assert "signature" in response.context["sign_form"].errors
    assert 'class="message error"' in response.content.decode()
    target.refresh_from_db()
    assert target.state == TargetState.PENDING and target.signed_on is None
    assert not Attachment.objects.filter(object_id=str(target.pk)).exists()


def test_the_sign_page_loads_the_pad_from_a_static_file_and_keeps_the_photo_path(world, target):
    page = client_for(world.wenxing_officer).get(target.get_absolute_url()).content.decode()
    assert "volunteers/signature.js" in page and "data-signature-pad hidden" in page
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page)  # no inline script (CSP)
    assert 'name="scan"' in page and 'name="signature"' in page
    photo = tiny_png()
    assert sign(client_for(world.wenxing_officer), target, scan=photo).status_code == 302


def test_the_api_takes_a_signature_and_an_outsider_may_not_sign(world, target, people):
    url = f"/api/v1/volunteers/targets/{target.pk}/sign"
    payload = {"signed_on": "2022-01-18", "signed_by": "吴经理", "signature": signature()}
    outsider = client_for(people.xwz_officer)
    assert outsider.post(url, payload, "application/json").status_code == 404
    assert sign(outsider, target, signature=signature()).status_code == 404
    bad = client_for(world.wenxing_officer).post(
        url, {**payload, "signature": signature(blank=True)}, "application/json"
    )
    assert bad.status_code == 400 and bad.json()["errors"][0]["field"] == "signature"
    signed = client_for(world.wenxing_officer).post(url, payload, "application/json")
    assert signed.status_code == 200 and signed.json()["state"] == "signed"
    assert Attachment.objects.filter(object_id=str(target.pk), extension="png").count() == 1


def test_the_issuing_unit_reads_the_target_but_the_community_signs_and_keeps_the_proof(
    world, target
):
    url = f"/api/v1/volunteers/targets/{target.pk}/sign"
    payload = {"signed_on": "2022-01-18", "signed_by": "吴经理", "signature": signature()}
    league = client_for(world.organiser)
    assert league.get(target.get_absolute_url()).status_code == 200
    assert league.post(url, payload, "application/json").status_code == 403
    target.refresh_from_db()
    assert target.state == TargetState.PENDING
    assert not Attachment.objects.filter(object_id=str(target.pk)).exists()
