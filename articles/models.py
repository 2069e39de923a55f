"""The archive's content model: articles and everything they name (DESIGN.md, "Content model")."""

from __future__ import annotations

import datetime
import itertools
import re

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import connections, models
from django.db.models import Exists, F, Func, OuterRef, Q, Subquery
from django.db.models.functions import Lower
from django.db.models.lookups import IsNull
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from .markup import render_markdown
from .page_urls import dated_slug_url, slug_url

# Licences an article's `rights` line may name, with the page that states them.
LICENCE_URLS = {
    "CC BY 2.5": "https://creativecommons.org/licenses/by/2.5/",
    "CC BY 3.0": "https://creativecommons.org/licenses/by/3.0/",
    "CC BY 4.0": "https://creativecommons.org/licenses/by/4.0/",
    "CC BY-SA 4.0": "https://creativecommons.org/licenses/by-sa/4.0/",
}


def unique_slug(model: type[models.Model], text: str, *, instance_pk=None, max_length: int = 200) -> str:
    """A slug for `text` not yet used by another row of `model` ("baku", "baku-2", ...)."""
    base = (slugify(text) or "item")[:max_length].strip("-") or "item"
    slug, n = base, 1
    taken = model._default_manager.exclude(pk=instance_pk).filter
    while taken(slug=slug).exists():
        n += 1
        suffix = f"-{n}"
        slug = base[: max_length - len(suffix)] + suffix
    return slug


