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

RESTART_SECONDS = 5.0
STOP_SECONDS = 20.0


def worker_command() -> list[str]:
    return [sys.executable, "-m", "taizhang", "worker"]


class WorkerProcess:
    """The worker's process; `watch` starts it again whenever it has exited."""

    def __init__(self) -> None:
        self.stopping = threading.Event()
        self.process = self.start()

    def start(self) -> subprocess.Popen:
        # The same settings and environment as the server's.
        return subprocess.Popen(worker_command())  # noqa: S603 (our own command)

    def watch(self) -> None:
        while not self.stopping.wait(RESTART_SECONDS):
            if self.process.poll() is not None:
                logger.warning("The worker exited (%s); starting it again.", self.process.poll())
                self.process = self.start()

    def stop(self) -> None:
        """Ask the worker to stop (SIGTERM: it ends its running task first); kill it if it
        has not after STOP_SECONDS."""
        self.stopping.set()
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(STOP_SECONDS)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@contextlib.contextmanager
def worker_beside(*, enabled: bool = True) -> Iterator[WorkerProcess | None]:
    """Run `taizhang worker` while the block runs (None when not `enabled`)."""
    if not enabled:
        yield None
        return
    worker = WorkerProcess()
    watcher = threading.Thread(target=worker.watch, name="worker-watch", daemon=True)
    watcher.start()
    try:
        yield worker
    finally:
        worker.stopping.set()
        watcher.join()
        worker.stop()
