"""Indexes for the pages that still read a whole article table at 100,000 articles (bench/explain.py).

- `article_publisher_published`: has a source published anything yet? Source.objects.public()
  reads the source's first published entry (SourceQuerySet.named_in_condition). Not a partial
  index on published rows: as the smallest index of published ids, PostgreSQL then used it for
  every count of published articles, and hashed the quotes table to count the quotes page.
- `correction_newest`: the corrections page reads its 50 newest in order, then their stories,
  instead of every corrected story with its body before sorting.
- `event_id_date_article`, `event_place_article` and `(person, event)`, `(organization, event)` on
  the events' link tables: a person's or place's events by date, and public()'s paths through
  events (a place's events, an organisation's), answered from indexes without reading event rows.
- `event_month_day` (PostgreSQL; partial, day-precise events): the home page's "On this day" looks
  up today's month and day instead of extracting both from every event. Not on SQLite, where the
  index would be on Django's own `django_date_extract()`, which only Django's connections have:
  writing to the events table from the sqlite3 shell would fail.
"""

from django.db import migrations, models

EVENT_MONTH_DAY = (
    "CREATE INDEX event_month_day ON articles_event"
    " ((EXTRACT(MONTH FROM date)), (EXTRACT(DAY FROM date))) WHERE precision = 'day'"
)


def create_event_month_day(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(EVENT_MONTH_DAY)


def drop_event_month_day(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS event_month_day")


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0014_sqlite_search_period"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="article",
            index=models.Index(
                fields=["publisher", "status", "published_at", "id"], name="article_publisher_published"
            ),
        ),
        migrations.AddIndex(
            model_name="correction",
            index=models.Index(fields=["-corrected_at", "-id"], name="correction_newest"),
        ),
        migrations.AddIndex(
            model_name="event",
            index=models.Index(fields=["id", "date", "article"], name="event_id_date_article"),
        ),
        migrations.AddIndex(
            model_name="event",
            index=models.Index(fields=["place", "article", "date", "id"], name="event_place_article"),
        ),
        # The events' link tables are Django's own (no Meta to hold an index), as the topics' in 0013.
        migrations.RunSQL(
            "CREATE INDEX event_participants_person_event"
            " ON articles_event_participants (person_id, event_id)",
            reverse_sql="DROP INDEX event_participants_person_event",
        ),
        migrations.RunSQL(
            "CREATE INDEX event_organizations_organization_event"
            " ON articles_event_organizations (organization_id, event_id)",
            reverse_sql="DROP INDEX event_organizations_organization_event",
        ),
        migrations.RunPython(create_event_month_day, drop_event_month_day),
    ]
