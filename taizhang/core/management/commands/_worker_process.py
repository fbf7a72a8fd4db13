"""A `taizhang worker` process beside a web server (`taizhang serve`, `taizhang demo`): started
with it, started again if it dies, stopped when the server stops."""

from __future__ import annotations

import contextlib
import logging
import subprocess
import sys
import threading
from collections.abc import Iterator

logger = logging.getLogger(__name__)

RESTART_SECONDS = 5
STOP_SECONDS = 20


def worker_command() -> list[str]:
    return [sys.executable, "-m", "taizhang", "worker"]


@contextlib.contextmanager
def worker_beside(*, enabled: bool = True) -> Iterator[None]:
    """Run `taizhang worker` (with the same settings and environment) while the block runs;
    restart it if it exits; on leaving, ask it to stop (SIGTERM: it ends the running task
    first) and kill it after STOP_SECONDS."""
    if not enabled:
        yield
        return
    stop = threading.Event()
    process = subprocess.Popen(worker_command())  # noqa: S603 (our own command)

    def watch() -> None:
        nonlocal process
        while not stop.wait(RESTART_SECONDS):
            if process.poll() is not None and not stop.is_set():
                logger.warning("The worker exited (%s); starting it again.", process.returncode)
                process = subprocess.Popen(worker_command())  # noqa: S603

    watcher = threading.Thread(target=watch, name="worker-watch", daemon=True)
    watcher.start()
    try:
        yield
    finally:
        stop.set()
        watcher.join()
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(STOP_SECONDS)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
