"""The people router of the API under /api/v1/people/: persons, households, groups and their
memberships, organisations and statistics. Reads start from `.for_user()` and use the list
pages' FilterSets; writes call the services, which check access and write the audit rows.
Personal fields are shown as every surface shows them (core/personal.py)."""

from ninja import Router

from taizhang.people.api.groups import router as groups_router
from taizhang.people.api.households import router as households_router
from taizhang.people.api.organisations import router as organisations_router
from taizhang.people.api.persons import router as persons_router

router = Router(tags=["people"])
for part in (persons_router, groups_router, households_router, organisations_router):
    router.add_router("", part)
