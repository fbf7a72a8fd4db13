"""Fixtures of the project bank: a 塔儿村 project that 区发改局 joins as a co-department."""

from __future__ import annotations

import pytest

from tests.projects.factories import make_project


@pytest.fixture
def taer_project(district, people):
    """塔儿村's lane paving (硬化巷道), with 区发改局 as a co-department (多部门联动)."""
    return make_project(
        district.taer,
        name="塔儿村巷道硬化",
        subdistrict=district.xiaonantou,
        co_departments=[district.fagaiju],
    )
