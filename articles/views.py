"""Reader pages: thin views over Article.objects.published(), the entity tables and search."""

import csv
import datetime
import json

from django.conf import settings
from django.core.paginator import EmptyPage
from django.db.models import Count, Max, Min, Prefetch, Q
from django.db.models.functions import Lower
from django.http import Http404, HttpResponse, HttpResponseBadRequest, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.views.generic import (
    DateDetailView,
    DayArchiveView,
    ListView,
    MonthArchiveView,
    YearArchiveView,
)
from django.views.generic.detail import SingleObjectMixin

from . import page_queries, related
from .caching import fragment_cache_context
from .citation import bibtex_citation, plain_citation
from .forms import SearchForm
from .models import (
    Appearance,
    Article,
    Correction,
    DatePrecision,
    Event,
    Organization,
    Person,
    Place,
    Quote,
    Source,
    Topic,
)
from .related import co_occurring, related_articles
from .search import matching_articles
from .search import search as search_articles

ON_THIS_DAY = 10
FEATURED = 3
TIMELINE_EXCERPT = 20
# The article fields the article page uses outside its cached fragments.
OUTSIDE_FRAGMENTS = ("slug", "headline", "dek", "status", "published_at")


class PublishedArticlesMixin:
    """Shared by every view that lists or shows articles to readers."""

    date_field = "published_at"
    month_format = "%m"
    day_format = "%d"
    paginate_by = settings.ARTICLES_PER_PAGE

    def get_queryset(self):
        return Article.objects.published().for_listing()


class HomeView(PublishedArticlesMixin, ListView):
    template_name = "articles/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["years"] = Article.objects.published().dates("published_at", "year", order="DESC")
        context["featured"] = Article.objects.published().filter(featured=True).for_listing()[:FEATURED]
        today = timezone.localdate()
        context["today"] = today
        context["on_this_day"] = (
            Event.objects.published()
            .filter(date__month=today.month, date__day=today.day, precision=DatePrecision.DAY)
            .select_related("article")
            .order_by("-date", "pk")[:ON_THIS_DAY]
        )
        context.update(fragment_cache_context())
        return context


class ArticleYearArchiveView(PublishedArticlesMixin, YearArchiveView):
    make_object_list = True

    def get_date_list(self, queryset, date_type=None, ordering="ASC"):
        """The year's months with a published article, as `queryset.datetimes(…, "month")` lists
        them, read off the date index (ArticleQuerySet.months_with_articles)."""
        # The URL's four digits; get_dated_items() 404s for 9999 already.
        date_list = self.get_queryset().months_with_articles(int(self.get_year()))
        if not date_list and not self.get_allow_empty():
            raise Http404("No articles available")
        return date_list if ordering == "ASC" else date_list[::-1]


class ArticleMonthArchiveView(PublishedArticlesMixin, MonthArchiveView):
    pass


class ArticleDayArchiveView(PublishedArticlesMixin, DayArchiveView):
    pass


def withdrawn_response(request, slug):
    """410 Gone, saying why, for a withdrawn article; None when the slug names no withdrawn article."""
    article = Article.objects.filter(status=Article.Status.WITHDRAWN, slug=slug).first()
    if article is None:
        return None
    return render(request, "articles/article_withdrawn.html", {"article": article}, status=410)


def article_permalink(request, slug):
    """A short, permanent link that survives a change of publication date.

    Staff following it to a story that is not public yet land on its preview.
    """
    article = Article.objects.published().filter(slug=slug).first()
    if article is not None:
        # Temporary: the dated URL it points at changes if an editor corrects the date.
        return redirect(article)
    staff_article = Article.objects.visible_to(request.user).filter(slug=slug).first()
    if staff_article is not None and staff_article.status != Article.Status.WITHDRAWN:
        return redirect(staff_article.get_preview_url())
    response = withdrawn_response(request, slug)
    if response is None:
        raise Http404("No published article here.")
    return response


def article_preview(request, pk):
    """A story as readers will see it, for the staff who may open it in the admin; 404 to anyone else."""
    article = get_object_or_404(Article.objects.visible_to(request.user).with_relations(), pk=pk)
    context = {
        "article": article,
        "article_with_relations": article,
        "object": article,
        "preview": True,
        **fragment_cache_context(enabled=False),
    }
    response = render(request, "articles/article_detail.html", context)
    response["X-Robots-Tag"] = "noindex"
    response["Cache-Control"] = "private, no-store"
    return response


