from django.contrib import admin
from django.urls import include, path

from articles.extraction_admin import suggestion_action

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
    path("", include("articles.urls")),
]
