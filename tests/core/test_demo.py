import contextlib
import subprocess
from pathlib import Path
from unittest import mock

import pytest
from django.core.management import CommandError, call_command

from taizhang.core import demo
from taizhang.core.models import Unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def nothing_loaded():
    """The tests of serving: the district is not what they check, so it is not loaded."""
    with (
        mock.patch.object(demo, "load_demo_district") as district,
        mock.patch.object(demo, "load_module_demos", return_value=[]),
    ):
        yield district


def test_the_demo_serves_on_the_port_it_is_given_and_keeps_addrport(nothing_loaded, capsys):
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


def test_the_demo_serves_with_a_worker_beside_the_server_unless_told_not_to(nothing_loaded):
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
