"""The editorial workflow: transitions, who may make them, and what readers see at each step."""

import datetime

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from django.utils import timezone
from reversion.models import Version

from articles import workflow
from articles.history import BASELINE_COMMENT
from articles.merging import merge_entities
from articles.models import Appearance, Article, Organization, Person, Place, Source
from tests import factories
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db
Status = Article.Status


def public_status(client, article):
    return client.get(article.get_absolute_url()).status_code


def on_home_page(client, article):
    return article.headline in client.get("/").content.decode()


@pytest.fixture
def draft(reporter):
    return factories.DraftFactory(
        created_by=reporter,
        published_at=None,
        headline="Generals talk by telephone",
        body="The call took place on Friday.",
    )


def test_a_draft_goes_through_review_to_publication_and_only_then_is_public(client, reporter, editor, draft):
    assert not on_home_page(client, draft)
    assert client.get(f"/articles/{draft.slug}/").status_code == 404

    workflow.article_submit(draft, reporter)
    draft.refresh_from_db()
    assert draft.status == Status.REVIEW
    assert not on_home_page(client, draft)

    workflow.article_publish(draft, editor)
    draft.refresh_from_db()
    assert draft.status == Status.PUBLISHED and draft.published_at <= timezone.now()
    assert on_home_page(client, draft)
    assert public_status(client, draft) == 200
    assert client.get(f"/articles/{draft.slug}/").status_code == 302


def test_reporters_cannot_publish_schedule_or_withdraw(reporter, draft):
    with pytest.raises(PermissionDenied):
        workflow.article_publish(draft, reporter)
    with pytest.raises(PermissionDenied):
        workflow.article_schedule(draft, reporter, timezone.now() + datetime.timedelta(days=1))
    published = factories.ArticleFactory(created_by=reporter)
    with pytest.raises(PermissionDenied):
        workflow.article_withdraw(published, reporter, "Legal advice")
    draft.refresh_from_db()
    published.refresh_from_db()
    assert (draft.status, published.status) == (Status.DRAFT, Status.PUBLISHED)


def test_a_reporter_cannot_submit_someone_elses_draft(make_staff, draft):
    other = make_staff("reporter", "other-reporter")
    with pytest.raises(PermissionDenied):
        workflow.article_submit(draft, other)


def test_transitions_from_the_wrong_state_are_refused(editor, draft):
    with pytest.raises(ValidationError):
        workflow.article_withdraw(draft, editor, "Wrong")  # never published
    workflow.article_publish(draft, editor)
    with pytest.raises(ValidationError):
        workflow.article_submit(draft, editor)
    with pytest.raises(ValidationError):
        workflow.article_publish(draft, editor)  # already live
    with pytest.raises(ValidationError):
        workflow.article_withdraw(draft, editor, "   ")  # readers must be told why


def test_an_editor_returns_a_story_in_review_to_draft(reporter, editor, draft):
    workflow.article_submit(draft, reporter)
    workflow.article_return_to_draft(draft, editor)
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT
    with pytest.raises(PermissionDenied):
        workflow.article_return_to_draft(draft, reporter)


def test_publishing_keeps_an_archived_storys_own_date(editor, reporter):
    archived = factories.DraftFactory(
        created_by=reporter, published_at=datetime.datetime(2017, 3, 3, 12, tzinfo=datetime.UTC)
    )
    workflow.article_publish(archived, editor)
    archived.refresh_from_db()
    assert archived.published_at == datetime.datetime(2017, 3, 3, 12, tzinfo=datetime.UTC)
    assert archived.is_public


def test_a_scheduled_article_appears_by_itself_when_its_time_comes(client, editor, draft):
    start = timezone.now()
    when = start + datetime.timedelta(hours=2)
    with time_machine.travel(start, tick=False):
        workflow.article_schedule(draft, editor, when)
        draft.refresh_from_db()
        assert draft.state == "scheduled"
        assert not on_home_page(client, draft)
        assert public_status(client, draft) == 404
        assert not Article.objects.published().filter(pk=draft.pk).exists()
    with time_machine.travel(when + datetime.timedelta(seconds=1), tick=False):
        assert draft.state == "published"
        assert on_home_page(client, draft)
        assert public_status(client, draft) == 200


def test_scheduling_in_the_past_is_refused(editor, draft):
    with pytest.raises(ValidationError):
        workflow.article_schedule(draft, editor, timezone.now() - datetime.timedelta(minutes=1))


