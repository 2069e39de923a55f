"""The sample `make run` loads: the seed article, modelled completely and loaded idempotently."""

import datetime
import io

import pytest
from django.core.management import call_command

from articles.models import Article, DatePrecision, Event, Organization, Person, Place, Quote, Source

pytestmark = pytest.mark.django_db


def test_seed_article_has_its_credits_and_no_invented_publisher(seed_article):
    assert [(c.source.name, c.role) for c in seed_article.credits.all()] == [
        ("AP", "reporting"),
        ("Reuters", "reporting"),
        ("dpa", "reporting"),
        ("TASS", "reporting"),
    ]
    assert seed_article.publisher is None
    assert seed_article.is_public


def test_seed_article_people_carry_the_titles_this_article_gives_them(seed_article):
    titles = {
        a.person.name: (a.title, a.organization and a.organization.name)
        for a in seed_article.appearances.all()
    }
    assert titles == {
        "Petr Pavel": ("NATO Military Committee Chairman", "NATO Military Committee"),
        "Valery Gerasimov": ("Russia's military chief of staff", None),
        "Joseph Dunford": (
            "U.S. General, chairman of the U.S. Joint Chiefs of Staff",
            "U.S. Joint Chiefs of Staff",
        ),
        "Jens Stoltenberg": ("NATO Secretary-General", "NATO"),
    }


def test_seed_article_names_its_organisations_and_places(seed_article):
    assert {o.name for o in seed_article.organizations.all()} == {
        "NATO",
        "NATO Military Committee",
        "Russian Defense Ministry",
        "Pentagon",
        "U.S. Joint Chiefs of Staff",
        "European Union",
    }
    assert {p.name for p in seed_article.places.all()} >= {
        "Brussels", "Baku", "Poland", "Crimea", "Ukraine", "Kyiv", "Russia", "United States",
    }  # fmt: skip
    assert Place.objects.get(name="Baku").parent.name == "Azerbaijan"
    assert Organization.objects.get(name="NATO Military Committee").parent.name == "NATO"


def test_seed_article_events_have_dates_precision_and_inferred_years(seed_article):
    events = {
        (e.date, e.precision, e.year_inferred, e.place and e.place.name) for e in seed_article.events.all()
    }
    assert (datetime.date(2017, 3, 3), DatePrecision.DAY, True, None) in events
    assert (datetime.date(2017, 2, 16), DatePrecision.DAY, True, "Baku") in events
    assert (datetime.date(2014, 3, 1), DatePrecision.MONTH, False, "Crimea") in events
    call = seed_article.events.get(description__startswith="Telephone call")
    assert {p.name for p in call.participants.all()} == {"Petr Pavel", "Valery Gerasimov"}
    meeting = seed_article.events.get(place__name="Baku")
    assert {p.name for p in meeting.participants.all()} == {"Valery Gerasimov", "Joseph Dunford"}


def test_seed_article_quotes_keep_their_speakers(seed_article):
    spokesman = Quote.objects.get(text__startswith="the two generals agreed")
    assert spokesman.speaker_description == "a NATO spokesman"
    assert spokesman.speaker_organization.name == "NATO"
    assert Quote.objects.get(text__startswith="develop lines").speaker_person.name == "Jens Stoltenberg"
    assert Quote.objects.get(text__startswith="the current state").speaker_organization.name == "Pentagon"
    assert Quote.objects.get(text__startswith="confirmed the need").speaker_organization.name == (
        "Russian Defense Ministry"
    )
    assert seed_article.quotes.count() == 5


def test_seed_publication_date_is_marked_as_an_estimate(seed_article):
    assert seed_article.published_precision == Article.PublicationPrecision.ESTIMATED
    assert seed_article.date_note
    assert seed_article.local_date == datetime.date(2017, 3, 3)


def test_seed_body_keeps_the_text_without_the_credit_line(seed_article):
    assert seed_article.headline == "NATO, Russia Hold First Top-Level Military Talks In Three Years"
    assert seed_article.dek.startswith("NATO Military Committee Chairman Petr Pavel spoke")
    assert "NATO headquarters in Brussels confirmed" in seed_article.body_html
    assert "With reporting by" not in seed_article.body


def test_loading_the_sample_twice_duplicates_nothing(seed_article):
    counts = [m.objects.count() for m in (Article, Person, Organization, Place, Source, Event, Quote)]
    out = io.StringIO()
    call_command("load_sample", stdout=out)
    assert "0 article(s) loaded, 1 already present" in out.getvalue()
    assert [m.objects.count() for m in (Article, Person, Organization, Place, Source, Event, Quote)] == counts


def test_reset_reloads_the_sample_without_duplicates(seed_article):
    seed_article.quotes.all().delete()
    call_command("load_sample", "--reset", stdout=io.StringIO())
    assert Article.objects.count() == 1
    assert Article.objects.get().quotes.count() == 5
    assert Event.objects.count() == 4
