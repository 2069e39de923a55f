"""A RUM index on the search vectors, in place of GIN, where the server has the extension.

RUM (Debian: postgresql-15-rum) keeps each lexeme's positions and weights in the index, so
`ORDER BY vector <=> query LIMIT k` ranks inside the index instead of reading every matching
vector from the table, and a phrase is matched in the index instead of rechecking each candidate
row (a three-word phrase counted in 19 ms instead of 148 ms at 100,000 articles; bench/README.md).
It answers `@@` as GIN does, so GIN's index of 0002_search_index is dropped: two indexes would
double the writes, and the planner kept choosing GIN, which cannot check phrases.

Where the extension is not available this does nothing and searches use GIN;
articles/search/postgres.py looks for the RUM index by name. To add it later, install the
extension and run `manage.py migrate articles 0010 && manage.py migrate`.
"""

from django.db import migrations

RUM_INDEX = "search_document_rum"
GIN_INDEX = "search_document_vector"  # 0002_search_index


def create(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'rum'")
        if cursor.fetchone() is None:
            return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS rum")
    schema_editor.execute(
        f"CREATE INDEX {RUM_INDEX} ON articles_searchdocument USING rum (vector rum_tsvector_ops)"
    )
    schema_editor.execute(f"DROP INDEX IF EXISTS {GIN_INDEX}")


def drop(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [RUM_INDEX])
        had_rum = cursor.fetchone()[0]
    if had_rum:
        schema_editor.execute(f"CREATE INDEX {GIN_INDEX} ON articles_searchdocument USING gin (vector)")
        schema_editor.execute(f"DROP INDEX {RUM_INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0010_searchdocument_published_at"),
    ]

    operations = [migrations.RunPython(create, drop)]
