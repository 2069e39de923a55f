"""Keep the search index in step with the articles: after every commit that changes what it holds.

Like simonwillisonblog's blog/signals.py, the work waits for transaction.on_commit, so an admin
save with its inlines is indexed once it is final, and a rolled-back change is never indexed.
"""

from django.db import transaction
from django.db.backends.signals import connection_created
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from django.dispatch import receiver

from ..models import (
    Appearance,
    Article,
    Credit,
    Organization,
    OrganizationAlias,
    OrganizationMention,
    Person,
    PersonAlias,
    Place,
    PlaceAlias,
    PlaceMention,
    Source,
    SourceAlias,
    Topic,
)

LINKS = (Appearance, Credit, OrganizationMention, PlaceMention)


def reindex_later(article_ids) -> None:
    """Index these articles once the transaction commits, all of a transaction's in one pass.

    An admin save with its inlines, or `import_articles --update` deleting thousands of related rows,
    sends a signal per row; the ids gather in one set per connection, and the first callback to run
    at commit indexes them all (the others find nothing left). Ids whose change was rolled back are
    indexed too, harmlessly: indexing reads what the database holds."""
    ids = {pk for pk in article_ids if pk is not None}
    if not ids:
        return
    connection = transaction.get_connection()
    if not hasattr(connection, "search_reindex_pending"):
        connection.search_reindex_pending = set()
    connection.search_reindex_pending |= ids
    transaction.on_commit(lambda: flush_reindex(connection))


def flush_reindex(connection) -> None:
    from . import index_articles

    ids, connection.search_reindex_pending = connection.search_reindex_pending, set()
    if ids:
        index_articles(sorted(ids))


@receiver(post_save, sender=Article)
def article_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        reindex_later([instance.pk])


@receiver(post_delete, sender=Article)
def article_deleted(sender, instance, **kwargs):
    from . import remove_articles

    pk = instance.pk
    transaction.on_commit(lambda: remove_articles([pk]))


@receiver(post_save)
@receiver(post_delete)
def link_changed(sender, instance, raw=False, **kwargs):
    """A person, organisation, place or source added to or taken from an article."""
    if sender in LINKS and not raw:
        reindex_later([instance.article_id])


@receiver(m2m_changed, sender=Article.topics.through)
def topics_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action in {"post_add", "post_remove", "post_clear"}:
        reindex_later([instance.pk] if not reverse else pk_set or [])


# Renaming an entity or changing its aliases changes the names of the articles that carry it.
ENTITY_ARTICLES = {
    Person: lambda pk: Appearance.objects.filter(person_id=pk),
    Organization: lambda pk: OrganizationMention.objects.filter(organization_id=pk),
    Place: lambda pk: PlaceMention.objects.filter(place_id=pk),
    Source: lambda pk: Credit.objects.filter(source_id=pk),
    Topic: lambda pk: Article.topics.through.objects.filter(topic_id=pk),
}
ALIAS_OWNER = {
    PersonAlias: "person",
    OrganizationAlias: "organization",
    PlaceAlias: "place",
    SourceAlias: "source",
}


@receiver(post_save)
@receiver(post_delete)
def entity_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    if sender in ALIAS_OWNER:
        owner_field = ALIAS_OWNER[sender]
        owner = type(instance)._meta.get_field(owner_field).related_model
        pk = getattr(instance, f"{owner_field}_id")
    elif sender in ENTITY_ARTICLES and kwargs.get("created") is not True:
        owner, pk = sender, instance.pk
    else:
        return
    article_ids = set(ENTITY_ARTICLES[owner](pk).values_list("article_id", flat=True))
    # The publisher's and the dateline's names are indexed with the article too.
    if owner is Source:
        article_ids.update(Article.objects.filter(publisher_id=pk).values_list("pk", flat=True))
    if owner is Place:
        article_ids.update(Article.objects.filter(dateline_id=pk).values_list("pk", flat=True))
    reindex_later(article_ids)


# Which PostgreSQL index ranks (RUM where the server has the extension, else GIN) is looked up when
# a process first connects to a database and again after migrations, not by each search.
@receiver(connection_created)
def connection_opened(sender, connection, **kwargs):
    if connection.vendor == "postgresql":
        from . import postgres

        if connection.settings_dict["NAME"] not in postgres._rum_index:
            postgres.note_rum_index(connection)


@receiver(post_migrate)
def migrated(sender, using, **kwargs):
    from django.db import connections

    if sender.name == "articles" and connections[using].vendor == "postgresql":
        from . import postgres

        postgres.note_rum_index(connections[using])
