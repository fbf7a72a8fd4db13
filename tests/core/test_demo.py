import contextlib
import subprocess
from pathlib import Path
from unittest import mock

import pytest
from django.core.management import CommandError, call_command

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


def test_the_printed_account_list_names_every_account_with_its_role_and_unit(capsys):
    call_command("demo", no_serve=True)
    lines = capsys.readouterr().out.splitlines()
    listed = {line.split()[0]: line for line in lines if line.split()}
    for user in User.objects.filter(is_active=True).select_related("unit"):
        assert user.username in listed, user.username
        assert user.unit.name in listed[user.username]
    assert "平城区人民检察院" in listed["jcyfuhe"]  # created by the rectification demo
    assert "Unit officer" in listed["jcyfuhe"] or "单位" in listed["jcyfuhe"]
    assert listed["shengtaihuanjing"].endswith("市生态环境局")


def test_the_demo_serves_on_the_port_it_is_given_and_keeps_addrport(capsys):
    from django.core.management.commands import runserver

    with (
        mock.patch.object(runserver.Command, "handle", return_value=None) as serve,
        mock.patch("taizhang.core.management.commands.demo.worker_beside"),
    ):
        call_command("demo", port=8001)
        call_command("demo", addrport="0.0.0.0:8100")
        call_command("demo", "--addrport", "0.0.0.0:8100", "--port", "8002")
    served = [call.args[0] if call.args else call.kwargs["addrport"] for call in serve.mock_calls]
    assert served == ["127.0.0.1:8001", "0.0.0.0:8100", "0.0.0.0:8002"]
    assert "http://127.0.0.1:8001/" in capsys.readouterr().out


def test_a_port_that_is_not_one_is_refused_before_anything_is_done():
    with pytest.raises(CommandError, match="70000"):
        call_command("demo", port=70000)
    assert not Unit.objects.exists()


def test_make_demo_passes_its_port_to_the_command():
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run(
        ["make", "-n", "demo", "PORT=8001"], cwd=root, capture_output=True, text=True, check=True
    )
    assert "taizhang demo --port 8001" in result.stdout


def test_the_demo_serves_with_a_worker_beside_the_server_unless_told_not_to():
    from django.core.management.commands import runserver

    started = []

    @contextlib.contextmanager
    def worker_beside(*, enabled):
        started.append(["worker" if enabled else "none"])
        yield
        started[-1].append("stopped")

    def serve(*args, **options):
        started[-1].append("server")

    with (
        mock.patch.object(runserver.Command, "handle", side_effect=serve),
        mock.patch("taizhang.core.management.commands.demo.worker_beside", worker_beside),
    ):
        call_command("demo", port=8001)
        call_command("demo", port=8001, no_worker=True)
    assert started == [["worker", "server", "stopped"], ["none", "server", "stopped"]]
