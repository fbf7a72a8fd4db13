"""Builders of project-bank records for tests. Writes go straight to the models, like
tests/factories.py: tests of the services call the services."""

from __future__ import annotations

import itertools
from decimal import Decimal
from typing import Any

from taizhang.core.models import Unit
from taizhang.projects.models import Category, Project, Quantity, StageEvent

_numbers = itertools.count(1)


def make_project(unit: Unit, **fields: Any) -> Project:
    """A project of `unit`: a 社会民生类 reserve of 100万元 unless `fields` say otherwise.
    `co_departments` (a list of units) is set after saving."""
    co_departments = fields.pop("co_departments", ())
    values: dict[str, Any] = {
        "name": f"项目{next(_numbers)}",
        "category": Category.LIVELIHOOD,
        "total_investment_wan": Decimal("100.00"),
        **fields,
    }
    project = Project.objects.create(unit=unit, **values)
    if co_departments:
        project.co_departments.set(co_departments)
    return project


def make_quantity(project: Project, **fields: Any) -> Quantity:
    values = {"item": "硬化巷道", "value": Decimal("1000"), "unit_of_measure": "平方米"}
    return Quantity.objects.create(project=project, **{**values, "qualifier": "多", **fields})


def make_stage_event(project: Project, **fields: Any) -> StageEvent:
    values = {
        "action": StageEvent.Action.SUBMIT,
        "from_stage": project.stage,
        "to_stage": "annual",
        **fields,
    }
    return StageEvent.objects.create(project=project, **values)
