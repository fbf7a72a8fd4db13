import pytest

from tests.conftest import client_for

API = "/api/v1/party"


def test_the_api_records_a_meeting_and_refuses_a_stranger_present(party, people):
    client = client_for(people.xwz_officer)
    payload = {
        "org_id": party.xwz.pk,
        "kind": "theme_day",
        "topic": "主题党日",
        "held_at": "2022-06-15T09:00:00+08:00",
        "place": "活动室",
        "chair_id": party.xwz_people[0].pk,
        "recorder_id": party.xwz_people[1].pk,
        "present_ids": [p.pk for p in party.xwz_people],
    }
    response = client.post(f"{API}/meetings", payload, content_type="application/json")
    assert response.status_code == 201, response.content
    assert response.json()["present"] == 5
    stranger = {**payload, "present_ids": [party.xwz_people[0].pk, party.taer_people[0].pk]}
    # 塔儿村's member is not visible to 西王庄村's officer: not found, nothing recorded.
    response = client.post(f"{API}/meetings", stranger, content_type="application/json")
    assert response.status_code == 404
    admin = client_for(people.admin)
    response = admin.post(f"{API}/meetings", stranger, content_type="application/json")
    assert response.status_code == 400
    assert "塔书记" in response.content.decode()


def test_the_api_lists_only_what_the_caller_sees(party, people, django_assert_max_num_queries):
    client = client_for(people.xwz_officer)
    names = [org["name"] for org in client.get(f"{API}/orgs").json()["results"]]
    assert names == ["西王庄村党支部"]
    assert client.get(f"{API}/orgs/{party.taer.pk}").status_code == 404
    assert client.get(f"{API}/orgs/{party.taer.pk}/members").status_code == 404
    with django_assert_max_num_queries(8):
        client.get(f"{API}/meetings")


@pytest.mark.parametrize("path", ["/orgs", "/meetings", "/projects", "/candidates", "/stats"])
def test_an_anonymous_caller_is_refused(client, path, district):
    assert client.get(f"{API}{path}").status_code == 401


def test_the_compliance_endpoint_reads_the_year(party, people):
    data = (
        client_for(people.xwz_officer).get(f"{API}/orgs/{party.xwz.pk}/compliance?year=2022").json()
    )
    assert data["year"] == 2022 and data["missed"] > 0
