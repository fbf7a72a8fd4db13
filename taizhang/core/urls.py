from django.urls import include, path

from taizhang.core.views import (
    audit_log,
    home,
    notifications,
    personal,
    records,
    search,
    tokens,
    units,
)

urlpatterns = [
    path("", home.home, name="home"),
    path("search/", search.search, name="search"),
    path("units/", units.unit_list, name="unit-list"),
    path("units/tree/", units.unit_tree, name="unit-tree"),
    path("units/new/", units.unit_create, name="unit-create"),
    path("units/<int:pk>/", units.unit_detail, name="unit-detail"),
    path("units/<int:pk>/edit/", units.unit_edit, name="unit-edit"),
    path(
        "records/<str:app_label>/<str:model_name>/<str:pk>/history/",
        records.record_history,
        name="record-history",
    ),
    path(
        "records/<str:app_label>/<str:model_name>/<str:pk>/attachments/",
        records.attachment_upload,
        name="attachment-upload",
    ),
    path("attachments/<int:pk>/", records.attachment_download, name="attachment-download"),
    path("attachments/<int:pk>/remove/", records.attachment_remove, name="attachment-remove"),
    path(
        "records/<str:app_label>/<str:model_name>/<str:pk>/personal/",
        personal.record_personal,
        name="record-personal",
    ),
    path("audit/", audit_log.audit_log, name="audit-log"),
    path("audit/personal-data/", personal.personal_data_log, name="personal-data-log"),
    path("notifications/", notifications.notification_list, name="notification-list"),
    path(
        "notifications/<int:pk>/open/",
        notifications.notification_open,
        name="notification-open",
    ),
    path(
        "notifications/read-all/",
        notifications.notification_read_all,
        name="notification-read-all",
    ),
    path("tokens/", tokens.token_list, name="token-list"),
    path("tokens/<int:pk>/revoke/", tokens.token_revoke, name="token-revoke"),
    path("", include("taizhang.core.urls_excel")),
]
