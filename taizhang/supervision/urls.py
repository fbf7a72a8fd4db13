from django.urls import path

from taizhang.supervision import views

urlpatterns = [
    path("", views.item_list, name="supervision-list"),
    path("new/", views.item_create, name="supervision-create"),
    path("scorecard/", views.scorecard, name="supervision-scorecard"),
    path("<int:pk>/", views.item_detail, name="supervision-detail"),
    path("<int:pk>/reopen/", views.reopen, name="supervision-reopen"),
    path("<int:pk>/assign/", views.add_unit, name="supervision-add-unit"),
    path("assignments/<int:pk>/", views.assignment_detail, name="supervision-assignment"),
    path("assignments/<int:pk>/act/", views.assignment_act, name="supervision-act"),
    path(
        "assignments/<int:pk>/extension/",
        views.extension_request,
        name="supervision-extension-request",
    ),
    path(
        "assignments/<int:pk>/reopen/",
        views.reopen,
        {"what": "assignment"},
        name="supervision-assignment-reopen",
    ),
    path(
        "extensions/<int:pk>/decide/", views.extension_decide, name="supervision-extension-decide"
    ),
]
