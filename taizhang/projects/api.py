"""The project bank's API router: projects and pipeline, year plans and monthly reports,
statistics. Mounted under /api/v1/."""

from ninja import Router

from taizhang.projects.api_plans import router as plans_router
from taizhang.projects.api_projects import router as projects_router
from taizhang.projects.api_stats import router as stats_router

router = Router()
# Statistics first: /projects/stats must not be read as /projects/{project_id}.
router.add_router("", stats_router)
router.add_router("", projects_router)
router.add_router("", plans_router)