class SluggedModel(models.Model):
    """A named row with a unique slug, filled in from the name when left empty."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True, blank=True, allow_unicode=False)
    description = models.TextField(blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(type(self), self.name, instance_pk=self.pk)
        super().save(*args, **kwargs)


class Alias(models.Model):
    """Another name for an entity ("Gen. Gerasimov", "EU"), matched case-insensitively."""

    name = models.CharField(max_length=200)

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class NamedInArticlesQuerySet(models.QuerySet):
    # The lookups from an article to this kind of entity, one for each way an article page names it
    # or a page it links to links on (subclasses list theirs).
    article_paths: tuple[str, ...] = ()
    # What the entity's own page lists, for with_article_counts(): SQL selecting the ids of the
    # articles for the outer row ({pk}), as the ArticleQuerySet method of its page does.
    count_union_sql = ""

    def public(self):
        """Entities that a published article names, and those their pages link to: only these have
        reader pages, index and sitemap entries, feeds and API records, so a name used only in drafts
        stays unseen until its story is out, and no public page links to a page that is not there."""
        return self.filter(PublicCondition(self.model))

    def named_in(self, articles):
        """Entities that any of `articles` names (or that a page of those links to)."""
        return self.filter(self.named_in_condition(articles))

    def named_in_condition(self, articles) -> Q:
        articles = articles.order_by()
        named = Q()
        for path in self.article_paths:
            named |= Exists(articles.filter(**{path: OuterRef("pk")}))
        return named

    def with_article_counts(self):
        """Each row's number of published articles, as its own page lists them (`article_count`).

        A correlated subquery per row rather than a join and GROUP BY over the whole link table:
        on a paginated index PostgreSQL evaluates it after the sort and limit, for the visible rows
        only (bench/README.md, "EXPLAIN at 100,000 articles")."""
        return self.annotate(article_count=PublishedArticleCount(self.count_union_sql, timezone.now()))


# A time no article has, compiled where "now" goes, so that public()'s SQL can be kept and reused.
_COMPILED_NOW = datetime.datetime(1901, 1, 1, 0, 0, 0, 123457, tzinfo=datetime.UTC)
_PUBLIC_SQL: dict[tuple, tuple[str, list, object]] = {}
SUBQUERY_ALIAS = re.compile(r'(?<![\w"])([A-Z]\d+)(?![\w"])')


class PublicCondition(Func):
    """`public()`'s condition, compiled by Django once per model and database, then reused.

    The OR of an EXISTS per path (36 for places, with their parents and organisations' countries)
    takes Django 2-20 ms to compile, more than the database takes to answer it; only "now" changes
    from one query to the next. The outer row is compiled as a column of whatever query this is in."""

    output_field = models.BooleanField()

    def __init__(self, model: type[models.Model]):
        super().__init__(F("pk"))
        self.model = model

    def as_sql(self, compiler, connection, **extra_context):
        pk, pk_params = compiler.compile(self.source_expressions[0])
        key = (self.model, connection.vendor)
        if key not in _PUBLIC_SQL:
            published = Article.objects.filter(
                status=Article.Status.PUBLISHED, published_at__lte=_COMPILED_NOW
            )
            rows = self.model._default_manager.filter(self.model.objects.named_in_condition(published))
            sql, params = rows.order_by().values("pk").query.get_compiler(connection=connection).as_sql()
            quote = connection.ops.quote_name
            outer = f"{quote(self.model._meta.db_table)}.{quote(self.model._meta.pk.column)}"
            where = sql[sql.index(" WHERE ") + len(" WHERE ") :].replace(outer, "{pk}")
            # Django names a subquery's tables U0, U1, ... (V0 ... inside those) from the query it
            # sits in; spliced into another subquery, those names would shadow its own.
            where = SUBQUERY_ALIAS.sub(r"public_\1", where)
            _PUBLIC_SQL[key] = (where, list(params), connection.ops.adapt_datetimefield_value(_COMPILED_NOW))
        where, params, compiled_now = _PUBLIC_SQL[key]
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        params = [now if param == compiled_now else param for param in params]
        if pk_params:  # a column has none; anything else could not be spliced in
            raise ValueError("PublicCondition compares the row's own primary key column only")
        return f"({where.replace('{pk}', pk)})", params


class PublishedArticleCount(Func):
    """Published articles among those `union_sql` selects for the outer row, counted once each.

    A union of index lookups, so a row's count costs its own articles, however large the archive.
    `union_sql` is a class constant of this module (nothing from a request reaches it); `{pk}` in it
    stands for the outer row's id, compiled as a column of whatever query this is part of."""

    output_field = models.IntegerField()

    def __init__(self, union_sql: str, now: datetime.datetime):
        super().__init__(F("pk"))
        self.union_sql, self.now = union_sql, now

    def as_sql(self, compiler, connection, **extra_context):
        pk, pk_params = compiler.compile(self.source_expressions[0])
        union = self.union_sql.format(pk=pk)
        sql = (
            f"(SELECT COUNT(*) FROM ({union}) named JOIN articles_article a ON a.id = named.id"  # noqa: S608
            " WHERE a.status = %s AND a.published_at <= %s)"
        )
        params = [*pk_params] * union.count(pk)
        return sql, (*params, Article.Status.PUBLISHED, connection.ops.adapt_datetimefield_value(self.now))


def with_ancestors(paths: tuple[str, ...], depth: int) -> tuple[str, ...]:
    """Each path and the paths to the parent, grandparent, ... of what it leads to: a named place's
    page links "In <parent>", and that page links its own parent."""
    return tuple(path + "__parent" * up for path in paths for up in range(depth + 1))


# How many levels of parents a named place or organisation brings out (Baku → Azerbaijan →
# Caucasus → Asia); deeper chains are not expected in a news archive's gazetteer.
PLACE_DEPTH, ORGANIZATION_DEPTH = 3, 2
ORGANIZATION_PATHS = with_ancestors(
    (
        "organization_mentions__organization",
        "appearances__organization",
        "events__organizations",
        "quotes__speaker_organization",
    ),
    ORGANIZATION_DEPTH,
)


class EntityQuerySet(NamedInArticlesQuerySet):
    """People, organisations, places and sources: rows with aliases."""

    def named(self, name: str):
        """Rows whose name, slug or alias is `name`, ignoring case."""
        name = name.strip()
        return self.filter(
            Q(name__iexact=name) | Q(slug=slugify(name)) | Q(aliases__name__iexact=name)
        ).distinct()


class SourceQuerySet(EntityQuerySet):
    article_paths = ("publisher", "credits__source")

    def named_in_condition(self, articles) -> Q:
        """The source's first article on each path, in the order of an index, rather than an EXISTS.

        A site has a handful of sources, so PostgreSQL expects each to be on a fifth of the articles
        (half, with two) and answered an EXISTS by reading articles_article or articles_credit until
        the first match, or by merging the source's credits with every published id: a few rows for
        a large agency, the whole table for a source credited once (TASS in the seed). Here each path
        is the first entries of an index (`article_publisher_published`, `credit_source_article`),
        and each credit's article is looked up by its id (a subquery per credit, which PostgreSQL
        cannot turn into a merge or hash join), until one is among `articles`."""
        articles = articles.order_by()
        published = articles.filter(publisher=OuterRef("pk")).order_by("publisher_id", "published_at", "pk")
        credited = (
            Credit.objects.filter(source=OuterRef("pk"))
            .alias(listed=Subquery(articles.filter(pk=OuterRef("article_id")).values("pk")[:1]))
            .filter(listed__isnull=False)
            .order_by("source_id", "article_id")
        )
        return Q(IsNull(Subquery(published.values("pk")[:1]), False)) | Q(
            IsNull(Subquery(credited.values("article_id")[:1]), False)
        )

    # What the source published or is credited on (as `from_source`).
    count_union_sql = (
        "SELECT c.article_id AS id FROM articles_credit c WHERE c.source_id = {pk}"
        " UNION SELECT p.id FROM articles_article p WHERE p.publisher_id = {pk}"
    )


class PlaceQuerySet(EntityQuerySet):
    # Named places and their parents; the countries of public organisations ("Based in ...") and theirs.
    article_paths = with_ancestors(("place_mentions__place", "dateline", "events__place"), PLACE_DEPTH) + (
        with_ancestors(tuple(f"{path}__country" for path in ORGANIZATION_PATHS), 1)
    )
    # Articles naming the place or a place directly inside it, or datelined there (as `in_place`).
    count_union_sql = (
        "SELECT m.article_id AS id FROM articles_placemention m WHERE m.place_id = {pk}"
        " UNION SELECT m.article_id FROM articles_placemention m"
        " JOIN articles_place child ON child.id = m.place_id WHERE child.parent_id = {pk}"
        " UNION SELECT d.id FROM articles_article d WHERE d.dateline_id = {pk}"
    )


class OrganizationQuerySet(EntityQuerySet):
    # Named organisations and their parents ("Part of ...").
    article_paths = ORGANIZATION_PATHS
    count_union_sql = (
        "SELECT m.article_id AS id FROM articles_organizationmention m WHERE m.organization_id = {pk}"
    )


class PersonQuerySet(EntityQuerySet):
    article_paths = ("appearances__person", "events__participants", "quotes__speaker_person")
    count_union_sql = "SELECT p.article_id AS id FROM articles_appearance p WHERE p.person_id = {pk}"


class TopicQuerySet(NamedInArticlesQuerySet):
    article_paths = ("topics",)
    count_union_sql = "SELECT t.article_id AS id FROM articles_article_topics t WHERE t.topic_id = {pk}"


class Source(SluggedModel):
    """A publisher or a news agency credited by articles."""

    class Kind(models.TextChoices):
        AGENCY = "agency", "news agency"
        PUBLISHER = "publisher", "publisher"
        BROADCASTER = "broadcaster", "broadcaster"
        OTHER = "other", "other"

    full_name = models.CharField(
        max_length=200, blank=True, help_text="For example “Associated Press” for AP."
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.OTHER)
    homepage = models.URLField(blank=True)

    objects = SourceQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(Lower("name"), name="source_name_lower")]

    def get_absolute_url(self) -> str:
        return slug_url("articles:source_detail", self.slug)


