"""import_articles: each format, and each guarantee (validate first, all or nothing, idempotent)."""

import gzip
import http.server
import io
import json
import threading
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from articles.importing import decode, read
from articles.importing.loader import ImportOptions, load_records
from articles.models import (
    Appearance,
    Article,
    Credit,
    Organization,
    OrganizationMention,
    Person,
    PersonAlias,
    Place,
    PlaceMention,
    Source,
    Topic,
)

from .conftest import ROOT

pytestmark = pytest.mark.django_db

SEED_TEXT = ROOT / "articles" / "sample" / "nato-russia-talks.txt"
WIKINEWS = ROOT / "articles" / "sample" / "wikinews"


def run_import(*args) -> tuple[str, str]:
    stdout, stderr = io.StringIO(), io.StringIO()
    call_command("import_articles", *[str(a) for a in args], stdout=stdout, stderr=stderr)
    return stdout.getvalue(), stderr.getvalue()


def failed_import(*args) -> str:
    """The error output of an import that must fail with a non-zero exit."""
    stderr = io.StringIO()
    with pytest.raises(CommandError) as failure:
        call_command("import_articles", *[str(a) for a in args], stdout=io.StringIO(), stderr=stderr)
    return stderr.getvalue() + str(failure.value)


def corpus_record(n: int, **changes) -> dict:
    record = {
        "headline": f"WHEAT EXPORTS RISE IN WEEK {n}",
        "body": f"CHICAGO, March 2 - Wheat exports rose in week {n}.\n\nShipments to <USSR> grew.",
        "published": f"1987-03-02T09:{n // 60 % 60:02d}:{n % 60:02d}",
        "source": "Reuters",
        "places": ["USA", "USSR"],
        "topics": ["Wheat"],
    }
    return {**record, **changes}


def write_jsonl(path: Path, records: list[dict], encoding="utf-8", newline="\n") -> Path:
    path.write_bytes(newline.join(json.dumps(r, ensure_ascii=False) for r in records).encode(encoding))
    return path


def stored_counts() -> dict:
    models = (Article, Person, Organization, Place, Source, Topic, Credit, Appearance, PlaceMention)
    return {model.__name__: model.objects.count() for model in models}


# --- formats ----------------------------------------------------------------------------------------


def test_text_file_gives_headline_standfirst_body_and_credits():
    stdout, _ = run_import(SEED_TEXT)
    article = Article.objects.get()
    assert article.headline == "NATO, Russia Hold First Top-Level Military Talks In Three Years"
    assert article.dek.startswith("NATO Military Committee Chairman Petr Pavel spoke")
    assert article.body.startswith("Senior military officials from Russia and NATO")
    assert "With reporting by" not in article.body
    assert [(c.source.name, c.role) for c in article.credits.all()] == [
        ("AP", "reporting"), ("Reuters", "reporting"), ("dpa", "reporting"), ("TASS", "reporting"),
    ]  # fmt: skip
    assert "1 read, 1 created, 0 updated, 0 unchanged, 0 invalid" in stdout


def test_text_credits_link_to_existing_sources_by_alias(seed_article):
    reuters = Source.objects.get(name="Reuters")
    reuters.aliases.create(name="Thomson Reuters")
    before = Source.objects.count()
    run_import(SEED_TEXT)  # the seed text again, as a new article (it has no key the sample shares)
    imported = Article.objects.exclude(pk=seed_article.pk).get()
    assert Source.objects.count() == before
    assert {c.source_id for c in imported.credits.all()} == {c.source_id for c in seed_article.credits.all()}


