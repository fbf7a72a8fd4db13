"""Values a template works out only when it reads them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


class Deferred:
    """`{{ parts.cards }}` calls the `cards` factory on first use and keeps its value.

    A view passes what a kept part of its page (`{% cached_reads %}`) shows this way, so the
    work runs inside the part, and a view of the kept copy skips it."""

    def __init__(self, **factories: Callable[[], Any]) -> None:
        self._factories = factories
        self._values: dict[str, Any] = {}

    def __getitem__(self, name: str) -> Any:
        if name not in self._values:
            self._values[name] = self._factories[name]()
        return self._values[name]
