"""SQLite: both FTS5 tables gain a `period` column, the year and month of publication as two words.

A date filter then narrows the full-text match inside FTS5 (`{period} : ("m198701" OR ...)`), so
a common word within six months is checked against the dates, ranked and counted among the
window's matches only, not every match in the archive ("would" within six months at 100,000
articles: 100 ms of CPU before). The column weighs 0 in bm25. FTS5 cannot add a column, so each
table is rebuilt from its own rows and the periods from article_search_facts (published articles
only); reversible the same way. PostgreSQL: nothing here.
"""

from django.db import migrations

TOKENIZE = "tokenize = 'porter unicode61 remove_diacritics 2'"
# The publication time is stored as "YYYY-MM-DD HH:MM:SS[.ffffff]" in UTC.
PERIOD = (
    "'y' || substr(f.published_at, 1, 4)"
    " || ' m' || substr(f.published_at, 1, 4) || substr(f.published_at, 6, 2)"
)
PERIOD_OF_ROW = f"(SELECT {PERIOD} FROM article_search_facts f WHERE f.article_id = s.rowid)"  # noqa: S608


def rebuild(table, columns, rank, rows):
    """Statements that rebuild FTS5 `table` with `columns` and `rank`, filled by the SELECT `rows`."""
    return [
        f"CREATE VIRTUAL TABLE {table}_rebuilt USING fts5({columns}, {TOKENIZE})",
        f"INSERT INTO {table}_rebuilt({table}_rebuilt, rank) VALUES ('rank', '{rank}')",  # noqa: S608
        f"INSERT INTO {table}_rebuilt (rowid, {columns}) {rows}",
        f"DROP TABLE {table}",
        f"ALTER TABLE {table}_rebuilt RENAME TO {table}",
    ]


FORWARDS = [
    *rebuild(
        "article_search",
        "headline, dek, names, body, period",
        "bm25(10.0, 4.0, 4.0, 1.0, 0.0)",
        f"SELECT s.rowid, s.headline, s.dek, s.names, s.body, {PERIOD_OF_ROW} FROM article_search s",  # noqa: S608
    ),
    *rebuild(
        "article_search_names",
        "headline, dek, names, period",
        "bm25(10.0, 4.0, 4.0, 0.0)",
        f"SELECT s.rowid, s.headline, s.dek, s.names, {PERIOD_OF_ROW} FROM article_search_names s",  # noqa: S608
    ),
]
BACKWARDS = [
    *rebuild(
        "article_search",
        "headline, dek, names, body",
        "bm25(10.0, 4.0, 4.0, 1.0)",
        "SELECT s.rowid, s.headline, s.dek, s.names, s.body FROM article_search s",
    ),
    *rebuild(
        "article_search_names",
        "headline, dek, names",
        "bm25(10.0, 4.0, 4.0)",
        "SELECT s.rowid, s.headline, s.dek, s.names FROM article_search_names s",
    ),
]


def run(statements):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            for statement in statements:
                schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0013_link_covering_indexes"),
    ]

    operations = [
        migrations.RunPython(run(FORWARDS), run(BACKWARDS)),
    ]
