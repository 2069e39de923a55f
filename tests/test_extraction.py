"""Entity and date extraction: the seed article completely, the Suggestions panel, the command."""

import datetime
import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from articles.extraction import Entry, Gazetteer, extract, extract_article
from articles.extraction_linking import link_confident_suggestions, pending_suggestions
from articles.models import (
    Appearance,
    Article,
    Event,
    ExtractionDismissal,
    Organization,
    OrganizationMention,
    Person,
    PersonAlias,
    PlaceMention,
    Quote,
)

SEED_TEXT = (
    Path(__file__).resolve().parent.parent / "articles" / "sample" / "nato-russia-talks.txt"
).read_text()
PUBLISHED = datetime.date(2017, 3, 3)

PEOPLE = {
    "Petr Pavel": "NATO Military Committee Chairman",
    "Valery Gerasimov": "Russia's military chief of staff",
    "Joseph Dunford": "chairman of the U.S. Joint Chiefs of Staff",
    "Jens Stoltenberg": "NATO Secretary-General",
}
ORGANISATIONS_IN_TEXT = [
    "NATO",
    "NATO Military Committee",
    "Russia's Defense Ministry",
    "Pentagon",
    "U.S. Joint Chiefs of Staff",
    "European Union",
]
PLACES = ["Brussels", "Baku", "Azerbaijan", "Poland", "Crimea", "Ukraine", "Kyiv", "Russia", "United States"]


def by_kind(suggestions, kind):
    return {s.name: s for s in suggestions if s.kind == kind}


@pytest.fixture(scope="module")
def raw_suggestions():
    """The raw seed text against the built-in gazetteer only (an empty archive)."""
    return extract(SEED_TEXT, PUBLISHED, Gazetteer.builtin())


@pytest.mark.parametrize(("name", "title"), PEOPLE.items())
def test_raw_text_finds_each_person_with_the_title_used(raw_suggestions, name, title):
    person = by_kind(raw_suggestions, "person")[name]
    assert person.title == title
    assert person.evidence.sentence in SEED_TEXT
    assert SEED_TEXT[person.evidence.start : person.evidence.end] in (name, name.split()[-1])


def test_raw_text_finds_no_other_people(raw_suggestions):
    assert set(by_kind(raw_suggestions, "person")) == set(PEOPLE)


def test_later_surname_mentions_count_for_the_same_person(raw_suggestions):
    people = by_kind(raw_suggestions, "person")
    assert people["Valery Gerasimov"].mentions >= 5
    assert people["Joseph Dunford"].mentions >= 3


def test_titles_name_their_organisation(raw_suggestions):
    people = by_kind(raw_suggestions, "person")
    assert people["Petr Pavel"].organization == "NATO Military Committee"
    assert people["Joseph Dunford"].organization == "U.S. Joint Chiefs of Staff"
    assert people["Jens Stoltenberg"].organization == "NATO"


@pytest.mark.parametrize("name", ORGANISATIONS_IN_TEXT)
def test_raw_text_finds_each_organisation(raw_suggestions, name):
    assert name in by_kind(raw_suggestions, "organization")


@pytest.mark.parametrize("name", PLACES)
def test_raw_text_finds_each_place(raw_suggestions, name):
    place = by_kind(raw_suggestions, "place")[name]
    assert not place.weak
    assert 0 <= place.evidence.start < place.evidence.end <= len(SEED_TEXT)


def test_places_know_their_country(raw_suggestions):
    places = by_kind(raw_suggestions, "place")
    assert places["Baku"].parent == "Azerbaijan"
    assert places["Kyiv"].parent == "Ukraine"
    assert places["Brussels"].parent == "Belgium"


def test_demonyms_are_weak_evidence():
    suggestions = extract("Officials worried about Japanese exports.", PUBLISHED, Gazetteer.builtin())
    assert by_kind(suggestions, "place")["Japan"].weak


def events_by_date(suggestions):
    return {(s.date, s.precision): s for s in suggestions if s.kind == "event"}


def test_dates_without_a_year_resolve_against_the_publication_date_and_say_so(raw_suggestions):
    events = events_by_date(raw_suggestions)
    call = events[(datetime.date(2017, 3, 3), "day")]
    meeting = events[(datetime.date(2017, 2, 16), "day")]
    assert call.year_inferred and meeting.year_inferred
    assert {"Petr Pavel", "Valery Gerasimov"} <= set(call.people)
    assert {"Valery Gerasimov", "Joseph Dunford"} <= set(meeting.people)
    assert {"Baku", "Azerbaijan"} <= set(meeting.places)
    assert "February 16" in meeting.evidence.sentence


