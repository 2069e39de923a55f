"""Full-text search of the archive: one interface, a PostgreSQL and an SQLite backend.

`search()` answers a reader's query; `index_articles()` and `remove_articles()` keep the index in step
with the articles (signals.py calls them on save and delete; importers call `index_articles` in bulk).
Which backend runs follows the database connection, so callers never choose.
"""

from __future__ import annotations

import datetime
import math
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from itertools import islice
from types import ModuleType

from django.core.paginator import EmptyPage
from django.db import connection
from django.db.models import Count, F, QuerySet
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from ..models import (
    Appearance,
    Article,
    Credit,
    OrganizationMention,
    PlaceMention,
)
from .query import parse

__all__ = [
    "SORTS",
    "Facet",
    "Hit",
    "SearchResults",
    "index_articles",
    "matching_articles",
    "remove_articles",
    "search",
]

SORTS = ("relevance", "newest", "oldest")
FACET_SIZE = 10
# Past these, counting every match and grouping every match by facet cost more than the rest of a
# search (bench/README.md): the total becomes "more than 10,000", and facets count the first 1,000
# matches the index yields (in no particular order, which costs nothing to take; sorting every match
# by date to take the newest cost as much as ranking them).
COUNT_LIMIT = 10_000
FACET_LIMIT = 1_000
INDEX_BATCH = 500
# Snippet markers: private-use characters, never in articles, turned into <mark> after escaping.
MARK_START, MARK_STOP = "\ue000", "\ue001"
MARKERS = re.compile(f"([{MARK_START}{MARK_STOP}])")


def backend() -> ModuleType:
    """The search backend for the database in use."""
    if connection.vendor == "postgresql":
        from . import postgres

        return postgres
    from . import sqlite

    return sqlite


@dataclass
class Hit:
    article: Article
    rank: float | None
    snippet: SafeString


@dataclass
class Facet:
    """One value to narrow the results by: `param=value` in the URL, shown as `label (count)`."""

    param: str
    value: str
    label: str
    count: int


@dataclass
class SearchResults:
    hits: list[Hit]
    total: int
    page: int
    per_page: int
    facets: dict[str, list[Facet]] = field(default_factory=dict)
    suggestion: str | None = None
    total_is_exact: bool = True  # False: at least `total` matches, counting stopped there
    facets_sampled: bool = False  # True: facets count only FACET_LIMIT of the matches

    @property
    def num_pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))

    @property
    def facet_limit(self) -> int:
        return FACET_LIMIT

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.num_pages

    @property
    def start_index(self) -> int:
        return (self.page - 1) * self.per_page + 1 if self.hits else 0

    @property
    def end_index(self) -> int:
        return self.start_index + len(self.hits) - 1 if self.hits else 0


def search(
    query: str, filters: Mapping | None = None, sort: str = "relevance", page: int = 1, per_page: int = 20
) -> SearchResults:
    """Published articles matching `query` and `filters`, one page of them, with facet counts.

    `filters` may hold date_from, date_to (dates), source, person, organization, place and topic
    (model instances) and language (a code such as "en"), as the search form's cleaned_data does.
    Raises EmptyPage past the last page.
    """
    engine = backend()
    parsed = parse(query)
    filtered = filter_articles(Article.objects.published(), filters or {})
    matched = engine.matching(filtered, parsed) if parsed else filtered
    total = engine.count(matched, COUNT_LIMIT + 1) if parsed else matched.count()
    total_is_exact = total <= COUNT_LIMIT
    total = min(total, COUNT_LIMIT)
    num_pages = max(1, math.ceil(total / per_page))
    if page < 1 or page > num_pages:
        raise EmptyPage(f"There is no page {page}; the results have {num_pages}.")
    offset = (page - 1) * per_page
    if sort == "relevance" and parsed.groups:
        ranked = engine.ranked_ids(filtered, parsed, offset, per_page)
    else:
        order = ("published_at", "pk") if sort == "oldest" else ("-published_at", "-pk")
        ranked = [
            (pk, None)
            for pk in matched.order_by(*order).values_list("pk", flat=True)[offset : offset + per_page]
        ]
    ids = [pk for pk, _ in ranked]
    articles = Article.objects.for_listing().in_bulk(ids)
    marked = engine.snippets(ids, parsed, MARK_START, MARK_STOP) if parsed.groups else {}
    hits = [
        Hit(articles[pk], rank, highlight(marked.get(pk) or articles[pk].dek or articles[pk].body[:240]))
        for pk, rank in ranked
        if pk in articles
    ]
    suggestion = None
    if total == 0 and parsed.groups:
        typed = " ".join(term.text for term in parsed.terms)
        suggestion = engine.suggest(typed)
        if suggestion and suggestion.casefold() == typed.casefold():
            suggestion = None
    facets, facets_sampled = {}, total > FACET_LIMIT
    if total:
        # Years are counted here from the dates, cheaper than SQLite's per-row year extraction.
        sample = getattr(engine, "sample", first_matches)(matched, FACET_LIMIT)
        counted = Article.objects.filter(pk__in=[pk for pk, _ in sample]) if facets_sampled else matched
        facets = facet_counts(counted, [published for _, published in sample])
    return SearchResults(
        hits,
        total,
        page,
        per_page,
        facets=facets,
        suggestion=suggestion,
        total_is_exact=total_is_exact,
        facets_sampled=facets_sampled,
    )


