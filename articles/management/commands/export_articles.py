"""Export articles as JSON Lines or CSV that import_articles reads back unchanged."""

import datetime
import os
import sys

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from articles.exporting import WRITERS
from articles.importing.entities import entity_records
from articles.models import Article


def since_date(value: str) -> datetime.datetime:
    try:
        day = datetime.date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"--since {value!r} is not a date (YYYY-MM-DD)") from error
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


class Command(BaseCommand):
    help = (
        "Write articles with everything stored about them (entities, credits, people and their titles, "
        "events, quotes, corrections) as JSON Lines or CSV, oldest first, to stdout or --output. "
        "JSON Lines starts with one record per entity (slug, aliases, kind, parent, ...)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=sorted(WRITERS), default="jsonl", help="Default: jsonl.")
        parser.add_argument("--since", help="Only articles published on or after this date (YYYY-MM-DD).")
        parser.add_argument(
            "--status",
            action="append",
            choices=Article.Status.values,
            help="Only articles with this status; repeat for several (default: all).",
        )
        parser.add_argument("--output", "-o", help="Write to this file instead of stdout.")

    def handle(self, *args, format, since, status, output, **options):
        chosen = Article.objects.all()
        if since:
            chosen = chosen.filter(published_at__gte=since_date(since))
        if status:
            chosen = chosen.filter(status__in=status)
        articles = chosen.for_export().order_by("published_at", "pk").iterator(chunk_size=500)
        # A whole-archive export carries every entity; a selection, those its articles need.
        entities = entity_records(chosen if since or status else None)
        write = WRITERS[format]
        if output:
            with open(output, "w", encoding="utf-8", newline="") as out:
                count = write(articles, out, entities)
        else:
            try:
                count = write(articles, self.stdout, entities)
                self.stdout.flush()
            except BrokenPipeError:
                # The reader stopped early (`export_articles | head`): end quietly, as Unix tools do.
                if self.stdout._out is sys.stdout:
                    # Python flushes stdout again at exit; point it at /dev/null so that finds no pipe.
                    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
                return
        if options["verbosity"] >= 1:
            sys.stderr.write(f"{count:,} article(s) exported.\n")
