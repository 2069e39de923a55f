"""Benchmark the archive's full-text search against a naive icontains scan.

Generates N synthetic articles by recombining the Reuters corpus (read in place, never copied into
the project), indexes them in bulk, then times 200 fixed queries through `articles.search.search()`
(what /search/ runs: count, facets, one ranked page, snippets) and, in the same run, the same
queries through a naive `icontains` filter. Prints a markdown section for bench/README.md.

    DATABASE_URL=sqlite:////tmp/bench-search.sqlite3 .venv/bin/python bench/search.py --articles 10000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsroom_search_bench \
        .venv/bin/python bench/search.py --articles 100000

The database named by DATABASE_URL is migrated and filled; reruns with the same --articles reuse it.
"""

from __future__ import annotations

import argparse
import datetime
import gzip
import json
import math
import os
import platform
import random
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "reuters21578-articles.jsonl.gz"
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries, transaction  # noqa: E402
from django.db.models import Q  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from articles.models import Article, Place, PlaceMention, SearchDocument, Source, Topic  # noqa: E402
from articles.search import COUNT_LIMIT, Scope, backend, index_articles, matching_articles, search  # noqa: E402
from articles.search.query import parse  # noqa: E402

SEED = 20260125
BATCH = 2000
# From this size a PostgreSQL fill builds the search indexes after the rows (drop_search_indexes).
BULK_INDEX_FROM = 200_000


def read_corpus() -> list[dict]:
    if not CORPUS.exists():
        sys.exit(f"bench: the corpus is not at {CORPUS}")
    with gzip.open(CORPUS, "rt", encoding="utf-8") as lines:
        return [json.loads(line) for line in lines]


def synthetic_articles(records: list[dict], n: int, sources, places, topics):
    """Yield (Article, place ids, topic ids): headline of one record, body paragraphs of several."""
    rng = random.Random(SEED)
    paragraphs = [p for record in records for p in record["body"].split("\n\n") if len(p) > 40]
    start = datetime.datetime(1985, 1, 1, tzinfo=datetime.UTC)
    for number in range(n):
        record = rng.choice(records)
        body = "\n\n".join(rng.sample(paragraphs, rng.randint(6, 12)))
        article = Article(
            headline=record["headline"][:300],
            slug=f"bench-{number}",
            body=body,
            body_html="",
            status=Article.Status.PUBLISHED if rng.random() > 0.02 else Article.Status.DRAFT,
            published_at=start + datetime.timedelta(minutes=rng.randrange(0, 60 * 24 * 365 * 5)),
            publisher=rng.choice(sources),
        )
        yield (
            article,
            [places[name] for name in record.get("places", []) if name in places],
            [topics[name] for name in record.get("topics", []) if name in topics],
        )