class SourceAlias(Alias):
    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="aliases")

    class Meta(Alias.Meta):
        verbose_name_plural = "source aliases"
        constraints = [models.UniqueConstraint(fields=["source", "name"], name="source_alias_unique")]
        indexes = [models.Index(Lower("name"), name="source_alias_name_lower")]


class Place(SluggedModel):
    """A city, country or region; parents nest them (Baku → Azerbaijan)."""

    class Kind(models.TextChoices):
        CITY = "city", "city"
        REGION = "region", "region"
        COUNTRY = "country", "country"
        OTHER = "other", "other"

    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.OTHER)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children"
    )
    latitude = models.DecimalField(max_digits=8, decimal_places=5, null=True, blank=True)
    longitude = models.DecimalField(max_digits=8, decimal_places=5, null=True, blank=True)

    objects = PlaceQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(Lower("name"), name="place_name_lower")]

    def get_absolute_url(self) -> str:
        return slug_url("articles:place_detail", self.slug)


class PlaceAlias(Alias):
    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="aliases")

    class Meta(Alias.Meta):
        verbose_name_plural = "place aliases"
        constraints = [models.UniqueConstraint(fields=["place", "name"], name="place_alias_unique")]
        indexes = [models.Index(Lower("name"), name="place_alias_name_lower")]


class Organization(SluggedModel):
    """An organisation named in articles: an alliance, a ministry, a company."""

    class Kind(models.TextChoices):
        GOVERNMENT = "government", "government body"
        MILITARY = "military", "military"
        INTERNATIONAL = "international", "international organisation"
        COMPANY = "company", "company"
        OTHER = "other", "other"

    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.OTHER)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children"
    )
    country = models.ForeignKey(
        Place, null=True, blank=True, on_delete=models.SET_NULL, related_name="organizations"
    )

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = "organisation"
        indexes = [models.Index(Lower("name"), name="organization_name_lower")]

    def get_absolute_url(self) -> str:
        return slug_url("articles:organization_detail", self.slug)


