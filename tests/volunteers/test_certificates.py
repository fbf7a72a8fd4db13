"""The service certificate (志愿服务证明) and star levels."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from docx import Document

from taizhang.volunteers import queries, services
from tests.conftest import client_for
from tests.volunteers.conftest import at, id_number, sign_up

pytestmark = pytest.mark.django_db


@pytest.fixture
def served(world):
    [participation] = sign_up(world)
    services.confirm(participation, by=world.organiser)
    services.check_in(participation, by=world.organiser, at=at("2022-01-20", 9))
    world.set_day(datetime.date(2022, 1, 21))
    services.check_out(participation, by=world.organiser, at=at("2022-01-20", 12))
    world.volunteer = participation.volunteer
    return world


def test_a_certificate_carries_the_hours_and_masks_the_id_number(served):
    client = client_for(served.organiser)
    response = client.post(
        f"/volunteers/people/{served.volunteer.pk}/certificate/",
        {"unit": served.league.pk, "person_in_charge": "李书记"},
    )
    assert response.status_code == 302
    certificate = served.volunteer.certificates.get()
    assert certificate.hours == Decimal("3.00") and certificate.number.startswith("ZYZM2022")
    docx = client.get(f"/volunteers/certificates/{certificate.pk}/docx/")
    text = "\n".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
    assert "3.00小时" in text and "李书记" in text and certificate.key in text
    assert id_number() not in text and id_number()[-4:] in text
    verified = Client().get(f"/volunteers/verify/{certificate.key}/").content.decode()
    assert certificate.number in verified and "张*" in verified
    assert id_number()[-4:] not in verified.replace(
        certificate.number, ""
    )  # its unit may hold them


def test_it_refuses_a_certificate_without_hours(world):
    [participation] = sign_up(world)
    with pytest.raises(ValidationError):
        services.issue_certificate(
            participation.volunteer, by=world.organiser, unit=world.league, person_in_charge="李"
        )


def test_star_levels_follow_the_hours_and_can_be_changed(settings):
    assert queries.star_level(Decimal("99")) == 0
    assert queries.star_level(Decimal("300")) == 2
    assert queries.star_level(Decimal("1500")) == 5
    settings.TAIZHANG_VOLUNTEER_STAR_HOURS = (10, 20, 30, 40, 50)
    assert queries.star_level(Decimal("35")) == 3
