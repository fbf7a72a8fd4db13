"""The training, award and evaluation records of a volunteer's service record (培训、表彰奖励、
评价, 志愿服务记录与证明出具办法): who keeps them, what is refused, where they are shown."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from docx import Document

from taizhang.core.models import AuditEntry
from taizhang.volunteers import services
from taizhang.volunteers.models import Award, Evaluation, Training
from tests.conftest import client_for
from tests.volunteers.conftest import at, sign_up

pytestmark = pytest.mark.django_db

TRAINING = {
    "trained_on": "2022-01-16",
    "title": "岗前培训",
    "hours": "2.5",
    "organiser": "共青团平城区委",
    "note": "个人防护",
}
AWARD = {"awarded_on": "2022-01-19", "title": "优秀志愿者", "level": "district", "body": "团区委"}


@pytest.fixture
def signed_up(world):
    [world.participation] = sign_up(world)
    world.volunteer = world.participation.volunteer
    world.record_page = f"/volunteers/people/{world.volunteer.pk}/"
    return world


def _evaluation(w, period="2022年寒假", **fields):
    return {"period": period, "rating": "excellent", "unit": w.wenxing.pk, "remarks": "", **fields}


def test_the_communitys_officer_records_training_award_and_evaluation_from_the_record_page(
    signed_up,
):
    w = signed_up
    client = client_for(w.wenxing_officer)
    page = client.get(w.record_page).content.decode()
    assert f"/volunteers/people/{w.volunteer.pk}/records/training/new/" in page
    for kind, data in (("training", TRAINING), ("award", AWARD), ("evaluation", _evaluation(w))):
        response = client.post(f"{w.record_page}records/{kind}/new/", data)
        assert response.status_code == 302, kind
    training = w.volunteer.trainings.get()
    assert training.hours == Decimal("2.50") and training.recorded_by == w.wenxing_officer
    assert w.volunteer.awards.get().level == "district"
    assert w.volunteer.evaluations.get().unit == w.wenxing
    page = client.get(w.record_page).content.decode()
    assert "岗前培训" in page and "优秀志愿者" in page and "2022年寒假" in page
    assert AuditEntry.objects.filter(object_repr__contains="岗前培训", action="create").exists()


def test_the_volunteer_sees_their_records_on_their_own_page_without_forms(signed_up):
    w = signed_up
    services.record_training(
        w.volunteer, by=w.wenxing_officer, trained_on=datetime.date(2022, 1, 16), title="岗前培训",
        hours=Decimal("2"), organiser="团区委",
    )  # fmt: skip
    services.record_evaluation(
        w.volunteer, by=w.wenxing_officer, period="2022", rating="good", unit=w.wenxing
    )
    page = Client().get(f"/volunteers/me/{w.participation.token}/").content.decode()
    assert "岗前培训" in page and 'id="evaluations"' in page and w.wenxing.name in page
    assert "/records/" not in page  # no form to add or remove


def test_the_organiser_keeps_the_record_once_the_volunteer_is_confirmed(signed_up):
    w = signed_up
    client = client_for(w.organiser)
    url = f"{w.record_page}records/award/new/"
    assert client.get(w.record_page).status_code == 200  # reads the sign-up's volunteer
    assert client.post(url, AWARD).status_code == 403
    services.confirm(w.participation, by=w.organiser)
    assert client.post(url, AWARD).status_code == 302
    assert w.volunteer.awards.count() == 1


def test_it_refuses_a_future_date_and_hours_not_above_zero_and_writes_nothing(signed_up):
    w = signed_up
    client = client_for(w.wenxing_officer)
    future = {**TRAINING, "trained_on": "2022-01-21"}  # the day is 2022-01-20
    response = client.post(f"{w.record_page}records/training/new/", future)
    assert response.status_code == 200 and "trained_on" in response.context["form"].errors
    negative = {**TRAINING, "hours": "-1"}
    response = client.post(f"{w.record_page}records/training/new/", negative)
    assert "hours" in response.context["form"].errors
    response = client.post(
        f"{w.record_page}records/award/new/", {**AWARD, "awarded_on": "2023-01-01"}
    )
    assert "awarded_on" in response.context["form"].errors
    assert not Training.objects.exists() and not Award.objects.exists()


def test_it_refuses_a_second_evaluation_of_the_same_period(signed_up):
    w = signed_up
    services.record_evaluation(
        w.volunteer, by=w.wenxing_officer, period="2022年寒假", rating="good", unit=w.wenxing
    )
    with pytest.raises(ValidationError) as refused:
        services.record_evaluation(
            w.volunteer, by=w.wenxing_officer, period=" 2022年寒假 ", rating="pass", unit=w.wenxing
        )
    assert "period" in refused.value.message_dict
    api = client_for(w.wenxing_officer)
    url = f"/api/v1/volunteers/people/{w.volunteer.pk}/evaluations"
    payload = {"period": "2022年寒假", "rating": "fail", "unit_id": w.wenxing.pk}
    response = api.post(url, payload, "application/json")
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "period"
    assert Evaluation.objects.get().rating == "good"


def test_an_evaluation_is_given_only_in_the_name_of_a_unit_the_officer_writes_for(signed_up):
    w = signed_up
    with pytest.raises(PermissionDenied):
        services.record_evaluation(
            w.volunteer, by=w.wenxing_officer, period="2022", rating="good", unit=w.league
        )
    form = client_for(w.wenxing_officer).get(f"{w.record_page}records/evaluation/new/")
    assert list(form.context["form"].fields["unit"].queryset) == [w.wenxing]


def test_removing_a_record_keeps_what_it_was_in_the_audit(signed_up):
    w = signed_up
    award = services.record_award(
        w.volunteer, by=w.wenxing_officer, awarded_on=datetime.date(2022, 1, 19),
        title="误录的表彰", level="other", body="某单位",
    )  # fmt: skip
    client = client_for(w.wenxing_officer)
    response = client.post(f"/volunteers/records/award/{award.pk}/remove/")
    assert response.status_code == 302 and response["Location"].endswith("#awards")
    assert not Award.objects.exists()
    entry = AuditEntry.objects.get(action="delete", object_repr__contains="误录的表彰")
    assert entry.before["title"] == "误录的表彰"


def test_outsiders_may_neither_see_nor_write_nor_remove_records(signed_up, people):
    w = signed_up
    training = services.record_training(
        w.volunteer, by=w.wenxing_officer, trained_on=datetime.date(2022, 1, 16), title="岗前培训",
        hours=Decimal("2"), organiser="团区委",
    )  # fmt: skip
    outsider = client_for(people.xwz_officer)
    assert outsider.post(f"{w.record_page}records/training/new/", TRAINING).status_code == 404
    assert outsider.post(f"/volunteers/records/training/{training.pk}/remove/").status_code == 404
    api = f"/api/v1/volunteers/people/{w.volunteer.pk}"
    assert outsider.get(f"{api}/record").status_code == 404
    response = outsider.post(f"{api}/trainings", {**TRAINING}, "application/json")
    assert response.status_code == 404
    assert outsider.delete(f"/api/v1/volunteers/trainings/{training.pk}").status_code == 404
    # The organiser reads the volunteer (a sign-up waits) but does not keep their record yet.
    organiser = client_for(w.organiser)
    assert organiser.post(f"{w.record_page}records/training/new/", TRAINING).status_code == 403
    assert organiser.post(f"{api}/trainings", TRAINING, "application/json").status_code == 403
    assert client_for(w.organiser).get(f"{w.record_page}records/nothing/new/").status_code == 404
    assert Training.objects.count() == 1


def test_the_api_adds_lists_and_removes_records(signed_up, django_assert_max_num_queries):
    w = signed_up
    api = client_for(w.wenxing_officer)
    base = f"/api/v1/volunteers/people/{w.volunteer.pk}"
    assert api.post(f"{base}/trainings", TRAINING, "application/json").status_code == 201
    award = api.post(f"{base}/awards", AWARD, "application/json")
    assert award.status_code == 201 and award.json()["level"] == "district"
    future = api.post(f"{base}/awards", {**AWARD, "awarded_on": "2030-01-01"}, "application/json")
    assert future.status_code == 400 and future.json()["errors"][0]["field"] == "awarded_on"
    evaluation = {"period": "2022", "rating": "excellent", "unit_id": w.wenxing.pk}
    assert api.post(f"{base}/evaluations", evaluation, "application/json").status_code == 201
    api.get(f"{base}/record")  # the session and the user's roles, cached
    with django_assert_max_num_queries(8):
        record = api.get(f"{base}/record").json()
    assert [t["title"] for t in record["trainings"]] == ["岗前培训"]
    assert record["evaluations"][0]["unit"] == w.wenxing.name
    response = api.delete(f"/api/v1/volunteers/awards/{award.json()['id']}")
    assert response.status_code == 204 and not Award.objects.exists()


def test_the_certificate_lists_training_and_awards_and_certifies_service_hours_only(signed_up):
    w = signed_up
    services.confirm(w.participation, by=w.organiser)
    services.check_in(w.participation, by=w.organiser, at=at("2022-01-20", 9))
    w.set_day(datetime.date(2022, 1, 21))
    services.check_out(w.participation, by=w.organiser, at=at("2022-01-20", 12))
    services.record_training(
        w.volunteer, by=w.organiser, trained_on=datetime.date(2022, 1, 16), title="岗前培训",
        hours=Decimal("2"), organiser="共青团平城区委",
    )  # fmt: skip
    services.record_award(
        w.volunteer, by=w.organiser, awarded_on=datetime.date(2022, 1, 21),
        title="优秀志愿者", level="district", body="共青团平城区委",
    )  # fmt: skip
    certificate = services.issue_certificate(
        w.volunteer, by=w.organiser, unit=w.league, person_in_charge="李书记"
    )
    assert certificate.hours == Decimal("3.00")
    assert "培训：岗前培训（2022-01-16，共青团平城区委，2.00学时）" in certificate.content
    assert "表彰：优秀志愿者（2022-01-21，共青团平城区委，区级）" in certificate.content
    docx = client_for(w.organiser).get(f"/volunteers/certificates/{certificate.pk}/docx/")
    text = "\n".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
    assert "岗前培训" in text and "区级" in text
    assert Client().get(f"/volunteers/verify/{certificate.key}/").status_code == 200
