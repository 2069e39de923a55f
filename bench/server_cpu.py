"""CPU time a gunicorn worker spends per request, page by page, with every cache off.

Usage: .venv/bin/python bench/server_cpu.py [--seconds 6] [--port 8766]
Needs Debian's wrk and a database with the sample loaded (`make run`; DATABASE_URL selects it).
Starts one gunicorn worker (`ROOT_URLCONF=bench.urls`, `PAGE_CACHE_SECONDS=0
FRAGMENT_CACHE_SECONDS=0`), drives each page with `wrk -t1 -c2` and reads the worker's user + system
time from /proc before and after. On a machine shared with other work, req/s (bench/web.py) moves
with everything else running; the worker's CPU time per request does not, and its ratio to the
trivial view's is what the req/s ratio would be on an otherwise idle machine.
"""

import argparse
import os
import re
import subprocess
import urllib.request
from pathlib import Path

from web import start_gunicorn  # bench/web.py, beside this script

ROOT = Path(__file__).resolve().parent.parent
PAGES = {
    "trivial 10 KB view": "/bench/trivial/",
    "home": "/",
    "article (seed)": "/2017/03/03/nato-russia-hold-first-top-level-military-talks-in-three-years/",
    "article (campaign trail, October 2020)": "/2020/11/02/on-the-campaign-trail-in-the-usa-october-2020/",
}


def worker_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=6)
    parser.add_argument("--port", type=int, default=8766)
    args = parser.parse_args()
    base = f"http://127.0.0.1:{args.port}"
    server = start_gunicorn(args.port, workers=1, cache_seconds=0, fragment_seconds=0)
    try:
        (worker,) = subprocess.run(
            ["pgrep", "-P", str(server.pid)], capture_output=True, text=True
        ).stdout.split()
        print("| page | requests | worker CPU ms a request | non-2xx | load average |")
        print("| --- | ---: | ---: | ---: | --- |")
        for name, path in PAGES.items():
            for _ in range(20):  # warm: templates loaded, queries compiled
                urllib.request.urlopen(base + path).read()  # noqa: S310
            before = worker_seconds(int(worker))
            wrk = ["wrk", "-t1", "-c2", f"-d{args.seconds}s", base + path]
            out = subprocess.run(wrk, capture_output=True, text=True, check=True).stdout
            spent = worker_seconds(int(worker)) - before
            requests = int(re.search(r"(\d+) requests in", out).group(1))
            failed = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
            load = " ".join(Path("/proc/loadavg").read_text().split()[:3])
            per_request = spent * 1000 / requests
            print(f"| {name} | {requests:,} | {per_request:.2f} | {failed[1] if failed else 0} | {load} |")
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
