"""Year plans, monthly reports and warnings, mounted under /projects/."""

from django.urls import path

from taizhang.projects import views_plans, views_reports, views_warnings

urlpatterns = [
    path("plans/", views_plans.yearplan_list, name="yearplan-list"),
    path("plans/<int:year>/commit/", views_plans.yearplan_commit, name="yearplan-commit"),
    path("plans/<int:year>/rollover/", views_plans.yearplan_rollover, name="yearplan-rollover"),
    path("plans/rows/<int:pk>/edit/", views_plans.yearplan_edit, name="yearplan-edit"),
    path("plans/rows/<int:pk>/remove/", views_plans.yearplan_remove, name="yearplan-remove"),
    path("reports/", views_reports.report_list, name="report-list"),
    path("reports/queue/", views_reports.report_queue, name="report-queue"),
    path("reports/missing/", views_reports.report_missing, name="report-missing"),
    path("reports/file/", views_reports.report_file, name="report-file"),
    path("reports/<int:pk>/", views_reports.report_detail, name="report-detail"),
    path("reports/<int:pk>/submit/", views_reports.report_submit, name="report-submit"),
    path("reports/<int:pk>/approve/", views_reports.report_approve, name="report-approve"),
    path("reports/<int:pk>/return/", views_reports.report_return, name="report-return"),
    path("warnings/", views_warnings.warning_list, name="warning-list"),
    path("warnings/rules/", views_warnings.warning_rules, name="warning-rules"),
]
