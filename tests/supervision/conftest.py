"""A set clock and supervision items for the supervision tests."""

from __future__ import annotations

import datetime

import pytest

from taizhang.supervision import services
from tests.factories import day_setter

DAY = datetime.date(2022, 6, 1)
DEADLINE = datetime.date(2022, 6, 30)


@pytest.fixture
def clock(monkeypatch):
    """Set the application's clock to 10:00 in Shanghai on a given day (2022-06-01 first)."""
    return day_setter(monkeypatch, DAY)


@pytest.fixture
def make_item(district, people, clock):
    """An item the programme office (区发改局) assigns; units default to 塔儿村 only."""

    def make(*units, by=None, supervisor=None, title="硬化巷道施工协调", deadline=DEADLINE, **kw):
        return services.create_item(
            by=by or people.office,
            flow="coordination",
            title=title,
            description=kw.pop("description", "施工占道需协调"),
            supervisor_unit=supervisor or district.fagaiju,
            units=units or [district.taer],
            deadline=deadline,
            **kw,
        )

    return make


def run(assignment, *steps):
    """Take (user, action, note) steps in order; returns the assignment as stored after."""
    for by, action, *note in steps:
        assignment = services.act(assignment, by=by, action=action, note=note[0] if note else "")
    return assignment
