"""Import articles from text, JSON Lines, CSV or RSS/Atom files (DESIGN.md, "Import and export")."""

import sys
from collections import Counter

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from articles import importing
from articles.extraction import KINDS, Gazetteer
from articles.extraction_linking import link_confident_suggestions
from articles.importing.loader import ImportOptions, ImportResult, load_records
from articles.importing.profiles import PROFILES
from articles.models import Article

ERRORS_SHOWN = 20


class Command(BaseCommand):
    help = (
        "Import articles from files, directories or http(s) URLs: plain text like the seed article, "
        "JSON Lines (the corpus format and what export_articles writes), CSV with a header row, or "
        "RSS/Atom feeds; .gz files too. Every record is checked before anything is written, and each "
        "file is imported whole or not at all. Importing the same file again creates nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("locations", nargs="+", metavar="PATH_OR_URL", help="Files, directories or URLs.")
        parser.add_argument(
            "--format",
            choices=["auto", *importing.READERS],
            default="auto",
            help="Input format (default: from the file name, else from its first characters).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Check and count everything, write nothing."
        )
        existing = parser.add_mutually_exclusive_group()
        existing.add_argument(
            "--update", action="store_true", help="Refresh articles already stored whose record changed."
        )
        existing.add_argument(
            "--skip-existing",
            action="store_true",
            help="Leave articles already stored as they are (the default).",
        )
        parser.add_argument(
            "--status",
            choices=["draft", "review", "published"],
            help="Status for every imported article (default: the record's own, else published).",
        )
        parser.add_argument("--source", help="Publisher for every imported article, instead of the record's.")
        parser.add_argument(
            "--skip-invalid",
            action="store_true",
            help="Report invalid records and import the valid ones (default: such a file is not imported).",
        )
        parser.add_argument(
            "--extract",
            action="store_true",
            help="Link the people, organisations, places, events and quotes that entity extraction "
            "finds with confidence in each newly created article (articles/extraction.py).",
        )
        parser.add_argument(
            "--profile",
            choices=sorted(PROFILES),
            default="none",
            help="Archive-specific cleaning, e.g. 'wikinews' for the Wikinews CSV sample.",
        )

    def handle(self, *args, locations, **options):
        self.extract = options["extract"]
        settings = ImportOptions(
            update=options["update"],
            skip_invalid=options["skip_invalid"],
            dry_run=options["dry_run"],
            status=options["status"],
            source=options["source"],
            profile=PROFILES[options["profile"]],
        )
        verbosity = options["verbosity"]
        failed = []
        files = []
        for location in locations:
            found = importing.expand(location)
            if not found:
                raise CommandError(
                    f"{location}: no file to import in it (.txt, .jsonl, .csv, .xml, .rss, .atom)"
                )
            files += found
        for location in files:
            try:
                result = self.import_file(location, options["format"], settings, verbosity)
            except importing.ImportFileError as error:
                self.stderr.write(f"Error: {error}")
                failed.append(location)
                continue
            except KeyboardInterrupt:
                done = files[: files.index(location)]
                raise CommandError(
                    f"Interrupted: nothing from {location} was written"
                    + (f"; {len(done)} file(s) before it were imported." if done else ".")
                ) from None
            if result.errors and not settings.skip_invalid:
                failed.append(location)
        if failed:
            raise CommandError(
                f"{len(failed)} file(s) not imported ({', '.join(failed)}); nothing was written from them."
            )

    def import_file(self, location: str, fmt: str, settings: ImportOptions, verbosity: int) -> ImportResult:
        decoded = importing.decode(location)
        for warning in decoded.warnings:
            self.stderr.write(f"Warning: {warning}")
        records = tqdm(
            importing.read(decoded, fmt),
            desc=location,
            unit=" records",
            file=sys.stderr,
            disable=not sys.stderr.isatty() or verbosity == 0,
        )
        result = load_records(records, settings, file=location)
        for error in result.errors[:ERRORS_SHOWN]:
            self.stderr.write(f"Invalid: {error}")
        if len(result.errors) > ERRORS_SHOWN:
            self.stderr.write(f"… and {len(result.errors) - ERRORS_SHOWN} more problems.")
        if verbosity >= 1:
            for where, reason in result.skipped:
                self.stdout.write(f"Skipped: {where}: {reason}")
        if result.errors and not settings.skip_invalid:
            self.stderr.write(
                f"{location}: not imported, {result.invalid} invalid record(s) of {result.read}; "
                "fix them or use --skip-invalid to import the rest."
            )
            return result
        if verbosity >= 1:
            self.stdout.write(self.summary(result, settings))
        if self.extract and result.written and result.created_ids:
            self.link_suggestions(result.created_ids, verbosity)
        return result

    def link_suggestions(self, article_ids: list[int], verbosity: int) -> None:
        """Extraction over the new articles, linking its confident suggestions (one gazetteer for all)."""
        gazetteer = Gazetteer.from_database()
        linked: Counter = Counter()
        articles = Article.objects.filter(pk__in=article_ids).order_by("pk")
        progress = tqdm(
            articles.iterator(),
            total=len(article_ids),
            desc="extracting",
            unit=" articles",
            file=sys.stderr,
            disable=not sys.stderr.isatty() or verbosity == 0,
        )
        for article in progress:
            linked.update(link_confident_suggestions(article, gazetteer=gazetteer))
        if verbosity >= 1:
            details = ", ".join(f"{linked[kind]:,} {kind}" for kind in KINDS)
            self.stdout.write(
                f"Extraction linked {sum(linked.values()):,} ({details}) in {len(article_ids):,} articles"
            )

    @staticmethod
    def summary(result: ImportResult, settings: ImportOptions) -> str:
        prefix = "Dry run, nothing written: " if settings.dry_run else ""
        return (
            f"{prefix}{result.file}: {result.read:,} read, {result.created:,} created, "
            f"{result.updated:,} updated, {result.unchanged:,} unchanged, {result.invalid:,} invalid, "
            f"{len(result.skipped):,} skipped in {result.seconds:.1f} s ({result.rate:,.0f} articles/s)"
            + (
                f"; entities: {result.entities_read:,} read, {result.entities.created:,} created, "
                f"{result.entities.updated:,} updated, {result.entities.unchanged:,} unchanged"
                if result.entities_read
                else ""
            )
        )