def test_written_month_and_year_is_month_precision_not_inferred(raw_suggestions):
    annexation = events_by_date(raw_suggestions)[(datetime.date(2014, 3, 1), "month")]
    assert not annexation.year_inferred
    assert "Crimea" in annexation.places
    assert "March 2014" in annexation.evidence.sentence


def test_years_ago_counts_back_from_publication(raw_suggestions):
    cut = events_by_date(raw_suggestions)[(datetime.date(2014, 1, 1), "year")]
    assert cut.year_inferred
    assert "three years ago" in cut.inference_note


def test_a_date_later_than_publication_without_a_year_is_last_year():
    suggestions = extract(
        "The minister said on December 30 that talks would go on.",
        datetime.date(2017, 1, 5),
        Gazetteer.builtin(),
    )
    assert (datetime.date(2016, 12, 30), "day") in events_by_date(suggestions)


def test_quotes_have_their_speakers(raw_suggestions):
    speakers = {s.quote[:30]: (s.name, s.speaker_kind) for s in raw_suggestions if s.kind == "quote"}
    assert speakers["the two generals agreed that t"] == ("a NATO spokesman", "")
    assert speakers["the current state of U.S.-Russ"] == ("Pentagon", "organization")
    assert speakers["develop lines of communication"] == ("Jens Stoltenberg", "person")
    assert speakers["confirmed the need for mutual "] == ("Russia's Defense Ministry", "organization")
    assert len(speakers) == 5


def test_stored_seed_resolves_to_existing_rows_through_aliases(seed_article):
    suggestions = extract_article(seed_article)
    people = by_kind(suggestions, "person")
    assert people["Valery Gerasimov"].existing_id == Person.objects.get(name="Valery Gerasimov").pk
    organisations = by_kind(suggestions, "organization")
    # "Russia's Defense Ministry" is an alias of the row named "Russian Defense Ministry".
    assert (
        organisations["Russian Defense Ministry"].existing_id
        == Organization.objects.get(name="Russian Defense Ministry").pk
    )
    assert "Crimea" in by_kind(suggestions, "place")


def test_a_new_alias_resolves_to_its_person(db):
    person = Person.objects.create(name="Valery Gerasimov")
    PersonAlias.objects.create(person=person, name="Gen. Gerasimov")
    suggestions = extract("Gen. Gerasimov said the talks went well.", PUBLISHED)
    assert by_kind(suggestions, "person")["Valery Gerasimov"].existing_id == person.pk


def test_the_fully_linked_seed_has_few_pending_suggestions(seed_article):
    pending = pending_suggestions(seed_article)
    assert not [s for s in pending if s.kind == "person"]
    assert not [s.name for s in pending if s.kind == "place" and s.name in PLACES]


@pytest.fixture
def bare_article(db):
    """The seed text stored with no entity linked."""
    from articles.management.commands.load_sample import split_text

    headline, dek, body, _ = split_text(SEED_TEXT)
    return Article.objects.create(
        headline=headline,
        dek=dek,
        body=body,
        published_at=datetime.datetime(2017, 3, 3, 12, tzinfo=datetime.UTC),
    )


def test_link_confident_suggestions_links_people_places_events_and_quotes(bare_article):
    counts = link_confident_suggestions(bare_article)
    appearance = Appearance.objects.get(article=bare_article, person__name="Petr Pavel")
    assert appearance.title == "NATO Military Committee Chairman"
    assert appearance.organization.name == "NATO Military Committee"
    assert PlaceMention.objects.filter(
        article=bare_article, place__name="Baku", place__parent__name="Azerbaijan"
    ).exists()
    meeting = Event.objects.get(article=bare_article, date=datetime.date(2017, 2, 16))
    assert meeting.year_inferred
    assert meeting.place.name in ("Baku", "Azerbaijan")
    assert set(meeting.participants.values_list("name", flat=True)) == {"Valery Gerasimov", "Joseph Dunford"}
    assert Quote.objects.get(article=bare_article, text__startswith="develop lines").speaker_person.name == (
        "Jens Stoltenberg"
    )
    assert counts["person"] == 4
    assert not link_confident_suggestions(bare_article)  # a second run links nothing more


@pytest.fixture
def editor_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("editor", "editor@example.org", "a-long-passphrase")
    client.force_login(user)
    return client


def panel_url(article):
    return reverse("article_suggestions", args=[article.pk])


