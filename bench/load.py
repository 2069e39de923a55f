"""Load and fault run: 64 connections for 60 s over a page mix, then the same with the database made
unreachable in the middle. Counts 5xx (503 apart) and socket errors, and checks the app recovers
without a gunicorn restart.

Usage: DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsroom_load .venv/bin/python bench/load.py
       [--seconds 60] [--no-fault | --fault-only] [--fault proxy|restart|redis] [--port 8767]
Needs wrk (apt-get install wrk); prepares the database itself (migrate, sample, Wikinews).
--fault proxy (the default) puts a TCP proxy between gunicorn and PostgreSQL and stops it for
--outage seconds: gunicorn sees exactly what a restart looks like (connections dropped, then
refused) while the cluster, shared with anything else on the machine, keeps running.
--fault restart restarts the local cluster with pg_ctlcluster: only on a machine whose PostgreSQL
you own. --fault redis (with REDIS_URL) puts the proxy between gunicorn and Redis instead, page
cache on: the pages must go on answering 200, rendered without the cache, while Redis is away.
"""

import argparse
import asyncio
import collections
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PORT = 8767  # --port changes it
ACCESS_LOG = Path(tempfile.gettempdir()) / "newsroom-load-access.log"
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


class DatabaseProxy:
    """A TCP proxy (to PostgreSQL here, to Redis in tests) that can be taken down and brought back."""

    def __init__(self, listen_port: int, target_host: str, target_port: int):
        self.listen_port, self.target = listen_port, (target_host, target_port)
        self.loop = asyncio.new_event_loop()
        self.server = None
        self.writers: set = set()
        threading.Thread(target=self.loop.run_forever, daemon=True).start()
        self.call(self._start())

    def call(self, coroutine):
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result()

    async def _start(self):
        if self.server is not None and self.server.is_serving():
            return
        self.server = await asyncio.start_server(self._client, "127.0.0.1", self.listen_port)

    async def _stop(self):
        if not self.server.is_serving():
            return
        self.server.close()
        await self.server.wait_closed()
        for writer in list(self.writers):
            writer.transport.abort()
        await asyncio.sleep(0.01)  # let the pipes see their connections go and end

    async def _client(self, client_reader, client_writer):
        try:
            upstream_reader, upstream_writer = await asyncio.open_connection(*self.target)
        except OSError:
            client_writer.transport.abort()
            return
        self.writers |= {client_writer, upstream_writer}

        async def pipe(reader, writer):
            try:
                while data := await reader.read(65536):
                    writer.write(data)
                    await writer.drain()
            except (ConnectionError, OSError):
                pass
            finally:
                writer.transport.abort()
                self.writers.discard(writer)

        await asyncio.gather(pipe(client_reader, upstream_writer), pipe(upstream_reader, client_writer))

    def down(self) -> None:
        """Stop listening and cut every connection through the proxy."""
        self.call(self._stop())

    def up(self) -> None:
        self.call(self._start())

    def close(self) -> None:
        self.down()
        self.loop.call_soon_threadsafe(self.loop.stop)

    def outage(self, seconds: float) -> None:
        self.down()
        time.sleep(seconds)
        self.up()


def proxy_outage(proxy: DatabaseProxy, outage: float, what: str = "Database"):
    def fault(seconds: int) -> None:
        time.sleep(seconds / 3)
        proxy.outage(outage)
        print(f"{what} unreachable for {outage:.0f} s (proxy down), {seconds / 3:.0f} s into the run")

    return fault


def status_counts() -> collections.Counter:
    """Response statuses from gunicorn's access log (the default format: status after the request)."""
    counts: collections.Counter = collections.Counter()
    for line in ACCESS_LOG.read_text().splitlines():
        if match := re.search(r'" (\d{3}) ', line):
            counts[match.group(1)] += 1
    return counts


def restart_postgres(seconds: int) -> None:
    time.sleep(seconds / 3)
    cluster = sorted(os.listdir("/etc/postgresql"))[0]
    started = time.monotonic()
    subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", cluster, "main", "restart"], check=True)
    print(f"PostgreSQL restarted in {time.monotonic() - started:.1f} s, {seconds / 3:.0f} s into the run")


