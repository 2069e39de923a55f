from django.db import migrations, models

# Copy what readers may see into the index rows that exist already (new ones get it from
# articles/search/postgres.py INDEX_SQL). SQLite leaves the table empty: nothing to copy.
BACKFILL = """
UPDATE articles_searchdocument d SET published_at = a.published_at
FROM articles_article a WHERE a.id = d.article_id AND a.status = 'published'
"""


def backfill(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKFILL)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0009_reader_page_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="searchdocument",
            name="published_at",
            field=models.DateTimeField(db_index=True, null=True),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
