"""The welfare router of the API under /api/v1/welfare/: programmes, enrolments, applications,
cycles, entitlements, hand-outs, visits and statistics. Reads start from `.for_user()`; writes
call the services."""

from ninja import Router

from taizhang.welfare.api.applications import router as applications_router
from taizhang.welfare.api.cycles import router as cycles_router
from taizhang.welfare.api.dashboard import router as dashboard_router
from taizhang.welfare.api.handouts import router as handouts_router
from taizhang.welfare.api.programmes import router as programmes_router

router = Router(tags=["welfare"])
for part in (
    programmes_router,
    applications_router,
    cycles_router,
    handouts_router,
    dashboard_router,
):
    router.add_router("", part)
