"""Articles per second for importing the 5,000-article Reuters corpus, cold and again.

    .venv/bin/python bench/import.py [--backend sqlite|postgres ...] [--repeat N]

Each backend gets a fresh database: an SQLite file in bench/data/ (git-ignored), and on
PostgreSQL the database named by BENCH_POSTGRES_URL (default
postgres://postgres@127.0.0.1:5432/newsroom_import_bench), which is dropped and created again, so
its name must end in "_bench". Four runs per round: a cold import into the empty archive, a second
import of the same file (everything already there: nothing written), and a second import with
--update (every record compared with what is stored; nothing changed), then --update with a
temporary copy whose every body was edited (5,000 articles rewritten). The figure is records per
second over the whole command (reading the gzip file, validating, matching, writing, committing),
not counting Django's start-up. Prints a Markdown table for bench/README.md.
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "reuters21578-articles.jsonl.gz"
SQLITE_FILE = ROOT / "bench" / "data" / "import.sqlite3"
POSTGRES_URL = os.environ.get(
    "BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/newsroom_import_bench"
)
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
RUNS = (
    ("cold", CORPUS, []),
    ("re-import", CORPUS, []),
    ("re-import --update", CORPUS, ["--update"]),
    ("--update, every body changed", None, ["--update"]),
)


def fresh_database(backend: str) -> str:
    """A DATABASE_URL for an empty, migrated database of this backend."""
    if backend == "sqlite":
        SQLITE_FILE.parent.mkdir(exist_ok=True)
        for path in SQLITE_FILE.parent.glob(SQLITE_FILE.name + "*"):
            path.unlink()
        url = f"sqlite:///{SQLITE_FILE}"
    else:
        import psycopg2

        name = urlsplit(POSTGRES_URL).path.lstrip("/")
        if not name.endswith("_bench"):
            sys.exit(f"refusing to drop {name!r}: BENCH_POSTGRES_URL must name a database ending in _bench")
        server = psycopg2.connect(POSTGRES_URL.rsplit("/", 1)[0] + "/postgres")
        server.autocommit = True
        with server.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
            cursor.execute(f'CREATE DATABASE "{name}"')
        server.close()
        url = POSTGRES_URL
    env = {**os.environ, "DATABASE_URL": url}
    migrate = [sys.executable, "manage.py", "migrate", "--verbosity", "0"]
    subprocess.run(migrate, cwd=ROOT, env=env, check=True)  # noqa: S603 (our own interpreter and script)
    return url


def timed_imports(url: str) -> list[tuple[str, int, float]]:
    """Run the three imports in one process (Django set up once); (run, records, seconds) each."""
    os.environ["DATABASE_URL"] = url
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections

    results = []
    with tempfile.TemporaryDirectory() as scratch:  # the changed copy never leaves a temporary folder
        changed = Path(scratch) / "changed.jsonl"
        with gzip.open(CORPUS, "rt", encoding="utf-8") as lines, changed.open("w", encoding="utf-8") as out:
            for line in lines:
                record = json.loads(line)
                out.write(json.dumps({**record, "body": record["body"] + " (corrected)"}) + "\n")
        for label, path, options in RUNS:
            started = time.perf_counter()
            call_command("import_articles", str(path or changed), *options, stdout=io.StringIO())
            results.append((label, 5000, time.perf_counter() - started))
    connections.close_all()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--backend", action="append", choices=["sqlite", "postgres"])
    parser.add_argument("--repeat", type=int, default=1, help="Rounds per backend; the best is kept.")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if not CORPUS.exists():
        sys.exit(f"The corpus is not at {CORPUS}.")
    if args.child:  # one round, in a fresh process so each backend gets its own Django setup
        for label, count, seconds in timed_imports(args.child):
            print(f"{label}\t{count}\t{seconds}")
        return
    rows = []
    for backend in args.backend or ["sqlite", "postgres"]:
        best: dict[str, float] = {}
        for _ in range(args.repeat):
            url = fresh_database(backend)
            child = [sys.executable, __file__, "--child", url]
            output = subprocess.run(child, cwd=ROOT, check=True, capture_output=True, text=True).stdout  # noqa: S603
            for line in output.splitlines():
                label, _count, seconds = line.split("\t")
                best[label] = min(best.get(label, float("inf")), float(seconds))
        rows += [(backend, label, seconds) for label, seconds in best.items()]
    print("| backend | run | seconds | articles/s |")
    print("| --- | --- | ---: | ---: |")
    for backend, label, seconds in rows:
        name = "SQLite" if backend == "sqlite" else "PostgreSQL"
        print(f"| {name} | {label} | {seconds:.2f} | {5000 / seconds:,.0f} |")


if __name__ == "__main__":
    main()
