import datetime

from taizhang.lib import clock
from taizhang.supervision import services


def make(district, people, canary):
    """A coordination item of 小南头街道 assigned to 塔儿村 only, with an extension request."""
    item = services.create_item(
        by=people.subdistrict_officer,
        flow="coordination",
        title=canary,
        description=canary,
        supervisor_unit=district.xiaonantou,
        units=[district.taer],
        deadline=clock.today() + datetime.timedelta(days=30),
        subject=district.taer,
    )
    assignment = services.act(
        item.assignments.get(), by=people.taer_officer, action="accept", note=canary
    )
    extension = services.request_extension(
        assignment,
        by=people.taer_officer,
        until=assignment.deadline + datetime.timedelta(days=10),
        reason=canary,
    )
    return [item, assignment, extension]
