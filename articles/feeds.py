"""RSS and Atom feeds: the latest stories, and one per person, organisation, place, source and topic."""

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from .forms import SearchForm
from .models import Article, Organization, Person, Place, Source, Topic
from .search import matching_articles

FEED_LENGTH = 30


class LatestArticlesFeed(Feed):
    title = "Newsroom archive: latest stories"
    description = "The latest stories published in the newsroom archive."

    def link(self):
        return "/"

    def articles(self, obj):
        return Article.objects.published()

    def items(self, obj=None):
        return self.articles(obj).for_listing().prefetch_related("topics")[:FEED_LENGTH]

    def item_title(self, item):
        return item.headline

    def item_description(self, item):
        return item.dek or item.body[:300]

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return item.byline or None

    def item_categories(self, item):
        return [topic.name for topic in item.topics.all()]

    def item_guid(self, item):
        return item.guid or None

    def item_guid_is_permalink(self, item):
        return not item.guid


class EntityFeed(LatestArticlesFeed):
    """The latest stories naming one entity; subclasses name the model and the article filter."""

    model: type = None
    noun = ""

    def get_object(self, request, slug):
        return get_object_or_404(self.model.objects.public(), slug=slug)

    def items(self, obj=None):
        # As the entity's page: the latest ids sorted from its links (newest_first), then their rows.
        ids = self.articles(obj).newest_first().values_list("pk", flat=True)[:FEED_LENGTH]
        return Article.objects.for_listing().prefetch_related("topics").in_order(list(ids))

    def title(self, obj):
        return f"Newsroom archive: {obj.name}"

    def description(self, obj):
        return f"The latest stories in the newsroom archive {self.noun} {obj.name}."

    def link(self, obj):
        return obj.get_absolute_url()


class PersonFeed(EntityFeed):
    model, noun = Person, "about"

    def articles(self, obj):
        return Article.objects.published().about(obj)


class OrganizationFeed(EntityFeed):
    model, noun = Organization, "mentioning"

    def articles(self, obj):
        return Article.objects.published().mentioning(obj)


class PlaceFeed(EntityFeed):
    model, noun = Place, "from or about"

    def articles(self, obj):
        return Article.objects.published().in_place(obj)


class SourceFeed(EntityFeed):
    model, noun = Source, "from"

    def articles(self, obj):
        return Article.objects.published().from_source(obj)


class TopicFeed(EntityFeed):
    model, noun = Topic, "on"

    def articles(self, obj):
        return Article.objects.published().tagged(obj)


def atom(feed_class):
    """The Atom twin of an RSS feed class."""
    return type(
        f"Atom{feed_class.__name__}",
        (feed_class,),
        {"feed_type": Atom1Feed, "subtitle": feed_class.description},
    )


class SearchFeed(LatestArticlesFeed):
    """The latest stories matching a search (`/search/feed/?q=…` with the page's filters)."""

    def get_object(self, request):
        form = SearchForm(request.GET)
        if not form.is_valid() or not form.has_criteria():
            raise Http404("A search feed needs a valid query or filter.")
        return form

    def title(self, form):
        return f"Newsroom archive: search for {form.cleaned_data['q'] or 'filtered stories'}"

    def description(self, form):
        return "The latest stories in the newsroom archive matching a search."

    def link(self, form):
        return f"{reverse('articles:search')}?{form.data.urlencode()}"

    def articles(self, form):
        return matching_articles(form.cleaned_data["q"], form.cleaned_data)