class OrganizationAlias(Alias):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="aliases")

    class Meta(Alias.Meta):
        verbose_name = "organisation alias"
        verbose_name_plural = "organisation aliases"
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="organization_alias_unique")
        ]
        indexes = [models.Index(Lower("name"), name="organization_alias_name_lower")]


class Person(SluggedModel):
    """Someone named in articles; their titles are per article (Appearance)."""

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"
        indexes = [models.Index(Lower("name"), name="person_name_lower")]

    def get_absolute_url(self) -> str:
        return slug_url("articles:person_detail", self.slug)


class PersonAlias(Alias):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="aliases")

    class Meta(Alias.Meta):
        verbose_name_plural = "person aliases"
        constraints = [models.UniqueConstraint(fields=["person", "name"], name="person_alias_unique")]
        indexes = [models.Index(Lower("name"), name="person_alias_name_lower")]


class Topic(SluggedModel):
    """A subject tag ("NATO–Russia relations")."""

    objects = TopicQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(Lower("name"), name="topic_name_lower")]

    def get_absolute_url(self) -> str:
        return slug_url("articles:topic_detail", self.slug)


# What with_relations() joins to an article's row, and what it prefetches (article_page_relations()).
ARTICLE_PAGE_ROWS = ("publisher", "dateline", "dateline__parent")


def article_page_relations() -> list:
    """The prefetches of with_relations(), also for an article already loaded with ARTICLE_PAGE_ROWS
    (`prefetch_related_objects([article], *article_page_relations())`)."""
    return [
        "topics",
        models.Prefetch("credits", queryset=Credit.objects.select_related("source")),
        models.Prefetch("appearances", queryset=Appearance.objects.select_related("person", "organization")),
        models.Prefetch(
            "organization_mentions",
            queryset=OrganizationMention.objects.select_related("organization"),
        ),
        models.Prefetch(
            "place_mentions", queryset=PlaceMention.objects.select_related("place", "place__parent")
        ),
        models.Prefetch(
            "events",
            queryset=Event.objects.select_related("place", "place__parent").prefetch_related(
                "participants", "organizations"
            ),
        ),
        models.Prefetch(
            "quotes",
            queryset=Quote.objects.select_related("speaker_person", "speaker_organization"),
        ),
        "corrections",
    ]


