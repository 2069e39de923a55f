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


def article_records(text: str) -> list[dict]:
    return [record for record in map(json.loads, text.splitlines()) if "entity" not in record]


def entity_records(text: str) -> dict[tuple[str, str], dict]:
    records = [record for record in map(json.loads, text.splitlines()) if "entity" in record]
    return {(record["entity"], record["slug"]): record for record in records}


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
    record = next(r for r in article_records(export()) if r["headline"].startswith("NATO"))
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
    records = article_records(out.read_text(encoding="utf-8"))
    assert records and all(r["published"] >= "2020-01-01" and r["status"] == "published" for r in records)
    assert len(records) == Article.objects.filter(published_at__year__gte=2020, status="published").count()
    drafts = export("--status", "draft")
    assert [r["headline"] for r in article_records(drafts)] == ["An unfinished story"]
    assert entity_records(drafts) == {}  # the draft names nobody


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
    assert json.loads(stdout.getvalue().splitlines()[0])["name"]
    assert stderr.getvalue() == ""


def test_entities_are_exported_with_slugs_aliases_kinds_and_parents(archive):
    entities = entity_records(export())
    assert {"Gen. Gerasimov", "Gerasimov"} <= set(entities["person", "valery-gerasimov"]["aliases"])
    assert entities["place", "baku"] == {
        "entity": "place", "name": "Baku", "slug": "baku", "kind": "city", "parent": "azerbaijan",
        **{k: v for k, v in entities["place", "baku"].items() if k in ("latitude", "longitude", "aliases")},
    }  # fmt: skip
    assert entities["source", "ap"]["full_name"] == "Associated Press"


def test_an_import_restores_what_the_archive_knew_of_its_entities(archive, tmp_path):
    Place.objects.filter(slug="baku").update(slug="baku-azerbaijan", description="Capital of Azerbaijan.")
    before = export()
    empty_the_archive()
    stdout = io.StringIO()
    call_command("import_articles", write_text(tmp_path / "backup.jsonl", before), stdout=stdout)
    baku = Place.objects.get(name="Baku")
    assert (baku.slug, baku.parent.name, baku.description) == (
        "baku-azerbaijan",
        "Azerbaijan",
        "Capital of Azerbaijan.",
    )
    assert Person.objects.named("Gen. Gerasimov").get().name == "Valery Gerasimov"
    assert (
        f"entities: {len(entity_records(before)):,} read, {len(entity_records(before)):,} created"
        in stdout.getvalue()
    )


def test_a_selection_exports_the_entities_it_names_with_their_parents(archive, tmp_path):
    selection = export("--since", "2017-03-01", "--status", "published")
    entities = entity_records(selection)
    assert ("place", "baku") in entities and ("place", "azerbaijan") in entities
    assert ("organization", "nato-military-committee") in entities
    empty_the_archive()
    call_command("import_articles", write_text(tmp_path / "part.jsonl", selection), stdout=io.StringIO())
    assert Place.objects.get(slug="baku").parent.slug == "azerbaijan"


def test_import_with_update_corrects_a_known_entity_and_without_it_leaves_it(archive, tmp_path):
    record = {"entity": "person", "name": "Valery Gerasimov", "slug": "valery-gerasimov",
              "description": "Chief of the General Staff.", "aliases": ["Gerasimov"]}  # fmt: skip
    path = write_text(tmp_path / "person.jsonl", json.dumps(record))
    call_command("import_articles", path, stdout=io.StringIO())
    person = Person.objects.get(slug="valery-gerasimov")
    assert person.description == "" and person.aliases.count() == 3
    stdout = io.StringIO()
    call_command("import_articles", path, "--update", stdout=stdout)
    person.refresh_from_db()
    assert person.description == "Chief of the General Staff."
    assert list(person.aliases.values_list("name", flat=True)) == ["Gerasimov"]
    assert "1 read, 0 created, 1 updated" in stdout.getvalue()


