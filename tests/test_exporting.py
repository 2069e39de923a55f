"""export_articles: every field out, and back in unchanged (export → import → export is identical)."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from articles.models import Article, Correction, Organization, Person, Place, Source, Topic

from .conftest import ROOT
from .factories import DraftFactory
from .test_importing import RSS, write_text

pytestmark = pytest.mark.django_db


def export(*args) -> str:
    stdout = io.StringIO()
    call_command("export_articles", *args, stdout=stdout, stderr=io.StringIO())
    return stdout.getvalue()


def empty_the_archive() -> None:
    Article.objects.all().delete()
    for model in (Person, Organization, Place, Source, Topic):
        model.objects.all().delete()


@pytest.fixture
def archive(seed_article, tmp_path):
    """The seed (with a correction), the Wikinews sample, a feed and a draft: every kind of field."""
    Correction.objects.create(article=seed_article, text="An earlier version misspelt Gerasimov.")
    call_command("import_articles", "--profile", "wikinews", ROOT / "articles/sample/wikinews",
                 stdout=io.StringIO())  # fmt: skip
    call_command("import_articles", write_text(tmp_path / "wire.rss", RSS), stdout=io.StringIO())
    DraftFactory(headline="An unfinished story", dek="", body="Work *in progress*.")
    return seed_article


def test_seed_article_exports_everything_it_holds(archive):
    record = next(r for r in map(json.loads, export().splitlines()) if r["headline"].startswith("NATO"))
    assert record["slug"] == archive.slug
    assert record["published_precision"] == "estimated" and record["date_note"]
    assert record["credits"] == [{"source": s, "role": "reporting"} for s in ("AP", "Reuters", "dpa", "TASS")]
    assert {"person": "Petr Pavel", "title": "NATO Military Committee Chairman",
            "organization": "NATO Military Committee"} in record["appearances"]  # fmt: skip
    assert record["people"][:2] == ["Petr Pavel", "Valery Gerasimov"]
    baku = next(e for e in record["events"] if e.get("place") == "Baku")
    assert baku["date"] == "2017-02-16" and baku["year_inferred"] is True
    assert baku["participants"] == ["Joseph Dunford", "Valery Gerasimov"]
    assert {"text": "the two generals agreed that they would remain in contact.",
            "speaker_description": "a NATO spokesman"}.items() <= record["quotes"][0].items()  # fmt: skip
    assert record["corrections"][0]["text"] == "An earlier version misspelt Gerasimov."
    assert "Brussels" in record["places"] and "NATO" in record["orgs"]


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_export_import_into_an_empty_archive_export_is_identical(archive, tmp_path, fmt):
    first = export("--format", fmt)
    assert first.count("\n") >= 295
    path = tmp_path / f"archive.{fmt}"
    path.write_text(first, encoding="utf-8")
    empty_the_archive()
    call_command("import_articles", path, stdout=io.StringIO())
    assert export("--format", fmt) == first


def test_reimporting_an_export_with_update_changes_nothing(archive, tmp_path):
    path = write_text(tmp_path / "archive.jsonl", export())
    stdout = io.StringIO()
    call_command("import_articles", path, "--update", stdout=stdout)
    assert "0 created, 0 updated, 295 unchanged" in stdout.getvalue()


def test_since_status_and_output_file(archive, tmp_path):
    out = tmp_path / "recent.jsonl"
    call_command("export_articles", "--since", "2020-01-01", "--status", "published", "--output", out,
                 stderr=io.StringIO())  # fmt: skip
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert records and all(r["published"] >= "2020-01-01" and r["status"] == "published" for r in records)
    assert len(records) == Article.objects.filter(published_at__year__gte=2020, status="published").count()
    drafts = [json.loads(line) for line in export("--status", "draft").splitlines()]
    assert [r["headline"] for r in drafts] == ["An unfinished story"]


def test_bad_since_date_is_a_clear_error(db):
    with pytest.raises(CommandError, match="not a date"):
        export("--since", "last week")


class ClosedPipe(io.StringIO):
    """Standard output whose reader has gone after the first line (`export_articles | head -1`)."""

    def write(self, text):
        if self.getvalue():
            raise BrokenPipeError(32, "Broken pipe")
        return super().write(text)


def test_a_reader_that_stops_early_ends_the_export_quietly(archive):
    stdout, stderr = ClosedPipe(), io.StringIO()
    call_command("export_articles", stdout=stdout, stderr=stderr)
    assert json.loads(stdout.getvalue().splitlines()[0])["headline"]
    assert stderr.getvalue() == ""