def test_jsonl_corpus_records_become_articles_with_linked_entities(tmp_path):
    gerasimov = Person.objects.create(name="Valery Gerasimov")
    PersonAlias.objects.create(person=gerasimov, name="Gen. Gerasimov")
    records = [
        corpus_record(1, people=["gen. GERASIMOV", "James Baker"], orgs=["International Monetary Fund"],
                      byline="Sandy Critchley", places=["West Germany", "Baku"]),
        corpus_record(2, people=["James Baker"], orgs=["international monetary fund"]),
    ]  # fmt: skip
    run_import(write_jsonl(tmp_path / "wire.jsonl", records))
    first = Article.objects.get(headline="WHEAT EXPORTS RISE IN WEEK 1")
    assert [a.person for a in first.appearances.all()] == [gerasimov, Person.objects.get(name="James Baker")]
    assert Person.objects.count() == 2 and Organization.objects.count() == 1
    assert first.byline == "Sandy Critchley"
    assert first.publisher.name == "Reuters"
    assert first.status == Article.Status.PUBLISHED and first.is_public
    assert first.published_precision == "exact"
    assert first.published_at.isoformat() == "1987-03-02T09:00:01+00:00"
    assert Place.objects.get(name="West Germany").kind == "country"
    assert Place.objects.get(name="Baku").kind == "other"
    assert [t.name for t in first.topics.all()] == ["Wheat"]
    # The ticker in angle brackets is text, not HTML: it survives rendering, escaped.
    assert "Shipments to &lt;USSR&gt; grew." in first.body_html


def test_csv_with_lists_and_structured_columns(tmp_path):
    path = tmp_path / "archive.csv"
    path.write_text(
        "headline,body,published,people,orgs,places,credits,appearances\n"
        '"Talks resume","First paragraph.\n\nSecond, with a comma.",2017-03-03T10:00:00+00:00,'
        '"Petr Pavel; Valery Gerasimov",NATO,Brussels;Baku,"[{""source"": ""AP""}]",'
        '"[{""person"": ""Petr Pavel"", ""title"": ""Chairman"", ""organization"": ""NATO""}]"\n',
        encoding="utf-8",
    )
    run_import(path)
    article = Article.objects.get()
    assert article.body_html == "<p>First paragraph.</p>\n<p>Second, with a comma.</p>"
    assert [(a.person.name, a.title, a.organization and a.organization.name)
            for a in article.appearances.all()] == [
        ("Petr Pavel", "Chairman", "NATO"), ("Valery Gerasimov", "", None),
    ]  # fmt: skip
    assert [p.place.name for p in article.place_mentions.all()] == ["Brussels", "Baku"]
    assert [c.source.name for c in article.credits.all()] == ["AP"]


def test_csv_without_a_header_is_refused(tmp_path):
    path = tmp_path / "no-header.csv"
    path.write_text("Talks resume,Body text,2017-03-03\n", encoding="utf-8")
    message = failed_import(path, "--format", "csv")
    assert "no-header.csv" in message and "header" in message
    assert Article.objects.count() == 0


RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Example Wire</title><link>https://wire.example/</link>
<item><title>Storm &amp; floods hit the coast</title><link>https://wire.example/storm</link>
<guid isPermaLink="false">wire-1</guid><author>desk@wire.example (Ana Ruiz)</author>
<category>Weather</category><category>Climate</category>
<pubDate>Tue, 03 Mar 2020 10:15:00 +0100</pubDate>
<description><![CDATA[<p>Rain <b>fell</b>.<script>alert("x")</script></p>
<p onclick="steal()">Roads <a href="javascript:evil()">closed</a> <a href="https://ok.example/">here</a>.</p>
<img src="https://tracker.example/pixel.gif">]]></description></item>
<item><title>Second story</title><guid>wire-2</guid><description>Plain summary.</description></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Desk</title><id>urn:desk</id>
<updated>2021-05-01T12:00:00Z</updated>
<entry><title>Atom story</title><id>urn:desk:1</id><link href="https://desk.example/1"/>
<updated>2021-05-01T12:00:00Z</updated><author><name>Li Wei</name></author>
<category term="Politics"/><summary>Short.</summary>
<content type="html">&lt;p&gt;Full &lt;em&gt;text&lt;/em&gt;.&lt;/p&gt;&lt;iframe src="https://x.example"&gt;&lt;/iframe&gt;</content>
</entry></feed>"""

RSS_10 = """<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
 xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="https://rdf.example/"><title>RDF News</title><link>https://rdf.example/</link>