def test_change_page_lists_suggestions_with_forms(editor_client, bare_article):
    page = editor_client.get(
        reverse("admin:articles_article_change", args=[bare_article.pk])
    ).content.decode()
    assert 'id="suggestions"' in page
    assert "Petr Pavel, NATO Military Committee Chairman" in page
    assert 'value="person:petr pavel"' in page
    assert "csrfmiddlewaretoken" in page.split('id="suggestions"')[1]


def test_accepting_a_person_creates_the_appearance(editor_client, bare_article):
    response = editor_client.post(
        panel_url(bare_article), {"action": "accept", "key": "person:joseph dunford"}
    )
    assert response.status_code == 302
    appearance = Appearance.objects.get(article=bare_article)
    assert appearance.person.name == "Joseph Dunford"
    assert appearance.title == "chairman of the U.S. Joint Chiefs of Staff"
    page = editor_client.get(response["Location"]).content.decode()
    assert 'value="person:joseph dunford"' not in page


def test_accepting_an_event_and_a_quote(editor_client, bare_article):
    editor_client.post(panel_url(bare_article), {"action": "accept", "key": "event:2017-02-16:day"})
    event = Event.objects.get(article=bare_article)
    assert event.year_inferred and event.precision == "day"
    quote_key = next(
        s.key for s in pending_suggestions(bare_article) if s.kind == "quote" and s.name == "Pentagon"
    )
    editor_client.post(panel_url(bare_article), {"action": "accept", "key": quote_key})
    quote = Quote.objects.get(article=bare_article)
    assert quote.speaker_organization.name == "Pentagon"


def test_dismissing_is_remembered(editor_client, bare_article):
    editor_client.post(panel_url(bare_article), {"action": "dismiss", "key": "place:moscow"})
    assert ExtractionDismissal.objects.filter(article=bare_article, key="place:moscow").exists()
    assert "place:moscow" not in {s.key for s in pending_suggestions(bare_article)}
    page = editor_client.get(
        reverse("admin:articles_article_change", args=[bare_article.pk])
    ).content.decode()
    assert 'value="place:moscow"' not in page
    assert not OrganizationMention.objects.filter(article=bare_article).exists()


def test_unknown_suggestion_or_action_is_a_bad_request(editor_client, bare_article):
    assert (
        editor_client.post(panel_url(bare_article), {"action": "accept", "key": "person:nobody"}).status_code
        == 400
    )
    assert (
        editor_client.post(
            panel_url(bare_article), {"action": "explode", "key": "person:petr pavel"}
        ).status_code
        == 400
    )
    assert (
        editor_client.post(reverse("article_suggestions", args=[999999]), {"action": "accept"}).status_code
        == 404
    )
    assert editor_client.get(panel_url(bare_article)).status_code == 405


def test_panel_needs_change_permission(client, django_user_model, bare_article):
    user = django_user_model.objects.create_user("reader", password="a-long-passphrase", is_staff=True)
    client.force_login(user)
    response = client.post(panel_url(bare_article), {"action": "accept", "key": "person:petr pavel"})
    assert response.status_code == 403
    assert not Appearance.objects.exists()
    client.logout()
    assert (
        client.post(panel_url(bare_article), {"action": "accept", "key": "person:petr pavel"}).status_code
        == 302
    )
    assert not Appearance.objects.exists()


def test_a_reporter_cannot_link_suggestions_on_others_or_published_stories(client, make_staff, bare_article):
    client.force_login(make_staff("reporter", "rita"))
    key = {"action": "accept", "key": "person:petr pavel"}
    assert client.post(panel_url(bare_article), key).status_code == 404  # someone else's draft
    bare_article.status = Article.Status.PUBLISHED
    bare_article.save()
    assert client.post(panel_url(bare_article), key).status_code == 403  # published: editors only
    assert not Appearance.objects.exists()


def test_panel_post_needs_the_csrf_token(django_user_model, bare_article):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(
        django_user_model.objects.create_superuser("ed", "ed@example.org", "a-long-passphrase")
    )
    assert (
        client.post(panel_url(bare_article), {"action": "accept", "key": "person:petr pavel"}).status_code
        == 403
    )
    assert not Appearance.objects.exists()


def test_command_counts_then_links(bare_article):
    out = io.StringIO()
    call_command("extract_entities", stdout=out)
    assert out.getvalue().startswith("1 articles read; pending suggestions: 4 person")
    assert not Appearance.objects.exists()
    out = io.StringIO()
    call_command("extract_entities", "--link", "--dry-run", stdout=out)
    assert "would link" in out.getvalue() and not Appearance.objects.exists()
    call_command("extract_entities", "--link", "--article", bare_article.slug, stdout=io.StringIO())
    assert Appearance.objects.filter(article=bare_article).count() == 4


