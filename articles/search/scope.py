"""What a search may find: the published articles within the reader's filters.

Every backend can take the `articles` QuerySet; a backend that keeps publication dates in its
index can check `now`, `since` and `before` there instead when `dates_only` says that nothing
else narrows the search.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.db import connections, router
from django.db.models import QuerySet
from django.utils import timezone

from ..models import Article, SearchDocument


def reading():
    """The connection a search's own statements read from: the one the router gives reads of the
    search documents (a reader's replica in a public request, else the primary), as the ORM's get."""
    return connections[router.db_for_read(SearchDocument)]


# The filters beyond dates, each applied by the ArticleQuerySet method the entity pages use.
NARROWING = {
    "source": "from_source",
    "person": "about",
    "organization": "mentioning",
    "place": "in_place",
    "topic": "tagged",
}


@dataclass(frozen=True)
class Scope:
    articles: QuerySet
    now: datetime.datetime = field(default_factory=timezone.now)
    since: datetime.datetime | None = None  # published at or after
    before: datetime.datetime | None = None  # published strictly before
    dates_only: bool = True

    def periods(self, most: int) -> list[str] | None:
        """The period words ("y1987", "m198701") that the window of dates spans, in UTC: whole
        years as years, other months as months; None without a lower bound, for an empty window, or
        when more than `most` words would be needed (a window too wide to narrow the match much).

        Both backends index these words for published articles (SQLite's period column, PostgreSQL's
        weight-D lexemes), so a window narrows the full-text match inside the index; being a
        superset of the window, the exact dates are still checked on each match.
        """
        if not self.since:
            return None
        start = self.since.astimezone(datetime.UTC)
        end = min(self.before - datetime.timedelta(microseconds=1), self.now) if self.before else self.now
        end = end.astimezone(datetime.UTC)
        year, month, words = start.year, start.month, []
        while (year, month) <= (end.year, end.month) and len(words) <= most:
            if month == 1 and (year, 12) <= (end.year, end.month):
                words.append(f"y{year:04d}")
                year += 1
            else:
                words.append(f"m{year:04d}{month:02d}")
                year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        if not words or len(words) > most:
            return None
        return words

    @classmethod
    def of(cls, filters: Mapping) -> Scope:
        """The scope of the search form's cleaned data (other keys, such as q and page, are ignored)."""
        since, before = _dates(filters)
        return cls(
            published_within(filters),
            since=since,
            before=before,
            dates_only=not any(filters.get(name) for name in [*NARROWING, "language"]),
        )


def _dates(filters: Mapping) -> tuple[datetime.datetime | None, datetime.datetime | None]:
    """date_from and date_to as the first moment of each day and of the day after, locally."""
    tz = timezone.get_current_timezone()
    since = before = None
    if date_from := filters.get("date_from"):
        since = datetime.datetime.combine(date_from, datetime.time.min, tz)
    if date_to := filters.get("date_to"):
        before = datetime.datetime.combine(date_to + datetime.timedelta(days=1), datetime.time.min, tz)
    return since, before


def published_within(filters: Mapping) -> QuerySet:
    """The published articles within the reader's filters.

    The reader's dates are applied before published()'s "not in the future": given two upper bounds
    on published_at, SQLite ranges its index scan on the first and checks the other per row, so
    `<= now` first scanned from date_from to today (5 ms instead of 0.4 for six months of 100,000).
    """
    return filter_articles(Article.objects.all(), filters).published()


def filter_articles(articles: QuerySet, filters: Mapping) -> QuerySet:
    """Narrow articles by the reader's filters: date_from, date_to, source, person, organization,
    place and topic (model instances) and language (a code such as "en")."""
    since, before = _dates(filters)
    if since:
        articles = articles.filter(published_at__gte=since)
    if before:
        articles = articles.filter(published_at__lt=before)
    for name, method in NARROWING.items():
        if value := filters.get(name):
            articles = getattr(articles, method)(value)
    if language := filters.get("language"):
        articles = articles.filter(language=language)
    return articles
