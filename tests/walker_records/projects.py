from taizhang.projects.models import StageEvent
from tests.projects.factories import make_project, make_quantity, make_stage_event


def make(district, people, canary):
    """A 塔儿村 project carrying the canary, with a quantity and a step of its timeline."""
    project = make_project(
        district.taer,
        name=f"塔儿村巷道硬化 {canary}",
        content=canary,
        leader=canary,
        subdistrict=district.xiaonantou,
    )
    quantity = make_quantity(project, item=canary)
    event = make_stage_event(project, action=StageEvent.Action.SUBMIT, note=canary)
    return [project, quantity, event]