def test_a_withdrawn_article_answers_410_gone_with_the_reason(client, editor):
    article = factories.ArticleFactory()
    workflow.article_withdraw(article, editor, "The central claim could not be verified.")
    for url in (article.get_absolute_url(), f"/articles/{article.slug}/"):
        response = client.get(url)
        assert response.status_code == 410
        page = response.content.decode()
        assert "This article has been withdrawn" in page
        assert "The central claim could not be verified." in page
    assert not on_home_page(client, article)
    assert not Article.objects.published().filter(pk=article.pk).exists()


def test_the_withdrawal_reason_is_escaped(client, editor):
    article = factories.ArticleFactory()
    workflow.article_withdraw(article, editor, "<script>alert(1)</script>")
    page = client.get(article.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in page and "&lt;script&gt;" in page


def test_every_transition_is_recorded_in_the_history_with_who_made_it(reporter, editor, draft):
    workflow.article_submit(draft, reporter)
    workflow.article_publish(draft, editor)
    revisions = [v.revision for v in Version.objects.get_for_object(draft).order_by("revision__date_created")]
    assert [(r.user, r.get_comment()) for r in revisions] == [
        (None, BASELINE_COMMENT),  # the draft as it was stored before the first transition
        (reporter, "Submitted for review"),
        (editor, "Published"),
    ]


# Preview


@pytest.mark.parametrize("factory", [factories.DraftFactory, factories.ScheduledFactory])
def test_staff_preview_a_story_readers_cannot_see_with_a_banner(client, editor, factory):
    article = factory()
    client.force_login(editor)
    response = client.get(article.get_preview_url())
    page = response.content.decode()
    assert response.status_code == 200
    assert article.headline in page and article.body_html in page
    assert f"Preview: {article.state}" in page
    assert response["X-Robots-Tag"] == "noindex"


def test_anonymous_readers_get_404_from_a_preview(client, draft):
    assert client.get(draft.get_preview_url()).status_code == 404


def test_a_logged_in_reader_who_is_not_staff_gets_404_from_a_preview(client, draft, django_user_model):
    client.force_login(django_user_model.objects.create_user("reader", password="a-long-passphrase"))
    assert client.get(draft.get_preview_url()).status_code == 404


def test_a_reporter_previews_their_own_draft_but_not_anothers(client, make_staff, draft):
    client.force_login(draft.created_by)
    assert client.get(draft.get_preview_url()).status_code == 200
    client.force_login(make_staff("reporter", "other-reporter"))
    assert client.get(draft.get_preview_url()).status_code == 404


def test_the_permalink_of_an_unpublished_story_leads_staff_to_its_preview(client, editor, draft):
    client.force_login(editor)
    response = client.get(f"/articles/{draft.slug}/")
    assert response.status_code == 302 and response["Location"] == draft.get_preview_url()


def test_preview_of_a_missing_article_is_404(client, editor):
    client.force_login(editor)
    assert client.get("/preview/999999/").status_code == 404


# Corrections


def test_a_correction_shows_on_the_page_and_moves_the_updated_date(client):
    article = factories.ArticleFactory()
    before = article.updated_at
    assert "Updated" not in client.get(article.get_absolute_url()).content.decode()
    correction = factories.CorrectionFactory(
        article=article,
        text="An earlier version misspelled Gerasimov.",
        corrected_at=datetime.datetime(2024, 5, 6, 9, tzinfo=datetime.UTC),
    )
    article.refresh_from_db()
    assert article.updated_at > before
    page = client.get(article.get_absolute_url()).content.decode()
    assert "An earlier version misspelled Gerasimov." in page
    assert f'Updated <time datetime="{correction.corrected_at.isoformat()}">May 6, 2024</time>' in page


# Roles and users


def test_the_roles_exist_with_their_permissions(reporter, editor, superuser):
    assert reporter.has_perm("articles.add_article") and not reporter.has_perm("articles.publish_article")
    assert not reporter.has_perm("articles.delete_article")
    assert not reporter.has_perm("articles.change_person") and reporter.has_perm("articles.add_person")
    assert editor.has_perm("articles.publish_article") and editor.has_perm("articles.delete_person")
    assert superuser.is_superuser and superuser.has_perm("articles.publish_article")
    assert all(user.is_staff for user in (reporter, editor, superuser))


def test_create_editor_user_refuses_a_weak_password(db, monkeypatch):
    monkeypatch.setenv("WEAK", "1234")
    with pytest.raises(CommandError, match="too short"):
        call_command("create_editor_user", "weak", role="editor", password_env="WEAK")


def test_create_editor_user_changes_the_role_of_an_existing_user(make_staff):
    user = make_staff("editor", "sam")
    make_staff("reporter", "sam")
    user.refresh_from_db()
    assert [g.name for g in user.groups.all()] == ["Reporter"]


# Merging duplicate entities


def test_merging_people_moves_every_relation_and_keeps_the_old_name_as_alias():
    keep = Person.objects.create(name="Valery Gerasimov")
    duplicate = Person.objects.create(name="Gen. Gerasimov")
    duplicate.aliases.create(name="Gerasimov")
    shared = factories.ArticleFactory()
    factories.AppearanceFactory(article=shared, person=keep, title="Chief of staff")
    factories.AppearanceFactory(article=shared, person=duplicate, title="General")  # would be a double
    only_duplicate = factories.AppearanceFactory(person=duplicate, title="General")
    quote = factories.QuoteFactory(speaker_person=duplicate)
    event = factories.EventFactory(article=shared)
    event.participants.add(keep, duplicate)
    other_event = factories.EventFactory()
    other_event.participants.add(duplicate)

    assert merge_entities(keep, [duplicate]) == 1

    assert not Person.objects.filter(pk=duplicate.pk).exists()
    assert Appearance.objects.filter(article=shared).get().person == keep
    only_duplicate.refresh_from_db()
    assert only_duplicate.person == keep
    quote.refresh_from_db()
    assert quote.speaker_person == keep
    assert list(event.participants.all()) == [keep]
    assert list(other_event.participants.all()) == [keep]
    assert sorted(keep.aliases.values_list("name", flat=True)) == ["Gen. Gerasimov", "Gerasimov"]
    assert Person.objects.named("Gen. Gerasimov").get() == keep


def test_merging_places_moves_children_organisations_datelines_and_mentions():
    keep = Place.objects.create(name="Baku", kind="city")
    duplicate = Place.objects.create(name="Baki", kind="city")
    child = Place.objects.create(name="Old City", parent=duplicate)
    ministry = Organization.objects.create(name="Ministry", country=duplicate)
    article = factories.ArticleFactory(dateline=duplicate)
    factories.PlaceMentionFactory(article=article, place=duplicate)
    event = factories.EventFactory(place=duplicate)

    merge_entities(keep, [duplicate])

    for row in (child, ministry, article, event):
        row.refresh_from_db()
    assert child.parent == keep and ministry.country == keep
    assert article.dateline == keep and event.place == keep
    assert list(article.places.all()) == [keep]


def test_merging_organisations_moves_appearances_mentions_and_quotes():
    keep = Organization.objects.create(name="NATO")
    duplicate = Organization.objects.create(name="North Atlantic Treaty Organization")
    appearance = factories.AppearanceFactory(organization=duplicate)
    mention = factories.OrganizationMentionFactory(organization=duplicate)
    quote = factories.QuoteFactory(speaker_person=None, speaker_organization=duplicate)

    merge_entities(keep, [duplicate])

    for row in (appearance, mention, quote):
        row.refresh_from_db()
    assert appearance.organization == keep and mention.organization == keep
    assert quote.speaker_organization == keep
    assert Organization.objects.named("North Atlantic Treaty Organization").get() == keep


def test_merging_needs_another_row_of_the_same_kind():
    person = Person.objects.create(name="Jens Stoltenberg")
    with pytest.raises(ValueError):
        merge_entities(person, [person])
    with pytest.raises(ValueError):
        merge_entities(person, [Organization.objects.create(name="NATO")])


def test_merging_sources_moves_credits_and_published_articles():
    keep = Source.objects.create(name="AP")
    duplicate = Source.objects.create(name="Associated Press")
    article = factories.ArticleFactory(publisher=duplicate)
    factories.CreditFactory(article=article, source=keep)
    factories.CreditFactory(article=article, source=duplicate)  # the same credit twice after the merge
    other_credit = factories.CreditFactory(source=duplicate)

    merge_entities(keep, [duplicate])

    article.refresh_from_db()
    other_credit.refresh_from_db()
    assert article.publisher == keep
    assert [c.source for c in article.credits.all()] == [keep]
    assert other_credit.source == keep
    assert Source.objects.named("Associated Press").get() == keep


def test_create_editor_user_says_to_migrate_when_the_roles_are_missing(db, monkeypatch):
    Group.objects.all().delete()
    monkeypatch.setenv("PW", PASSWORD)
    with pytest.raises(CommandError, match="run `manage.py migrate` first"):
        call_command("create_editor_user", "late", role="reporter", password_env="PW")


def test_an_editor_unschedules_a_story_but_cannot_unpublish_a_live_one_that_way(client, editor):
    scheduled = factories.ScheduledFactory()
    workflow.article_return_to_draft(scheduled, editor)
    scheduled.refresh_from_db()
    assert scheduled.status == Status.DRAFT
    live = factories.ArticleFactory()
    with pytest.raises(ValidationError):
        workflow.article_return_to_draft(live, editor)  # readers have seen it: withdraw it instead
    assert public_status(client, live) == 200
