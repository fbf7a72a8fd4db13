"""The site's URLs plus views that fail, for the tests of the error pages."""

from django.urls import path

from taizhang import urls


def fails(request):
    raise RuntimeError("a bug in a view")


urlpatterns = [path("fails/", fails), path("api/fails/", fails), *urls.urlpatterns]
handler403 = urls.handler403
handler404 = urls.handler404
handler500 = urls.handler500
