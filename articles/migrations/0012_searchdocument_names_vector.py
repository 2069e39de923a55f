"""PostgreSQL: a second, small vector per article, headline (A) and standfirst and names (B) alone.

Relevance ranks in tiers as on SQLite (articles/search/postgres.py, ranked_in): the first two
tiers match and rank this vector through its own index, so page 1 of a common word ranks its few
headline matches instead of every body match. It is the full vector's A and B part
(`ts_filter`), so it is filled from the vectors already there and cannot differ from them.

Its index is RUM where 0011 made the full vector's index RUM (the extension is there), else GIN,
so both vectors are searched the same way. SQLite leaves the table empty: nothing to do.
"""

import django.contrib.postgres.search
from django.db import migrations

NAMES_INDEX = "search_document_names"
# As articles/search/postgres.py INDEX_SQL writes it for new and re-indexed articles.
BACKFILL = "UPDATE articles_searchdocument SET names_vector = ts_filter(vector, '{a,b}')"


def _has_rum(connection) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass('search_document_rum') IS NOT NULL")
        return cursor.fetchone()[0]


def create(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    schema_editor.execute(BACKFILL)
    method = "rum (names_vector rum_tsvector_ops)" if _has_rum(connection) else "gin (names_vector)"
    schema_editor.execute(f"CREATE INDEX {NAMES_INDEX} ON articles_searchdocument USING {method}")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {NAMES_INDEX}")


def use_gin(schema_editor):
    """Make the index GIN, as on a server without RUM (tests/test_search_postgres.py, with 0011's drop)."""
    drop(None, schema_editor)
    schema_editor.execute(f"CREATE INDEX {NAMES_INDEX} ON articles_searchdocument USING gin (names_vector)")


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0011_searchdocument_rum_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="searchdocument",
            name="names_vector",
            field=django.contrib.postgres.search.SearchVectorField(null=True),
        ),
        migrations.RunPython(create, drop),
    ]
