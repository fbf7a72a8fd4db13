"""The Content-Security-Policy: every page forbids inline and foreign scripts, and no template
relies on one (no inline <script>, no on…= handler), so nothing breaks under it."""

import re
from pathlib import Path

import pytest

import taizhang
from tests.conftest import client_for

PACKAGE = Path(taizhang.__file__).parent
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(?:ld\+)?json\")")
HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/units/", "/login/", "/audit/", "/no-such-page/"])
def test_every_page_forbids_inline_and_foreign_scripts(people, client, path):
    signed_in = client_for(people.admin) if path != "/login/" else client
    policy = signed_in.get(path)["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["script-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"


def test_no_template_has_an_inline_script_or_event_handler():
    found = []
    for template in sorted(PACKAGE.rglob("templates/**/*.html")):
        text = template.read_text(encoding="utf-8")
        for number, line in enumerate(text.splitlines(), 1):
            if INLINE_SCRIPT.search(line) or HANDLER.search(line):
                found.append(f"{template.relative_to(PACKAGE)}:{number}")
    assert found == []
