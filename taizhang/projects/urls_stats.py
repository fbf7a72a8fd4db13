"""Statistics pages of the project bank, under /projects/."""

from django.urls import path

from taizhang.projects import views_stats as views

urlpatterns = [
    path("dashboard/", views.dashboard, name="project-dashboard"),
    path("dashboard/data.json", views.dashboard_data, name="project-dashboard-data"),
    path("bulletin/", views.bulletin_page, name="project-bulletin"),
    path("bulletin.docx", views.bulletin_download, name="project-bulletin-docx"),
]
