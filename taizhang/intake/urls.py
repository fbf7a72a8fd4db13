from django.urls import path

from taizhang.intake import views

urlpatterns = [
    path("", views.report_list, name="intake-list"),
    path("new/", views.report_new, name="intake-new"),
    path("reports/<int:pk>/", views.report_detail, name="intake-report"),
    path(
        "reports/<int:pk>/drafts/<slug:kind>/<str:key>/confirm/",
        views.draft_confirm,
        name="intake-draft-confirm",
    ),
    path("records/", views.link_list, name="intake-links"),
]
