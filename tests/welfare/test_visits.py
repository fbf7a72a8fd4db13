"""Visits (走访慰问): recording a visit with photos, its refusals, the list with its filters and
the visit's page; another village sees none of it."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from taizhang.core.attachments import attachments_of
from taizhang.lib import clock
from taizhang.welfare.models import Programme, ProgrammeKind, Visit
from taizhang.welfare.services import visits
from tests.conftest import client_for
from tests.factories import make_person
from tests.walker import tiny_png

DAY = datetime.date(2022, 1, 25)


def photo() -> SimpleUploadedFile:
    return SimpleUploadedFile("visit.png", tiny_png().read(), content_type="image/png")


@pytest.fixture
def holiday_visits(district) -> Programme:
    return Programme.objects.create(
        name="春节走访慰问",
        owner=district.xiaonantou,
        kind=ProgrammeKind.VISIT,
        starts_on=datetime.date(2022, 1, 1),
    )


@pytest.fixture
def visit(villagers, people, holiday_visits) -> Visit:
    return visits.record_visit(
        villagers.zhao,
        by=people.xwz_officer,
        visited_on=DAY,
        visitors="村支书 王书记",
        gifts="米面油",
        amount_yuan=Decimal("500"),
        programme=holiday_visits,
        photos=[photo()],
    )


@pytest.mark.django_db
class TestRecordVisit:
    def test_the_visitors_named_once_in_the_village_or_above_are_linked_to_the_registry(
        self, villagers, people, district
    ):
        secretary = make_person(district.xiwangzhuang, "王书记")
        cadre = make_person(district.xiaonantou, "刘主任")  # of the subdistrict
        make_person(district.taer, "李委员")  # only a namesake in another village
        make_person(district.xiwangzhuang, "张干部")
        make_person(district.xiwangzhuang, "张干部")  # two of one name: neither is meant
        visit = visits.record_visit(
            villagers.zhao,
            by=people.xwz_officer,
            visited_on=DAY,
            visitors="王书记、刘主任 李委员，张干部 村委会",
        )
        assert set(visit.visiting.all()) == {secretary, cadre}

    def test_a_visit_keeps_who_whom_when_what_and_its_photos(self, visit, villagers, people):
        assert (visit.person, visit.household) == (villagers.zhao, villagers.zhao_household)
        assert (visit.visitors, visit.gifts, visit.amount_yuan) == (
            "村支书 王书记",
            "米面油",
            Decimal("500"),
        )
        [attached] = attachments_of(visit, people.xwz_officer)
        assert attached.kind == "photo"

    def test_a_visit_in_the_future_is_refused(self, villagers, people):
        with pytest.raises(ValidationError, match="before it happens"):
            visits.record_visit(
                villagers.zhao,
                by=people.xwz_officer,
                visited_on=clock.today() + datetime.timedelta(days=1),
                visitors="王书记",
            )
        assert not Visit.objects.exists()

    def test_another_village_may_not_record_a_visit_to_zhao(self, villagers, people):
        with pytest.raises(PermissionDenied):
            visits.record_visit(
                villagers.zhao, by=people.taer_officer, visited_on=DAY, visitors="李书记"
            )

    def test_a_village_picks_the_programmes_of_the_units_above_it(
        self, holiday_visits, people, district
    ):
        assert holiday_visits in visits.pickable_programmes(people.xwz_officer)
        other = Programme.objects.create(
            name="古城村慰问",
            owner=district.guchengcun,
            kind=ProgrammeKind.VISIT,
            starts_on=DAY,
        )
        assert other not in visits.pickable_programmes(people.xwz_officer)


@pytest.mark.django_db
class TestVisitPages:
    def test_the_list_filters_by_programme_unit_year_and_group(
        self, visit, villagers, as_xwz, holiday_visits, district
    ):
        url = reverse("welfare-visit-list")
        assert "赵奶奶" in as_xwz.get(url).content.decode()
        for query, shown in (
            ({"programme": holiday_visits.pk}, True),
            ({"unit": district.xiwangzhuang.pk}, True),
            ({"year": 2022}, True),
            ({"year": 2021}, False),
            ({"group": villagers.dibao.pk}, True),
        ):
            assert ("赵奶奶" in as_xwz.get(url, query).content.decode()) is shown, query

    def test_the_visit_page_masks_the_id_and_shows_the_photo(self, visit, villagers, as_xwz):
        page = as_xwz.get(reverse("welfare-visit", args=[visit.pk])).content.decode()
        assert "村支书 王书记" in page and "/attachments/" in page
        assert villagers.zhao.id_number not in page

    def test_another_village_sees_nothing(self, visit, people):
        client = client_for(people.taer_officer)
        assert "赵奶奶" not in client.get(reverse("welfare-visit-list")).content.decode()
        assert client.get(reverse("welfare-visit", args=[visit.pk])).status_code == 404

    def test_a_clerk_records_a_visit_found_by_the_last_digits_of_the_id(
        self, villagers, as_xwz, holiday_visits, people
    ):
        response = as_xwz.post(
            reverse("welfare-visit-create"),
            {
                "person_query": villagers.sun.id_number[-4:],
                "visited_on": "2022-01-26",
                "visitors": "王书记",
                "gifts": "棉被",
                "programme": holiday_visits.pk,
                "photos": [photo(), photo()],
            },
        )
        visit = Visit.objects.get(person=villagers.sun)
        assert response["Location"] == reverse("welfare-visit", args=[visit.pk])
        assert attachments_of(visit, people.xwz_officer).count() == 2
        assert visit.gifts == "棉被"

    def test_a_resident_of_another_village_cannot_be_chosen(self, villagers, as_xwz):
        response = as_xwz.post(
            reverse("welfare-visit-create"),
            {"person_query": "李二", "visited_on": "2022-01-26", "visitors": "王书记"},
        )
        assert response.status_code == 200 and not Visit.objects.exists()