def test_command_rejects_bad_input(db):
    with pytest.raises(CommandError, match="no article"):
        call_command("extract_entities", "--article", "nope", stdout=io.StringIO())
    with pytest.raises(CommandError, match="--since"):
        call_command("extract_entities", "--since", "yesterday", stdout=io.StringIO())


def test_command_since_skips_older_articles(bare_article):
    out = io.StringIO()
    call_command("extract_entities", "--since", "2018-01-01", stdout=out)
    assert out.getvalue().startswith("0 articles read")


def test_a_leap_day_without_a_year_after_publication_does_not_break_extraction():
    suggestions = extract("The vote was held on February 29.", datetime.date(2020, 2, 1), Gazetteer.builtin())
    assert (datetime.date(2019, 2, 28), "day") in events_by_date(suggestions)


def test_impossible_dates_are_ignored():
    assert not events_by_date(extract("It happened on February 31.", PUBLISHED, Gazetteer.builtin()))


@pytest.mark.parametrize(
    ("sentence", "name", "title"),
    [
        (
            "Vice President of the United States Joe Biden won.",
            "Joe Biden",
            "Vice President of the United States",
        ),
        (
            "He met Governor of the Bank of England Robin Leigh-Pemberton.",
            "Robin Leigh-Pemberton",
            "Governor of the Bank of England",
        ),
        ("Chancellor of the Exchequer Nigel Lawson said so.", "Nigel Lawson", "Chancellor of the Exchequer"),
        ("Officials said Javier Perez de Cuellar would attend.", "Javier Perez de Cuellar", ""),
    ],
)
def test_titles_with_of_and_name_particles(sentence, name, title):
    people = by_kind(extract(sentence, PUBLISHED, Gazetteer.builtin()), "person")
    assert list(people) == [name]
    assert people[name].title == title


@pytest.mark.parametrize(
    "sentence",
    [
        "The U.K. Government said so.",
        "The Paris Agreement took effect.",
        "The Center for Investigative Journalism said so.",
    ],
)
def test_things_named_in_title_case_are_not_people(sentence):
    assert not by_kind(extract(sentence, PUBLISHED, Gazetteer.builtin()), "person")


def people_of(sentence, gazetteer=None):
    return by_kind(extract(sentence, PUBLISHED, gazetteer or Gazetteer.builtin()), "person")


@pytest.mark.parametrize(
    ("sentence", "name", "title"),
    [
        ("He met President Reagan on Friday.", "Reagan", "President"),
        ("U.S. Treasury Secretary Baker said the dollar was stable.", "Baker", "U.S. Treasury Secretary"),
        (
            "Indonesian Energy Minister Subroto said prices would rise.",
            "Subroto",
            "Indonesian Energy Minister",
        ),
        (
            "Indonesian Energy minister Subroto said prices would rise.",
            "Subroto",
            "Indonesian Energy minister",
        ),
        ("Saudi King Fahd received the envoy.", "King Fahd", "Saudi King"),
        ("They called on Secretary of State Shultz.", "Shultz", "Secretary of State"),
        ("Syrian President Bashar al-Assad said the talks failed.", "Bashar al-Assad", "Syrian President"),
        ("Prime Ministers Zhao Ziyang of China and others met.", "Zhao Ziyang", "Prime Ministers"),
        ("World Bank president Barber Conable pledged support.", "Barber Conable", "World Bank president"),
        ("Prime Minister-designate Noboru Takeshita spoke.", "Noboru Takeshita", "Prime Minister-designate"),
        ("Actor Denzel Washington paid tribute.", "Denzel Washington", "Actor"),
    ],
)
def test_titles_before_a_surname_or_a_single_name(sentence, name, title):
    people = people_of(sentence)
    assert list(people) == [name]
    assert people[name].title == title


def test_a_surname_after_a_title_is_the_full_name_written_elsewhere():
    for text in (
        "Ronald Reagan arrived. President Reagan said no.",
        "President Reagan arrived. Later Ronald Reagan said no.",
    ):
        people = people_of(text)
        assert list(people) == ["Ronald Reagan"]
        assert people["Ronald Reagan"].mentions == 2
        assert people["Ronald Reagan"].title == "President"


