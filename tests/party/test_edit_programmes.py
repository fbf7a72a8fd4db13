"""The pages and API that create a study programme for an organisation and add, edit and
reorder its steps."""

import pytest

from taizhang.core.access import SYSTEM
from taizhang.party.models import StudyProgramme
from taizhang.party.services import showcase
from tests.conftest import client_for

API = "/api/v1/party"


@pytest.fixture
def cycle(party):
    return showcase.create_programme(
        party.xwz,
        by=SYSTEM,
        name="1+1+1",
        steps=[
            showcase.StepIn("theory", "理论学习"),
            showcase.StepIn("practice", "实践任务"),
            showcase.StepIn("report_back", "回报交流"),
        ],
    )


def titles(programme) -> list[str]:
    return list(programme.steps.order_by("order").values_list("title", flat=True))


def test_an_officer_creates_a_programme_with_its_first_steps(party, people):
    client = client_for(people.xwz_officer)
    url = f"/party/orgs/{party.xwz.pk}/programmes/new/"
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "name": "学中干",
            "step_1_kind": "theory",
            "step_1_title": "学",
            "step_2_kind": "practice",
            "step_2_title": "干",
            "step_3_kind": "report_back",
            "step_3_title": "",
        },
    )
    programme = StudyProgramme.objects.get(name="学中干")
    assert (
        response.status_code == 302 and response["Location"] == f"/party/programmes/{programme.pk}/"
    )
    assert titles(programme) == ["学", "干"]


def test_a_cycle_of_one_step_is_refused(party, people):
    response = client_for(people.xwz_officer).post(
        f"/party/orgs/{party.xwz.pk}/programmes/new/",
        {"name": "单步", "step_1_kind": "theory", "step_1_title": "学",
         "step_2_kind": "practice", "step_3_kind": "report_back"},
    )  # fmt: skip
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    assert not StudyProgramme.objects.filter(name="单步").exists()


def test_a_step_is_added_at_the_end_edited_and_moved(cycle, people):
    client = client_for(people.xwz_officer)
    client.post(f"/party/programmes/{cycle.pk}/steps/new/", {"kind": "theory", "title": "再学习"})
    assert titles(cycle) == ["理论学习", "实践任务", "回报交流", "再学习"]
    step = cycle.steps.get(title="实践任务")
    response = client.post(
        f"/party/steps/{step.pk}/edit/",
        {"kind": "practice", "title": "梨园水乡实践", "participants": "全体党员"},
    )
    assert response.status_code == 302
    client.post(f"/party/steps/{step.pk}/move/", {"direction": "up"})
    assert titles(cycle) == ["梨园水乡实践", "理论学习", "回报交流", "再学习"]
    first = client.post(f"/party/steps/{step.pk}/move/", {"direction": "up"})
    assert first.status_code == 302 and titles(cycle)[0] == "梨园水乡实践"
    client.post(f"/party/steps/{step.pk}/move/", {"direction": "down"})
    assert titles(cycle) == ["理论学习", "梨园水乡实践", "回报交流", "再学习"]


def test_the_programme_page_offers_the_edits_only_to_writers(cycle, people):
    own = client_for(people.xwz_officer).get(f"/party/programmes/{cycle.pk}/").content.decode()
    assert f"/party/programmes/{cycle.pk}/steps/new/" in own and "/move/" in own
    leader = client_for(people.leader).get(f"/party/programmes/{cycle.pk}/").content.decode()
    assert "/steps/new/" not in leader and "/move/" not in leader


def test_another_villages_officer_is_refused_every_programme_page(cycle, party, people):
    client = client_for(people.taer_officer)
    step = cycle.steps.first()
    for url in (
        f"/party/orgs/{party.xwz.pk}/programmes/new/",
        f"/party/programmes/{cycle.pk}/edit/",
        f"/party/programmes/{cycle.pk}/steps/new/",
        f"/party/steps/{step.pk}/edit/",
    ):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"name": "X", "kind": "theory", "title": "X"}).status_code == 404
    assert client.post(f"/party/steps/{step.pk}/move/", {"direction": "down"}).status_code == 404
    assert titles(cycle) == ["理论学习", "实践任务", "回报交流"] and cycle.name == "1+1+1"


def test_the_api_creates_edits_and_reorders_a_programme(party, people):
    client = client_for(people.xwz_officer)
    created = client.post(
        f"{API}/programmes",
        {"org_id": party.xwz.pk, "name": "1+1+1",
         "steps": [{"kind": "theory", "title": "学"}, {"kind": "practice", "title": "干"}]},
        content_type="application/json",
    )  # fmt: skip
    assert created.status_code == 201, created.content
    programme = created.json()
    added = client.post(
        f"{API}/programmes/{programme['id']}/steps",
        {"kind": "report_back", "title": "悟"},
        content_type="application/json",
    )
    assert added.status_code == 201 and added.json()["order"] == 3
    moved = client.post(
        f"{API}/steps/{added.json()['id']}/move",
        {"direction": "earlier"},
        content_type="application/json",
    )
    assert [s["title"] for s in moved.json()["steps"]] == ["学", "悟", "干"]
    edited = client.put(
        f"{API}/steps/{added.json()['id']}",
        {"kind": "report_back", "title": "悟出经验"},
        content_type="application/json",
    )
    assert edited.status_code == 200 and edited.json()["order"] == 2
    last = client.post(
        f"{API}/steps/{programme['steps'][1]['id']}/move",
        {"direction": "later"},
        content_type="application/json",
    )
    assert last.status_code == 400 and last.json()["errors"][0]["field"] == "order"


def test_the_api_refuses_an_outsider_each_programme_write(cycle, party, people):
    client = client_for(people.taer_officer)
    step = cycle.steps.first()
    assert client.get(f"{API}/programmes/{cycle.pk}").status_code == 404
    for method, url, payload in [
        ("post", f"{API}/programmes",
         {"org_id": party.xwz.pk, "name": "X", "steps": [{"kind": "theory", "title": "X"}] * 2}),
        ("patch", f"{API}/programmes/{cycle.pk}", {"name": "X"}),
        ("post", f"{API}/programmes/{cycle.pk}/steps", {"kind": "theory", "title": "X"}),
        ("put", f"{API}/steps/{step.pk}", {"kind": "theory", "title": "X"}),
        ("post", f"{API}/steps/{step.pk}/move", {"direction": "later"}),
    ]:  # fmt: skip
        response = getattr(client, method)(url, payload, content_type="application/json")
        assert response.status_code == 404, url
    assert titles(cycle) == ["理论学习", "实践任务", "回报交流"]