@pytest.mark.parametrize(
    ("record", "message"),
    [
        ({"entity": "planet", "name": "Mars"}, "unknown kind of entity"),
        ({"entity": "person", "name": ""}, "every entity needs a name"),
        ({"entity": "person", "name": "A", "kind": "city"}, "not a field of a person"),
        ({"entity": "place", "name": "A", "kind": "moon"}, "not a kind of place"),
        ({"entity": "place", "name": "A", "latitude": "91"}, "out of range"),
        ({"entity": "place", "name": "A", "parent": "atlantis"}, "no place with the slug 'atlantis'"),
        ({"entity": "source", "name": "A", "homepage": "javascript:alert(1)"}, "not a web address"),
        ({"entity": "person", "name": "A", "aliases": "B"}, "must be a list of names"),
    ],
)
def test_a_bad_entity_record_is_named_with_file_line_and_field_and_nothing_is_written(
    db, tmp_path, record, message
):
    lines = [json.dumps({"entity": "topic", "name": "Fine"}), json.dumps(record)]
    path = write_text(tmp_path / "entities.jsonl", "\n".join(lines))
    stderr = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_articles", path, stdout=io.StringIO(), stderr=stderr)
    assert "entities.jsonl, line 2, field" in stderr.getvalue() and message in stderr.getvalue()
    assert not Topic.objects.exists()


def import_entities(tmp_path, records, *args) -> str:
    path = write_text(tmp_path / "entities.jsonl", "\n".join(json.dumps(record) for record in records))
    stdout = io.StringIO()
    call_command("import_articles", path, *args, stdout=stdout, stderr=io.StringIO())
    return stdout.getvalue()


def test_an_entity_record_with_a_slug_is_that_row_and_not_a_namesake(db, tmp_path):
    stored = Person.objects.create(name="John Smith", slug="john-smith")
    record = {
        "entity": "person",
        "name": "John Smith",
        "slug": "john-smith-2",
        "description": "The other one.",
    }
    assert "1 read, 1 created" in import_entities(tmp_path, [record], "--update")
    stored.refresh_from_db()
    assert stored.description == ""
    assert Person.objects.get(slug="john-smith-2").description == "The other one."


def test_links_name_the_files_slugs_even_when_a_record_matches_a_row_by_name(db, tmp_path):
    Place.objects.create(name="Baku", slug="baku-city")
    records = [
        {"entity": "place", "name": "Baku"},  # no slug: the stored Baku
        {"entity": "place", "name": "Ganja", "slug": "ganja", "parent": "baku"},
    ]
    import_entities(tmp_path, records)
    assert Place.objects.get(slug="ganja").parent.slug == "baku-city"


def test_update_leaves_alone_what_a_record_does_not_mention(db, tmp_path):
    person = Person.objects.create(name="Valery Gerasimov", slug="valery-gerasimov", description="General.")
    person.aliases.create(name="Gerasimov")
    record = {"entity": "person", "name": "Valery Gerasimov", "slug": "valery-gerasimov"}
    assert "1 unchanged" in import_entities(tmp_path, [record], "--update")
    person.refresh_from_db()
    assert person.description == "General." and list(person.aliases.values_list("name", flat=True)) == [
        "Gerasimov"
    ]


def test_a_record_without_a_slug_never_takes_a_slug_another_record_gives(db, tmp_path):
    records = [
        {"entity": "person", "name": "Владимир Путин"},
        {"entity": "person", "name": "X", "slug": "item"},
    ]
    Person.objects.create(name="Someone", slug="item-2")
    import_entities(tmp_path, records)
    assert Person.objects.get(name="X").slug == "item"
    assert Person.objects.get(name="Владимир Путин").slug not in ("item", "item-2")


def test_an_event_linked_from_a_long_sentence_survives_the_round_trip(seed_article, tmp_path):
    """Extraction cuts an event's sentence to the field's 300 characters; a cut that ends on a space
    (as one Wikinews article's does under `make run`) must not store a trailing space, which the
    importer strips, so that export → import → export stays identical."""
    from articles.extraction import EVENT, Evidence, Suggestion
    from articles.extraction_linking import accept_suggestion

    sentence = "word " * 80  # the 300th character is a space
    event = accept_suggestion(
        seed_article,
        Suggestion(kind=EVENT, name=sentence.strip(), confidence=0.9, evidence=Evidence(sentence, 0, 4),
                   date=seed_article.published_at.date(), precision="day"),
    )  # fmt: skip
    assert event.description == event.description.strip()
    first = export()
    path = write_text(tmp_path / "archive.jsonl", first)
    empty_the_archive()
    call_command("import_articles", path, stdout=io.StringIO())
    assert export() == first
