"""Full-text search, one module for both backends: every expectation holds on SQLite and PostgreSQL."""

import datetime
import gzip
import itertools
import re
from contextlib import contextmanager

import factory
import pytest
from django.core.cache import cache
from django.core.paginator import EmptyPage
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.importing import jsonl
from articles.importing.decoding import Decoded
from articles.importing.loader import ImportOptions, load_records
from articles.models import Appearance, Article, Person
from articles.search import MARK_START, MARK_STOP, highlight, index_articles, matching_articles, search

from .factories import (
    AppearanceFactory,
    ArticleFactory,
    CreditFactory,
    OrganizationMentionFactory,
    PersonFactory,
    PlaceFactory,
    PlaceMentionFactory,
    SourceFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db


class StoryFactory(ArticleFactory):
    """An article whose only words are the ones a test gives it (Faker's would match queries)."""

    dek = ""
    body = factory.Sequence(lambda n: f"Filed as item {n}.")


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run the index's on-commit work, as a real commit would, for what happens inside the block."""

    @contextmanager
    def block():
        with django_capture_on_commit_callbacks(execute=True):
            yield

    return block


@pytest.fixture
def seed_article(committed, seed_article):
    """The NATO–Russia talks article, indexed as loading it outside a test would."""
    with committed():
        index_articles([seed_article.pk])
    return seed_article


@pytest.fixture
def article(committed):
    """A published article, indexed."""

    def make(**fields):
        with committed():
            return StoryFactory(**fields)

    return make


def headlines(query, filters=None, sort="relevance", page=1, per_page=20):
    return [hit.article.headline for hit in search(query, filters or {}, sort, page, per_page).hits]


def days_ago(days):
    return timezone.now() - datetime.timedelta(days=days)


# The query language


def test_plain_words_are_stemmed(article):
    article(headline="Generals hold talk in Baku", body="They met.")
    article(headline="Weather report", body="Rain.")
    assert headlines("talks") == ["Generals hold talk in Baku"]
    assert headlines("talking") == ["Generals hold talk in Baku"]


def test_every_word_must_match(article):
    article(headline="Grain exports rise", body="Wheat shipments grew.")
    article(headline="Grain prices fall", body="Maize was cheap.")
    assert headlines("grain wheat") == ["Grain exports rise"]


def test_exact_phrase(article):
    article(headline="One", body="The military talks resumed in Baku.", published_at=days_ago(3))
    article(headline="Two", body="Talks about military budgets.", published_at=days_ago(2))
    assert headlines('"military talks"') == ["One"]
    assert headlines("military talks", sort="newest") == ["Two", "One"]


def test_or_between_alternatives(article):
    article(headline="Kyiv mayor speaks", published_at=days_ago(3))
    article(headline="Kiev mayor speaks", published_at=days_ago(2))
    article(headline="Lviv mayor speaks", published_at=days_ago(1))
    assert headlines("Kyiv OR Kiev", sort="newest") == ["Kiev mayor speaks", "Kyiv mayor speaks"]
    assert headlines("mayor Kyiv OR Kiev", sort="oldest") == ["Kyiv mayor speaks", "Kiev mayor speaks"]


def test_minus_excludes(article):
    article(headline="Oil output in Texas", body="Drilling.")
    article(headline="Oil output in Norway", body="Drilling offshore.")
    assert headlines("oil -norway") == ["Oil output in Texas"]
    assert headlines('oil -"drilling offshore"') == ["Oil output in Texas"]
    assert headlines("-texas") == ["Oil output in Norway"]


def test_a_query_that_excludes_all_it_asks_for_matches_nothing_without_asking_the_engine(
    article, django_assert_num_queries
):
    article(headline="Central bank rates", body="Filed late.")
    article(headline="Kyiv desk", body="Rates held steady.")
    for query in [
        "central -central",
        "Central -CENTRAL",
        "rates central -central",
        "kyiv OR central -central -kyiv",
        '"central bank" -"Central  bank"',
    ]:
        with django_assert_num_queries(0):
            results = search(query, {}, "relevance", 1)
        assert (results.total, results.hits, results.facets, results.suggestion) == (0, [], {}, None), query
        assert not matching_articles(query).exists(), query
    # Excluding some of a group's alternatives, or other words, is the engine's to decide.
    assert headlines("kyiv OR central -kyiv") == ["Central bank rates"]
    assert headlines("rates OR central -central") == ["Kyiv desk"]
    assert headlines("central -bank") == []
    assert headlines("central -centre") == ["Central bank rates"]


def test_case_and_accents_are_ignored(article):
    article(headline="Talks in Zürich", body="Swiss venue.")
    article(headline="KYIV under fire", body="Sirens.")
    assert headlines("zurich") == ["Talks in Zürich"]
    assert headlines("Zürich") == ["Talks in Zürich"]
    assert headlines("ZURICH") == ["Talks in Zürich"]
    assert headlines("kyiv") == ["KYIV under fire"]


def test_stop_words_at_the_edges_of_a_word_or_phrase_are_ignored_on_both_backends(article):
    # PostgreSQL's dictionary drops "don", "t" and "the"; FTS5 once required them.
    article(headline="Fans don't turn up", body="Nobody came.", published_at=days_ago(3))
    article(headline="United States talks", body="Delegates met.", published_at=days_ago(2))
    article(headline="Weather report", body="Sunny.", published_at=days_ago(1))
    everything = ["Weather report", "United States talks", "Fans don't turn up"]
    assert headlines("don't", sort="newest") == everything  # asks for nothing, as "the" does
    assert headlines("don’t", sort="newest") == everything
    assert headlines("weather don't") == ["Weather report"]
    assert headlines("turn -don't") == ["Fans don't turn up"]
    assert headlines('"the united states"') == ["United States talks"]
    assert headlines('"united states of"') == ["United States talks"]
    # Typographic quotes and dashes part words as spaces do: PostgreSQL's parser splits at them.
    for query in ["‘the united states’", "“the united states”", "«the» united states", "the—united states"]:
        assert headlines(query) == ["United States talks"], query


def test_headline_match_ranks_above_body_match(article):
    article(
        headline="Budget debate", body="The senate argued about tariffs for hours.", published_at=days_ago(1)
    )
    article(headline="Tariffs raised", body="The decision came late.", published_at=days_ago(5))
    assert headlines("tariffs") == ["Tariffs raised", "Budget debate"]


def test_entity_names_are_searchable_and_rank_above_body(article, committed):
    with committed():
        mention = PlaceMentionFactory(
            article=StoryFactory(headline="Ceasefire holds", body="Quiet night.", published_at=days_ago(5)),
            place=PlaceFactory(name="Mariupol"),
        )
    article(headline="Market report", body="Traders in Mariupol were calm.", published_at=days_ago(1))
    assert headlines("mariupol") == [mention.article.headline, "Market report"]


def test_relevance_is_headline_then_standfirst_and_names_then_body(article):
    # Eight mentions in a short body outweigh one in the standfirst by bm25 alone; the tiers do not.
    article(headline="Port news", body="tariffs " * 8, published_at=days_ago(1))
    article(
        headline="Trade desk", dek="Why the tariffs on steel rose again this spring", published_at=days_ago(2)
    )
    article(headline="Tariffs rise at the port after a long week of talks", published_at=days_ago(3))
    expected = ["Tariffs rise at the port after a long week of talks", "Trade desk", "Port news"]
    assert headlines("tariffs") == expected
    # Pages run on from one tier into the next, each article once.
    assert [name for page in (1, 2, 3) for name in headlines("tariffs", page=page, per_page=1)] == expected


def test_every_word_in_the_headline_ranks_above_words_split_with_the_body(article):
    article(headline="Copper", body="tariffs " * 8, published_at=days_ago(1))
    article(headline="Copper tariffs", body="Filed late.", published_at=days_ago(2))
    assert headlines("copper tariffs") == ["Copper tariffs", "Copper"]


def test_snippet_highlights_the_match_and_escapes_html(article):
    article(headline="Markup", body="A <script>alert(1)</script> & the embargo <b>again</b> was lifted.")
    hit = search("embargo", {}, "relevance", 1).hits[0]
    assert "<mark>embargo</mark>" in hit.snippet
    text = hit.snippet.replace("<mark>", "").replace("</mark>", "")
    assert "<" not in text and ">" not in text
    assert re.fullmatch(r"([^&]|&(amp|lt|gt|quot|#x27);)*", text)


def test_snippet_shows_the_text_not_the_markdown_escapes_of_an_imported_body(article):
    # What markup.plain_text_to_markdown writes for `said [sic] <Acme Corp> & co` in plain text.
    article(headline="Quote", body="He said \\[sic\\] the embargo on &lt;Acme Corp> was lifted.")
    snippet = search("embargo", {}, "relevance", 1).hits[0].snippet
    assert "\\" not in snippet and "&amp;lt;" not in snippet
    assert "said [sic] the <mark>embargo</mark> on &lt;Acme Corp&gt; was lifted" in snippet


def test_a_character_reference_in_a_body_never_reads_as_a_match_marker(article):
    """The markers are private-use characters; `&#57344;` typed in a body's Markdown is one."""
    article(headline="Markers", body="The embargo &#57344;was&#57345; lifted.")
    snippet = search("embargo", {}, "relevance", 1).hits[0].snippet
    assert snippet.count("<mark>") == 1 and "<mark>embargo</mark>" in snippet


def test_snippet_markers_become_balanced_marks_around_escaped_text():
    assert highlight(f"{MARK_START}<b>{MARK_STOP} & {MARK_STOP}x{MARK_START}y") == (
        "<mark>&lt;b&gt;</mark> &amp; x<mark>y</mark>"
    )


# Filters and facets


def test_filters_combine_with_the_query_and_each_other(article, committed):
    reuters, ap = SourceFactory(name="Reuters"), SourceFactory(name="AP")
    person = PersonFactory(name="Valery Gerasimov")
    with committed():
        first = StoryFactory(headline="Generals meet", published_at=days_ago(10))
        CreditFactory(article=first, source=reuters)
        AppearanceFactory(article=first, person=person)
        second = StoryFactory(headline="Generals part", published_at=days_ago(40))
        CreditFactory(article=second, source=ap)
        AppearanceFactory(article=second, person=person)
        StoryFactory(headline="Generals golf", published_at=days_ago(5))
    assert set(headlines("generals", {"person": person})) == {"Generals meet", "Generals part"}
    assert headlines("generals", {"person": person, "source": reuters}) == ["Generals meet"]
    assert headlines("generals", {"date_from": days_ago(20).date()}, sort="newest") == [
        "Generals golf",
        "Generals meet",
    ]
    assert headlines("generals", {"date_to": days_ago(20).date()}) == ["Generals part"]
    # An empty query with a filter lists the filtered articles.
    assert headlines("", {"source": ap}) == ["Generals part"]


def test_date_windows_hold_exactly_the_articles_published_inside_them(article, committed):
    def at(*moment):
        return datetime.datetime(*moment, tzinfo=datetime.UTC)

    moments = [
        at(2019, 12, 31, 12),
        at(2020, 1, 1),
        at(2020, 1, 15),
        at(2020, 2, 29, 23, 59),
        at(2020, 3, 1),
        at(2020, 12, 31),
        at(2021, 6, 1),
    ]
    reuters = SourceFactory(name="Reuters")
    with committed():
        for moment in moments:
            story = StoryFactory(headline=f"Harbour {moment:%Y-%m-%d %H:%M}", published_at=moment)
            if moment.month == 1:
                CreditFactory(article=story, source=reuters)
        StoryFactory(headline="Harbour draft", published_at=at(2020, 1, 20), status=Article.Status.DRAFT)

    def found(date_from=None, date_to=None, **filters):
        filters |= {"date_from": date_from, "date_to": date_to}
        results = search("harbour", filters, "oldest", 1)
        shown = [hit.article.published_at for hit in results.hits]
        ranked = search("harbour", filters, "relevance", 1).hits
        assert results.total == len(shown) and sorted(hit.article.published_at for hit in ranked) == shown
        return shown

    day = datetime.date
    # Whole months, parts of months, whole years, one bound, and a window too wide to narrow much.
    assert found(day(2020, 1, 1), day(2020, 2, 29)) == moments[1:4]
    assert found(day(2020, 1, 10), day(2020, 3, 1)) == moments[2:5]
    assert found(day(2019, 12, 31), day(2021, 12, 31)) == moments
    assert found(day(2020, 1, 2), day(2020, 12, 31)) == moments[2:6]
    assert found(day(2020, 6, 1)) == moments[5:]
    assert found(date_to=day(2020, 1, 1)) == moments[:2]
    assert found(day(1990, 1, 1), day(2021, 12, 31)) == moments
    assert found(day(2020, 1, 10), day(2020, 3, 1), source=reuters) == moments[2:3]
    assert found(day(2020, 4, 1), day(2020, 4, 30)) == []


def test_scheduled_articles_stay_out_of_a_window_of_whole_months(article):
    this_month = (
        timezone.now().astimezone(datetime.UTC).replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    )
    article(headline="Harbour open", published_at=this_month)
    article(headline="Harbour soon", published_at=timezone.now() + datetime.timedelta(days=3))
    after_next = (this_month + datetime.timedelta(days=62)).replace(day=1)
    window = {"date_from": this_month.date(), "date_to": after_next.date() - datetime.timedelta(days=1)}
    assert headlines("harbour", window) == ["Harbour open"]


def test_a_number_is_searched_in_the_text_not_in_the_publication_dates(article):
    january = datetime.datetime(2020, 1, 15, tzinfo=datetime.UTC)
    article(headline="Budget", body="The plan for y2020 is out.", published_at=january)
    article(headline="Harbour", body="Ships came in.", published_at=january)
    assert headlines("y2020") == ["Budget"]
    assert headlines("m202001") == []
    assert headlines("y2020", {"date_from": datetime.date(2020, 1, 1)}) == ["Budget"]


def test_each_filter_narrows_to_its_articles(article, committed):
    with committed():
        org = OrganizationMentionFactory(article=StoryFactory(headline="About the alliance")).organization
        place = PlaceMentionFactory(article=StoryFactory(headline="About the city")).place
        topic = TopicFactory(name="Energy")
        tagged = StoryFactory(headline="About energy")
        tagged.topics.add(topic)
        StoryFactory(headline="About nothing")
    assert headlines("", {"organization": org}) == ["About the alliance"]
    assert headlines("", {"place": place}) == ["About the city"]
    assert headlines("", {"topic": topic}) == ["About energy"]
    assert headlines("energy", {"topic": topic}) == ["About energy"]
    article(headline="Über die Gespräche", language="de")
    assert headlines("", {"language": "de"}) == ["Über die Gespräche"]


def test_facet_counts_follow_the_matches(article, committed):
    reuters = SourceFactory(name="Reuters")
    person, other = PersonFactory(name="Petr Pavel"), PersonFactory(name="Jens Stoltenberg")
    place = PlaceFactory(name="Brussels")
    topic = TopicFactory(name="Defence")
    with committed():
        for n in range(3):
            story = StoryFactory(
                headline=f"Summit story {n}",
                publisher=reuters,
                dateline=place,
                published_at=datetime.datetime(2016 + n % 2, 5, 1, tzinfo=datetime.UTC),
            )
            CreditFactory(article=story, source=reuters)  # publisher and credit: counted once
            AppearanceFactory(article=story, person=person)
            PlaceMentionFactory(article=story, place=place)  # dateline and mention: counted once
            story.topics.add(topic)
        AppearanceFactory(article=story, person=other)
        StoryFactory(headline="Unrelated piece")
    facets = search("summit", {}, "relevance", 1).facets
    counts = {name: {facet.label: facet.count for facet in values} for name, values in facets.items()}
    assert counts["source"] == {"Reuters": 3}
    assert counts["person"] == {"Petr Pavel": 3, "Jens Stoltenberg": 1}
    assert counts["place"] == {"Brussels": 3}
    assert counts["topic"] == {"Defence": 3}
    assert counts["year"] == {"2017": 1, "2016": 2}
    assert [facet.label for facet in facets["year"]] == ["2017", "2016"]


def test_facet_links_add_their_filter(client, article, committed):
    with committed():
        story = AppearanceFactory(
            article=StoryFactory(headline="Pavel visits"), person=PersonFactory(name="Petr Pavel")
        ).article
    page = client.get("/search/", {"q": "visits", "sort": "newest"}).content.decode()
    assert 'href="?q=visits&amp;sort=newest&amp;person=petr-pavel"' in page
    assert 'Petr Pavel</a> <span class="count">(1)</span>' in page
    year = story.local_date.year
    assert f"date_from={year}-01-01&amp;date_to={year}-12-31" in page
    assert (
        client.get("/search/", {"q": "visits", "language": "fr"}).content.decode().count("Pavel visits") == 0
    )
    narrowed = client.get("/search/", {"q": "visits", "person": "petr-pavel"})
    assert narrowed.status_code == 200 and "Pavel visits" in narrowed.content.decode()


# Sorting and pages


def test_sort_newest_and_oldest(article):
    for days, name in [(3, "middle"), (1, "recent"), (9, "old")]:
        article(headline=f"Harvest {name}", published_at=days_ago(days))
    assert headlines("harvest", sort="newest") == ["Harvest recent", "Harvest middle", "Harvest old"]
    assert headlines("harvest", sort="oldest") == ["Harvest old", "Harvest middle", "Harvest recent"]


def test_pages_split_the_results_and_past_the_end_is_empty_page(article):
    for n in range(5):
        article(headline=f"Copper report {n}", published_at=days_ago(n + 1))
    first, last = search("copper", {}, "newest", 1, 2), search("copper", {}, "newest", 3, 2)
    assert first.total == 5 and first.num_pages == 3
    assert [hit.article.headline for hit in first.hits] == ["Copper report 0", "Copper report 1"]
    assert [hit.article.headline for hit in last.hits] == ["Copper report 4"]
    with pytest.raises(EmptyPage):
        search("copper", {}, "newest", 4, 2)


def test_search_page_paginates_keeping_query_and_filters(client, article, settings):
    settings.ARTICLES_PER_PAGE = 2
    place = PlaceFactory(name="Lagos")
    for n in range(5):
        article(headline=f"Copper report {n}", dateline=place, published_at=days_ago(n + 1))
    response = client.get("/search/", {"q": "copper", "place": "lagos", "page": 2})
    page = response.content.decode()
    assert response.status_code == 200
    assert "5 results" in page and "Page 2 of 3" in page
    assert 'href="?q=copper&amp;place=lagos&amp;page=3"' in page
    assert 'href="?q=copper&amp;place=lagos&amp;page=1"' in page
    assert 'value="copper"' in page  # the query stays in the box


def test_large_result_sets_are_counted_and_faceted_within_limits(client, article, monkeypatch):
    import articles.search

    monkeypatch.setattr(articles.search, "COUNT_LIMIT", 4)
    monkeypatch.setattr(articles.search, "FACET_LIMIT", 3)
    for n in range(6):
        article(
            headline=f"Tin report {n}", published_at=datetime.datetime(2010 + n, 1, 2, tzinfo=datetime.UTC)
        )
    results = search("tin", {}, "relevance", 1)
    assert (results.total, results.total_is_exact, results.facets_sampled) == (4, False, True)
    assert sum(facet.count for facet in results.facets["year"]) == 3
    page = client.get("/search/", {"q": "tin"}).content.decode()
    assert "More than 4 results" in page and "Counts among 3 of the results." in page
    assert search("tin", {"date_to": datetime.date(2012, 12, 31)}, "relevance", 1).total_is_exact


def test_unpublished_matches_never_count_towards_more_than(article, monkeypatch):
    import articles.search

    monkeypatch.setattr(articles.search, "COUNT_LIMIT", 4)
    monkeypatch.setattr(articles.search, "FACET_LIMIT", 3)
    for n in range(4):
        article(headline=f"Lead report {n}")
    article(headline="Lead report draft", status=Article.Status.DRAFT)
    article(headline="Lead report review", status=Article.Status.REVIEW)
    article(headline="Lead report soon", published_at=timezone.now() + datetime.timedelta(days=1))
    counted = search("lead", {}, "relevance", 1)
    assert (counted.total, counted.total_is_exact) == (4, True)
    article(headline="Lead report 4")
    counted = search("lead", {}, "relevance", 1)
    assert (counted.total, counted.total_is_exact) == (4, False)


def test_a_small_facet_sample_is_the_exact_total(article, monkeypatch):
    import articles.search

    monkeypatch.setattr(articles.search, "FACET_LIMIT", 3)
    for n in range(5):
        article(headline=f"Zinc report {n}")
    sampled = search("zinc", {}, "relevance", 1)
    assert (sampled.total, sampled.total_is_exact, sampled.facets_sampled) == (5, True, True)
    monkeypatch.setattr(articles.search, "FACET_LIMIT", 10)
    whole = search("zinc", {}, "relevance", 1)
    assert (whole.total, whole.total_is_exact, whole.facets_sampled) == (5, True, False)
    assert sum(facet.count for facet in whole.facets["year"]) == 5


# Did you mean, visibility, index upkeep


def test_did_you_mean_a_known_name(client, seed_article):
    response = client.get("/search/", {"q": "Gerasimow"})
    page = response.content.decode()
    assert "No results" in page
    assert 'Did you mean <a href="?q=Gerasimov">Gerasimov</a>?' in page
    assert search("Gerasimov", {}, "relevance", 1).total == 1


def test_did_you_mean_measures_closeness_alike_on_both_backends(seed_article):
    # pg_trgm's similarity on both: a misspelt name among other words is still close enough.
    assert search("Gerasimow talks", {}, "relevance", 1).suggestion == "Gerasimov"
    assert search("Valery Gerasimow", {}, "relevance", 1).suggestion == "Valery Gerasimov"
    assert search("Bruxels", {}, "relevance", 1).suggestion == "Brussels"
    assert search("Quixotic zebras", {}, "relevance", 1).suggestion is None


def test_drafts_and_scheduled_articles_are_never_found(article):
    article(headline="Secret plan draft", status=Article.Status.DRAFT)
    article(headline="Secret plan tomorrow", published_at=timezone.now() + datetime.timedelta(days=2))
    article(headline="Secret plan public")
    assert headlines("secret plan") == ["Secret plan public"]
    assert search("", {}, "newest", 1).total == 1 and headlines("-public") == []


def test_one_commit_reindexes_an_article_once_however_many_of_its_rows_change(article, committed):
    counts = []
    for rows in (3, 30):
        story = article(headline=f"Story with {rows} people")
        AppearanceFactory.create_batch(rows, article=story)
        with CaptureQueriesContext(connection) as queries, committed():
            Appearance.objects.filter(article=story).delete()  # a signal per row, as an --update import
        counts.append(len(queries.captured_queries))
    assert counts[0] == counts[1]
    assert headlines("story with 30 people") == ["Story with 30 people"]


def test_renaming_a_place_reindexes_the_articles_datelined_there(article, committed):
    town = PlaceFactory(name="Oldtown")
    article(headline="Harbour reopens", dateline=town)
    assert headlines("Oldtown") == ["Harbour reopens"]
    with committed():
        town.name = "Newhaven"
        town.save()
    assert headlines("Newhaven") == ["Harbour reopens"] and headlines("Oldtown") == []


def test_index_follows_edit_status_and_delete(article, committed):
    story = article(headline="Ferry capsizes", body="Rescue under way.")
    with committed():
        story.headline = "Ferry rescued"
        story.save()
    assert headlines("capsizes") == [] and headlines("rescued") == ["Ferry rescued"]
    with committed():
        story.status = Article.Status.DRAFT
        story.save()
    assert headlines("rescued") == []
    with committed():
        story.status = Article.Status.PUBLISHED
        story.published_at = timezone.now() + datetime.timedelta(days=1)
        story.save()
    assert headlines("rescued") == []  # scheduled
    with committed():
        story.published_at = days_ago(1)
        story.save()
    assert headlines("rescued", {"date_from": days_ago(2).date()}) == ["Ferry rescued"]
    assert headlines("rescued", {"date_to": days_ago(3).date()}) == []
    with committed():
        AppearanceFactory(article=story, person=PersonFactory(name="Ingrid Olsen"))
    assert headlines("olsen") == ["Ferry rescued"]
    with committed():
        Person.objects.filter(name="Ingrid Olsen").get().aliases.create(name="Captain Olsen-Berg")
    assert headlines("Berg") == ["Ferry rescued"]
    with committed():
        story.delete()
    assert headlines("ferry") == []


def test_rebuild_command_indexes_everything(article, capsys):
    from django.core.management import call_command

    article(headline="Rebuilt story")
    call_command("rebuild_search_index")
    assert "1 articles indexed, 0 skipped." in capsys.readouterr().out
    assert headlines("rebuilt") == ["Rebuilt story"]


# Hostile input


@pytest.mark.parametrize(
    "params",
    [
        {"q": '"unbalanced'}, {"q": 'a "b" "'}, {"q": "NEAR(talks nato)"}, {"q": "talk*"}, {"q": "^nato"},
        {"q": "headline:nato"}, {"q": "\\"}, {"q": "a\\\"b"}, {"q": "-"}, {"q": "OR"}, {"q": "AND NOT"},
        {"q": "x" * 10_000}, {"q": "talks " * 2000}, {"q": "nato\x00"}, {"q": "'; DROP TABLE x; --"},
        {"q": "talks", "page": "-1"}, {"q": "talks", "page": "999999"}, {"q": "talks", "page": "abc"},
        {"q": "talks", "sort": "evil"}, {"person": "no-such-person"}, {"date_from": "2017-13-45"},
        {"date_from": "2018-01-01", "date_to": "2017-01-01"}, {"q": "()"}, {"q": "{near}"},
    ],
)  # fmt: skip
def test_hostile_input_never_errors(client, seed_article, params):
    response = client.get("/search/", params)
    assert response.status_code in {200, 400, 404}


def test_non_utf8_bytes_in_the_url(client, seed_article):
    response = client.get("/search/?q=%ff%fe%00nato&person=%c3%28")
    assert response.status_code in {200, 400}


def test_nonsense_operators_are_searched_as_words(article):
    article(headline="NEAR border posts", body="Troops near the line.")
    assert headlines("NEAR(border") == ["NEAR border posts"]
    assert headlines("border*") == ["NEAR border posts"]
    assert headlines("border:posts") == ["NEAR border posts"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200))
