"""Project pages, mounted under /projects/."""

from django.urls import path

from taizhang.projects import views_projects as views

urlpatterns = [
    path("", views.project_list, name="project-list"),
    path("review/", views.review_queue, name="project-review-queue"),
    path("new/", views.project_create, name="project-create"),
    path("<int:pk>/", views.project_detail, name="project-detail"),
    path("<int:pk>/edit/", views.project_edit, name="project-edit"),
    path("<int:pk>/request-stage/", views.project_request_stage, name="project-request-stage"),
    path("<int:pk>/approve/", views.project_approve, name="project-approve"),
    path("<int:pk>/return/", views.project_return, name="project-return"),
    path("<int:pk>/move/", views.project_move, name="project-move"),
]