def fill(n: int, records: list[dict]) -> None:
    existing = Article.objects.count()
    if existing == n:
        if connection.vendor == "postgresql":
            check_complete(n)
        print(f"bench: reusing {n:,} articles", file=sys.stderr)
        return
    if existing:
        sys.exit(f"bench: the database holds {existing:,} articles, not {n:,}: use an empty database")
    sources = [
        Source.objects.get_or_create(name=name, slug=name.lower())[0]
        for name in ["Reuters", "AP", "AFP", "dpa"]
    ]
    place_names = sorted({name for record in records for name in record.get("places", [])})
    topic_names = sorted({name for record in records for name in record.get("topics", [])})
    places = {name: Place.objects.create(name=name) for name in place_names}
    topics = {name: Topic.objects.create(name=name) for name in topic_names}
    started = time.perf_counter()
    generated = synthetic_articles(records, n, sources, places, topics)
    done = 0
    while done < n:
        chunk = [next(generated) for _ in range(min(BATCH, n - done))]
        with transaction.atomic():
            created = Article.objects.bulk_create([article for article, _, _ in chunk])
            PlaceMention.objects.bulk_create(
                PlaceMention(article=article, place=place, order=order)
                for article, (_, article_places, _) in zip(created, chunk, strict=True)
                for order, place in enumerate(article_places)
            )
            Article.topics.through.objects.bulk_create(
                Article.topics.through(article=article, topic=topic)
                for article, (_, _, article_topics) in zip(created, chunk, strict=True)
                for topic in article_topics
            )
        done += len(chunk)
        print(f"\rbench: {done:,}/{n:,} articles written", end="", file=sys.stderr)
    written = time.perf_counter() - started
    started = time.perf_counter()
    # A bulk load builds the search indexes once, after the rows, as pg_restore does: maintaining
    # the RUM or GIN indexes row by row took most of the time of a 1,000,000-article fill.
    rebuild = drop_search_indexes() if connection.vendor == "postgresql" and n >= BULK_INDEX_FROM else []
    ids = Article.objects.order_by("pk").values_list("pk", flat=True)
    for start in range(0, n, 10_000):
        with transaction.atomic():
            index_articles(ids[start : start + 10_000])
        print(f"\rbench: {min(start + 10_000, n):,}/{n:,} articles indexed ", end="", file=sys.stderr)
    with connection.cursor() as cursor:
        if rebuild:
            cursor.execute("SET maintenance_work_mem = '1GB'")
        for number, statement in enumerate(rebuild, 1):
            print(f"\rbench: building search index {number}/{len(rebuild)}", end="", file=sys.stderr)
            cursor.execute(statement)
    indexed = time.perf_counter() - started
    print(
        f"\nbench: wrote {n:,} articles in {written:.0f} s, indexed them in {indexed:.0f} s", file=sys.stderr
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def check_complete(n: int) -> None:
    """Refuse a PostgreSQL database whose fill died midway: its timings would not be the archive's.

    The bulk path drops the search indexes before writing the documents and builds them at the end,
    so a fill stopped in between leaves the articles without some documents or without indexes."""
    documents = SearchDocument.objects.count()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_indexes WHERE tablename = 'articles_searchdocument'")
        indexes = cursor.fetchone()[0]
    if documents != n or indexes < 2:  # the primary key and at least one search index
        sys.exit(
            f"bench: {n:,} articles but {documents:,} search documents and {indexes} indexes on them: "
            "an earlier fill did not finish; drop the database and fill it again"
        )


def drop_search_indexes() -> list[str]:
    """Drop the search documents' secondary indexes; return the statements that recreate them."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT i.indexname, i.indexdef FROM pg_indexes i"
            " JOIN pg_class c ON c.relname = i.indexname JOIN pg_index x ON x.indexrelid = c.oid"
            " WHERE i.tablename = 'articles_searchdocument' AND NOT x.indisprimary AND NOT x.indisunique"
        )
        indexes = cursor.fetchall()
        for name, _ in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
    return [definition for _, definition in indexes]


def fixed_queries(records: list[dict]) -> list[tuple[str, str, dict]]:
    """200 (kind, query, filters): single words (common and rare), phrases, names, OR, -, filters."""
    rng = random.Random(SEED + 1)
    counts: dict[str, int] = {}
    for record in records:
        for word in set(re.findall(r"[a-z]{4,}", record["body"].lower())):
            counts[word] = counts.get(word, 0) + 1
    by_frequency = sorted(counts, key=lambda word: (-counts[word], word))
    common, rare = by_frequency[:300], [w for w in by_frequency if 3 <= counts[w] <= 10]
    places = sorted({name for record in records for name in record.get("places", [])})
    queries: list[tuple[str, str, dict]] = []
    queries += [("common word", word, {}) for word in rng.sample(common, 40)]
    queries += [("rare word", word, {}) for word in rng.sample(rare, 40)]
    for record in rng.sample(records, 40):
        words = record["body"].split()
        start = rng.randrange(0, max(1, len(words) - 3))
        queries.append(("phrase", '"' + " ".join(words[start : start + 3]).replace('"', "") + '"', {}))
    queries += [("name", name, {}) for name in rng.sample(places, 30)]
    queries += [("two words", f"{rng.choice(common)} {rng.choice(rare)}", {}) for _ in range(15)]
    queries += [("OR", f"{rng.choice(rare)} OR {rng.choice(rare)}", {}) for _ in range(10)]
    queries += [("exclusion", f"{rng.choice(common)} -{rng.choice(common)}", {}) for _ in range(10)]
    for _ in range(15):
        year = rng.randint(1985, 1989)
        filters = {"date_from": datetime.date(year, 1, 1), "date_to": datetime.date(year, 6, 30)}
        queries.append(("word + date filter", rng.choice(common), filters))
    return queries[:200]


def naive(query: str, filters: dict) -> int:
    """The same question without an index: every term as icontains on headline or body."""
    articles = Article.objects.published()
    if filters.get("date_from"):
        articles = articles.filter(
            published_at__date__gte=filters["date_from"], published_at__date__lte=filters["date_to"]
        )
    parsed = parse(query)
    for group in parsed.groups:
        either = Q()
        for term in group:
            either |= Q(headline__icontains=term.text) | Q(body__icontains=term.text)
        articles = articles.filter(either)
    for term in parsed.excluded:
        articles = articles.exclude(Q(headline__icontains=term.text) | Q(body__icontains=term.text))
    list(articles.order_by("-published_at")[:20])
    return articles.count()


def indexed(query: str, filters: dict) -> int:
    """The naive baseline's question, a count and one page of 20, through the index and nothing more.

    What the index does for the same answer the naive scan gives (its count stops at COUNT_LIMIT + 1,
    its page is ranked), without the rest of a search page: facets, the articles' rows, snippets.
    """
    engine, parsed, scope = backend(), parse(query), Scope.of(filters)
    if parsed.matches_nothing:
        return 0
    if not (parsed.groups and hasattr(engine, "ranked_in")):
        matched = engine.matching(scope.articles, parsed) if parsed else scope.articles
        list(matched.order_by("-published_at").values_list("pk", flat=True)[:20])
        return matched.order_by()[: COUNT_LIMIT + 1].count()
    total = engine.count_in(scope, parsed, COUNT_LIMIT + 1)
    engine.ranked_in(scope, parsed, 0, 20)
    return total


def fastest(function, query: str, filters: dict, repeat: int) -> float:
    """The shortest of `repeat` timings (seconds) of function(query, filters)."""
    elapsed = math.inf
    for _ in range(max(1, repeat)):
        started = time.perf_counter()
        function(query, filters)
        elapsed = min(elapsed, time.perf_counter() - started)
    return elapsed


def check_counts(queries: list[tuple[str, str, dict]], inexact: list[bool]) -> None:
    """Every "more than COUNT_LIMIT" the search reported is true: counted in full, it is past it."""
    wrong = []
    for (_, query, filters), past_limit in zip(queries, inexact, strict=True):
        if past_limit and (exact := matching_articles(query, filters).count()) <= COUNT_LIMIT:
            wrong.append((query, exact))
    print(f"bench: {sum(inexact)} totals reported past the limit, {len(wrong)} wrong", file=sys.stderr)
    if wrong:
        sys.exit(f"bench: totals reported past {COUNT_LIMIT:,} but counted lower: {wrong}")


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def summary(times: list[float]) -> str:
    ms = [t * 1000 for t in times]
    return f"{percentile(ms, 50):.1f} | {percentile(ms, 95):.1f} | {percentile(ms, 99):.1f} | {max(ms):.1f}"


def explain(sql: str) -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
        else:
            cursor.execute("EXPLAIN QUERY PLAN " + sql)
        return "\n".join(" | ".join(str(col) for col in row) for row in cursor.fetchall())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=10_000, help="how many synthetic articles")
    parser.add_argument("--naive", type=int, default=200, help="how many of the queries to run naively too")
    parser.add_argument("--fill-only", action="store_true", help="write and index the articles, time nothing")
    parser.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="time each search (and naive query) this many times, keep the fastest (less noise when shared)",
    )
    parser.add_argument(
        "--check-counts",
        action="store_true",
        help="after timing, count every match of each query whose total was not exact, and fail if it "
        "is not past the limit (PostgreSQL estimates some totals instead of counting them)",
    )
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    records = read_corpus()
    fill(args.articles, records)
    if args.fill_only:
        return
    queries = fixed_queries(records)

    # Warm the caches once, then time.
    for _, query, filters in queries[:20]:
        search(query, filters, "relevance", 1)
    times, kinds, cpu_kinds, slowest = [], {}, {}, (0.0, None, None)
    totals, inexact = [], []
    load_before = os.getloadavg()
    cpu_times = []
    for kind, query, filters in queries:
        elapsed = cpu = math.inf
        for _ in range(max(1, args.repeat)):
            with CaptureQueriesContext(connection) as captured:
                started, cpu_started = time.perf_counter(), time.process_time()
                results = search(query, filters, "relevance", 1)
                elapsed = min(elapsed, time.perf_counter() - started)
                cpu = min(cpu, time.process_time() - cpu_started)
        times.append(elapsed)
        cpu_times.append(cpu)
        totals.append(results.total)
        inexact.append(not results.total_is_exact)
        kinds.setdefault(kind, []).append(elapsed)
        cpu_kinds.setdefault(kind, []).append(cpu)
        if kind == "common word" and elapsed > slowest[0]:
            slowest = (elapsed, query, max(captured.captured_queries, key=lambda q: float(q["time"])))
    load_after = os.getloadavg()
    reset_queries()
    indexed_times = [fastest(indexed, query, filters, args.repeat) for _, query, filters in queries]
    if args.check_counts:
        check_counts(queries, inexact)
    naive_times = [fastest(naive, query, filters, args.repeat) for _, query, filters in queries[: args.naive]]

    vendor = connection.vendor
    version = connection.cursor().connection.server_version if vendor == "postgresql" else None
    engine = f"PostgreSQL {version // 10000}" if version else f"SQLite {connection.Database.sqlite_version}"
    print(f"\n### {engine}, {args.articles:,} articles ({datetime.date.today().isoformat()})\n")
    print(f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}.")
    print(
        "Load average (1, 5, 15 min) before and after the timed searches: "
        + " and ".join(", ".join(f"{n:.1f}" for n in load) for load in (load_before, load_after))
        + (f"; each search timed {args.repeat} times, fastest kept" if args.repeat > 1 else "")
        + "."
    )
    print(f"Matches per query: median {statistics.median(totals):,.0f}, max {max(totals):,}.\n")
    print("| what | queries | p50 ms | p95 ms | p99 ms | max ms |")
    print("| --- | --- | --- | --- | --- | --- |")
    print(f"| search() (count, facets, page, snippets) | {len(times)} | {summary(times)} |")
    for kind, values in kinds.items():
        print(f"| &nbsp; {kind} | {len(values)} | {summary(values)} |")
    if connection.vendor == "sqlite":
        # SQLite runs inside this process, so its CPU time is the search's whole work, and is less
        # disturbed than the elapsed time by other jobs on a shared machine.
        print(f"| search(), CPU time of this process | {len(cpu_times)} | {summary(cpu_times)} |")
        for kind, values in cpu_kinds.items():
            print(f"| &nbsp; CPU, {kind} | {len(values)} | {summary(values)} |")
    alone_row = "the index alone (count + one ranked page of ids)"
    print(f"| {alone_row} | {len(indexed_times)} | {summary(indexed_times)} |")
    if naive_times:  # --naive 0 skips the baseline
        print(f"| naive icontains (page + count) | {len(naive_times)} | {summary(naive_times)} |")
        ratio = statistics.median(naive_times) / statistics.median(times[: len(naive_times)])
        alone = statistics.median(naive_times) / statistics.median(indexed_times[: len(naive_times)])
        print(
            f"\nMedian speed-up over icontains on the same queries: {ratio:.0f}x for the whole search page; "
            f"{alone:.0f}x for the same question (a count and a page of 20) through the index alone.\n"
        )
    elapsed, query, captured = slowest
    print(
        f"Slowest statement of the slowest common-word search ({query!r}, {elapsed * 1000:.0f} ms in all):\n"
    )
    print("```sql\n" + captured["sql"][:1500] + "\n```\n")
    print("```\n" + explain(captured["sql"]) + "\n```")


if __name__ == "__main__":
    main()