def test_random_text_never_causes_a_server_error(client, seed_article, text):
    response = client.get("/search/", {"q": text})
    assert response.status_code < 500


# The page


def test_each_error_is_the_description_its_input_names(client, seed_article):
    response = client.get("/search/", {"q": "x" * 1001, "date_from": "2017-13-45", "sort": "evil"})
    page = response.content.decode()
    assert response.status_code == 400
    described = {
        element_id for ids in re.findall(r'aria-describedby="([^"]+)"', page) for element_id in ids.split()
    }
    assert {"id_q_error", "id_date_from_error", "id_sort_error"} <= described
    for element_id in described:
        assert page.count(f'id="{element_id}"') == 1, element_id
    assert re.search(r'id="id_date_from_error">Enter a valid date\.<', page)


def test_search_box_on_every_page(client, seed_article):
    page = client.get("/").content.decode()
    assert '<form role="search" action="/search/" method="get">' in page
    assert '<label class="visually-hidden" for="site-search">Search the archive</label>' in page


def test_results_page_shows_headline_date_source_snippet_and_count(client, seed_article):
    page = client.get("/search/", {"q": "generals"}).content.decode()
    assert "1 result" in page
    assert f'href="{seed_article.get_absolute_url()}"' in page
    assert "about March 3, 2017" in page and "with reporting by AP" in page
    assert re.search(r"<mark>generals?</mark>", page, re.IGNORECASE)