class ArticleQuerySet(models.QuerySet):
    def published(self, now: datetime.datetime | None = None):
        """What readers may see: published, with a publication time that has come (by `now`, when a
        prepared query compiles it with a marker in place of the time)."""
        return self.filter(status=Article.Status.PUBLISHED, published_at__lte=now or timezone.now())

    def months_with_articles(self, year: int) -> list[datetime.datetime]:
        """The first instant (current time zone) of each month of `year` holding one of these
        articles: what `self.datetimes("published_at", "month")` gives for the year.

        One query that reads each month's first article off the published-date index (a range probe
        that stops at one row) instead of truncating the date of every article of the year, which
        SQLite does in a Python function called per row (80-380 ms for a year of 20,000 articles;
        bench/README.md, "EXPLAIN at 100,000 articles"). Each probe has a single lower and upper
        bound on the date, as SQLite uses one of each (published() gives the upper)."""
        connection = connections[self.db]
        zone = timezone.get_current_timezone()
        # The first instant of each month of the year in the current time zone, and of the next year.
        starts = [
            timezone.make_aware(datetime.datetime(year + n // 12, n % 12 + 1, 1), zone) for n in range(13)
        ]
        probes, params = [], []
        for start, end in itertools.pairwise(starts):
            first = self.filter(published_at__gte=start).order_by("published_at").values("published_at")[:1]
            sql, first_params = first.query.get_compiler(connection=connection).as_sql()
            probes.append(
                f"(SELECT COUNT(*) FROM ({sql}) first_article WHERE first_article.published_at < %s)"  # noqa: S608
            )
            params.extend([*first_params, connection.ops.adapt_datetimefield_value(end)])
        with connection.cursor() as cursor:
            cursor.execute("SELECT " + ", ".join(probes), params)  # Django's SQL, with bound parameters
            found = cursor.fetchone()
        return [start for start, count in zip(starts, found, strict=False) if count]

    def visible_to(self, user):
        """What a member of staff may open in the admin and preview: editors everything, reporters
        their own stories and whatever is published."""
        if not (user.is_active and user.is_staff):
            return self.none()
        if user.has_perm("articles.publish_article"):
            return self.all()
        return self.filter(Q(created_by=user) | Q(status=Article.Status.PUBLISHED))

    def for_listing(self):
        """What an article card shows: the publisher, dateline and credited sources."""
        return self.select_related("publisher", "dateline").prefetch_related(
            models.Prefetch("credits", queryset=Credit.objects.select_related("source"))
        )

    def with_relations(self):
        """Everything the article page shows, in a fixed number of queries."""
        return self.select_related(*ARTICLE_PAGE_ROWS).prefetch_related(*article_page_relations())

    def for_export(self):
        """Everything an export record holds, prefetched into lists (`export_credits`, ...).

        For thousands of articles at once: unlike `with_relations()`, no related manager and
        queryset is built per article and relation, which is most of the cost at that scale."""
        return self.select_related("publisher", "dateline").prefetch_related(
            models.Prefetch("topics", to_attr="export_topics"),
            models.Prefetch(
                "credits", queryset=Credit.objects.select_related("source"), to_attr="export_credits"
            ),
            models.Prefetch(
                "appearances",
                queryset=Appearance.objects.select_related("person", "organization"),
                to_attr="export_appearances",
            ),
            models.Prefetch(
                "organization_mentions",
                queryset=OrganizationMention.objects.select_related("organization"),
                to_attr="export_organization_mentions",
            ),
            models.Prefetch(
                "place_mentions",
                queryset=PlaceMention.objects.select_related("place"),
                to_attr="export_place_mentions",
            ),
            models.Prefetch(
                "events",
                queryset=Event.objects.select_related("place").prefetch_related(
                    models.Prefetch("participants", to_attr="export_participants"),
                    models.Prefetch("organizations", to_attr="export_organizations"),
                ),
                to_attr="export_events",
            ),
            models.Prefetch(
                "quotes",
                queryset=Quote.objects.select_related("speaker_person", "speaker_organization"),
                to_attr="export_quotes",
            ),
            models.Prefetch("corrections", to_attr="export_corrections"),
        )

    def newest_first(self):
        """Newest first, as Article.Meta orders them, but sorted rather than read off the date index.

        For an entity's articles: with the plain descending order PostgreSQL walks the whole
        published-date index backwards looking for the stories of a rare person (85-184 ms a page at
        100,000 articles); NULLS LAST, which no index has, makes it start from the entity's own
        links and sort those. The order is the same, as published articles always have a date."""
        return self.order_by(F("published_at").desc(nulls_last=True), "-pk")

    def in_order(self, ids) -> list:
        """These articles as a list in the order of `ids` (a page of ids sorted by another query)."""
        found = self.in_bulk(ids)
        return [found[pk] for pk in ids if pk in found]

    def about(self, person: Person):
        return self.filter(appearances__person=person)

    def mentioning(self, organization: Organization):
        return self.filter(organization_mentions__organization=organization)

    # The next two are each a union of id sets, one per path, so that every path is an index lookup:
    # an OR across the paths made PostgreSQL read the whole article table to test each row.
    def in_place(self, place: Place):
        """Articles naming the place or one of the places directly inside it, or datelined there."""
        # The place's own mentions by its id, so that PostgreSQL knows how many it has (a place named
        # in half the archive is joined by hashing, a rare one by index lookups).
        named = PlaceMention.objects.filter(place=place).order_by().values("article_id")
        inside = PlaceMention.objects.filter(place__parent=place).order_by().values("article_id")
        datelined = Article._base_manager.filter(dateline=place).order_by().values("pk")
        return self.filter(pk__in=named.union(inside, datelined))

    def from_source(self, source: Source):
        """Articles the source published or is credited on."""
        credited = Credit.objects.filter(source=source).order_by().values("article_id")
        published = Article._base_manager.filter(publisher=source).order_by().values("pk")
        return self.filter(pk__in=credited.union(published))

    def tagged(self, topic: Topic):
        return self.filter(topics=topic)


class Article(models.Model):
    """A news story, stored with its sources, people, organisations, places and dates."""

    class Status(models.TextChoices):
        DRAFT = "draft", "draft"
        REVIEW = "review", "in review"
        PUBLISHED = "published", "published"
        WITHDRAWN = "withdrawn", "withdrawn"

    class PublicationPrecision(models.TextChoices):
        EXACT = "exact", "exact time"
        DAY = "day", "day"
        MONTH = "month", "month"
        YEAR = "year", "year"
        ESTIMATED = "estimated", "estimated (about this day)"

    headline = models.CharField(max_length=300)
    slug = models.SlugField(max_length=200, unique=True, blank=True)
    dek = models.TextField("standfirst", blank=True, help_text="One or two sentences under the headline.")
    body = models.TextField(help_text="Markdown. Rendered and sanitised when the article is saved.")
    body_html = models.TextField(editable=False, blank=True)
    byline = models.CharField(max_length=300, blank=True)
    publisher = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.PROTECT, related_name="published_articles"
    )
    dateline = models.ForeignKey(
        Place, null=True, blank=True, on_delete=models.SET_NULL, related_name="datelined_articles"
    )
    published_at = models.DateTimeField(null=True, blank=True, db_index=True)
    published_precision = models.CharField(
        "precision of the publication date",
        max_length=10,
        choices=PublicationPrecision.choices,
        default=PublicationPrecision.EXACT,
    )
    date_note = models.CharField(
        max_length=300, blank=True, help_text="Why the publication date is uncertain, shown to readers."
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    withdrawn_reason = models.TextField(
        blank=True, help_text="Shown to readers who follow a link to a withdrawn article."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles_created",
        editable=False,
        help_text="The member of staff who wrote the story in the admin (reporters edit only their own).",
    )
    language = models.CharField(max_length=12, default="en")
    original_url = models.URLField(max_length=500, null=True, blank=True, unique=True)
    guid = models.CharField("feed GUID", max_length=500, blank=True)
    rights = models.CharField(
        max_length=300, blank=True, help_text="Licence or attribution line shown with the article."
    )
    featured = models.BooleanField(
        default=False, help_text="Shown in the Featured section of the home page while published."
    )
    topics = models.ManyToManyField(Topic, blank=True, related_name="articles")
    sources = models.ManyToManyField(Source, through="Credit", related_name="credited_articles")
    people = models.ManyToManyField(Person, through="Appearance", related_name="articles")
    organizations = models.ManyToManyField(
        Organization, through="OrganizationMention", related_name="articles"
    )
    places = models.ManyToManyField(Place, through="PlaceMention", related_name="articles")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        get_latest_by = "published_at"
        permissions = [("publish_article", "Can publish, schedule and withdraw articles")]
        indexes = [
            models.Index(fields=["status", "-published_at"], name="article_status_published"),
            models.Index(fields=["guid"], name="article_guid"),
            # published() ids without reading the table: the subquery of every count and facet of
            # published articles (timeline, quotes, corrections, entity lists) as an index-only scan.
            models.Index(fields=["status", "published_at", "id"], name="article_published_ids"),
            # The home page's Featured section, without scanning every article for the flag.
            models.Index(fields=["-published_at"], condition=Q(featured=True), name="article_featured"),
            # Is this linked article published? Answered from the index alone, without reading the
            # row and its body: every count and co-occurrence joins its link rows to this.
            models.Index(fields=["id", "status", "published_at"], name="article_id_publication"),
            # A source's or a place's articles by publisher or dateline, as ids from the index alone.
            models.Index(fields=["publisher", "id"], name="article_publisher_ids"),
            # Has the source published anything yet? Its first published article (Source.objects.public()).
            models.Index(
                fields=["publisher", "status", "published_at", "id"], name="article_publisher_published"
            ),
            models.Index(fields=["dateline", "id"], name="article_dateline_ids"),
        ]

    def __str__(self) -> str:
        return self.headline

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Article, self.headline, instance_pk=self.pk)
        self.body_html = render_markdown(self.body)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "body" in update_fields:
            kwargs["update_fields"] = {*update_fields, "body_html"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        """The dated public URL; until the story is public, its permalink (staff land on the preview)."""
        day = self.local_date
        if day is None or self.status in (self.Status.DRAFT, self.Status.REVIEW) or self.is_scheduled:
            return reverse("articles:article_permalink", kwargs={"slug": self.slug})
        return dated_slug_url("articles:article_detail", day, self.slug)

    @property
    def local_date(self) -> datetime.date | None:
        if self.published_at is None:
            return None
        return timezone.localtime(self.published_at).date()

    @property
    def licence_url(self) -> str | None:
        """The licence named in `rights` ("From Wikinews, CC BY 2.5"), if it is one we know."""
        return next((url for name, url in LICENCE_URLS.items() if name in self.rights), None)

    @property
    def is_public(self) -> bool:
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    @property
    def is_scheduled(self) -> bool:
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at > timezone.now()
        )

    @property
    def state(self) -> str:
        """The status as the newsroom says it: "scheduled" is a published story whose time has not come."""
        return "scheduled" if self.is_scheduled else self.get_status_display()

    def get_preview_url(self) -> str:
        return reverse("articles:article_preview", kwargs={"pk": self.pk})

    @property
    def last_corrected_at(self) -> datetime.datetime | None:
        """When the latest correction was made: the "Updated" date readers see."""
        corrections = list(self.corrections.all())  # prefetched by with_relations()
        return max((c.corrected_at for c in corrections), default=None)

    @property
    def word_count(self) -> int:
        return len(self.body.split())


class Credit(models.Model):
    """A source credited on an article: "With reporting by AP"."""

    class Role(models.TextChoices):
        REPORTING = "reporting", "reporting"
        ADDITIONAL = "additional", "additional reporting"
        PHOTOS = "photos", "photos"
        SOURCE = "source", "source"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="credits")
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="credits")
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.REPORTING)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        constraints = [models.UniqueConstraint(fields=["article", "source", "role"], name="credit_unique")]
        indexes = [models.Index(fields=["source", "article"], name="credit_source_article")]

    def __str__(self) -> str:
        return f"{self.source} ({self.get_role_display()})"

    def get_absolute_url(self) -> str:
        return self.source.get_absolute_url()


