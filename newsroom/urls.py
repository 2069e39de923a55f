from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Newsroom archive"
admin.site.site_title = "Newsroom archive"
admin.site.index_title = "Editorial desk"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("articles.urls")),
]
