from django.urls import path, register_converter

from . import views


class TwoDigits:
    regex = "[0-9]{2}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value) -> str:
        return f"{int(value):02d}"


register_converter(TwoDigits, "dd")

app_name = "articles"
urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("<int:year>/", views.ArticleYearArchiveView.as_view(), name="archive_year"),
    path("<int:year>/<dd:month>/", views.ArticleMonthArchiveView.as_view(), name="archive_month"),
    path("<int:year>/<dd:month>/<dd:day>/", views.ArticleDayArchiveView.as_view(), name="archive_day"),
    path(
        "<int:year>/<dd:month>/<dd:day>/<slug:slug>/",
        views.ArticleDetailView.as_view(),
        name="article_detail",
    ),
    path("articles/<slug:slug>/", views.article_permalink, name="article_permalink"),
    path("preview/<int:pk>/", views.article_preview, name="article_preview"),
    path("people/", views.PersonListView.as_view(), name="person_list"),
    path("people/<slug:slug>/", views.PersonDetailView.as_view(), name="person_detail"),
    path("organisations/", views.OrganizationListView.as_view(), name="organization_list"),
    path("organisations/<slug:slug>/", views.OrganizationDetailView.as_view(), name="organization_detail"),
    path("places/", views.PlaceListView.as_view(), name="place_list"),
    path("places/<slug:slug>/", views.PlaceDetailView.as_view(), name="place_detail"),
    path("sources/", views.SourceListView.as_view(), name="source_list"),
    path("sources/<slug:slug>/", views.SourceDetailView.as_view(), name="source_detail"),
    path("topics/", views.TopicListView.as_view(), name="topic_list"),
    path("topics/<slug:slug>/", views.TopicDetailView.as_view(), name="topic_detail"),
]
