"""Related stories and co-occurring entities, each computed in a bounded number of queries."""

from collections import Counter

from django.db.models import Count
from django.utils import timezone

from .models import Appearance, Article, OrganizationMention
from .prepared import ID, IDS, MOMENT, PreparedQuery

# How much a shared person, topic or place counts towards "related", and how many of the most
# recent articles sharing each one are considered (keeps the work bounded for very common names).
WEIGHTS = {"people": 3, "topics": 2, "places": 1}
CANDIDATES_PER_LINK = 200
# Co-occurrence counts the people and organisations of an entity's latest stories, up to this many:
# for a place named in half the archive, counting every story's links read whole link tables
# (seconds at 100,000 articles). Pages say when the counts are of a sample.
CO_OCCURRENCE_SAMPLE = 1_000
# What the related-stories list shows of each story: its headline, URL and publication date.
RELATED_FIELDS = ("headline", "slug", "status", "published_at", "published_precision")


def _candidates(path: str) -> PreparedQuery:
    """Up to CANDIDATES_PER_LINK of the newest published stories, other than `pk`, linked by `path`
    to one of `ids`. Sorted, not read off the date index (see newest_first): at 100,000 articles
    walking the index backwards for a rare person's stories took 265-410 ms, the join from the link
    table 45."""
    return PreparedQuery(
        lambda pk, ids, now: (
            Article.objects.published(now)
            .exclude(pk=pk)
            .filter(**{f"{path}__in": ids})
            .newest_first()
            .values_list("pk", flat=True)[:CANDIDATES_PER_LINK]
        ),
        pk=ID,
        ids=IDS,
        now=MOMENT,
    )


# The same queries for every article page, with only the values changing: compiled once per process.
CANDIDATES = {
    "people": _candidates("appearances__person"),
    "topics": _candidates("topics"),
    "places": _candidates("place_mentions__place"),
}
# The list shows no card, so none of for_listing()'s joins and credits: one narrow query.
CHOSEN = PreparedQuery(
    lambda ids: Article.objects.only(*RELATED_FIELDS).filter(pk__in=ids).order_by(), ids=IDS
)


def related_articles(article: Article, limit: int = 5) -> list[Article]:
    """Published stories sharing people, topics and places with `article`, best first."""
    now = timezone.now()
    links = {
        "people": [a.person_id for a in article.appearances.all()],
        "topics": [t.pk for t in article.topics.all()],
        "places": [m.place_id for m in article.place_mentions.all()],
    }
    scores: Counter[int] = Counter()
    for kind, ids in links.items():
        if not ids:
            continue  # nothing shared this way (and no query, as for an empty __in)
        for pk in CANDIDATES[kind](pk=article.pk, ids=ids, now=now):
            scores[pk] += WEIGHTS[kind]
    if not scores:
        return []
    best = [pk for pk, _ in sorted(scores.items(), key=lambda item: (-item[1], -item[0]))[:limit]]
    found = {story.pk: story for story in CHOSEN(ids=best)}
    return [found[pk] for pk in best if pk in found]


def _most_named(through, field: str, articles, exclude, limit: int) -> list[dict]:
    latest = articles.newest_first().values("pk")[:CO_OCCURRENCE_SAMPLE]
    return list(
        through.objects.filter(article__in=latest)
        .exclude(**{field: exclude})
        .values(f"{field}__name", f"{field}__slug")
        .annotate(n=Count("article", distinct=True))
        .order_by("-n", f"{field}__name")[:limit]
    )


def co_occurring(articles, *, exclude_person=None, exclude_organization=None, limit: int = 8) -> dict:
    """The people and organisations most often named in `articles` (a QuerySet), with counts, among
    the latest CO_OCCURRENCE_SAMPLE of them."""
    return {
        "people": _most_named(Appearance, "person", articles, exclude_person, limit),
        "organizations": _most_named(
            OrganizationMention, "organization", articles, exclude_organization, limit
        ),
    }