class Appearance(models.Model):
    """A person in an article, with the title and organisation the article gives them."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="appearances")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="appearances")
    title = models.CharField(max_length=300, blank=True, help_text="As written in this article.")
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.SET_NULL, related_name="appearances"
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        constraints = [models.UniqueConstraint(fields=["article", "person"], name="appearance_unique")]
        indexes = [models.Index(fields=["person", "article"], name="appearance_person_article")]

    def __str__(self) -> str:
        return f"{self.person}, {self.title}" if self.title else str(self.person)

    def get_absolute_url(self) -> str:
        return self.person.get_absolute_url()


class OrganizationMention(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="organization_mentions")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="mentions")
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = "organisation mentioned"
        verbose_name_plural = "organisations mentioned"
        constraints = [
            models.UniqueConstraint(fields=["article", "organization"], name="organization_mention_unique")
        ]
        indexes = [models.Index(fields=["organization", "article"], name="organization_mention_articles")]

    def __str__(self) -> str:
        return str(self.organization)

    def get_absolute_url(self) -> str:
        return self.organization.get_absolute_url()


class PlaceMention(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="place_mentions")
    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="mentions")
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = "place mentioned"
        verbose_name_plural = "places mentioned"
        constraints = [models.UniqueConstraint(fields=["article", "place"], name="place_mention_unique")]
        indexes = [models.Index(fields=["place", "article"], name="place_mention_articles")]

    def __str__(self) -> str:
        return str(self.place)

    def get_absolute_url(self) -> str:
        return self.place.get_absolute_url()


class DatePrecision(models.TextChoices):
    DAY = "day", "day"
    MONTH = "month", "month"
    YEAR = "year", "year"


class EventQuerySet(models.QuerySet):
    def published(self):
        """Events reported by articles readers may see."""
        return self.filter(
            article__status=Article.Status.PUBLISHED, article__published_at__lte=timezone.now()
        )

    def in_place(self, place: Place):
        """Events at the place or at one of the places directly inside it.

        The places first (a small table), then their events by the index on the event's place: the
        OR across the join to the event's place made PostgreSQL read every event to test it."""
        return self.filter(place__in=Place.objects.filter(Q(pk=place.pk) | Q(parent=place)).values("pk"))

    def first_by_date(self, n: int):
        """The first `n` of these events by date, with their stories and places.

        Their ids are chosen from indexes first (`event_id_date_article`: the date and story of an
        event by its id) and only those rows read: for a person's hundred events PostgreSQL
        otherwise hashed the whole events table rather than read a hundred rows by id."""
        ids = self.order_by("date", "pk").values("pk")[:n]
        return Event.objects.filter(pk__in=ids).select_related("article", "place").order_by("date", "pk")


