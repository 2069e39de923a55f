"""PostgreSQL: a published article's vector gains its year and month of publication as lexemes.

'y 1987':1 and 'm 198701':1 (UTC), weight D, as articles/search/postgres.py INDEX_SQL writes them
for new and re-indexed articles. A date filter then ANDs the months it spans (whole years as
years) to the reader's query, so the index yields only the matches in the window's months instead
of every match of a common word, each then checked against the dates (bench/README.md). Weight D
is in no rank and not in names_vector (ts_filter to A and B); reversing keeps A, B and C.

The vector's index (RUM, or GIN where the extension is absent) is dropped before the rewrite and
built again from its own definition after it: kept current row by row, the rewrite of 100,000
vectors had to insert every lexeme of each into the index again. SQLite: nothing here (0014).
"""

from django.db import migrations

PERIODS = (
    "('''y ' || to_char(published_at AT TIME ZONE 'UTC', 'YYYY') || ''':1 ''m ' "
    "|| to_char(published_at AT TIME ZONE 'UTC', 'YYYYMM') || ''':1')::tsvector"
)
FORWARD = (
    f"UPDATE articles_searchdocument SET vector = ts_filter(vector, '{{a,b,c}}') || {PERIODS} "  # noqa: S608 (a constant)
    "WHERE published_at IS NOT NULL"
)
BACKWARD = "UPDATE articles_searchdocument SET vector = ts_filter(vector, '{a,b,c}')"
# The indexes of the full vector: 0011's RUM index, or 0002's GIN index without the extension.
VECTOR_INDEXES = ("search_document_rum", "search_document_vector")


def rewrite(update):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(
                "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'articles_searchdocument' "
                "AND indexname = ANY(%s)",
                [list(VECTOR_INDEXES)],
            )
            indexes = cursor.fetchall()
        for name, _ in indexes:
            schema_editor.execute(f'DROP INDEX "{name}"')
        schema_editor.execute(update)
        schema_editor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        for _, definition in indexes:
            schema_editor.execute(definition)

    return apply


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0015_event_source_correction_indexes"),
    ]

    operations = [migrations.RunPython(rewrite(FORWARD), rewrite(BACKWARD))]
