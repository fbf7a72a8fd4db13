"""Serves third-party front-end files from node_modules (pinned in package.json) as
static/vendor/<name>, so the repository holds no copies of them."""

from pathlib import Path
from typing import Any, Literal, overload

from django.conf import settings
from django.contrib.staticfiles.finders import BaseFinder
from django.core.checks import Warning as CheckWarning
from django.core.files.storage import FileSystemStorage

PREFIX = "vendor/"


def _source(name: str) -> Path:
    return Path(settings.NODE_MODULES_DIR) / settings.VENDOR_FILES[name]


class VendorFinder(BaseFinder):
    def check(self, **kwargs: Any) -> list:
        missing = [name for name in settings.VENDOR_FILES if not _source(name).exists()]
        if not missing:
            return []
        return [
            CheckWarning(
                f"Front-end packages missing: {', '.join(missing)}. Run `npm ci`.",
                id="taizhang.W001",
            )
        ]

    @overload
    def find(self, path: str, find_all: Literal[False] = False, **kwargs: Any) -> str: ...
    @overload
    def find(self, path: str, find_all: Literal[True], **kwargs: Any) -> list[str]: ...
    def find(self, path: str, find_all: bool = False, **kwargs: Any) -> str | list[str]:
        name = path.removeprefix(PREFIX) if path.startswith(PREFIX) else None
        if name in settings.VENDOR_FILES and _source(name).exists():
            found = str(_source(name))
            return [found] if (find_all or kwargs.get("all")) else found
        return [] if (find_all or kwargs.get("all")) else ""

    def list(self, ignore_patterns: Any):
        for name in settings.VENDOR_FILES:
            source = _source(name)
            if source.exists():
                storage = FileSystemStorage(location=str(source.parent))
                # collectstatic reads storage.prefix, which the stubs do not declare
                storage.prefix = PREFIX.rstrip("/")  # type: ignore[attr-defined]
                yield source.name, storage
