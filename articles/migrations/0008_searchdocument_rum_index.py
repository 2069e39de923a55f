"""A RUM index on the search vectors, where the server has the extension (Debian: postgresql-15-rum).

RUM keeps each lexeme's positions and weights in the index, so `ORDER BY vector <=> query LIMIT k`
ranks inside the index instead of reading every matching vector from the table (bench/README.md).
Where the extension is not available this does nothing and searches use the GIN index of
0002_search_index; articles/search/postgres.py looks for this index by name. To add it later,
install the extension and run `manage.py migrate articles 0007 && manage.py migrate`.
"""

from django.db import migrations

INDEX = "search_document_rum"


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
        f"CREATE INDEX {INDEX} ON articles_searchdocument USING rum (vector rum_tsvector_ops)"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0007_searchdocument_published_at"),
    ]

    operations = [migrations.RunPython(create, drop)]
