"""sitemap.xml sections: every published article and every entity page (paginated by Django)."""

from django.contrib.sitemaps import Sitemap

from .models import Article, Organization, Person, Place, Source, Topic


class ArticleSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.8

    def items(self):
        # Only what the location and lastmod need; ordered so pages are stable.
        return Article.objects.published().only("slug", "status", "published_at", "updated_at").order_by("pk")

    def lastmod(self, item):
        return item.updated_at


class EntitySitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.5

    def __init__(self, model):
        self.model = model

    def items(self):
        return self.model.objects.public().only("slug").order_by("pk")


SITEMAPS = {
    "articles": ArticleSitemap,
    "people": EntitySitemap(Person),
    "organisations": EntitySitemap(Organization),
    "places": EntitySitemap(Place),
    "sources": EntitySitemap(Source),
    "topics": EntitySitemap(Topic),
}
