"""Core, intake and the page shell name no module: a module plugs in through its AppConfig
(core/modules.py), so adding one touches its own folder, INSTALLED_APPS and the URL include.

The names looked for are every registered module's app label (but those of intake and
security, which are part of the platform) and the URL names of its pages, so a module added
later is checked too.
taizhang/urls.py (the URL includes) and settings.py (INSTALLED_APPS) may name modules;
migrations and translation catalogs are history and data, not code."""

from __future__ import annotations

import re
from pathlib import Path

from django.urls import URLPattern, URLResolver, get_resolver

from taizhang.core import modules

PACKAGE = Path(__file__).resolve().parents[2] / "taizhang"
AREAS = [
    PACKAGE / "core",
    PACKAGE / "intake",
    PACKAGE / "templates" / "base.html",
    PACKAGE / "templates" / "core",
    PACKAGE / "templates" / "registration",
    PACKAGE / "static" / "core",
    PACKAGE / "api.py",
]
SKIPPED_PARTS = {"migrations", "locale", "__pycache__"}
PLATFORM = {"intake", "security"}  # apps of the platform itself, not modules
# App labels that are also words of the prose ("the people who write for a unit", "retirees,
# land, volunteers", a party organisation among the unit kinds): looked for in their code forms
# only (an import or dotted path, a quoted name, a template or static path).
ORDINARY_WORDS = {"people", "land", "party"}
# Of those, the words that are also a kind of org unit (UnitKind.PARTY_ORG, "Party
# organization"; the intake's unit kinds, "party"): a quoted name is the unit kind, so only
# their import, dotted, template and static paths count.
UNIT_KIND_WORDS = {"party"}


def module_keys() -> list[str]:
    return [module.key for module in modules.modules() if module.key not in PLATFORM]


def url_names_of(keys: list[str]) -> set[str]:
    """The URL names of the modules' own URLconfs (included under their prefixes)."""
    names: set[str] = set()

    def collect(patterns) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                collect(pattern.url_patterns)
            elif isinstance(pattern, URLPattern) and pattern.name:
                names.add(pattern.name)

    for pattern in get_resolver().url_patterns:
        urlconf = getattr(pattern, "urlconf_name", None)  # the module taizhang.<app>.urls
        name = getattr(urlconf, "__name__", urlconf)
        parts = name.split(".") if isinstance(name, str) else []
        if len(parts) > 1 and parts[1] in keys:
            collect(pattern.url_patterns)
    return names


def files() -> list[Path]:
    found = []
    for area in AREAS:
        for path in [area] if area.is_file() else sorted(area.rglob("*")):
            text = path.suffix in {".py", ".html", ".js", ".css", ".txt", ".md"}
            if text and path.is_file() and not SKIPPED_PARTS & set(path.parts):
                found.append(path)
    return found


def test_the_check_knows_the_modules_and_their_pages():
    keys = module_keys()
    assert {"projects", "supervision", "rectification"} <= set(keys)
    assert {"project-detail", "supervision-list", "rectification-case"} <= url_names_of(keys)
    assert len(files()) > 40


def test_core_intake_and_the_shell_name_no_module():
    keys = module_keys()
    names = [key for key in keys if key not in ORDINARY_WORDS]
    words = "|".join(map(re.escape, sorted(set(keys) & ORDINARY_WORDS)))
    quoted = "|".join(map(re.escape, sorted(set(keys) & ORDINARY_WORDS - UNIT_KIND_WORDS)))
    word = re.compile(
        r"\b("
        + "|".join(map(re.escape, names))
        + r")\b"
        + (rf"""|taizhang[./]({words})\b|\b({words})[./:]\w""" if words else "")
        + (rf"""|["']({quoted})\b""" if quoted else ""),
        re.IGNORECASE,
    )
    url_name = re.compile(
        r"""["'](""" + "|".join(map(re.escape, sorted(url_names_of(keys)))) + r""")["']"""
    )
    found = []
    for path in files():
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for pattern in (word, url_name):
                match = pattern.search(line)
                if match:
                    where = path.relative_to(PACKAGE.parent)
                    found.append(f"{where}:{number}: {match.group(0)}")
    assert found == []
