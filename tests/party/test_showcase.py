"""The public showcase index (巡礼): published entries for anyone, linked from each entry."""

import pytest
from django.test import Client

from taizhang.party.models import Candidate, CandidateStatus
from taizhang.party.services import demonstration, showcase


@pytest.fixture
def entries(party, people):
    demonstration.create_rubric(by=people.admin, year=2022, title="2022")
    candidate = demonstration.nominate(party.xwz, by=people.admin, year=2022)
    Candidate.objects.filter(pk=candidate.pk).update(status=CandidateStatus.NAMED)
    published = showcase.create_entry(
        by=people.admin, org=party.xwz, title="巡礼：西王庄村党支部", body="梨园水乡", publish=True
    )
    hidden = showcase.create_entry(by=people.admin, org=party.taer, title="未发布的巡礼", body="x")
    return published, hidden


def test_anyone_reads_the_index_of_published_entries_without_personal_data(entries, party):
    published, _hidden = entries
    page = Client().get("/party/showcase/")
    text = page.content.decode()
    assert page.status_code == 200
    assert "巡礼：西王庄村党支部" in text and f"/party/showcase/{published.pk}/" in text
    assert "未发布的巡礼" not in text
    for person in party.xwz_people:
        assert person.name not in text and person.id_number not in text


def test_each_showcase_page_links_to_the_index(entries):
    published, _hidden = entries
    page = Client().get(f"/party/showcase/{published.pk}/").content.decode()
    assert 'href="/party/showcase/"' in page


def test_the_index_costs_the_same_queries_for_more_entries(
    entries, people, party, django_assert_max_num_queries
):
    client = Client()
    with django_assert_max_num_queries(8) as one:
        client.get("/party/showcase/")
    showcase.create_entry(by=people.admin, org=party.xwz, title="第二篇", body="y", publish=True)
    with django_assert_max_num_queries(len(one.captured_queries)):
        client.get("/party/showcase/")
