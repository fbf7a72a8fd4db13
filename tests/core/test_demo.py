import pytest
from django.core.management import call_command

from taizhang.core.models import Unit, User

pytestmark = pytest.mark.django_db


def test_the_demo_builds_the_seed_district_and_running_it_twice_changes_nothing(capsys):
    call_command("demo", no_serve=True)
    first = (Unit.objects.count(), User.objects.count())
    call_command("demo", no_serve=True)
    assert (Unit.objects.count(), User.objects.count()) == first
    out = capsys.readouterr().out
    assert "admin" in out and "taizhang-demo-2022" in out
    xnt = Unit.objects.get(name="小南头街道")
    villages = Unit.objects.filter(path__startswith=xnt.path, kind="village")
    assert villages.count() == 7 and villages.filter(is_demo=True).count() == 1
    assert Unit.objects.get(name="市生态环境局").depth == 1
    assert Unit.objects.get(name="文兴社区").kind == "community"
    for username in ("admin", "office", "leader", "auditor", "xiwangzhuang", "taer"):
        assert User.objects.get(username=username).check_password("taizhang-demo-2022")


def test_a_token_from_the_command_line_opens_the_api(capsys, client):
    call_command("demo", no_serve=True)
    capsys.readouterr()
    call_command("token", "create", "xiwangzhuang")
    key = capsys.readouterr().out.strip()
    response = client.get("/api/v1/units", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 200