class Event(models.Model):
    """A dated happening an article reports; the date is as precise as the text allows."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="events")
    description = models.CharField(max_length=300)
    date = models.DateField(help_text="For month or year precision, the first day of it.")
    precision = models.CharField(max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY)
    year_inferred = models.BooleanField(
        default=False, help_text="The text gives no year: it was inferred from context."
    )
    inference_note = models.CharField(max_length=300, blank=True, help_text="How the date was worked out.")
    place = models.ForeignKey(Place, null=True, blank=True, on_delete=models.SET_NULL, related_name="events")
    participants = models.ManyToManyField(Person, blank=True, related_name="events")
    organizations = models.ManyToManyField(Organization, blank=True, related_name="events")

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["date", "pk"]
        indexes = [
            models.Index(fields=["date"], name="event_date"),
            # A person's or place's events by date and whether their story is out, from indexes
            # alone (EventQuerySet.first_by_date(), public()'s paths through events).
            models.Index(fields=["id", "date", "article"], name="event_id_date_article"),
            models.Index(fields=["place", "article", "date", "id"], name="event_place_article"),
        ]

    def __str__(self) -> str:
        return f"{self.date.isoformat()}: {self.description}"

    def get_absolute_url(self) -> str:
        return f"{self.article.get_absolute_url()}#event-{self.pk}"


class Quote(models.Model):
    """Words an article quotes, with who said them (a person, an organisation or a description)."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="quotes")
    text = models.TextField()
    speaker_person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="quotes"
    )
    speaker_organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.SET_NULL, related_name="quotes"
    )
    speaker_description = models.CharField(
        max_length=200, blank=True, help_text="When the speaker is not named: “a NATO spokesman”."
    )
    context = models.CharField(max_length=300, blank=True, help_text="What the words were said about.")
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return f"“{self.text[:60]}” ({self.speaker_label})"

    def get_absolute_url(self) -> str:
        return f"{self.article.get_absolute_url()}#quote-{self.pk}"

    @property
    def speaker_label(self) -> str:
        return self.speaker_description or str(
            self.speaker_person or self.speaker_organization or "unattributed"
        )


