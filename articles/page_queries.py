"""The article page's queries as prepared queries (articles/prepared.py): the article by its slug with
its rows, then each relation the page shows, with the SQL compiled once per process.

With every cache off, building and compiling these eleven queries was most of the page's time
(bench/README.md, "The article page with every cache off"); their only values are the slug and the
article's id. What they load is what `with_relations()` loads: the same rows, in the same order, left
on the article as its prefetch would leave them.
"""

from collections import defaultdict

from django.db.models import F, Prefetch

from .models import ARTICLE_PAGE_ROWS, Article, article_page_relations
from .prepared import ID, TEXT, PreparedQuery, store_prefetched

# The name of the annotation that says which parent row a nested many-to-many row belongs to.
OWNER = "prepared_owner_pk"

ARTICLE_BY_SLUG = PreparedQuery(
    lambda slug: Article.objects.select_related(*ARTICLE_PAGE_ROWS).filter(slug=slug).order_by(), slug=TEXT
)


def _rows_of(relation, queryset=None):
    """The rows of one of an article's relations (reverse foreign key or many-to-many), by its id."""
    queryset = queryset if queryset is not None else relation.related_model._default_manager.all()
    if relation.many_to_many and relation.concrete:  # Article.topics
        path = relation.related_query_name()
    else:  # Credit.article, ...
        path = relation.field.name
    return PreparedQuery(lambda pk: queryset.filter(**{path: pk}), pk=ID)


def _nested_rows_of(parent_path: str, field):
    """The rows of a many-to-many field of an article's children (Event.participants), for all of the
    article's children at once, each marked with its parent's id (OWNER)."""
    reverse = field.related_query_name()
    return PreparedQuery(
        lambda pk: field.related_model._default_manager.filter(**{f"{reverse}__{parent_path}": pk}).annotate(
            **{OWNER: F(f"{reverse}__pk")}
        ),
        pk=ID,
    )


def _relations() -> list[tuple[str, PreparedQuery, list[tuple[str, PreparedQuery]]]]:
    relations = []
    for lookup in article_page_relations():
        name = lookup.prefetch_to if isinstance(lookup, Prefetch) else lookup
        queryset = lookup.queryset if isinstance(lookup, Prefetch) else None
        relation = Article._meta.get_field(name)
        nested = []
        if queryset is not None:
            for nested_name in queryset._prefetch_related_lookups:
                field = queryset.model._meta.get_field(nested_name)
                nested.append((nested_name, _nested_rows_of(relation.field.name, field)))
            queryset = queryset.prefetch_related(None)
        relations.append((name, _rows_of(relation, queryset), nested))
    return relations


RELATIONS = _relations()


def article_by_slug(slug: str) -> Article | None:
    """The article with this slug (any status) with its publisher and dateline, or None."""
    found = ARTICLE_BY_SLUG(slug=slug)
    return found[0] if found else None


def prefetch_page_relations(article: Article) -> None:
    """`prefetch_related_objects([article], *article_page_relations())`, in as many queries."""
    hints = {"instance": article}
    for name, rows_of, nested in RELATIONS:
        rows = rows_of(hints, pk=article.pk)
        store_prefetched(article, name, rows)
        if not rows:
            continue  # as Django's prefetch, no query for the children of no rows
        for nested_name, nested_rows_of in nested:
            by_owner = defaultdict(list)
            for row in nested_rows_of(hints, pk=article.pk):
                by_owner[getattr(row, OWNER)].append(row)
            for row in rows:
                store_prefetched(row, nested_name, by_owner[row.pk])