def test_a_surname_after_a_title_resolves_to_the_archive_row():
    gazetteer = Gazetteer.builtin().copy()
    gazetteer.add_row(Entry("person", "Ronald Reagan", existing_id=12), ["Ronald Reagan"])
    person = people_of("He met President Reagan on Friday.", gazetteer)["Ronald Reagan"]
    assert person.existing_id == 12


def test_a_title_and_a_name_written_together_is_one_person():
    people = people_of("Princess Ubolratana Mahidol was nominated. Princess Ubolratana did not comment.")
    assert list(people) == ["Ubolratana Mahidol"]
    assert people["Ubolratana Mahidol"].mentions == 2


@pytest.mark.parametrize(
    "sentence",
    [
        "A costume of Squirrel Girl won the prize.",
        "The blaze was fought with help from Civil Security.",
        "Cambridge Analytica took the data.",
        "The story ran on the Daily Hive website.",
        "He was interviewed by Al Jazeera.",
        "In Muslim-majority Mindanao the vote passed.",
        "The Los Angeles-based Fox Broadcasting grew.",
        "Fans dressed as the Black Panther.",
    ],
)
def test_title_case_things_without_evidence_are_not_people(sentence):
    assert not people_of(sentence)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Greta Thunberg spoke at the summit.", "Greta Thunberg"),  # a known first name
        ("Prayuth Chan-o-cha said so.", "Prayuth Chan-o-cha"),  # "said"
        ("Hajime Tamura, the trade minister, will meet them.", "Hajime Tamura"),  # a title after
        ("Mujiv Hataman arrived. Hataman then left.", "Mujiv Hataman"),  # the surname alone later
    ],
)
def test_people_with_evidence_are_found(text, name):
    assert name in people_of(text)


def test_an_unknown_acronym_needs_evidence_to_be_an_organisation():
    organisations = by_kind(
        extract(
            "Transcranial magnetic stimulation (TMS) was used on the ACC. Chapter IV follows. "
            "The British American Drama Academy (BADA) trained him. BADA was founded in 1985. "
            "A KMT spokesman disagreed.",
            PUBLISHED,
            Gazetteer.builtin(),
        ),
        "organization",
    )
    assert set(organisations) == {"British American Drama Academy", "KMT"}
    assert organisations["British American Drama Academy"].mentions == 3


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        ("General Motors Corp said so.", "General Motors Corp"),
        ("He joined The New York Times.", "New York Times"),
        (
            "She works at the Netherlands Institute for Neuroscience.",
            "Netherlands Institute for Neuroscience",
        ),
        (
            "He sued in the U.S. District Court for the Northern District of California.",
            "U.S. District Court for the Northern District of California",
        ),
    ],
)
def test_organisation_names_are_whole(sentence, name):
    assert name in by_kind(extract(sentence, PUBLISHED, Gazetteer.builtin()), "organization")


def test_a_thing_named_after_a_place_is_not_the_place():
    assert "Paris" not in by_kind(
        extract("The Paris Agreement took effect.", PUBLISHED, Gazetteer.builtin()), "place"
    )


def test_the_archive_gazetteer_is_read_again_only_after_content_changes(db):
    first = Gazetteer.current()
    assert Gazetteer.current() is first
    person = Person.objects.create(name="Wanda Vázquez Garced")
    changed = Gazetteer.current()
    assert changed is not first
    assert changed.lookup("Wanda Vázquez Garced", ("person",)).existing_id == person.pk
    PersonAlias.objects.create(person=person, name="Governor Vázquez")
    assert Gazetteer.current().lookup("Governor Vázquez", ("person",)).existing_id == person.pk


# How Gazetteer.from_database() reads every person: no filter, so no page shows it otherwise.
ENTITY_ROWS = 'SELECT "articles_person"."id", "articles_person"."name", "articles_person"."slug"'


def test_the_change_page_does_not_read_every_entity_on_each_view(editor_client, bare_article):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = reverse("admin:articles_article_change", args=[bare_article.pk])
    views = []
    for _ in range(2):
        with CaptureQueriesContext(connection) as queries:
            assert 'id="suggestions"' in editor_client.get(url).content.decode()
        sql = [q["sql"] for q in queries.captured_queries]
        views.append([q for q in sql if q.startswith(ENTITY_ROWS) and "WHERE" not in q])
    assert views[0]  # the first view reads the archive's people ...
    assert not views[1]  # ... the second, with nothing changed, does not


