"""SQLite: a narrow table of when each indexed article became public, beside the FTS5 index.

Checking "published, and not in the future" per match on articles_article walks each row's body
and body_html overflow pages to reach its status and date (13-38 ms for 10,000 matches at 100,000
articles); this table of (id, date) rows fits in a few hundred pages (3 ms). `published_at` is the
article's date when its status is published, else NULL. sqlite.index() keeps it current.
PostgreSQL: nothing here.
"""

from django.db import migrations

SQLITE_FORWARDS = [
    "CREATE TABLE article_search_published (article_id INTEGER PRIMARY KEY, published_at datetime NULL)",
    "INSERT INTO article_search_published (article_id, published_at)"
    " SELECT a.id, CASE WHEN a.status = 'published' THEN a.published_at END FROM articles_article a"
    " WHERE a.id IN (SELECT rowid FROM article_search)",
]
SQLITE_BACKWARDS = ["DROP TABLE IF EXISTS article_search_published"]


def run(statements):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            for statement in statements:
                schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0006_article_featured"),
    ]

    operations = [
        migrations.RunPython(run(SQLITE_FORWARDS), run(SQLITE_BACKWARDS)),
    ]
