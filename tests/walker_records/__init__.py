"""Records of 塔儿村 for the scoping walker, one module per area.

Each module defines `make(district, people, canary) -> list[Model]`: records that belong to
塔儿村 and carry `canary` in a text field. The walker fixture collects them all.
"""

import importlib
import pkgutil


def makers():
    for module in pkgutil.iter_modules(__path__):
        yield importlib.import_module(f"{__name__}.{module.name}").make