def test_extract_entities_link_reads_each_article_once(bare_article, monkeypatch):
    import articles.extraction_linking as linking

    reads = []

    def counting_extract_article(article, gazetteer=None):
        reads.append(article.pk)
        return extract_article(article, gazetteer)

    monkeypatch.setattr(linking, "extract_article", counting_extract_article)
    call_command("extract_entities", "--link", stdout=io.StringIO())
    assert reads == [bare_article.pk]
    assert Appearance.objects.filter(article=bare_article).count() == 4


@pytest.mark.parametrize(
    "sentence",
    [
        "The Directorate General of Civil Aviation opened an inquiry.",
        "The black hole orbits Component B.",
        "Air India Express flew the plane.",
        "The General Bernardo O'Higgins Riquelme Base reported cases.",
    ],
)
def test_what_a_title_is_of_and_other_things_are_not_people(sentence):
    assert not people_of(sentence)


def test_shorter_mentions_fold_into_the_full_name():
    people = people_of(
        "Dr Meerjady Sabrina Flora spoke. Dr Meerjady said more. John Luk Jok died. John Luk was 68."
    )
    assert set(people) == {"Meerjady Sabrina Flora", "John Luk Jok"}


def test_a_person_of_an_organisation():
    suggestions = extract("Lucy Fischer of The Times was there.", PUBLISHED, Gazetteer.builtin())
    assert list(by_kind(suggestions, "person")) == ["Lucy Fischer"]
    assert list(by_kind(suggestions, "organization")) == ["Times"]


@pytest.mark.parametrize(
    ("text", "kind", "name"),
    [
        ('"Who\'s so stupid to steal a toilet?" he wrote.', "organization", "World Health Organization"),
        ("He wrote to The New York Times.", "place", "New York"),
        ("She dressed as Captain America.", "place", "United States"),
        ("The last draft took place during the Vietnam War.", "place", "Vietnam"),
    ],
)
def test_words_and_names_that_only_look_like_known_names(text, kind, name):
    assert name not in by_kind(extract(text, PUBLISHED, Gazetteer.builtin()), kind)


def test_short_acronyms_still_match_in_capitals_and_long_ones_in_any_case():
    suggestions = extract("The WHO and Nato met in the US.", PUBLISHED, Gazetteer.builtin())
    assert {"World Health Organization", "NATO"} <= set(by_kind(suggestions, "organization"))
    assert "United States" in by_kind(suggestions, "place")


def test_a_body_named_with_and_without_its_country_is_one_body():
    organisations = by_kind(
        extract(
            "The US Libertarian Party met. The Libertarian Party chose him. "
            "The Wisconsin Supreme Court and the United States Supreme Court ruled. The Supreme Court split.",
            PUBLISHED,
            Gazetteer.builtin(),
        ),
        "organization",
    )
    assert organisations["US Libertarian Party"].mentions == 2
    assert "Libertarian Party" not in organisations
    # Two places name a "Supreme Court": which one the bare name means is left to the editor.
    assert {"Wisconsin Supreme Court", "United States Supreme Court", "Supreme Court"} <= set(organisations)


@pytest.mark.parametrize(
    ("sentence", "people"),
    [
        ("The ticket included Podcaster Adam Cohen.", {"Adam Cohen"}),
        ("He swam the English Channel.", set()),
        ("West Bengal said it would mourn him.", set()),
        ("So I chose Team Zorin as a name.", set()),
        ("The Commission on Presidential Debates said Social Security came up.", set()),
    ],
)
def test_occupations_regions_and_teams(sentence, people):
    assert set(people_of(sentence)) == people


@pytest.mark.parametrize(
    ("text", "kind", "name"),
    [
        ("The Securities and Exchange Commission sued", "organization", "Securities and Exchange Commission"),
        ("The Peace and Freedom Party chose him.", "organization", "Peace and Freedom Party"),
        ("Northern Ireland has suggested it.", "place", "Northern Ireland"),
        ("He is a critic of Russian president Vladimir Putin.", "person", "Vladimir Putin"),
    ],
)
def test_names_with_and_regions_and_first_names_that_are_cities(text, kind, name):
    assert name in by_kind(extract(text, PUBLISHED, Gazetteer.builtin()), kind)


def test_a_currency_and_a_list_of_places_are_not_names():
    suggestions = extract("Russia and China agreed; bail was US$30,000.", PUBLISHED, Gazetteer.builtin())
    assert set(by_kind(suggestions, "place")) == {"Russia", "China"}
    assert not by_kind(suggestions, "organization")


