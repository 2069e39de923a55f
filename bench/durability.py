"""No data lost when the database goes away: saves in a loop while a proxy drops every connection.

Usage: DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsroom_load .venv/bin/python bench/durability.py
       [--seconds 8] [--outage 3] [--port 8768]
Each save is a correction on the seed article (load.py's database has it; `make run`'s too) in its
own transaction, after what a request's start does (close_old_connections, so CONN_HEALTH_CHECKS
applies). The proxy (bench/load.py's) goes down a quarter into the run. Then a connection of its
own, not through the proxy, reads what was stored: every save that returned must be there, and
saves that raised are counted (one whose COMMIT reached the server just before the connection
dropped is stored although it raised: its outcome was unknown to the caller). The corrections are
deleted at the end.
"""

import argparse
import os
import sys
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PREFIX = "bench/durability.py save "


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=8)
    parser.add_argument("--outage", type=float, default=3)
    parser.add_argument("--port", type=int, default=8768)
    options = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("DATABASE_URL must name a PostgreSQL database")
    target = urllib.parse.urlsplit(url)
    sys.path.insert(0, str(ROOT))
    from bench.load import DatabaseProxy

    proxy = DatabaseProxy(options.port, target.hostname or "127.0.0.1", target.port or 5432)
    netloc = target.netloc.rsplit("@", 1)
    credentials = netloc[0] + "@" if len(netloc) == 2 else ""
    os.environ["DATABASE_URL"] = target._replace(netloc=f"{credentials}127.0.0.1:{options.port}").geturl()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    import django

    django.setup()
    from django.db import DatabaseError, close_old_connections, connections, transaction

    from articles.models import Article, Correction

    article = Article.objects.get(slug="nato-russia-hold-first-top-level-military-talks-in-three-years")
    Correction.objects.filter(text__startswith=PREFIX).delete()
    returned, raised = [], []
    fault = threading.Thread(
        target=lambda: (time.sleep(options.seconds / 4), proxy.outage(options.outage)), daemon=True
    )
    fault.start()
    start, number = time.monotonic(), 0
    while time.monotonic() - start < options.seconds:
        number += 1
        close_old_connections()
        text = f"{PREFIX}{number}"
        try:
            with transaction.atomic():
                Correction.objects.create(article=article, text=text)
            returned.append(number)
        except DatabaseError:
            raised.append(number)
        time.sleep(0.01)
    fault.join()
    connections.close_all()
    # Straight to the server now, not through the proxy.
    connections["default"].settings_dict.update(
        HOST=target.hostname or "127.0.0.1", PORT=str(target.port or 5432)
    )
    stored = {
        int(text.removeprefix(PREFIX))
        for text in Correction.objects.filter(text__startswith=PREFIX).values_list("text", flat=True)
    }
    after = [n for n in returned if raised and n > max(raised)]
    print(
        f"{number} saves in {options.seconds:.0f} s, database unreachable for {options.outage:.0f} s: "
        f"{len(returned)} returned, {len(raised)} raised; stored {len(stored)}"
    )
    print(
        f"returned but not stored: {len(set(returned) - stored)}; raised but stored: "
        f"{len(set(raised) & stored)}; returned after the last failure: {len(after)}"
    )
    Correction.objects.filter(text__startswith=PREFIX).delete()
    if set(returned) - stored or not after:
        sys.exit("FAILED: a save that returned is missing, or saves never succeeded again")


if __name__ == "__main__":
    main()
