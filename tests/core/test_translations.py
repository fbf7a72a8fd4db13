"""The Chinese catalogs are complete and compiled: every English msgid has its Chinese text.

The package keeps one catalog in taizhang/locale; an app may keep its own in <app>/locale."""

import gettext
import re
from pathlib import Path

import pytest

import taizhang

PACKAGE = Path(taizhang.__file__).parent
CATALOGS = sorted(PACKAGE.glob("**/locale/zh_Hans/LC_MESSAGES"))


def po_entries(catalog: Path) -> list[tuple[str, str]]:
    """(msgid, msgstr) of every entry of the .po file, multi-line strings joined."""
    text = (catalog / "django.po").read_text(encoding="utf-8")
    entries = []
    for block in text.split("\n\n"):
        if "#, fuzzy" in block and 'msgid ""\nmsgstr ""' not in block:
            entries.append(("<fuzzy>", ""))
        fields: dict[str, str] = {}
        key = None
        for line in block.splitlines():
            match = re.match(r'^(msgid|msgid_plural|msgstr(?:\[0\])?) "(.*)"$', line)
            if match:
                key = match[1]
                fields[key] = match[2]
            elif line.startswith('"') and key:
                fields[key] += line[1:-1]
        if fields.get("msgid"):
            entries.append((fields["msgid"], fields.get("msgstr", fields.get("msgstr[0]", ""))))
    return entries


def test_the_package_catalog_is_found():
    assert PACKAGE / "locale" / "zh_Hans" / "LC_MESSAGES" in CATALOGS


@pytest.mark.parametrize("catalog", CATALOGS, ids=lambda path: str(path.relative_to(PACKAGE)))
def test_every_message_has_a_chinese_translation(catalog):
    untranslated = [msgid for msgid, msgstr in po_entries(catalog) if not msgstr]
    assert untranslated == []


@pytest.mark.parametrize("catalog", CATALOGS, ids=lambda path: str(path.relative_to(PACKAGE)))
def test_the_compiled_catalog_matches_the_source(catalog):
    with open(catalog / "django.mo", "rb") as compiled:
        compiled_catalog = gettext.GNUTranslations(compiled)
    for msgid, msgstr in po_entries(catalog):
        assert compiled_catalog.gettext(msgid.replace('\\"', '"')) == msgstr.replace('\\"', '"'), (
            msgid
        )


@pytest.mark.django_db
def test_pages_read_in_chinese_and_in_english(as_admin, settings):
    settings.LANGUAGE_CODE = "zh-hans"
    assert "组织机构" in as_admin.get("/units/").content.decode()
    as_admin.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert "Org units" in as_admin.get("/units/").content.decode()
