from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "taizhang.projects"
    label = "projects"
    verbose_name = _("Project bank")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        """Plugs the project bank in: its Excel ledgers, coordination flow, intake draft kinds,
        menu, API, demo, to-do and search providers, headline tiles, its two reviews,
        `taizhang stats projects` and its cached aggregates."""
        from taizhang.core import ledgers, modules, reviews
        from taizhang.intake import drafts
        from taizhang.projects import aggregates, demo, stats, workbench
        from taizhang.projects.flow import COORDINATION
        from taizhang.projects.intake_drafts.stats import ProjectStatsDraft
        from taizhang.projects.intake_drafts.village_works import VillageWorksDraft
        from taizhang.projects.ledgers.projects import ProjectLedger, YearPlanLedger
        from taizhang.projects.ledgers.reports import MonthlyReportLedger
        from taizhang.projects.services.projects import PROJECT_REVIEW
        from taizhang.projects.services.reports import REPORT_REVIEW
        from taizhang.supervision import flows

        for ledger in (ProjectLedger(), MonthlyReportLedger(), YearPlanLedger()):
            ledgers.register(ledger)
        flows.register(COORDINATION)
        reviews.register(PROJECT_REVIEW)
        reviews.register(REPORT_REVIEW)
        drafts.register(ProjectStatsDraft())
        drafts.register(VillageWorksDraft())
        menu = modules.MenuEntry(
            _("Project bank"),
            "project-dashboard",
            "projects",
            children=(
                modules.MenuEntry(_("Dashboard"), "project-dashboard", "project-dashboard"),
                modules.MenuEntry(_("Projects"), "project-list"),
                modules.MenuEntry(_("Year plans"), "yearplan-list", "plans"),
                modules.MenuEntry(_("Monthly reports"), "report-list", "reports"),
                modules.MenuEntry(_("Warnings"), "warning-list", "warnings"),
                modules.MenuEntry(_("Bulletin"), "project-bulletin", "bulletin"),
                modules.MenuEntry(_("Published project statistics"), "published-stats-list"),
            ),
        )
        modules.register(
            modules.Module(
                key=self.label,
                label=self.verbose_name,
                menu=(menu,),
                api_router="taizhang.projects.api.router",
                demo=demo.load,
                todo=(workbench.todo,),
                todo_kinds=workbench.KINDS,
                alerts=(aggregates.alerts,),
                search=(workbench.search,),
                tiles=(aggregates.tiles,),
                stats=(stats.SUBJECT,),
                aggregates=aggregates.AGGREGATES,
            )
        )
