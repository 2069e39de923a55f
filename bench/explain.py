"""EXPLAIN every query of every reader page on a PostgreSQL archive of 100,000 articles.

Fills the database once (bench/search.py's generator over the Reuters corpus, read in place, plus
people, organisations, credits, events with their participants and organisations, quotes and
corrections linked at random, and the seed article), then requests each reader page through
Django's test client with the page cache off, captures its queries and prints `EXPLAIN (ANALYZE)`
for each, flagging every sequential scan on an article table (the articles and the tables that
link them to entities, events, quotes and corrections included). Ends with a markdown summary for
bench/README.md.

    createdb -h 127.0.0.1 -U postgres newsroom_prod_bench_explain
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsroom_prod_bench_explain \\
        .venv/bin/python bench/explain.py [--articles 100000] [--plans]

The database name must contain `_bench`; reruns reuse what the first run wrote.
"""

from __future__ import annotations

import argparse
import datetime
import io
import os
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.update(
    {
        "DJANGO_SETTINGS_MODULE": "newsroom.settings",
        "PAGE_CACHE_SECONDS": "0",  # every request renders, so every query is seen
        "FRAGMENT_CACHE_SECONDS": "0",
        "HTTPS": "0",
        "ALLOWED_HOSTS": "testserver",
        "LOG_LEVEL": "WARNING",
    }
)
if "_bench" not in os.environ.get("DATABASE_URL", "") or not os.environ["DATABASE_URL"].startswith(
    "postgres"
):
    sys.exit("set DATABASE_URL to a PostgreSQL database of its own whose name contains _bench")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from articles.models import (  # noqa: E402
    Appearance,
    Article,
    Correction,
    Credit,
    Event,
    Organization,
    OrganizationMention,
    Person,
    Place,
    Quote,
    Source,
    Topic,
)
from bench.search import fill, read_corpus  # noqa: E402

SEED = 20261201
BATCH = 5000
ARTICLE_TABLES = {
    "articles_article",
    "articles_appearance",
    "articles_organizationmention",
    "articles_placemention",
    "articles_credit",
    "articles_article_topics",
    "articles_event",
    "articles_event_participants",
    "articles_event_organizations",
    "articles_quote",
    "articles_correction",
}


