"""The routes of the volunteer pages."""

from django.urls import URLPattern, path

from taizhang.volunteers.views import (
    campaigns,
    certificates,
    letters,
    public,
    published,
    records,
    teams,
)

urlpatterns: list[URLPattern] = [
    path("", campaigns.campaign_list, name="volunteers-campaign-list"),
    path("campaigns/new/", campaigns.campaign_create, name="volunteers-campaign-create"),
    path("campaigns/<int:pk>/", campaigns.campaign_detail, name="volunteers-campaign"),
    path("campaigns/<int:pk>/edit/", campaigns.campaign_edit, name="volunteers-campaign-edit"),
    path(
        "campaigns/<int:pk>/sign-up/<str:state>/",
        campaigns.campaign_sign_up,
        name="volunteers-campaign-sign-up",
    ),
    path("campaigns/<int:pk>/qr.<str:fmt>", campaigns.campaign_qr, name="volunteers-campaign-qr"),
    path("campaigns/<int:pk>/shifts/new/", campaigns.shift_create, name="volunteers-shift-create"),
    path("campaigns/<int:pk>/visits/new/", campaigns.visit_create, name="volunteers-visit-create"),
    path("campaigns/<int:pk>/data/new/", campaigns.data_task_create, name="volunteers-data-create"),
    path("shifts/<int:pk>/qr.<str:fmt>", campaigns.shift_qr, name="volunteers-shift-qr"),
    path(
        "participations/<int:pk>/<str:action>/",
        campaigns.participation_action,
        name="volunteers-participation-action",
    ),
    path("people/", campaigns.volunteer_list, name="volunteers-volunteer-list"),
    path("people/<int:pk>/", campaigns.volunteer_detail, name="volunteers-volunteer"),
    path(
        "people/<int:pk>/certificate/",
        certificates.certificate_create,
        name="volunteers-certificate-create",
    ),
    path(
        "people/<int:pk>/records/<str:kind>/new/",
        records.record_create,
        name="volunteers-record-create",
    ),
    path(
        "records/<str:kind>/<int:pk>/remove/",
        records.record_remove,
        name="volunteers-record-remove",
    ),
    path("certificates/<int:pk>/", certificates.certificate_detail, name="volunteers-certificate"),
    path(
        "certificates/<int:pk>/docx/",
        certificates.certificate_docx,
        name="volunteers-certificate-docx",
    ),
    path("claims/", campaigns.claim_list, name="volunteers-claim-list"),
    path("claims/<int:pk>/decide/", campaigns.claim_decide, name="volunteers-claim-decide"),
    path("letters/", letters.letters_list, name="volunteers-letters-list"),
    path("letters/new/", letters.letters_create, name="volunteers-letters-create"),
    path("letters/<int:pk>/", letters.letters_detail, name="volunteers-letters"),
    path("letters/<int:pk>/targets/new/", letters.target_create, name="volunteers-target-create"),
    path("targets/<int:pk>/", letters.target_detail, name="volunteers-target"),
    path("teams/", teams.team_list, name="volunteers-team-list"),
    path("teams/new/", teams.team_create, name="volunteers-team-create"),
    path("teams/<int:pk>/", teams.team_detail, name="volunteers-team"),
    path("dashboard/", letters.dashboard, name="volunteers-dashboard"),
    path("published/", published.published_list, name="volunteers-published-list"),
    path("published/<int:pk>/", published.published_detail, name="volunteers-published"),
    # Public, no account (made for a phone).
    path("join/<str:key>/", public.join, name="volunteers-join"),
    path("me/<str:token>/", public.me, name="volunteers-me"),
    path("s/<str:token>/", public.scan, name="volunteers-scan"),
    path("verify/<str:key>/", certificates.verify, name="volunteers-verify"),
]
