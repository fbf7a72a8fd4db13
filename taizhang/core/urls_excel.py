"""Excel routes of every ledger; included by taizhang.core.urls."""

from django.urls import path

from taizhang.core.views import excel

urlpatterns = [
    path("ledgers/<slug:name>/template.xlsx", excel.template, name="ledger-template"),
    path("ledgers/<slug:name>/export.xlsx", excel.export, name="ledger-export"),
    path("ledgers/<slug:name>/export-full/", excel.export_full, name="ledger-export-full"),
    path("ledgers/<slug:name>/import/", excel.upload, name="ledger-import"),
    path("imports/<uuid:job_id>/", excel.job_detail, name="import-job"),
    path("imports/<uuid:job_id>/progress/", excel.job_progress, name="import-job-progress"),
    path("imports/<uuid:job_id>/errors.xlsx", excel.job_errors, name="import-job-errors"),
]
