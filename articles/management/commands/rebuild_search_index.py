"""Rebuild the full-text search index from the articles, after a restore or a change of weights."""

import sys

from django.core.management.base import BaseCommand
from django.db import transaction
from tqdm import tqdm

from articles.models import Article
from articles.search import INDEX_BATCH, clear_index, index_articles


class Command(BaseCommand):
    help = "Empty the search index and index every article again (drafts too: searches filter them)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Count the articles that would be indexed; change nothing."
        )

    def handle(self, *args, dry_run=False, verbosity=1, **options):
        ids = list(Article.objects.order_by("pk").values_list("pk", flat=True))
        if dry_run:
            self.stdout.write(f"{len(ids):,} articles would be indexed (dry run: nothing changed).")
            return
        show_progress = verbosity > 0 and sys.stderr.isatty()
        indexed = 0
        with (
            transaction.atomic(),
            tqdm(total=len(ids), unit="article", disable=not show_progress, file=sys.stderr) as progress,
        ):
            clear_index()
            for start in range(0, len(ids), INDEX_BATCH):
                batch = ids[start : start + INDEX_BATCH]
                indexed += index_articles(batch)
                progress.update(len(batch))
        if verbosity > 0:
            self.stdout.write(f"{indexed:,} articles indexed, {len(ids) - indexed:,} skipped.")
