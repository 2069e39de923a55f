"""The site under /elsewhere/, for tests of URL reversing under another URLconf."""

from django.urls import include, path

urlpatterns = [path("elsewhere/", include("newsroom.urls"))]
