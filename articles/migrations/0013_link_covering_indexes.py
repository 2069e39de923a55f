# Each entity's links with their articles, the articles of a publisher or dateline, and each article's
# publication, read from indexes alone: the counts, lists and co-occurrence of the entity indexes and
# pages join these (bench/explain.py, bench/README.md).

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0012_searchdocument_names_vector"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="article",
            index=models.Index(fields=["id", "status", "published_at"], name="article_id_publication"),
        ),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(fields=["publisher", "id"], name="article_publisher_ids"),
        ),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(fields=["dateline", "id"], name="article_dateline_ids"),
        ),
        migrations.AddIndex(
            model_name="appearance",
            index=models.Index(fields=["person", "article"], name="appearance_person_article"),
        ),
        migrations.AddIndex(
            model_name="credit",
            index=models.Index(fields=["source", "article"], name="credit_source_article"),
        ),
        migrations.AddIndex(
            model_name="organizationmention",
            index=models.Index(fields=["organization", "article"], name="organization_mention_articles"),
        ),
        migrations.AddIndex(
            model_name="placemention",
            index=models.Index(fields=["place", "article"], name="place_mention_articles"),
        ),
        # The topics' link table is Django's own (no Meta to hold an index): the same in SQL, which
        # both databases read alike.
        migrations.RunSQL(
            "CREATE INDEX article_topics_topic_article ON articles_article_topics (topic_id, article_id)",
            reverse_sql="DROP INDEX article_topics_topic_article",
        ),
    ]