def first_matches(matched: QuerySet, limit: int) -> list[tuple[int, datetime.datetime]]:
    """(id, publication time) of the first `limit` matches the index yields; a backend may do better."""
    return list(matched.order_by().values_list("pk", "published_at")[:limit])


def matching_articles(query: str, filters: Mapping | None = None, sort: str = "newest") -> QuerySet:
    """Every published article matching `query` and `filters`, by date (feeds, exports, the API).

    Ranking every match costs more than a listing should; "relevance" is ordered newest first here.
    """
    engine = backend()
    parsed = parse(query)
    filtered = filter_articles(Article.objects.published(), filters or {})
    matched = engine.matching(filtered, parsed) if parsed else filtered
    order = ("published_at", "pk") if sort == "oldest" else ("-published_at", "-pk")
    return matched.order_by(*order)


def filter_articles(articles: QuerySet, filters: Mapping) -> QuerySet:
    """Narrow articles by the reader's filters, through the QuerySet methods the entity pages use."""
    tz = timezone.get_current_timezone()
    if date_from := filters.get("date_from"):
        articles = articles.filter(
            published_at__gte=datetime.datetime.combine(date_from, datetime.time.min, tz)
        )
    if date_to := filters.get("date_to"):
        day_after = date_to + datetime.timedelta(days=1)
        articles = articles.filter(
            published_at__lt=datetime.datetime.combine(day_after, datetime.time.min, tz)
        )
    if source := filters.get("source"):
        articles = articles.from_source(source)
    if person := filters.get("person"):
        articles = articles.about(person)
    if organization := filters.get("organization"):
        articles = articles.mentioning(organization)
    if place := filters.get("place"):
        articles = articles.in_place(place)
    if topic := filters.get("topic"):
        articles = articles.tagged(topic)
    if language := filters.get("language"):
        articles = articles.filter(language=language)
    return articles


def highlight(text: str) -> SafeString:
    """Escape a snippet, then turn its match markers into balanced <mark> elements."""
    html, open_mark = [], False
    for part in MARKERS.split(text):
        if part == MARK_START:
            if not open_mark:
                html.append("<mark>")
            open_mark = True
        elif part == MARK_STOP:
            if open_mark:
                html.append("</mark>")
            open_mark = False
        else:
            html.append(escape(part))
    if open_mark:
        html.append("</mark>")
    return mark_safe("".join(html))  # noqa: S308 (every piece of text above went through escape())


def _top(counts: Counter, labels: dict[str, str], param: str) -> list[Facet]:
    ordered = sorted(counts.items(), key=lambda item: (-item[1], labels[item[0]].casefold()))
    return [Facet(param, slug, labels[slug], n) for slug, n in ordered[:FACET_SIZE]]


def _count_by(rows: Iterable[tuple[str, str, int]], counts: Counter, labels: dict[str, str], sign: int = 1):
    for slug, name, n in rows:
        counts[slug] += sign * n
        labels[slug] = name


