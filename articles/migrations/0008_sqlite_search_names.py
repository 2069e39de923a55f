"""SQLite: a second FTS5 table of headline, standfirst and names, for the first relevance tiers.

Ranking a common word's headline matches in the main table reads its doclists for every column
and costs about 12 ms at 100,000 articles; the same in a table without bodies costs half, and a
phrase that only bodies hold is answered at once. Filled from the main index; reversible.
PostgreSQL: nothing here.
"""

from django.db import migrations

SQLITE_FORWARDS = [
    "CREATE VIRTUAL TABLE article_search_names USING fts5("
    "headline, dek, names, tokenize = 'porter unicode61 remove_diacritics 2')",
    "INSERT INTO article_search_names(article_search_names, rank) VALUES ('rank', 'bm25(10.0, 4.0, 4.0)')",
    "INSERT INTO article_search_names (rowid, headline, dek, names)"
    " SELECT rowid, headline, dek, names FROM article_search",
]
SQLITE_BACKWARDS = ["DROP TABLE IF EXISTS article_search_names"]


def run(statements):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            for statement in statements:
                schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0007_sqlite_search_facts"),
    ]

    operations = [
        migrations.RunPython(run(SQLITE_FORWARDS), run(SQLITE_BACKWARDS)),
    ]