def link_entities() -> None:
    """People, organisations, credits, events, quotes and corrections spread over the articles."""
    rng = random.Random(SEED)
    people = [Person.objects.create(name=f"Bench Person {n}") for n in range(200)]
    organizations = [Organization.objects.create(name=f"Bench Organisation {n}") for n in range(100)]
    sources = list(Source.objects.all())
    places = list(Place.objects.all())
    ids = list(Article.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        appearances, mentions, credits, events, quotes, corrections = [], [], [], [], [], []
        for pk in chunk:
            for order, person in enumerate(rng.sample(people, rng.randint(0, 3))):
                appearances.append(Appearance(article_id=pk, person=person, order=order, title="Minister"))
            for order, organization in enumerate(rng.sample(organizations, rng.randint(0, 2))):
                mentions.append(OrganizationMention(article_id=pk, organization=organization, order=order))
            credits.append(Credit(article_id=pk, source=rng.choice(sources)))
            if rng.random() < 0.2:
                day = datetime.date(1984, 1, 1) + datetime.timedelta(days=rng.randrange(0, 365 * 6))
                events.append(
                    Event(article_id=pk, description="A meeting", date=day, place=rng.choice(places))
                )
            if rng.random() < 0.2:
                quotes.append(
                    Quote(article_id=pk, text="We will meet again.", speaker_person=rng.choice(people))
                )
            if rng.random() < 0.01:
                corrections.append(Correction(article_id=pk, text="An earlier version misspelt a name."))
        with transaction.atomic():
            for model, rows in [
                (Appearance, appearances),
                (OrganizationMention, mentions),
                (Credit, credits),
                (Event, events),
                (Quote, quotes),
                (Correction, corrections),
            ]:
                model.objects.bulk_create(rows)
            Event.participants.through.objects.bulk_create(
                Event.participants.through(event=event, person=rng.choice(people)) for event in events
            )
        print(
            f"\rbench: entities linked to {start + len(chunk):,}/{len(ids):,} articles",
            end="",
            file=sys.stderr,
        )
    print(file=sys.stderr)


def link_event_organizations() -> None:
    """An organisation on half the events, as the extractor gives them (a database filled before
    this step had one such row, the seed's, which PostgreSQL rightly reads by a sequential scan)."""
    rng = random.Random(SEED + 1)
    organizations = list(Organization.objects.filter(name__startswith="Bench Organisation").order_by("pk"))
    through = Event.organizations.through
    rows = [
        through(event_id=pk, organization=rng.choice(organizations))
        for pk in Event.objects.filter(article__slug__startswith="bench-")
        .order_by("pk")
        .values_list("pk", flat=True)
        if rng.random() < 0.5
    ]
    with transaction.atomic():
        through.objects.bulk_create(rows, batch_size=BATCH)
    print(f"bench: organisations linked to {len(rows):,} events", file=sys.stderr)


def prepare(n: int) -> None:
    call_command("migrate", "--noinput", verbosity=0)
    analyze = False
    if not Article.objects.filter(slug="bench-0").exists():
        fill(n, read_corpus())
        link_entities()
        call_command("load_sample", stdout=io.StringIO())
        analyze = True
    if not Event.organizations.through.objects.filter(organization__name__startswith="Bench ").exists():
        link_event_organizations()
        analyze = True
    if analyze:
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    call_command("collectstatic", "--noinput", verbosity=0)


def pages() -> dict[str, str]:
    """Every reader page, at entities with many articles (the expensive case)."""

    def busiest(model, path: str) -> str:
        return model.objects.annotate(n=Count(path)).order_by("-n").first().get_absolute_url()

    seed = Article.objects.get(slug="nato-russia-hold-first-top-level-military-talks-in-three-years")
    bench_article = Article.objects.published().filter(slug__startswith="bench-").order_by("-published_at")[0]
    year = bench_article.published_at.year
    return {
        "home": "/",
        "article (seed)": seed.get_absolute_url(),
        "article (bench)": bench_article.get_absolute_url(),
        "year archive": f"/{year}/",
        "month archive": f"/{year}/{bench_article.published_at:%m}/",
        "day archive": f"/{year}/{bench_article.published_at:%m}/{bench_article.published_at:%d}/",
        "person": busiest(Person, "appearances"),
        "organisation": busiest(Organization, "mentions"),
        "place": busiest(Place, "mentions"),
        "source": busiest(Source, "credits"),
        "topic": busiest(Topic, "articles"),
        "people index": "/people/",
        "organisations index": "/organisations/",
        "places index": "/places/",
        "sources index": "/sources/",
        "topics index": "/topics/",
        "timeline": "/timeline/",
        "quotes": "/quotes/",
        "corrections": "/corrections/",
        "search": "/search/?q=bank",
        "search + filter": "/search/?q=oil&sort=newest",
        "feed": "/feed/",
        "person page 2": busiest(Person, "appearances") + "?page=2",
        "place feed": busiest(Place, "mentions") + "feed/",
        "person feed": busiest(Person, "appearances") + "feed/",
    }


def explain(sql: str, *, seqscan: bool = True) -> tuple[list[str], float]:
    """The plan and execution time; with `seqscan` off, of the plan PostgreSQL prefers without one."""
    with transaction.atomic(), connection.cursor() as cursor:
        if not seqscan:
            cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
        plan = [row[0] for row in cursor.fetchall()]
    execution = next(
        (float(m.group(1)) for line in plan if (m := re.search(r"Execution Time: ([\d.]+)", line))), 0
    )
    return plan, execution


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--plans", action="store_true", help="print every plan, not only flagged ones")
    parser.add_argument(
        "--compare",
        action="store_true",
        help="also time each flagged query with enable_seqscan off: is the sequential scan the best plan?",
    )
    args = parser.parse_args()
    prepare(args.articles)
    print(f"{Article.objects.count():,} articles, {Appearance.objects.count():,} appearances\n")
    load_before = ", ".join(f"{load:.1f}" for load in os.getloadavg())
    client = Client()
    summary, comparisons = [], []
    for name, url in pages().items():
        with CaptureQueriesContext(connection) as captured:
            status = client.get(url).status_code
        flagged, total, without = [], 0.0, 0.0
        selects = [
            q["sql"] for q in captured.captured_queries if q["sql"].lstrip().upper().startswith("SELECT")
        ]
        for sql in selects:
            plan, execution = explain(sql)
            total += execution
            scans = sorted({m.group(1) for line in plan if (m := re.search(r"Seq Scan on (\w+)", line))})
            bad = [table for table in scans if table in ARTICLE_TABLES]
            if bad or args.plans:
                print(
                    f"## {name} {url}: {execution:.1f} ms{', SEQ SCAN on ' + ', '.join(bad) if bad else ''}"
                )
                print(sql[:600] + ("…" if len(sql) > 600 else ""))
                print("\n".join(plan) + "\n")
            if args.compare:
                if bad:
                    before = execution
                    plan, execution = explain(sql, seqscan=False)
                    print(f"### the same with enable_seqscan off: {execution:.1f} ms")
                    print("\n".join(plan) + "\n")
                    comparisons.append((name, ", ".join(bad), before, execution, sql[:100]))
                without += execution
            flagged += bad
        summary.append((name, url, status, len(selects), total, without, sorted(set(flagged))))
    load_after = ", ".join(f"{load:.1f}" for load in os.getloadavg())
    print(f"Load average (1, 5, 15 min) before and after the pages: {load_before} and {load_after}.\n")
    compared = " | seq scans off: ms" if args.compare else ""
    print(f"| page | status | queries | EXPLAIN ANALYZE total ms{compared} | seq scans on article tables |")
    print("| --- | ---: | ---: | ---: |" + (" ---: |" if args.compare else "") + " --- |")
    for name, url, status, count, total, without, flagged in summary:
        off = f" {without:.1f} |" if args.compare else ""
        scans = ", ".join(flagged) or "none"
        print(f"| {name} (`{url}`) | {status} | {count} | {total:.1f} |{off} {scans} |")
    if comparisons:
        print("\n| page | seq scans on | ms | ms, seq scans off | query |\n| --- | --- | ---: | ---: | --- |")
        for name, tables, before, after, sql in comparisons:
            print(f"| {name} | {tables} | {before:.1f} | {after:.1f} | `{sql}…` |")


if __name__ == "__main__":
    main()
