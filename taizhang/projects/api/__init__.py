"""The project bank's API router: projects and pipeline, year plans and monthly reports,
statistics. Mounted under /api/v1/."""

from ninja import Router

from taizhang.projects.api.plans import router as plans_router
from taizhang.projects.api.projects import router as projects_router
from taizhang.projects.api.stats import router as stats_router

router = Router()
# Literal paths first (/projects/stats, /projects/plans, /projects/reports…) so that none of
# them is read as /projects/{project_id}.
router.add_router("", stats_router)
router.add_router("", plans_router)
router.add_router("", projects_router)
