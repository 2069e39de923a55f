"""Fixtures shared by the whole suite: the seed article, the corpus path, plain static files."""

import gzip
import io
import json
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.management import call_command

from articles.models import Article

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "reuters21578-articles.jsonl.gz"
SEED_SLUG = "nato-russia-hold-first-top-level-military-talks-in-three-years"


@pytest.fixture(autouse=True)
def _plain_static_files(settings):
    """Templates resolve {% static %} without a collectstatic manifest (production uses one)."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _empty_page_cache():
    """Each test starts with no cached pages (its database starts afresh too)."""
    cache.clear()


@pytest.fixture
def seed_article(db) -> Article:
    """The NATO–Russia talks article as `make run` loads it."""
    call_command("load_sample", stdout=io.StringIO())
    return Article.objects.get(slug=SEED_SLUG)


@pytest.fixture(scope="session")
def corpus_path() -> Path:
    """The Reuters-21578 sample, read in place (research licence: never copied into the project)."""
    if not CORPUS.exists():
        pytest.skip(f"the Reuters corpus is not here ({CORPUS}); CI always has it")
    return CORPUS


def read_corpus(path: Path, limit: int | None = None) -> list[dict]:
    records = []
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        for number, line in enumerate(lines):
            if limit is not None and number >= limit:
                break
            records.append(json.loads(line))
    return records
