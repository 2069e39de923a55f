from django.urls import path, register_converter

from . import feeds, views


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
    path("feed/", feeds.LatestArticlesFeed(), name="feed"),
    path("feed/atom/", feeds.atom(feeds.LatestArticlesFeed)(), name="feed_atom"),
    path("timeline/", views.TimelineView.as_view(), name="timeline"),
    path("quotes/", views.QuoteListView.as_view(), name="quote_list"),
    path("corrections/", views.CorrectionListView.as_view(), name="correction_list"),
    path("search/", views.search, name="search"),
    path("search/feed/", feeds.SearchFeed(), name="search_feed"),
    path("search/export.<str:fmt>", views.search_export, name="search_export"),
    path("opensearch.xml", views.opensearch, name="opensearch"),
    path("preview/<int:pk>/", views.article_preview, name="article_preview"),
    path("people/", views.PersonListView.as_view(), name="person_list"),
    path("people/<slug:slug>/", views.PersonDetailView.as_view(), name="person_detail"),
    path("people/<slug:slug>/feed/", feeds.PersonFeed(), name="person_feed"),
    path("people/<slug:slug>/feed/atom/", feeds.atom(feeds.PersonFeed)(), name="person_feed_atom"),
    path("organisations/", views.OrganizationListView.as_view(), name="organization_list"),
    path("organisations/<slug:slug>/", views.OrganizationDetailView.as_view(), name="organization_detail"),
    path("organisations/<slug:slug>/feed/", feeds.OrganizationFeed(), name="organization_feed"),
    path(
        "organisations/<slug:slug>/feed/atom/",
        feeds.atom(feeds.OrganizationFeed)(),
        name="organization_feed_atom",
    ),
    path("places/", views.PlaceListView.as_view(), name="place_list"),
    path("places/<slug:slug>/", views.PlaceDetailView.as_view(), name="place_detail"),
    path("places/<slug:slug>/feed/", feeds.PlaceFeed(), name="place_feed"),
    path("places/<slug:slug>/feed/atom/", feeds.atom(feeds.PlaceFeed)(), name="place_feed_atom"),
    path("sources/", views.SourceListView.as_view(), name="source_list"),
    path("sources/<slug:slug>/", views.SourceDetailView.as_view(), name="source_detail"),
    path("sources/<slug:slug>/feed/", feeds.SourceFeed(), name="source_feed"),
    path("sources/<slug:slug>/feed/atom/", feeds.atom(feeds.SourceFeed)(), name="source_feed_atom"),
    path("topics/", views.TopicListView.as_view(), name="topic_list"),
    path("topics/<slug:slug>/", views.TopicDetailView.as_view(), name="topic_detail"),
    path("topics/<slug:slug>/feed/", feeds.TopicFeed(), name="topic_feed"),
    path("topics/<slug:slug>/feed/atom/", feeds.atom(feeds.TopicFeed)(), name="topic_feed_atom"),
]
