from django.urls import include, path

urlpatterns = [
    path("", include("taizhang.projects.urls_projects")),
    path("", include("taizhang.projects.urls_plans")),
    path("", include("taizhang.projects.urls_stats")),
]
