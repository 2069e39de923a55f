"""Run entity and date extraction over stored articles, reporting (or with --link, linking) suggestions."""

import datetime
import sys
from collections import Counter

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from tqdm import tqdm

from articles.extraction import KINDS, Gazetteer
from articles.extraction_linking import (
    DEFAULT_THRESHOLD,
    is_confident,
    link_confident_suggestions,
    pending_suggestions,
)
from articles.models import Article


def parse_day(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"--since wants a date like 2017-03-01, not {value!r}") from error


class Command(BaseCommand):
    help = (
        "Extract people, organisations, places, dated events and quotes from stored articles. "
        "Without --link it only counts pending suggestions; with --link it links the confident ones."
    )

    def add_arguments(self, parser):
        parser.add_argument("--since", type=parse_day, help="Only articles published on or after this day.")
        parser.add_argument("--article", metavar="SLUG", help="Only the article with this slug.")
        parser.add_argument("--link", action="store_true", help="Link suggestions at or above --threshold.")
        parser.add_argument(
            "--threshold", type=float, default=DEFAULT_THRESHOLD, help="Confidence needed to link (0 to 1)."
        )
        parser.add_argument("--dry-run", action="store_true", help="With --link: count, write nothing.")

    def handle(
        self,
        *args,
        since=None,
        article=None,
        link=False,
        threshold=DEFAULT_THRESHOLD,
        dry_run=False,
        **options,
    ):
        if not 0 <= threshold <= 1:
            raise CommandError("--threshold is between 0 and 1")
        articles = Article.objects.order_by("pk")
        if since is not None:
            start = timezone.make_aware(datetime.datetime.combine(since, datetime.time.min))
            articles = articles.filter(published_at__gte=start)
        if article is not None:
            articles = articles.filter(slug=article)
            if not articles.exists():
                raise CommandError(f"no article with the slug {article!r}")
        gazetteer = Gazetteer.from_database()
        found, confident, linked = Counter(), Counter(), Counter()
        total = articles.count()
        progress = tqdm(articles.iterator(), total=total, unit="article", disable=not sys.stderr.isatty())
        for item in progress:
            pending = pending_suggestions(item, gazetteer)
            found.update(s.kind for s in pending)
            confident.update(s.kind for s in pending if is_confident(s, threshold))
            if link:
                # Rows created here are found again by name (Model.objects.named), never duplicated.
                linked.update(
                    link_confident_suggestions(item, threshold, gazetteer, dry_run=dry_run, pending=pending)
                )
        kinds = ", ".join(f"{found[k]} {k}" for k in KINDS)
        summary = (
            f"{total:,} articles read; pending suggestions: {kinds}; {sum(confident.values()):,} confident"
        )
        if link:
            verb = "would link" if dry_run else "linked"
            summary += (
                f"; {verb} {sum(linked.values()):,} (" + ", ".join(f"{linked[k]} {k}" for k in KINDS) + ")"
            )
        self.stdout.write(summary)
