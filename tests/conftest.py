"""Fixtures shared by the whole suite: the seed article, the corpus path, plain static files."""

import gzip
import importlib
import io
import json
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.management import call_command

from articles.models import Article

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "reuters21578-articles.jsonl.gz"
SEED_SLUG = "nato-russia-hold-first-top-level-military-talks-in-three-years"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Logins are made by the dozen in the role tests; a slow hash only costs time here."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


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


PASSWORD = "a-long-passphrase"


@pytest.fixture
def make_staff(db, django_user_model):
    """make_staff("reporter" | "editor" | "superuser", name): a login as `create_editor_user` makes it."""

    def make(role: str, username: str | None = None):
        if not Group.objects.exists():
            # A live-server test before this one flushed the tables, groups included: make the roles
            # again exactly as the migration does.
            importlib.import_module("articles.migrations.0003_workflow_roles").create_roles(apps, None)
        username = username or role
        call_command(
            "create_editor_user", username, role=role, password_env="STAFF_PASSWORD", stdout=io.StringIO()
        )
        return django_user_model.objects.get(username=username)

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("STAFF_PASSWORD", PASSWORD)
        yield make


@pytest.fixture
def reporter(make_staff):
    return make_staff("reporter")


@pytest.fixture
def editor(make_staff):
    return make_staff("editor")


@pytest.fixture
def superuser(make_staff):
    return make_staff("superuser")


@pytest.fixture
def reindex():
    """Index every article now: the index follows saves only when their transaction commits,
    which a test's transaction never does."""
    from articles.search import index_articles

    return lambda: index_articles(Article.objects.values_list("pk", flat=True))