def _either_count(matched: QuerySet, article_field: str, links: QuerySet, link_field: str, param: str):
    """Count each entity once per article whether it is on the article (publisher) or linked (credit).

    Articles on both sides are counted twice by the first two queries and taken off by the third.
    """
    counts, names = Counter(), {}
    for rows, sign in [
        (
            matched.filter(**{f"{article_field}__isnull": False}).values_list(
                f"{article_field}__slug", f"{article_field}__name"
            ),
            1,
        ),
        (links.values_list(f"{link_field}__slug", f"{link_field}__name"), 1),
        (
            links.filter(**{link_field: F(f"article__{article_field}")}).values_list(
                f"{link_field}__slug", f"{link_field}__name"
            ),
            -1,
        ),
    ]:
        _count_by(rows.annotate(n=Count("pk")).order_by(), counts, names, sign)
    return _top(counts, names, param)


def facet_counts(matched: QuerySet, dates: Iterable[datetime.datetime]) -> dict[str, list[Facet]]:
    """How many of the matching articles each source, person, organisation, place, topic and year has.

    `dates` are the publication dates of the same articles, for the years.

    Sources count an article they published or are credited on once; places count an article
    they are named in or datelined at once (the place filter also takes in places inside it).
    """
    ids = matched.order_by().values("pk")
    facets = {}

    facets["source"] = _either_count(
        matched, "publisher", Credit.objects.filter(article__in=ids), "source", "source"
    )

    for param, through, entity in [
        ("person", Appearance, "person"),
        ("organization", OrganizationMention, "organization"),
        ("topic", Article.topics.through, "topic"),
    ]:
        counts, names = Counter(), {}
        _count_by(
            through.objects.filter(article__in=ids)
            .values_list(f"{entity}__slug", f"{entity}__name")
            .annotate(n=Count("pk"))
            .order_by(),
            counts,
            names,
        )
        facets[param] = _top(counts, names, param)

    facets["place"] = _either_count(
        matched, "dateline", PlaceMention.objects.filter(article__in=ids), "place", "place"
    )

    years = Counter(timezone.localtime(published).year for published in dates if published)
    facets["year"] = [
        Facet("year", str(year), str(year), n) for year, n in sorted(years.items(), reverse=True)
    ]
    return facets


# The links from an article to the entities whose names (and aliases) it is found by.
LINKED_ENTITIES = [
    (Credit, "source"),
    (Appearance, "person"),
    (OrganizationMention, "organization"),
    (PlaceMention, "place"),
]


def _documents(article_ids: list[int]) -> Iterator[tuple[int, str, str, str, str]]:
    """(id, headline, dek, entity names, body) of the articles, in a fixed number of queries."""
    names: dict[int, list[str]] = {pk: [] for pk in article_ids}

    def add(rows):
        for article_id, name in rows:
            if name and article_id in names:
                names[article_id].append(name)

    within = {"article__in": article_ids}
    for pk, publisher, dateline in Article.objects.filter(pk__in=article_ids).values_list(
        "pk", "publisher__name", "dateline__name"
    ):
        add([(pk, publisher), (pk, dateline)])
    for link, entity in LINKED_ENTITIES:
        links = link.objects.filter(**within)
        add(links.values_list("article_id", f"{entity}__name"))
        add(
            links.filter(**{f"{entity}__aliases__isnull": False}).values_list(
                "article_id", f"{entity}__aliases__name"
            )
        )
    add(Article.topics.through.objects.filter(**within).values_list("article_id", "topic__name"))
    for pk, headline, dek, body in Article.objects.filter(pk__in=article_ids).values_list(
        "pk", "headline", "dek", "body"
    ):
        yield pk, headline, dek, " ; ".join(dict.fromkeys(names[pk])), body


def index_articles(article_ids: Iterable[int]) -> int:
    """(Re)index these articles, whatever their status: readers' searches filter by publication.

    For importers and the rebuild command: batches of 500, a fixed number of queries each. Ids of
    articles that no longer exist are ignored. Returns how many articles were indexed.
    """
    engine = backend()
    indexed = 0
    pending = iter(dict.fromkeys(article_ids))
    while batch := list(islice(pending, INDEX_BATCH)):
        documents = list(_documents(batch))
        if engine.__name__.endswith("postgres"):
            engine.index([(pk, names) for pk, _, _, names, _ in documents])
        else:
            engine.index(documents)
        indexed += len(documents)
    return indexed


def remove_articles(article_ids: Iterable[int]) -> None:
    """Take deleted articles out of the index."""
    backend().remove(list(article_ids))


def clear_index() -> None:
    """Empty the index (before a rebuild)."""
    backend().clear()
