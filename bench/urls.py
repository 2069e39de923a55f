"""URLconf for HTTP benchmarks: the site plus a trivial 10 KB view to compare against."""

from django.http import HttpResponse
from django.urls import include, path

TEN_KB = b"<!doctype html><title>trivial</title><p>" + b"x" * (10 * 1024 - 44) + b"</p>"


def trivial(request):
    return HttpResponse(TEN_KB)


urlpatterns = [path("bench/trivial/", trivial), path("", include("newsroom.urls"))]