class Correction(models.Model):
    """A dated public correction note on an article."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="corrections")
    corrected_at = models.DateTimeField(default=timezone.now)
    text = models.TextField()

    class Meta:
        ordering = ["corrected_at", "pk"]
        # The corrections page, newest first: its 50 rows read in order, not every correction's story.
        indexes = [models.Index(fields=["-corrected_at", "-id"], name="correction_newest")]

    def __str__(self) -> str:
        return f"Correction of {timezone.localtime(self.corrected_at):%Y-%m-%d} to “{self.article}”"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        # A correction is an update of the story: feeds, sitemaps and the page's date follow it.
        Article.objects.filter(pk=self.article_id).update(updated_at=timezone.now())

    def get_absolute_url(self) -> str:
        return f"{self.article.get_absolute_url()}#corrections"


class SearchDocument(models.Model):
    """An article's weighted text vector for PostgreSQL full-text search (articles/search/postgres.py).

    Kept beside the article rather than on it, so that pages listing articles never load it. SQLite
    keeps its index in an FTS5 table instead and leaves this one empty.
    """

    article = models.OneToOneField(
        Article, primary_key=True, on_delete=models.CASCADE, related_name="search_document"
    )
    vector = SearchVectorField(null=True)
    # The headline (A), standfirst and names (B) part of `vector` alone, with an index of its own:
    # the first two relevance tiers rank it instead of every body match (articles/search/postgres.py).
    names_vector = SearchVectorField(null=True)
    # The article's publication time while its status is "published", else null: with it a search
    # decides what readers may see (published_at <= now) and orders by date without joining the
    # article table. Written with the vector, so every status or date change re-indexes it.
    published_at = models.DateTimeField(null=True, db_index=True)

    class Meta:
        verbose_name = "search index entry"
        verbose_name_plural = "search index entries"

    def __str__(self) -> str:
        return f"search index entry of article {self.article_id}"


class ExtractionDismissal(models.Model):
    """A suggestion an editor turned down for an article, so the Suggestions panel stops offering it."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="extraction_dismissals")
    key = models.CharField(max_length=300, help_text="The suggestion's key, such as “person:petr pavel”.")
    label = models.CharField(max_length=300, blank=True)
    dismissed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    dismissed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-dismissed_at", "pk"]
        verbose_name = "dismissed suggestion"
        constraints = [models.UniqueConstraint(fields=["article", "key"], name="extraction_dismissal_unique")]

    def __str__(self) -> str:
        return f"{self.label or self.key} (dismissed on “{self.article}”)"

    def get_absolute_url(self) -> str:
        return self.article.get_absolute_url()
