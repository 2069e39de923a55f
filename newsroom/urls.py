from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path

from articles.extraction_admin import suggestion_action
from articles.sitemaps import SITEMAPS
from articles.views import robots_txt
from newsroom.health import healthz

admin.site.site_header = "Newsroom archive"
admin.site.site_title = "Newsroom archive"
admin.site.index_title = "Editorial desk"

urlpatterns = [
    # The article change page's Suggestions panel posts here (articles/extraction_admin.py).
    path(
        "admin/articles/article/<int:pk>/suggestions/",
        admin.site.admin_view(suggestion_action),
        name="article_suggestions",
    ),
    path("admin/", admin.site.urls),
    path("api/", include("articles.api.urls")),
    path("robots.txt", robots_txt, name="robots_txt"),
    path("healthz", healthz, name="healthz"),
    path("sitemap.xml", sitemap_views.index, {"sitemaps": SITEMAPS}, name="sitemap"),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="django.contrib.sitemaps.views.sitemap",
    ),
    path("", include("articles.urls")),
]