<description>d</description></channel>
<item rdf:about="https://rdf.example/a"><title>RDF item</title><link>https://rdf.example/a</link>
<description>An RSS 1.0 item.</description><dc:date>2019-02-01T08:00:00Z</dc:date>
<dc:creator>Jo</dc:creator></item>
</rdf:RDF>"""

RSS_091 = """<?xml version="1.0"?><rss version="0.91"><channel><title>Old News</title>
<link>https://old.example/</link><description>d</description><language>en</language>
<item><title>Old item</title><link>https://old.example/1</link><description>From 0.91.</description></item>
</channel></rss>"""


def test_rss_feed_keeps_guid_link_author_categories_date_and_sanitises_html(tmp_path):
    run_import(write_text(tmp_path / "wire.rss", RSS))
    storm = Article.objects.get(guid="wire-1")
    assert storm.headline == "Storm & floods hit the coast"
    assert storm.original_url == "https://wire.example/storm"
    assert storm.byline == "Ana Ruiz"
    assert sorted(t.name for t in storm.topics.all()) == ["Climate", "Weather"]
    assert storm.published_at.isoformat() == "2020-03-03T09:15:00+00:00"
    assert storm.publisher.name == "Example Wire"
    for unsafe in ("<script", "alert(", "onclick", "javascript:", "<img", "tracker.example"):
        assert unsafe not in storm.body and unsafe not in storm.body_html, unsafe
    assert "<b>fell</b>" in storm.body_html and 'href="https://ok.example/"' in storm.body_html
    assert Article.objects.get(guid="wire-2").body_html == "<p>Plain summary.</p>"


@pytest.mark.parametrize(
    ("text", "headline", "url", "byline"),
    [
        (ATOM, "Atom story", "https://desk.example/1", "Li Wei"),
        (RSS_10, "RDF item", "https://rdf.example/a", "Jo"),
        (RSS_091, "Old item", "https://old.example/1", ""),
    ],
)
def test_atom_rss_1_and_rss_091_feeds(tmp_path, text, headline, url, byline):
    run_import(write_text(tmp_path / "feed.xml", text))
    article = Article.objects.get()
    assert (article.headline, article.original_url, article.byline) == (headline, url, byline)
    assert "<iframe" not in article.body_html


def test_atom_content_is_the_body_and_summary_the_standfirst(tmp_path):
    run_import(write_text(tmp_path / "feed.atom", ATOM))
    article = Article.objects.get()
    assert article.dek == "Short."
    assert "<em>text</em>" in article.body_html
    assert [t.name for t in article.topics.all()] == ["Politics"]


def write_text(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_format_is_detected_from_content_when_the_name_says_nothing(tmp_path):
    run_import(write_jsonl(tmp_path / "export.data", [corpus_record(1)]))
    run_import(write_text(tmp_path / "feed.data", RSS))
    run_import(write_text(tmp_path / "story.data", SEED_TEXT.read_text(encoding="utf-8")))
    assert Article.objects.count() == 4


def test_a_directory_imports_each_file_in_it(tmp_path):
    write_jsonl(tmp_path / "a.jsonl", [corpus_record(1)])
    write_text(tmp_path / "b.txt", SEED_TEXT.read_text(encoding="utf-8"))
    write_text(tmp_path / "notes.md", "not an archive")
    run_import(tmp_path)
    assert Article.objects.count() == 2


def test_a_directory_without_importable_files_is_an_error(tmp_path):
    write_text(tmp_path / "notes.md", "not an archive")
    assert "no file to import in it" in failed_import(tmp_path)


def test_a_file_that_is_not_the_format_asked_for_is_refused(tmp_path):
    message = failed_import(write_jsonl(tmp_path / "wire.jsonl", [corpus_record(1)]), "--format", "feed")
    assert "wire.jsonl: not an RSS or Atom feed" in message
    assert Article.objects.count() == 0


def test_gzip_files_are_read(tmp_path):
    path = tmp_path / "wire.jsonl.gz"
    path.write_bytes(gzip.compress(json.dumps(corpus_record(1)).encode()))
    run_import(path)
    assert Article.objects.get().headline == "WHEAT EXPORTS RISE IN WEEK 1"


def test_url_is_fetched_over_http(tmp_path):
    write_jsonl(tmp_path / "wire.jsonl", [corpus_record(1), corpus_record(2)])

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(tmp_path), **kwargs)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Quiet)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        run_import(f"http://127.0.0.1:{server.server_port}/wire.jsonl")
    finally:
        server.shutdown()
    assert Article.objects.count() == 2


# --- guarantees ---------------------------------------------------------------------------------------


def three_thousand_records(bad_record: dict | None = None) -> list[dict]:
    records = [corpus_record(n, people=[f"Trader {n % 7}"]) for n in range(1, 3001)]
    if bad_record is not None:
        records[2998] = {**records[2998], **bad_record}
    return records


def test_one_bad_record_of_3000_writes_nothing_and_names_file_line_and_field(tmp_path):
    path = write_jsonl(tmp_path / "big.jsonl", three_thousand_records({"published": "32 March 1987"}))
    message = failed_import(path)
    assert "big.jsonl, line 2999, field “published”: not a date: '32 March 1987'" in message
    assert "1 invalid record(s) of 3000" in message
    assert set(stored_counts().values()) == {0}


def test_skip_invalid_reports_the_bad_record_and_keeps_the_rest(tmp_path):
    path = write_jsonl(tmp_path / "big.jsonl", three_thousand_records({"headline": ""}))
    stdout, stderr = run_import(path, "--skip-invalid")
    assert "line 2999, field “headline”: missing" in stderr
    assert "3,000 read, 2,999 created, 0 updated, 0 unchanged, 1 invalid" in stdout
    assert Article.objects.count() == 2999
    assert Appearance.objects.count() == 2999  # every article whole, with its people


def test_second_import_creates_nothing(tmp_path):
    path = write_jsonl(tmp_path / "wire.jsonl", three_thousand_records()[:50])
    run_import(path, SEED_TEXT, write_text(tmp_path / "wire.rss", RSS))
    before = stored_counts()
    stdout, _ = run_import(path, SEED_TEXT, tmp_path / "wire.rss")
    assert stored_counts() == before
    assert "50 read, 0 created, 0 updated, 50 unchanged" in stdout
    assert "1 read, 0 created, 0 updated, 1 unchanged" in stdout


def test_without_url_an_article_is_its_publisher_headline_and_date(tmp_path):
    Source.objects.create(name="Reuters").aliases.create(name="Thomson Reuters")
    run_import(write_jsonl(tmp_path / "a.jsonl", [corpus_record(1)]))
    stdout, _ = run_import(write_jsonl(tmp_path / "b.jsonl", [corpus_record(1, source="thomson reuters")]))
    assert "0 created, 0 updated, 1 unchanged" in stdout
    stdout, _ = run_import(write_jsonl(tmp_path / "c.jsonl", [corpus_record(1, source="AP")]))
    assert "1 created" in stdout
    stdout, _ = run_import(write_jsonl(tmp_path / "d.jsonl", [corpus_record(1, published="1987-03-03")]))
    assert "1 created" in stdout
    assert Article.objects.count() == 3


def test_update_refreshes_changed_records_only(tmp_path):
    records = [corpus_record(n, url=f"https://wire.example/{n}") for n in range(1, 6)]
    path = write_jsonl(tmp_path / "wire.jsonl", records)
    run_import(path)
    records[2] = {**records[2], "body": "Corrected body.", "people": ["Paul Volcker"], "places": ["UK"]}
    write_jsonl(path, records)
    stdout, _ = run_import(path)
    assert "0 updated, 5 unchanged" in stdout
    assert not Article.objects.filter(body="Corrected body.").exists()
    stdout, _ = run_import(path, "--update")
    assert "0 created, 1 updated, 4 unchanged" in stdout
    article = Article.objects.get(original_url="https://wire.example/3")
    assert article.body_html == "<p>Corrected body.</p>"
    assert [a.person.name for a in article.appearances.all()] == ["Paul Volcker"]
    assert [p.place.name for p in article.place_mentions.all()] == ["UK"]
    assert Article.objects.count() == 5


def test_duplicate_keys_inside_a_file_are_invalid(tmp_path):
    records = [corpus_record(1, url="https://wire.example/1"), corpus_record(2, url="https://wire.example/1")]
    message = failed_import(write_jsonl(tmp_path / "dupes.jsonl", records))
    assert "dupes.jsonl, line 2, field “url”: the same article as " in message
    assert "line 1 (same URL)" in message
    assert Article.objects.count() == 0


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"headline": "x" * 301}, "field “headline”: too long: 301 characters, at most 300"),
        ({"body": ""}, "field “body”: missing"),
        ({"url": "not a url"}, "field “url”: not a web address"),
        ({"status": "live"}, "field “status”: 'live' is not one of: draft, review, published"),
        ({"people": "James Baker"}, "field “people”: must be a list of names"),
        ({"colour": "red"}, "field “colour”: unknown field"),
        ({"events": [{"description": "Talks"}]}, "field “events”: item 1 lacks date"),
        ({"quotes": [{"text": "a\x00b"}]}, "field “quotes”: contains a NUL character"),
        (
            {"events": [{"description": "Talks", "date": "2017-03-03", "inference_note": "n" * 301}]},
            "field “events”: event inference_note too long: at most 300 characters",
        ),
    ],
)
def test_errors_name_the_field_in_plain_words(tmp_path, change, words):
    message = failed_import(write_jsonl(tmp_path / "one.jsonl", [corpus_record(1, **change)]))
    assert f"one.jsonl, line 1, {words}" in message


def test_html_bodies_are_sanitised_before_they_are_stored(tmp_path):
    record = corpus_record(1, body='<p onclick="x()">Hi<script>alert(1)</script></p>', body_format="html")
    run_import(write_jsonl(tmp_path / "html.jsonl", [record]))
    article = Article.objects.get()
    assert article.body == "<p>Hi</p>" and article.body_html == "<p>Hi</p>"


def test_broken_json_line_is_reported_with_its_line(tmp_path):
    path = tmp_path / "broken.jsonl"
    path.write_text(json.dumps(corpus_record(1)) + "\n\n{not json\n", encoding="utf-8")
    message = failed_import(path)
    assert "broken.jsonl, line 3: not valid JSON" in message


def test_each_file_is_all_or_nothing_on_its_own(tmp_path):
    good = write_jsonl(tmp_path / "good.jsonl", [corpus_record(1)])
    bad = write_jsonl(tmp_path / "bad.jsonl", [corpus_record(2), corpus_record(3, published="soon")])
    message = failed_import(good, bad)
    assert "1 file(s) not imported" in message and "bad.jsonl" in message
    assert list(Article.objects.values_list("headline", flat=True)) == ["WHEAT EXPORTS RISE IN WEEK 1"]


def test_dry_run_writes_nothing_and_says_what_it_would_do(tmp_path):
    path = write_jsonl(tmp_path / "wire.jsonl", three_thousand_records()[:20])
    stdout, _ = run_import(path, "--dry-run")
    assert "Dry run, nothing written" in stdout and "20 read, 20 created" in stdout
    assert set(stored_counts().values()) == {0}


def test_interrupting_the_write_leaves_the_database_as_before(tmp_path):
    run_import(write_jsonl(tmp_path / "first.jsonl", [corpus_record(1)]))
    before = stored_counts()
    inserts = []

    def interrupt_on_third_insert(execute, sql, params, many, context):
        if sql.lstrip().upper().startswith("INSERT"):
            inserts.append(sql)
            if len(inserts) == 3:
                raise KeyboardInterrupt
        return execute(sql, params, many, context)

    path = write_jsonl(
        tmp_path / "second.jsonl", [corpus_record(n, people=["Someone New"]) for n in range(2, 40)]
    )
    with connection.execute_wrapper(interrupt_on_third_insert):
        message = failed_import(path)
    assert len(inserts) == 3
    assert "Interrupted: nothing from" in message and "second.jsonl was written" in message
    assert stored_counts() == before


def test_latin1_file_is_read_with_a_warning(tmp_path):
    path = write_jsonl(
        tmp_path / "old.jsonl", [corpus_record(1, headline="Café société in Zürich")], "latin-1"
    )
    _, stderr = run_import(path)
    assert "not UTF-8" in stderr and "Latin-1" in stderr
    assert Article.objects.get().headline == "Café société in Zürich"


def test_utf8_bom_and_crlf_line_endings(tmp_path):
    jsonl = tmp_path / "bom.jsonl"
    jsonl.write_bytes(b"\xef\xbb\xbf" + b"\r\n".join(json.dumps(corpus_record(n)).encode() for n in (1, 2)))
    csv = tmp_path / "crlf.csv"
    csv.write_bytes('\ufeffheadline,body\r\n"Naïve café","One.\r\n\r\nTwo."\r\n'.encode())
    text = tmp_path / "crlf.txt"
    text.write_bytes(SEED_TEXT.read_bytes().replace(b"\n", b"\r\n"))
    _, stderr = run_import(jsonl, csv, text)
    assert stderr == ""
    assert Article.objects.count() == 4
    assert Article.objects.get(headline="Naïve café").body_html == "<p>One.</p>\n<p>Two.</p>"
    assert Article.objects.get(headline__startswith="NATO").credits.count() == 4


def test_status_and_source_options_apply_to_every_record(tmp_path):
    run_import(write_jsonl(tmp_path / "w.jsonl", [corpus_record(1)]), "--status", "draft", "--source", "AP")
    article = Article.objects.get()
    assert article.status == "draft" and article.publisher.name == "AP"


def test_loader_returns_the_ids_of_created_and_updated_articles(tmp_path):
    path = write_jsonl(
        tmp_path / "wire.jsonl", [corpus_record(n, url=f"https://w.example/{n}") for n in (1, 2)]
    )
    first = load_records(read(decode(str(path))), ImportOptions(), file=str(path))
    assert sorted(first.article_ids) == sorted(Article.objects.values_list("pk", flat=True))
    write_jsonl(path, [corpus_record(1, url="https://w.example/1", body="New body."), corpus_record(3)])
    second = load_records(read(decode(str(path))), ImportOptions(update=True), file=str(path))
    assert second.updated_ids == [Article.objects.get(original_url="https://w.example/1").pk]
    assert second.created_ids == [Article.objects.get(headline="WHEAT EXPORTS RISE IN WEEK 3").pk]


# --- the Wikinews sample --------------------------------------------------------------------------------


def test_wikinews_sample_is_cleaned_and_skips_non_articles_with_reasons(client):
    stdout, _ = run_import("--profile", "wikinews", WIKINEWS)
    assert Article.objects.count() == 291
    assert stdout.count("Skipped: ") == 4
    assert stdout.count("a Wikinews test page, not an article") == 2
    assert stdout.count("an unreviewed draft") == 2
    assert "171 read, 171 created" in stdout and "124 read, 120 created" in stdout
    assert not Article.objects.filter(original_url__contains="org//").exists()
    assert not Article.objects.filter(body__startswith="Friday, January 4, 2019").exists()
    assert not Article.objects.filter(body__contains="\n—Zinichev").exists()
    assert not Article.objects.filter(headline__startswith="TEST PAGE").exists()
    assert set(Article.objects.values_list("published_precision", flat=True)) == {"day"}
    article = Article.objects.get(headline__startswith="Magnitogorsk apartment building collapses")
    assert article.body.startswith("An apartment building collapsed on Monday in Magnitogorsk")
    assert article.body.count("\n\n") >= 5
    page = client.get(article.get_absolute_url()).content.decode()
    assert "From Wikinews, CC BY 2.5" in page
    assert (
        'href="https://en.wikinews.org/wiki/Magnitogorsk_apartment_building_collapses_after_explosion,'
        '_dozens_dead"'
    ) in page
    assert 'href="https://creativecommons.org/licenses/by/2.5/" rel="license"' in page
    again, _ = run_import("--profile", "wikinews", WIKINEWS)
    assert "0 created, 0 updated, 171 unchanged" in again and Article.objects.count() == 291


# --- the whole Reuters corpus ----------------------------------------------------------------------------


@pytest.mark.corpus
def test_whole_corpus_matches_the_counts_of_its_readme(corpus_path):
    stdout, _ = run_import(corpus_path)
    assert "5,000 read, 5,000 created, 0 updated, 0 unchanged, 0 invalid" in stdout
    assert Article.objects.count() == 5000
    assert Person.objects.count() == 114
    assert Organization.objects.count() == 64
    assert Place.objects.count() == 128
    assert Topic.objects.count() == 100
    assert Article.objects.exclude(byline="").values("byline").distinct().count() == 169
    assert Article.objects.filter(appearances__isnull=False).distinct().count() == 878
    assert OrganizationMention.objects.values("article").distinct().count() == 1125
    assert Place.objects.get(name="West Germany").kind == "country"
    stdout, _ = run_import(corpus_path)
    assert "0 created, 0 updated, 5,000 unchanged" in stdout
    assert Article.objects.count() == 5000


def test_imported_articles_are_searchable_and_shown_at_once(
    tmp_path, client, django_capture_on_commit_callbacks
):
    from articles.search import search

    assert "WHEAT EXPORTS RISE" not in client.get("/").content.decode()  # now cached without them
    with django_capture_on_commit_callbacks(execute=True):
        run_import(write_jsonl(tmp_path / "wheat.jsonl", [corpus_record(1), corpus_record(2)]))
    results = search("wheat exports", {}, "relevance", 1)
    assert results.total == 2
    assert "WHEAT EXPORTS RISE IN WEEK 1" in client.get("/").content.decode()


def test_extract_links_what_extraction_finds_in_new_articles(tmp_path):
    headline, body = SEED_TEXT.read_text(encoding="utf-8").split("\n\n", 1)
    seed = {"headline": headline, "body": body, "published": "2017-03-03T12:00:00", "source": "RFE/RL"}
    path = write_jsonl(tmp_path / "seed.jsonl", [seed])
    out, _ = run_import("--extract", path)
    article = Article.objects.get()
    titles = {a.person.name: a.title for a in article.appearances.all()}
    assert titles["Petr Pavel"] == "NATO Military Committee Chairman"
    assert "Baku" in {p.name for p in article.places.all()}
    assert article.events.filter(date="2017-02-16", year_inferred=True).exists()
    assert "Extraction linked" in out
    again, _ = run_import("--extract", path)
    assert "Extraction linked" not in again  # nothing new, nothing re-linked


def test_names_without_ascii_letters_each_get_their_own_row(tmp_path):
    record = corpus_record(1, people=["Владимир Путин", "Сергей Лавров"], places=["Москва"])
    run_import(write_jsonl(tmp_path / "cyrillic.jsonl", [record]))
    people = {p.name: p.slug for p in Person.objects.all()}
    assert set(people) == {"Владимир Путин", "Сергей Лавров"}
    assert len(set(people.values())) == 2
    assert Appearance.objects.count() == 2
    assert Place.objects.get(name="Москва").get_absolute_url().startswith("/places/")
