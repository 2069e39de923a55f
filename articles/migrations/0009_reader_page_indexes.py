# Indexes the reader pages' queries need at 100,000 articles (bench/explain.py, bench/README.md).

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0008_sqlite_search_names"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="article",
            index=models.Index(fields=["status", "published_at", "id"], name="article_published_ids"),
        ),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(
                condition=models.Q(("featured", True)), fields=["-published_at"], name="article_featured"
            ),
        ),
    ]
