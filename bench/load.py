"""Load and fault run: 64 connections for 60 s over a page mix, then the same with PostgreSQL restarted
in the middle. Counts 5xx and socket errors, and checks the app recovers without a gunicorn restart.

Usage: DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsroom_load .venv/bin/python bench/load.py
       [--seconds 60] [--no-fault]
Needs wrk (apt-get install wrk); prepares the database itself (migrate, sample, Wikinews). The fault
run restarts the local cluster with pg_ctlcluster, so run it only on a machine whose PostgreSQL you own.
"""

import argparse
import os
import re
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PORT = 8767
PAGES = [
    "/",
    "/2017/03/03/nato-russia-hold-first-top-level-military-talks-in-three-years/",
    "/people/valery-gerasimov/",
    "/search/?q=election",
]


def manage(*args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)


def wrk(path: str, seconds: int, connections: int, out: dict) -> None:
    text = subprocess.run(
        [
            "wrk",
            "-t1",
            f"-c{connections}",
            f"-d{seconds}s",
            "--timeout",
            "10s",
            f"http://127.0.0.1:{PORT}{path}",
        ],
        capture_output=True,
        text=True,
    ).stdout
    requests = int(re.search(r"(\d+) requests in", text).group(1))
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    sockets = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    out[path] = (requests, int(bad.group(1)) if bad else 0, sum(map(int, sockets.groups())) if sockets else 0)


def run_mix(seconds: int, label: str, fault=None) -> None:
    results: dict = {}
    threads = [threading.Thread(target=wrk, args=(p, seconds, 64 // len(PAGES), results)) for p in PAGES]
    for thread in threads:
        thread.start()
    if fault:
        fault(seconds)
    for thread in threads:
        thread.join()
    total = sum(r[0] for r in results.values())
    print(f"\n{label}: 64 connections, {seconds} s, {total:,} requests ({total / seconds:,.0f}/s)")
    print("| page | requests | non-2xx/3xx | socket errors |\n| --- | ---: | ---: | ---: |")
    for path in PAGES:
        requests, bad, sockets = results[path]
        print(f"| `{path}` | {requests:,} | {bad:,} | {sockets:,} |")


def restart_postgres(seconds: int) -> None:
    time.sleep(seconds / 3)
    cluster = sorted(os.listdir("/etc/postgresql"))[0]
    started = time.monotonic()
    subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", cluster, "main", "restart"], check=True)
    print(f"PostgreSQL restarted in {time.monotonic() - started:.1f} s, {seconds / 3:.0f} s into the run")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--no-fault", action="store_true")
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("set DATABASE_URL to a PostgreSQL database of its own")
    manage("migrate", "--noinput")
    manage("load_sample")
    manage("import_articles", "--profile", "wikinews", "articles/sample/wikinews/")
    manage("collectstatic", "--noinput")
    server = start_server(cache_seconds=600)
    try:
        run_mix(args.seconds, "Load (page cache on, as served)")
    finally:
        stop(server)
    if args.no_fault:
        return
    server = start_server(cache_seconds=0)  # every request reaches the database
    try:
        run_mix(
            args.seconds, "Fault: page cache off, PostgreSQL restarted during the run", fault=restart_postgres
        )
        status = urllib.request.urlopen(f"http://127.0.0.1:{PORT}/people/?page=1", timeout=10).status
        print(f"\nAfter the restart, same gunicorn: /people/ answers {status}")
    finally:
        stop(server)


def start_server(cache_seconds: int) -> subprocess.Popen:
    env = {
        **os.environ,
        "HTTPS": "0",
        "PORT": str(PORT),
        "GUNICORN_ACCESS_LOG": "/dev/null",
        "WEB_CONCURRENCY": "4",
        "PAGE_CACHE_SECONDS": str(cache_seconds),
    }
    server = subprocess.Popen([str(ROOT / ".venv/bin/gunicorn"), "-c", "gunicorn.conf.py"], cwd=ROOT, env=env)
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{PORT}/", timeout=1)
            return server
        except OSError:
            time.sleep(0.2)
    stop(server)
    sys.exit("gunicorn did not start")


def stop(server: subprocess.Popen) -> None:
    server.terminate()
    server.wait()


if __name__ == "__main__":
    main()
