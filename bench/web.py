"""HTTP throughput of reader pages against a trivial view, under gunicorn on 127.0.0.1 (wrk).

Usage: .venv/bin/python bench/web.py [--seconds 10] [--connections 16] [--workers 2] [--port 8765]
Needs Debian's wrk (apt-get install wrk) and a database with the sample loaded (`make run` does
that; DATABASE_URL selects PostgreSQL). Starts its own gunicorn, measures each page three ways:
uncached (page and fragment caches off: every request renders everything), page cache off but
fragment cache on (warm after the first request), and cached (as served by default), and prints a
markdown table with the load average of the machine at the start of each mode.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODES = {
    # mode: (PAGE_CACHE_SECONDS, FRAGMENT_CACHE_SECONDS)
    "uncached": (0, 0),
    "fragments only": (0, 600),
    "cached": (600, 600),
}
PAGES = {
    "trivial 10 KB view": "/bench/trivial/",
    "home": "/",
    "article": "/2017/03/03/nato-russia-hold-first-top-level-military-talks-in-three-years/",
    "person": "/people/valery-gerasimov/",
    "place": "/places/baku/",
    "search": "/search/?q=military+talks",
}


def start_gunicorn(port: int, workers: int, cache_seconds: int, fragment_seconds: int) -> subprocess.Popen:
    env = {
        **os.environ,
        "ROOT_URLCONF": "bench.urls",
        "HTTPS": "0",
        "PAGE_CACHE_SECONDS": str(cache_seconds),
        "FRAGMENT_CACHE_SECONDS": str(fragment_seconds),
        "WEB_CONCURRENCY": str(workers),
        "GUNICORN_ACCESS_LOG": "/dev/null",
        "PORT": str(port),
        "LOG_LEVEL": "WARNING",
    }
    server = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "-c", "gunicorn.conf.py"],
        cwd=ROOT,
        env=env,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/bench/trivial/", timeout=1)  # noqa: S310
            return server
        except OSError:
            time.sleep(0.1)
    server.terminate()
    raise SystemExit("gunicorn did not start")


def wrk(port: int, path: str, seconds: int, connections: int) -> tuple[float, float, int]:
    """(requests/s, p95 latency in ms, non-2xx/3xx responses)."""
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", f"http://127.0.0.1:{port}{path}"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p90 = re.search(r"90%\s+([\d.]+)(us|ms|s)", out)
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", out)

    def ms(match):
        value, unit = float(match.group(1)), match.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    # wrk prints the 50/75/90/99th percentiles; p95 is taken halfway between p90 and p99.
    p95 = (ms(p90) + ms(p99)) / 2
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return rps, p95, int(errors.group(1)) if errors else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--mode", choices=list(MODES), action="append", help="only these modes (repeatable)")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed: apt-get install wrk")
    subprocess.run(
        [str(ROOT / ".venv/bin/python"), "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        check=True,
    )
    print(
        f"gunicorn {args.workers} sync workers, wrk -t2 -c{args.connections} -d{args.seconds}s, 127.0.0.1\n"
    )
    print("| page | mode | req/s | p95 ms | ratio to trivial | errors | load average |")
    print("| --- | --- | ---: | ---: | ---: | ---: | --- |")
    for mode in args.mode or list(MODES):
        cache_seconds, fragment_seconds = MODES[mode]
        server = start_gunicorn(args.port, args.workers, cache_seconds, fragment_seconds)
        load = "{:.2f} {:.2f} {:.2f}".format(*os.getloadavg())
        try:
            baseline = None
            for name, path in PAGES.items():
                rps, p95, errors = wrk(args.port, path, args.seconds, args.connections)
                baseline = baseline or rps
                ratio = rps / baseline
                print(
                    f"| {name} | {mode} | {rps:,.0f} | {p95:.1f} | {ratio:.2f} | {errors} | {load} |",
                    flush=True,
                )
        finally:
            server.terminate()
            server.wait()


if __name__ == "__main__":
    main()