def main() -> None:
    global PORT
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--port", type=int, default=PORT, help="gunicorn's port; the proxy uses the next")
    parser.add_argument("--no-fault", action="store_true")
    parser.add_argument("--fault-only", action="store_true")
    parser.add_argument("--fault", choices=["proxy", "restart", "redis"], default="proxy")
    parser.add_argument("--outage", type=float, default=5, help="seconds the proxy stays down")
    args = parser.parse_args()
    PORT = args.port
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("set DATABASE_URL to a PostgreSQL database of its own")
    manage("migrate", "--noinput")
    manage("load_sample")
    manage("import_articles", "--profile", "wikinews", "articles/sample/wikinews/")
    manage("collectstatic", "--noinput")
    if not args.fault_only:
        server = start_server(cache_seconds=600)
        try:
            run_mix(args.seconds, "Load (page cache on, as served)")
        finally:
            stop(server)
    if args.no_fault:
        return
    database_url, redis_url, cache_seconds = os.environ["DATABASE_URL"], None, 0
    if args.fault == "redis":
        if not os.environ.get("REDIS_URL"):
            sys.exit("--fault redis needs REDIS_URL (a Redis database of its own: pages are cached in it)")
        url = urllib.parse.urlsplit(os.environ["REDIS_URL"])
        proxy = DatabaseProxy(args.port + 1, url.hostname, url.port or 6379)
        # Through the proxy with the URL's user and password: without them Redis would refuse every
        # call (NOAUTH), a miss throughout, and the run would not measure the outage at all.
        credentials = url.netloc.rpartition("@")[0]
        credentials = f"{credentials}@" if credentials else ""
        redis_url = url._replace(netloc=f"{credentials}{url.hostname}:{args.port + 1}").geturl()
        fault, label = proxy_outage(proxy, args.outage, "Redis"), f"Redis unreachable for {args.outage:.0f} s"
        cache_seconds = 600  # the cache is what fails: pages are cached as served by default
    elif args.fault == "proxy":
        url = urllib.parse.urlsplit(database_url)
        proxy = DatabaseProxy(args.port + 1, url.hostname, url.port or 5432)
        database_url = url._replace(
            netloc=url.netloc.replace(f":{url.port or 5432}", f":{args.port + 1}")
        ).geturl()
        fault, label = proxy_outage(proxy, args.outage), f"database unreachable for {args.outage:.0f} s"
    else:
        fault, label = restart_postgres, "PostgreSQL restarted"
    # Every request reaches the database (page and fragment caches off), or, for Redis, the cache.
    server = start_server(cache_seconds, database_url=database_url, access_log=True, redis_url=redis_url)
    try:
        mode = "page cache on" if cache_seconds else "page cache off"
        run_mix(args.seconds, f"Fault: {mode}, {label} during the run", fault=fault)
        status = urllib.request.urlopen(f"http://127.0.0.1:{PORT}/people/?page=1", timeout=10).status
        print(f"\nAfter the outage, same gunicorn: /people/ answers {status}")
    finally:
        stop(server)
    counts = status_counts()
    print(
        "Statuses in gunicorn's access log: "
        + ", ".join(f"{code}: {n:,}" for code, n in sorted(counts.items()))
    )


def start_server(
    cache_seconds: int,
    database_url: str | None = None,
    access_log: bool = False,
    redis_url: str | None = None,
) -> subprocess.Popen:
    env = {
        **os.environ,
        "HTTPS": "0",
        "PORT": str(PORT),
        "GUNICORN_ACCESS_LOG": str(ACCESS_LOG) if access_log else "/dev/null",
        "WEB_CONCURRENCY": "4",
        "PAGE_CACHE_SECONDS": str(cache_seconds),
        "FRAGMENT_CACHE_SECONDS": str(cache_seconds),
        "DATABASE_URL": database_url or os.environ["DATABASE_URL"],
    }
    if redis_url:
        env["REDIS_URL"] = redis_url
    ACCESS_LOG.unlink(missing_ok=True)
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
