"""Full-text search of the archive: one interface, a PostgreSQL and an SQLite backend.

`search()` answers a reader's query; `index_articles()` and `remove_articles()` keep the index in step
with the articles (signals.py calls them on save and delete; importers call `index_articles` in bulk).
Which backend runs follows the database connection, so callers never choose.
"""

from __future__ import annotations

import datetime
import functools
import json
import math
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from html import unescape
from itertools import islice
from types import ModuleType

from django.core.paginator import EmptyPage
from django.db import connection
from django.db.models import QuerySet
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
from .scope import Scope, filter_articles, published_within, reading

__all__ = [
    "SORTS",
    "Facet",
    "Hit",
    "Scope",
    "SearchResults",
    "filter_articles",
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
# Facet families in the order the page shows them.
FACET_PARAMS = ("source", "person", "organization", "topic", "place")
# Snippet markers: private-use characters, never in articles, turned into <mark> after escaping.
MARK_START, MARK_STOP = "\ue000", "\ue001"
MARKERS = re.compile(f"([{MARK_START}{MARK_STOP}])")
# A backslash before ASCII punctuation: CommonMark's escape, which the reader never sees.
MARKDOWN_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


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

    A backend may offer `sample_in`, `count_in` and `ranked_in`, which take a Scope (the reader's
    filters, see scope.py) instead of a QuerySet; without them `sample` (default first_matches),
    `matching`, `count` and `ranked_ids` serve. The facets' sample comes first: when it holds fewer
    than FACET_LIMIT matches it is all of them, and no count is needed.
    """
    engine = backend()
    parsed = parse(query)
    scope = Scope.of(filters or {})
    matched = engine.matching(scope.articles, parsed) if parsed else scope.articles
    scoped = bool(parsed.groups) and hasattr(engine, "ranked_in")
    if parsed.matches_nothing:  # `central -central`: no statement needed to find that out
        sample = []
    elif scoped:
        sample = engine.sample_in(scope, parsed, FACET_LIMIT)
    else:
        sample = getattr(engine, "sample", first_matches)(matched, FACET_LIMIT)
    if len(sample) < FACET_LIMIT:
        total = len(sample)
    elif scoped:
        total = engine.count_in(scope, parsed, COUNT_LIMIT + 1)
    elif parsed:
        total = engine.count(matched, COUNT_LIMIT + 1)
    else:
        # A listing without a query is "more than 10,000" past that too: no count goes further.
        total = matched.order_by()[: COUNT_LIMIT + 1].count()
    total_is_exact = total <= COUNT_LIMIT
    total = min(total, COUNT_LIMIT)
    num_pages = max(1, math.ceil(total / per_page))
    if page < 1 or page > num_pages:
        raise EmptyPage(f"There is no page {page}; the results have {num_pages}.")
    offset = (page - 1) * per_page
    if not total:
        ranked = []
    elif sort == "relevance" and parsed.groups:
        if scoped:
            ranked = engine.ranked_in(scope, parsed, offset, per_page)
        else:
            ranked = engine.ranked_ids(scope.articles, parsed, offset, per_page)
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
        Hit(articles[pk], rank, _passage(articles[pk], marked.get(pk)))
        for pk, rank in ranked
        if pk in articles
    ]
    suggestion = None
    if total == 0 and parsed.groups and not parsed.matches_nothing:
        typed = " ".join(term.text for term in parsed.terms)
        suggestion = engine.suggest(typed)
        if suggestion and suggestion.casefold() == typed.casefold():
            suggestion = None
    facets = facet_counts(sample, indexed=scoped) if total else {}
    return SearchResults(
        hits,
        total,
        page,
        per_page,
        facets=facets,
        suggestion=suggestion,
        total_is_exact=total_is_exact,
        facets_sampled=total > FACET_LIMIT,
    )


def first_matches(matched: QuerySet, limit: int) -> list[tuple[int, datetime.datetime]]:
    """(id, publication time) of the first `limit` matches the index yields; a backend may do better.

    search() takes fewer than `limit` as every match, so a backend's `sample` must honour `matched`.
    """
    return list(matched.order_by().values_list("pk", "published_at")[:limit])


def matching_articles(query: str, filters: Mapping | None = None, sort: str = "newest") -> QuerySet:
    """Every published article matching `query` and `filters`, by date (feeds, exports, the API).

    Ranking every match costs more than a listing should; "relevance" is ordered newest first here.
    """
    engine = backend()
    parsed = parse(query)
    filtered = published_within(filters or {})
    matched = engine.matching(filtered, parsed) if parsed else filtered
    if parsed.matches_nothing:
        matched = matched.none()
    order = ("published_at", "pk") if sort == "oldest" else ("-published_at", "-pk")
    return matched.order_by(*order)


def _passage(article: Article, snippet: str | None) -> SafeString:
    """The engine's snippet of the body, else the standfirst, else the body's start, highlighted."""
    if snippet:
        return highlight(_as_read(snippet))
    return highlight(article.dek or _as_read(article.body[:240]))


def _as_read(markdown: str) -> str:
    """A passage of a body's Markdown source as the reader sees its text: the backslash escapes and
    character references that markup.py writes for plain text (`\\[...\\]`, `&lt;`) undone.

    Both engines index and cut snippets from the source, and 141 of the 292 sample bodies hold such
    escapes (Wikinews' `\\[...\\]`). Links and emphasis an editor types stay as written. Only the
    engine's own markers mark: a reference that reads as one (`&#57344;`) is dropped with it.
    """
    return "".join(
        part
        if part in (MARK_START, MARK_STOP)
        else MARKERS.sub("", unescape(MARKDOWN_ESCAPE.sub(r"\1", part)))
        for part in MARKERS.split(markdown)
    )


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


@functools.cache
def _facet_sql(article: str, article_id: str, member: str) -> str:
    """One statement counting the articles in `m` per source, place, person, organisation and topic.

    Sources count an article they published or are credited on once (the UNION of both links
    keeps one row per article and source), places one they are datelined at or named in once; the
    other links are unique per article and entity. Every family is a UNION ALL arm that groups by
    entity id before it joins the names (a third cheaper than joining every link row). The
    publisher and dateline are read from the table `article` keyed by `article_id`; `member` is
    the SQL that makes an id one of `m`'s (ID_TABLES).
    """
    arms = []
    for param, on_article, link, entity in [
        ("source", "publisher_id", Credit, "source"),
        ("place", "dateline_id", PlaceMention, "place"),
        ("person", None, Appearance, "person"),
        ("organization", None, OrganizationMention, "organization"),
        ("topic", None, Article.topics.through, "topic"),
    ]:
        entity_field = link._meta.get_field(entity)
        links = (
            f"SELECT l.article_id, l.{entity_field.column} AS entity_id FROM {link._meta.db_table} l "  # noqa: S608 (names from the models)
            f"WHERE l.article_id {member}"
        )
        if on_article:
            links = (
                f"SELECT a.{article_id} AS article_id, a.{on_article} AS entity_id FROM {article} a "  # noqa: S608 (names from the models)
                f"WHERE a.{article_id} {member} AND a.{on_article} IS NOT NULL UNION {links}"
            )
        counted = f"SELECT x.entity_id, COUNT(*) AS n FROM ({links}) x GROUP BY x.entity_id"  # noqa: S608 (names from the models)
        arms.append(
            f"SELECT '{param}', e.slug, e.name, c.n FROM ({counted}) c "  # noqa: S608 (names from the models)
            f"JOIN {entity_field.related_model._meta.db_table} e ON e.id = c.entity_id"
        )
    return " UNION ALL ".join(arms)


# The matching ids as `m` from one parameter, and how a link's article id is tested against them:
# on SQLite a table of a JSON array's values; on PostgreSQL one array, so that each link table is
# read through its article index (`= ANY`) instead of hashed whole to join a table of ids.
ID_TABLES = {
    "sqlite": (
        "m(id) AS MATERIALIZED (SELECT value FROM json_each(%s))",
        "IN (SELECT id FROM m)",
        json.dumps,
    ),
    "postgresql": ("m(ids) AS (SELECT %s::bigint[])", "= ANY((SELECT ids FROM m)::bigint[])", list),
}


def facet_counts(
    sample: list[tuple[int, datetime.datetime | None]], *, indexed: bool = False
) -> dict[str, list[Facet]]:
    """How many of the sampled articles, given as (id, publication time), each source, person,
    organisation, place, topic and year has, in one statement (years come from the times).

    When the ids come from the index (`indexed`), a backend's FACET_ARTICLES may name a narrower
    table than the articles' to read the publisher and dateline from (SQLite: reaching them in
    articles_article walks each body).
    """
    ids_sql, member, as_param = ID_TABLES[connection.vendor]
    article_table = (Article._meta.db_table, "id")
    if indexed:
        article_table = getattr(backend(), "FACET_ARTICLES", article_table)
    counts: dict[str, Counter] = {param: Counter() for param in FACET_PARAMS}
    labels: dict[str, dict[str, str]] = {param: {} for param in FACET_PARAMS}
    with reading().cursor() as cursor:
        cursor.execute(
            f"WITH {ids_sql} {_facet_sql(*article_table, member)}",
            [as_param([pk for pk, _ in sample])],
        )
        for param, slug, name, n in cursor.fetchall():
            counts[param][slug] = n
            labels[param][slug] = name
    facets = {param: _top(counts[param], labels[param], param) for param in FACET_PARAMS}
    tz = timezone.get_current_timezone()  # once: localtime() looks it up per call, 1,000 times here
    years = Counter(published.astimezone(tz).year for _, published in sample if published)
    facets["year"] = [
        Facet("year", str(year), str(year), n) for year, n in sorted(years.items(), reverse=True)
    ]
    return facets


def _top(counts: Counter, labels: dict[str, str], param: str) -> list[Facet]:
    ordered = sorted(counts.items(), key=lambda item: (-item[1], labels[item[0]].casefold()))
    return [Facet(param, slug, labels[slug], n) for slug, n in ordered[:FACET_SIZE]]


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