def test_linking_a_surname_alone_finds_the_one_person_with_that_surname(db):
    article = Article.objects.create(
        headline="Trade talks",
        body="Donald Trump arrived on Monday.\n\nLater, President Trump said the talks went well.",
        published_at=datetime.datetime(2019, 3, 3, 12, tzinfo=datetime.UTC),
    )
    second = Article.objects.create(
        headline="More talks",
        body="President Trump said the talks would go on.",
        published_at=datetime.datetime(2019, 3, 4, 12, tzinfo=datetime.UTC),
    )
    link_confident_suggestions(article, gazetteer=Gazetteer.builtin())
    link_confident_suggestions(second, gazetteer=Gazetteer.builtin())  # as an import reads it
    assert list(Person.objects.values_list("name", flat=True)) == ["Donald Trump"]
    assert Appearance.objects.get(article=second).person.name == "Donald Trump"


@pytest.mark.parametrize(
    ("text", "people", "organisations", "places"),
    [
        ("It struck General Santos City.", set(), set(), {"General Santos"}),
        ("The Democratic and Republican Party primaries.", set(), {"Republican Party"}, set()),
        (
            "Industries such as Smart Financial Services and Accreditation Services.",
            set(),
            {"Smart Financial Services", "Accreditation Services"},
            set(),
        ),
        ("Melbourne is big. Melbourne Recovery is a plan. Visit Melbourne Australia.", set(), set(), None),
        ("According to Manila Bulletin, it was strong.", set(), {"Manila Bulletin"}, set()),
    ],
)
def test_and_and_cities_do_not_overreach(text, people, organisations, places):
    suggestions = extract(text, PUBLISHED, Gazetteer.builtin())
    assert set(by_kind(suggestions, "person")) == people
    assert set(by_kind(suggestions, "organization")) == organisations
    if places is not None:
        assert set(by_kind(suggestions, "place")) == places


@pytest.mark.parametrize(
    "name",
    [
        "National Disaster Risk Reduction and Management Council",
        "Command and Control Centre of the Coast Guard",
        "National Search and Rescue Agency",
    ],
)
def test_long_names_with_and(name):
    suggestions = extract(f"Wikinews contacted the {name} on Monday.", PUBLISHED, Gazetteer.builtin())
    assert name in by_kind(suggestions, "organization")


def test_states_and_provinces_are_places_in_their_country():
    places = by_kind(
        extract(
            "New South Wales decriminalised abortion; Ontario and Hubei reported cases.",
            PUBLISHED,
            Gazetteer.builtin(),
        ),
        "place",
    )
    assert places["New South Wales"].parent == "Australia"
    assert places["Ontario"].parent == "Canada"
    assert places["Hubei"].parent == "China"
    assert "United Kingdom" not in places  # not Wales


@pytest.mark.parametrize(
    ("sentence", "name", "place"),
    [
        ("The Bank of England raised rates.", "Bank of England", "United Kingdom"),
        ("She studied at the University of Queensland.", "University of Queensland", "Queensland"),
        ("The National University of Singapore said so.", "National University of Singapore", "Singapore"),
    ],
)
def test_a_body_of_a_place_is_the_body(sentence, name, place):
    suggestions = extract(sentence, PUBLISHED, Gazetteer.builtin())
    assert name in by_kind(suggestions, "organization")
    assert place not in by_kind(suggestions, "place")


def test_a_named_body_before_of_a_place_stays_a_body_and_a_place():
    text = "The Peace and Freedom Party of California chose her."
    suggestions = extract(text, PUBLISHED, Gazetteer.builtin())
    assert set(by_kind(suggestions, "organization")) == {"Peace and Freedom Party"}
    assert set(by_kind(suggestions, "place")) == {"California"}


def test_said_after_a_comma_is_evidence_only_for_a_name_set_off_by_commas():
    people = people_of(
        "However, the president of the Coffee Institute, Jorio Dauster, said it was late. "
        "Fernando Dallorso, the general manager of Cipriani Dolci, said he was worried."
    )
    assert "Jorio Dauster" in people
    assert "Cipriani Dolci" not in people