def test_search_page_runs_a_fixed_number_of_queries(client, committed, django_assert_max_num_queries):
    def grow(n):
        with committed():
            for i in range(n):
                story = StoryFactory(headline=f"Pipeline {i}", body="Gas flows.")
                CreditFactory(article=story)
                AppearanceFactory(article=story)
                PlaceMentionFactory(article=story)
                OrganizationMentionFactory(article=story)

    def queries(params):
        cache.clear()  # measure the search, not the page cache
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/search/", params).status_code == 200
        return len(captured.captured_queries)

    grow(2)
    few = queries({"q": "pipeline"})
    grow(25)
    assert queries({"q": "pipeline"}) == few
    assert queries({"q": "pipeline", "sort": "newest", "page": 2}) == few
    with django_assert_max_num_queries(8):
        client.get("/search/", {"q": "pipeline", "person": "no-such-person"})  # a 400 before searching
    with django_assert_max_num_queries(8):
        assert client.get("/search/", {"q": "pipline"}).status_code == 200  # no results: did you mean
    # Sample, ranked page, articles, their credits, snippets, facets, and the page's freshness check.
    assert few <= 8


# The corpus


@pytest.fixture
def corpus_articles(corpus_path):
    """The first 1,000 Reuters articles, imported as `import_articles` does (validated, bodies turned
    into Markdown, sources, places and topics linked, indexed in bulk), read from the corpus in place."""
    with gzip.open(corpus_path, "rt", encoding="utf-8") as lines:
        text = "".join(itertools.islice(lines, 1000))
    result = load_records(jsonl.read(Decoded(str(corpus_path), text)), ImportOptions())
    assert (result.errors, result.created + result.unchanged) == ([], 1000)
    return list(Article.objects.filter(pk__in=result.created_ids).order_by("pk"))


