"""sqlmap against the reader pages' query parameters on a local gunicorn: expects no injection.

Usage: .venv/bin/python bench/sqlmap_scan.py [--level 2] [--risk 1]
Too slow for every CI run (minutes per parameter); results go in bench/README.md. Needs the sample
loaded (`make run`) and sqlmap (requirements-dev.txt). Starts its own gunicorn on port 8766.
"""

import argparse
import os
import re
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

ROOT = Path(__file__).resolve().parent.parent
PORT = 8766
TARGETS = [
    "/search/?q=talks&person=valery-gerasimov&date_from=2017-01-01&page=1&sort=newest",
    "/quotes/?q=generals&speaker=jens-stoltenberg&page=1",
    "/timeline/?person=valery-gerasimov&place=baku&page=1",
    "/api/articles/?person=valery-gerasimov&place=baku&published_from=2017-01-01&page=1",
    "/people/?page=1",
]


def judge(target: str, out: str) -> tuple[str, bool]:
    """sqlmap's verdict on `target` from its output, and whether that is a failure.

    sqlmap prints one "does not seem to be injectable" per parameter it gave up on, and a closing
    line when it is done with those it tested; a pass needs both, for every parameter of the URL.
    Without the closing line it did not finish (a refused connection, a page it could not parse),
    and a parameter it skipped was not tested: neither is a pass."""
    if "is vulnerable" in out or "sqlmap identified the following injection" in out:
        return "INJECTABLE", True
    if "all tested parameters do not appear to be injectable" not in out:
        last = (out.strip().splitlines() or ["no output"])[-1]
        return f"NOT TESTED: {last}", True
    tested = set(re.findall(r"GET parameter '([^']+)' does not seem to be injectable", out))
    untested = sorted(set(parse_qs(urlsplit(target).query)) - tested)
    if untested:
        return f"NOT TESTED: {', '.join(untested)}", True
    plural = "s" if len(tested) != 1 else ""
    return f"no injection found ({len(tested)} parameter{plural} tested)", False


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--level", default="2")
    parser.add_argument("--risk", default="1")
    args = parser.parse_args()
    env = {**os.environ, "HTTPS": "0", "PORT": str(PORT), "GUNICORN_ACCESS_LOG": "/dev/null",
           "API_THROTTLE_RATE": "1000000/minute", "PAGE_CACHE_SECONDS": "0"}  # fmt: skip
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
    )
    server = subprocess.Popen([str(ROOT / ".venv/bin/gunicorn"), "-c", "gunicorn.conf.py"], cwd=ROOT, env=env)
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{PORT}/", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        failures = 0
        for target in TARGETS:
            out = subprocess.run(
                [str(ROOT / ".venv/bin/sqlmap"), "-u", f"http://127.0.0.1:{PORT}{target}", "--batch",
                 f"--level={args.level}", f"--risk={args.risk}", "--flush-session", "--disable-coloring"],
                capture_output=True, text=True,
            ).stdout  # fmt: skip
            verdict, failed = judge(target, out)
            failures += failed
            print(f"| `{target}` | {verdict} |", flush=True)
        sys.exit(1 if failures else 0)
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