def test_a_surname_of_several_words_alone_is_the_full_name():
    people = people_of("Gloria La Riva spoke first. La Riva blamed capitalism for it.")
    assert list(people) == ["Gloria La Riva"]
    assert people["Gloria La Riva"].mentions == 2
    assert not people_of("It is Red Hat's GNU General Public Licensed system.")


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        ("She belongs to the ruling New Progressive Party, which wants statehood.", "New Progressive Party"),
        ("Arnel dela Vega of the army's Western Mindanao Command said so.", "Western Mindanao Command"),
        (
            "The team appealed to the Second Circuit Court of Appeals, which issued a stay.",
            "Second Circuit Court of Appeals",
        ),
        ("The suit names the Fort Belknap Indian Community.", "Fort Belknap Indian Community"),
        ("The Native American Rights Fund filed a lawsuit.", "Native American Rights Fund"),
        ("African Export–Import Bank president Okey Oramah said it.", "African Export–Import Bank"),
        ("It happened at the Paris Police Prefecture in Paris.", "Paris Police Prefecture"),
        ("The Iranian Revolutionary Guard Corps declared it.", "Iranian Revolutionary Guard Corps"),
    ],
)
def test_capitalised_words_that_begin_or_end_a_body_stay_in_its_name(sentence, name):
    organisations = by_kind(extract(sentence, PUBLISHED, Gazetteer.builtin()), "organization")
    assert name in organisations
    assert not [other for other in organisations if other != name and name.endswith(other)]


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        ("Members of the House Judiciary Committee do not all agree.", "House Judiciary Committee"),
        ("Leaders of African Union (AU) member states met in Niamey.", "African Union"),
        (
            "He was the president of Virginia-based Symplicity Corporation until 2019.",
            "Symplicity Corporation",
        ),
    ],
)
def test_people_and_descriptions_before_a_body_are_not_its_name(sentence, name):
    assert set(by_kind(extract(sentence, PUBLISHED, Gazetteer.builtin()), "organization")) == {name}


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        (
            "The National Institute of Allergy and Infectious Diseases director spoke.",
            "National Institute of Allergy and Infectious Diseases",
        ),
        (
            "The Institute of Epidemiology, Disease Control and Research (IEDCR) reported it.",
            "Institute of Epidemiology, Disease Control and Research",
        ),
        (
            "A law lets the House of Representatives' Committee on Ways and Means see his records.",
            "House of Representatives' Committee on Ways and Means",
        ),
        (
            "Critics: United Nations Educational, Scientific and Cultural Organization officials.",
            "United Nations Educational, Scientific and Cultural Organization",
        ),
    ],
)
def test_and_and_commas_inside_a_body_name_stay_in_it(sentence, name):
    assert name in by_kind(extract(sentence, PUBLISHED, Gazetteer.builtin()), "organization")


def test_two_bodies_joined_by_and_stay_two():
    suggestions = extract(
        "Imus was dropped in 2007 by MSNBC and CBS Radio after that.", PUBLISHED, Gazetteer.builtin()
    )
    assert set(by_kind(suggestions, "organization")) == {"CBS Radio"}


def test_a_person_named_before_a_body_is_not_part_of_it():
    text = "He lost to Rocky De La Fuente. He fell short of De La Fuente for the Reform Party nomination."
    assert set(by_kind(extract(text, PUBLISHED, Gazetteer.builtin()), "organization")) == {"Reform Party"}


def test_a_designation_is_not_a_body():
    text = "Soleimani led the Quds Force, a U.S.-designated Foreign Terrorist Organization."
    assert set(by_kind(extract(text, PUBLISHED, Gazetteer.builtin()), "organization")) == {"Quds Force"}


def test_a_body_named_twice_with_its_country_written_two_ways_is_one_body():
    text = (
        "They attacked the United States Embassy in Baghdad. He approved the attacks on the U.S. Embassy. "
        "Advice came from the United States Department of State. The State Department gave its sympathies."
    )
    organisations = by_kind(extract(text, PUBLISHED, Gazetteer.builtin()), "organization")
    assert set(organisations) == {"United States Embassy", "United States Department of State"}
    assert organisations["United States Embassy"].mentions == 2
    assert organisations["United States Department of State"].mentions == 2


def test_a_body_named_short_and_then_in_full_is_one_body():
    text = (
        "United States District Court Judge Victor Marrero ruled. Trump had asked the United States "
        "District Court for the Southern District of New York to intervene."
    )
    organisations = by_kind(extract(text, PUBLISHED, Gazetteer.builtin()), "organization")
    assert set(organisations) == {"United States District Court for the Southern District of New York"}


@pytest.mark.parametrize(
    ("sentence", "organisations"),
    [
        ("The Institute of Allergy and Jim Smith spoke.", {"Institute of Allergy"}),
        ("Shares of First Chicago Corp rose.", {"First Chicago Corp"}),
        ("The Bank of England and Barclays Bank said so.", {"Bank of England", "Barclays Bank"}),
    ],
)
def test_and_and_first_words_do_not_overreach(sentence, organisations):
    assert set(by_kind(extract(sentence, PUBLISHED, Gazetteer.builtin()), "organization")) == organisations