@pytest.mark.corpus
def test_corpus_articles_are_found_first_by_their_headline(corpus_articles):
    headline_counts = {}
    for story in corpus_articles:
        headline_counts[story.headline.casefold()] = headline_counts.get(story.headline.casefold(), 0) + 1
    unique = [story for story in corpus_articles if headline_counts[story.headline.casefold()] == 1]
    missed = []
    for story in unique[:: len(unique) // 50][:50]:
        hits = search(story.headline, {}, "relevance", 1, 5).hits
        if not hits or hits[0].article.pk != story.pk:
            missed.append(story.headline)
    assert missed == []


@pytest.mark.corpus
def test_corpus_articles_are_found_first_by_a_phrase_from_their_body(corpus_articles):
    found, tried = 0, 0
    for story in corpus_articles[::20]:
        words = story.body.split()
        if len(words) < 40:
            continue
        phrase = " ".join(words[20:28])
        tried += 1
        hits = search(f'"{phrase}"', {}, "relevance", 1, 3).hits
        found += bool(hits) and hits[0].article.pk == story.pk
    # Eight consecutive words almost always pin one story; syndicated repeats may tie.
    assert tried >= 30 and found >= 0.9 * tried


def test_a_term_with_no_word_the_engine_indexes_finds_nothing_within_a_date_window_too(article):
    # PostgreSQL reads "_" and "the_the" as no lexeme (an empty tsquery), and ANDing the window's
    # period lexemes to an empty tsquery gave the period lexemes alone: every story of the window.
    article(headline="Harbour reopens", body="Ships came in.", published_at=days_ago(3))
    window = {"date_from": days_ago(40).date(), "date_to": timezone.now().date()}
    for query in ["_", "the_the"]:
        assert headlines(query) == [], query
        assert headlines(query, window) == [], query
        assert search(query, window, "relevance", 1).total == 0, query
        assert headlines(query, window, sort="newest") == [], query
