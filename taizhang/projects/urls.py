"""The project bank's pages, mounted under /projects/."""

from django.urls import path

from taizhang.projects.views import plans, projects, published, reports, stats, warnings

urlpatterns = [
    path("", projects.project_list, name="project-list"),
    path("review/", projects.review_queue, name="project-review-queue"),
    path("new/", projects.project_create, name="project-create"),
    path("<int:pk>/", projects.project_detail, name="project-detail"),
    path("<int:pk>/edit/", projects.project_edit, name="project-edit"),
    path("<int:pk>/request-stage/", projects.project_request_stage, name="project-request-stage"),
    path("<int:pk>/approve/", projects.project_approve, name="project-approve"),
    path("<int:pk>/return/", projects.project_return, name="project-return"),
    path("<int:pk>/move/", projects.project_move, name="project-move"),
    path("dashboard/", stats.dashboard, name="project-dashboard"),
    path("dashboard/data.json", stats.dashboard_data, name="project-dashboard-data"),
    path("bulletin/", stats.bulletin_page, name="project-bulletin"),
    path("bulletin.docx", stats.bulletin_download, name="project-bulletin-docx"),
    path("published/", published.published_stats_list, name="published-stats-list"),
    path("published/<int:pk>/", published.published_stats_detail, name="published-stats-detail"),
    path("plans/", plans.yearplan_list, name="yearplan-list"),
    path("plans/<int:year>/commit/", plans.yearplan_commit, name="yearplan-commit"),
    path("plans/<int:year>/rollover/", plans.yearplan_rollover, name="yearplan-rollover"),
    path("plans/rows/<int:pk>/edit/", plans.yearplan_edit, name="yearplan-edit"),
    path("plans/rows/<int:pk>/remove/", plans.yearplan_remove, name="yearplan-remove"),
    path("reports/", reports.report_list, name="report-list"),
    path("reports/queue/", reports.report_queue, name="report-queue"),
    path("reports/missing/", reports.report_missing, name="report-missing"),
    path("reports/file/", reports.report_file, name="report-file"),
    path("reports/<int:pk>/", reports.report_detail, name="report-detail"),
    path("reports/<int:pk>/submit/", reports.report_submit, name="report-submit"),
    path("reports/<int:pk>/approve/", reports.report_approve, name="report-approve"),
    path("reports/<int:pk>/return/", reports.report_return, name="report-return"),
    path("warnings/", warnings.warning_list, name="warning-list"),
    path("warnings/rules/", warnings.warning_rules, name="warning-rules"),
]
