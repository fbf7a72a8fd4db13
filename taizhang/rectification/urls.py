from django.urls import path

from taizhang.rectification import views

urlpatterns = [
    path("", views.case_list, name="rectification-case-list"),
    path("dashboard/", views.dashboard, name="rectification-dashboard"),
    path("campaigns/", views.campaign_list, name="rectification-campaign-list"),
    path("campaigns/new/", views.campaign_create, name="rectification-campaign-create"),
    path("campaigns/<int:pk>/", views.campaign_detail, name="rectification-campaign"),
    path(
        "campaigns/<int:pk>/categories/",
        views.campaign_category,
        name="rectification-campaign-category",
    ),
    path(
        "campaigns/<int:pk>/publish/", views.campaign_publish, name="rectification-campaign-publish"
    ),
    path("cases/new/", views.case_create, name="rectification-case-create"),
    path("cases/<int:pk>/", views.case_detail, name="rectification-case"),
    path("cases/<int:pk>/step/", views.case_step, name="rectification-case-step"),
    path("cases/<int:pk>/findings/", views.finding_add, name="rectification-finding-add"),
    path("cases/<int:pk>/extension/", views.case_extension, name="rectification-extension"),
    path("cases/<int:pk>/reopen/", views.case_reopen, name="rectification-reopen"),
    path("cases/<int:pk>/readdress/", views.case_readdress, name="rectification-readdress"),
    path(
        "findings/<int:pk>/rectified/",
        views.finding_rectified,
        name="rectification-finding-rectified",
    ),
    path("findings/<int:pk>/verify/", views.finding_verify, name="rectification-finding-verify"),
    path(
        "findings/<int:pk>/evidence/", views.finding_evidence, name="rectification-finding-evidence"
    ),
    path(
        "extensions/<int:pk>/decide/",
        views.extension_decide,
        name="rectification-extension-decide",
    ),
    path("public/<int:pk>/", views.public_notice, name="rectification-public"),
]