class EntityDetailView(SingleObjectMixin, ListView):
    """An entity's page: what it is, then its published articles, paginated."""

    paginate_by = settings.ARTICLES_PER_PAGE

    def get(self, request, *args, **kwargs):
        self.object = self.get_object(queryset=self.get_entity_queryset())
        return super().get(request, *args, **kwargs)

    def get_entity_queryset(self):
        return self.model.objects.all()

    def get_object(self, queryset=None):
        # Only entities a published article names have a page (a name in a draft stays unseen).
        return super().get_object(queryset=queryset.public())

    def get_queryset(self):
        # The page's ids first, sorted from the indexes alone, then its rows: for a place named in
        # half the archive that sorts 58,000 ids instead of 58,000 articles with their bodies (1 s
        # at 100,000 articles, bench/README.md).
        return self.articles(Article.objects.published()).newest_first().values_list("pk", flat=True)

    def paginate_queryset(self, queryset, page_size):
        paginator, page, ids, is_paginated = super().paginate_queryset(queryset, page_size)
        page.object_list = Article.objects.for_listing().in_order(list(ids))
        return paginator, page, page.object_list, is_paginated

    def articles(self, published):
        raise NotImplementedError

    def get_template_names(self):
        return [f"articles/{self.model._meta.model_name}_detail.html"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        exclude = {"exclude_person": self.object} if isinstance(self.object, Person) else {}
        if isinstance(self.object, Organization):
            exclude = {"exclude_organization": self.object}
        # Lazy: the queries run only when the page's cached fragment has to be rendered afresh.
        articles = self.articles(Article.objects.published())
        context["together"] = SimpleLazyObject(lambda: co_occurring(articles, **exclude))
        if context["paginator"].count > related.CO_OCCURRENCE_SAMPLE:
            context["together_sample"] = related.CO_OCCURRENCE_SAMPLE
        context["events"] = self.events()
        context.update(fragment_cache_context())
        return context

    def events(self):
        """The entity's dated events, for the timeline excerpt on its page (none by default)."""
        return []


class PersonDetailView(EntityDetailView):
    model = Person

    def get_entity_queryset(self):
        return Person.objects.prefetch_related("aliases")

    def articles(self, published):
        return published.about(self.object)

    def events(self):
        return Event.objects.published().filter(participants=self.object).first_by_date(TIMELINE_EXCERPT)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # The titles articles gave this person, oldest first ("people over time").
        context["titles"] = (
            Appearance.objects.filter(person=self.object, article__in=Article.objects.published())
            .exclude(title="")
            .values("title", "organization__name", "organization__slug")
            .annotate(first=Min("article__published_at"), last=Max("article__published_at"), n=Count("pk"))
            .order_by("first", "title")
        )
        return context


class OrganizationDetailView(EntityDetailView):
    model = Organization

    def get_entity_queryset(self):
        return Organization.objects.select_related("parent", "country").prefetch_related(
            "aliases", Prefetch("children", queryset=Organization.objects.public())
        )

    def articles(self, published):
        return published.mentioning(self.object)


class PlaceDetailView(EntityDetailView):
    model = Place

    def get_entity_queryset(self):
        return Place.objects.select_related("parent").prefetch_related(
            "aliases", Prefetch("children", queryset=Place.objects.public())
        )

    def articles(self, published):
        return published.in_place(self.object)

    def events(self):
        return Event.objects.published().in_place(self.object).first_by_date(TIMELINE_EXCERPT)


class SourceDetailView(EntityDetailView):
    model = Source

    def get_entity_queryset(self):
        return Source.objects.prefetch_related("aliases")

    def articles(self, published):
        return published.from_source(self.object)


class TopicDetailView(EntityDetailView):
    model = Topic

    def articles(self, published):
        return published.tagged(self.object)


class EntityListView(ListView):
    """An index of people, organisations, places, sources or topics, with published-article counts."""

    paginate_by = 100
    template_name = "articles/entity_list.html"
    heading = ""

    def get_queryset(self):
        return self.model.objects.public().order_by(Lower("name"), "pk")

    def paginate_queryset(self, queryset, page_size):
        # The page's counts in a query of their own, for its rows only: in the page's query the
        # counts' subqueries beside public()'s made PostgreSQL compile (JIT) for 0.4-8 s a page.
        paginator, page, rows, is_paginated = super().paginate_queryset(queryset, page_size)
        rows = list(rows)
        counted = self.model.objects.filter(pk__in=[row.pk for row in rows]).with_article_counts()
        counts = dict(counted.values_list("pk", "article_count"))
        for row in rows:
            row.article_count = counts.get(row.pk, 0)  # 0 if deleted since the page was read
        page.object_list = rows
        return paginator, page, rows, is_paginated

    def get_context_data(self, **kwargs):
        return super().get_context_data(heading=self.heading, **kwargs)


class PersonListView(EntityListView):
    model = Person
    heading = "People"


class OrganizationListView(EntityListView):
    model = Organization
    heading = "Organisations"


class PlaceListView(EntityListView):
    model = Place
    heading = "Places"


class SourceListView(EntityListView):
    model = Source
    heading = "Sources"


class TopicListView(EntityListView):
    model = Topic
    heading = "Topics"


class ArticleDetailView(PublishedArticlesMixin, DateDetailView):
    """The article page, with what links it to the rest of the archive."""

    @property
    def fragments_cached(self) -> bool:
        """Whether the page's fragments may come from the cache; when not, the article is loaded
        whole, with its relations, at once (one query fewer, and no lazy object to go through)."""
        return settings.FRAGMENT_CACHE_SECONDS > 0

    def get_object(self, queryset=None):
        """The published article with this slug, when the URL's date is its local publication date.

        The slug is unique, so it alone finds the row, and the date is checked on the row: the same
        404s as DateDetailView's date-range filter, with a query that is quicker to build.
        """
        try:
            date = datetime.date(int(self.kwargs["year"]), int(self.kwargs["month"]), int(self.kwargs["day"]))
        except (ValueError, OverflowError):  # 2017/02/30, or a year past what a date holds
            raise Http404("No such date.") from None
        if queryset is None and not self.fragments_cached:
            # Every fragment renders: the whole row and its joins now, the rest once it is public,
            # with queries compiled once per process (articles/page_queries.py).
            article = page_queries.article_by_slug(self.kwargs["slug"])
        else:
            if queryset is None:
                # Only what the page shows outside its cached fragments (title, description, the
                # fragments' keys, the date and published checks, made on the row); the fragments
                # load the rest. Fewer columns compile and read faster, and the body is not read at
                # all when the fragments come from the cache.
                queryset = Article.objects.only(*OUTSIDE_FRAGMENTS)
            try:
                article = queryset.get(slug=self.kwargs["slug"])
            except Article.DoesNotExist:
                article = None
        if article is None:
            raise Http404("No published article here.")
        if not article.is_public or article.local_date != date:
            raise Http404("No published article here on that date.")
        if not self.fragments_cached:
            page_queries.prefetch_page_relations(article)
        return article

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            response = withdrawn_response(request, kwargs["slug"])
            if response is None:
                raise
            return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        article = self.object
        permalink = self.request.build_absolute_uri(
            reverse("articles:article_permalink", args=[article.slug])
        )
        if self.fragments_cached:
            # Lazy: none of these queries run when the page's fragments come from the cache.
            full = SimpleLazyObject(lambda: Article.objects.with_relations().get(pk=article.pk))
        else:
            full = article  # loaded whole by get_object()
        context["article_with_relations"] = full
        context["related"] = SimpleLazyObject(lambda: related_articles(full))
        context["permalink"] = permalink
        context["citation"] = SimpleLazyObject(lambda: plain_citation(full, permalink))
        context["bibtex"] = SimpleLazyObject(lambda: bibtex_citation(full, permalink))
        context.update(fragment_cache_context())
        return context


class TimelineView(ListView):
    """Dated events across the archive, oldest first; filtered by person or place."""

    paginate_by = 50
    template_name = "articles/timeline.html"

    def get_queryset(self):
        events = Event.objects.published().select_related("article", "place", "place__parent")
        self.person = self.place = None
        if slug := self.request.GET.get("person"):
            self.person = get_object_or_404(Person.objects.public(), slug=slug)
            events = events.filter(participants=self.person)
        if slug := self.request.GET.get("place"):
            self.place = get_object_or_404(Place.objects.public(), slug=slug)
            events = events.in_place(self.place)
        return events.prefetch_related("participants", "organizations").order_by("date", "pk")

    def get_context_data(self, **kwargs):
        return super().get_context_data(person=self.person, place=self.place, **kwargs)


class QuoteListView(ListView):
    """Every quote in published articles, by speaker or words."""

    paginate_by = 50
    template_name = "articles/quote_list.html"

    def get_queryset(self):
        quotes = Quote.objects.filter(article__in=Article.objects.published()).select_related(
            "article", "speaker_person", "speaker_organization"
        )
        self.speaker = None
        if slug := self.request.GET.get("speaker"):
            self.speaker = get_object_or_404(Person.objects.public(), slug=slug)
            quotes = quotes.filter(speaker_person=self.speaker)
        self.words = self.request.GET.get("q", "").strip()[:200]
        if self.words:
            quotes = quotes.filter(
                Q(text__icontains=self.words)
                | Q(speaker_description__icontains=self.words)
                | Q(speaker_person__name__icontains=self.words)
                | Q(speaker_organization__name__icontains=self.words)
            )
        return quotes.order_by("-article__published_at", "order", "pk")

    def get_context_data(self, **kwargs):
        return super().get_context_data(speaker=self.speaker, words=self.words, **kwargs)


class CorrectionListView(ListView):
    """Every public correction, newest first."""

    paginate_by = 50
    template_name = "articles/correction_list.html"

    def get_queryset(self):
        return (
            Correction.objects.filter(article__in=Article.objects.published())
            .select_related("article")
            .order_by("-corrected_at", "-pk")
        )


def robots_txt(request):
    sitemap = request.build_absolute_uri(reverse("sitemap"))
    lines = ["User-agent: *", "Disallow: /admin/", f"Sitemap: {sitemap}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


def search(request):
    """Public interface to the archive's full-text search: validate the form, search, show a page."""
    form = SearchForm(request.GET)
    if not form.is_valid():
        return render(request, "articles/search.html", {"form": form}, status=400)
    results = None
    if form.has_criteria():
        data = form.cleaned_data
        try:
            results = search_articles(data["q"], data, data["sort"], data["page"], settings.ARTICLES_PER_PAGE)
        except EmptyPage as error:
            raise Http404(str(error)) from error
    return render(request, "articles/search.html", {"form": form, "results": results})


class Echo:
    """A file-like object whose write() returns the line, for streaming csv.writer output."""

    def write(self, value: str) -> str:
        return value


EXPORT_CHUNK = 500


def _export_rows(articles, request):
    for article in (
        articles.for_listing()
        .prefetch_related("appearances__person", "place_mentions__place", "topics")
        .iterator(chunk_size=EXPORT_CHUNK)
    ):
        yield {
            "headline": article.headline,
            "url": request.build_absolute_uri(article.get_absolute_url()),
            "published_at": article.published_at.isoformat(),
            "published_precision": article.published_precision,
            "publisher": article.publisher.name if article.publisher else "",
            "credits": [credit.source.name for credit in article.credits.all()],
            "byline": article.byline,
            "people": [appearance.person.name for appearance in article.appearances.all()],
            "places": [mention.place.name for mention in article.place_mentions.all()],
            "topics": [topic.name for topic in article.topics.all()],
        }


def search_export(request, fmt):
    """Every article matching a search (not one page), streamed as CSV or JSON."""
    if fmt not in ("csv", "json"):
        raise Http404("Exports are CSV or JSON.")
    form = SearchForm(request.GET)
    if not form.is_valid() or not form.has_criteria():
        return HttpResponseBadRequest("An export needs a valid query or filter.", content_type="text/plain")
    data = form.cleaned_data
    rows = _export_rows(matching_articles(data["q"], data, data["sort"]), request)
    if fmt == "csv":
        writer = csv.writer(Echo())
        fields = [
            "headline",
            "url",
            "published_at",
            "published_precision",
            "publisher",
            "credits",
            "byline",
            "people",
            "places",
            "topics",
        ]

        def lines():
            yield writer.writerow(fields)
            for row in rows:
                yield writer.writerow(
                    ["; ".join(v) if isinstance(v, list) else v for v in (row[f] for f in fields)]
                )

        response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    else:

        def chunks():
            yield "[\n"
            for number, row in enumerate(rows):
                yield ("" if number == 0 else ",\n") + json.dumps(row, ensure_ascii=False)
            yield "\n]\n"

        response = StreamingHttpResponse(chunks(), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="newsroom-search.{fmt}"'
    return response


def opensearch(request):
    """OpenSearch description, so browsers can add the archive's search."""
    return render(request, "opensearch.xml", content_type="application/opensearchdescription+xml")
