"""Editors in the admin: every page loads, an article is saved with all its inlines, and the
editorial workflow holds: who may do what, history, conflicts, lockout."""

import datetime

import pytest
import time_machine
from django.contrib.admin.sites import site
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from articles import workflow
from articles.history import revision_changes
from articles.models import Appearance, Article, Correction, Organization, Person, Place, Source
from tests import factories
from tests.conftest import PASSWORD
from tests.formdata import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("editor", "editor@example.org", "a-long-passphrase")
    client.force_login(user)
    return client


def test_every_model_is_registered():
    from django.apps import apps

    registered = set(site._registry)
    for model in apps.get_app_config("articles").get_models():
        if model.__name__.endswith("Alias"):
            continue  # edited inline on their entity
        if model.__name__ == "SearchDocument":
            continue  # derived from the articles by the search index, never edited
        assert model in registered, model


def test_admin_login_page_loads(client):
    assert client.get("/admin/login/").status_code == 200


def test_admin_requires_login(client):
    response = client.get("/admin/articles/article/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


@pytest.mark.parametrize("model", [m for m in site._registry if m._meta.app_label == "articles"])
def test_changelist_and_add_pages_load(editor_client, seed_article, model):
    opts = model._meta
    assert (
        editor_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")).status_code == 200
    )
    assert editor_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add")).status_code == 200


def test_article_change_page_shows_the_seed_with_its_inlines(editor_client, seed_article):
    response = editor_client.get(reverse("admin:articles_article_change", args=[seed_article.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "NATO Military Committee Chairman" in page
    assert "the two generals agreed" in page
    assert seed_article.get_absolute_url().strip("/").split("/")[-1] in page


def inline_management(prefix, total=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def test_editor_adds_an_article_with_credits_people_events_and_quotes(editor_client):
    ap = Source.objects.create(name="AP")
    pavel = Person.objects.create(name="Petr Pavel")
    nato = Organization.objects.create(name="NATO")
    baku = Place.objects.create(name="Baku")
    data = {
        "headline": "Generals talk by telephone",
        "slug": "generals-talk-by-telephone",
        "dek": "A first call in three years.",
        "body": "The **call** took place.",
        "status": "published",
        "published_at_0": "2017-03-03",
        "published_at_1": "12:00:00",
        "published_precision": "day",
        "language": "en",
        **inline_management("credits", 1),
        "credits-0-source": ap.pk,
        "credits-0-role": "reporting",
        "credits-0-order": "0",
        **inline_management("appearances", 1),
        "appearances-0-person": pavel.pk,
        "appearances-0-title": "NATO Military Committee Chairman",
        "appearances-0-organization": nato.pk,
        "appearances-0-order": "0",
        **inline_management("organization_mentions"),
        **inline_management("place_mentions", 1),
        "place_mentions-0-place": baku.pk,
        "place_mentions-0-order": "0",
        **inline_management("events", 1),
        "events-0-date": "2017-03-03",
        "events-0-precision": "day",
        "events-0-year_inferred": "on",
        "events-0-description": "Telephone call",
        "events-0-participants": [pavel.pk],
        **inline_management("quotes", 1),
        "quotes-0-text": "the two generals agreed that they would remain in contact.",
        "quotes-0-speaker_description": "a NATO spokesman",
        "quotes-0-speaker_organization": nato.pk,
        "quotes-0-order": "0",
        **inline_management("corrections"),
    }
    response = editor_client.post(reverse("admin:articles_article_add"), data)
    assert response.status_code == 302, (
        response.context["adminform"].form.errors if response.context else response
    )
    article = Article.objects.get(slug="generals-talk-by-telephone")
    assert "<strong>call</strong>" in article.body_html
    assert article.credits.get().source == ap
    assert article.appearances.get().title == "NATO Military Committee Chairman"
    event = article.events.get()
    assert event.year_inferred and list(event.participants.all()) == [pavel]
    assert article.quotes.get().speaker_description == "a NATO spokesman"
    assert article.places.get() == baku


def test_autocomplete_finds_people_by_alias(editor_client, seed_article):
    response = editor_client.get(
        "/admin/autocomplete/",
        {
            "term": "Gen. Gerasimov",
            "app_label": "articles",
            "model_name": "appearance",
            "field_name": "person",
        },
    )
    assert response.status_code == 200
    assert [r["text"] for r in response.json()["results"]] == ["Valery Gerasimov"]


# The editorial workflow in the admin (README, "Editorial workflow").


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


@pytest.fixture
def form_reader(make_staff):
    """Reads any article's change form as a browser would post it back (a forged request's payload)."""
    client = Client()
    client.force_login(make_staff("superuser", "form-reader"))

    def read(article):
        return form_data(client.get(change_url(article)).content.decode())

    return read


@pytest.fixture
def post_change(form_reader):
    def post(client, article, button=None, **changes):
        data = form_reader(article)
        data.update(changes)
        if button:
            data[button] = "1"
        return client.post(change_url(article), data)

    return post


def edit_headline(post_change, client, article):
    post_change(client, article, headline="Edited headline")
    article.refresh_from_db()
    return article.headline == "Edited headline"


@pytest.fixture
def desk(make_staff):
    """The users whose stories the role under test meets: another reporter."""
    return {"other": make_staff("reporter", "other-reporter")}


def act_edit_own_draft(ctx):
    return edit_headline(ctx["post"], ctx["client"], factories.DraftFactory(created_by=ctx["user"]))


def act_edit_others_draft(ctx):
    return edit_headline(ctx["post"], ctx["client"], factories.DraftFactory(created_by=ctx["other"]))


def act_edit_others_published(ctx):
    return edit_headline(ctx["post"], ctx["client"], factories.ArticleFactory(created_by=ctx["other"]))


def act_edit_own_published(ctx):
    return edit_headline(ctx["post"], ctx["client"], factories.ArticleFactory(created_by=ctx["user"]))


def act_submit_own_draft(ctx):
    article = factories.DraftFactory(created_by=ctx["user"])
    ctx["post"](ctx["client"], article, button="_submit")
    article.refresh_from_db()
    return article.status == "review"


def act_publish_with_the_button(ctx):
    article = factories.DraftFactory(created_by=ctx["user"])
    ctx["post"](ctx["client"], article, button="_publish")
    article.refresh_from_db()
    return article.status == "published"


def act_publish_with_the_action(ctx):
    article = factories.DraftFactory(created_by=ctx["user"], status="review")
    ctx["client"].post(
        reverse("admin:articles_article_changelist"), {"action": "publish", "_selected_action": [article.pk]}
    )
    article.refresh_from_db()
    return article.status == "published"


def act_withdraw(ctx):
    article = factories.ArticleFactory(created_by=ctx["user"])
    ctx["client"].post(
        reverse("admin:articles_article_changelist"),
        {"action": "withdraw", "_selected_action": [article.pk], "reason": "Legal advice"},
    )
    article.refresh_from_db()
    return article.status == "withdrawn"


def delete(ctx, article):
    ctx["client"].post(reverse("admin:articles_article_delete", args=[article.pk]), {"post": "yes"})
    return not Article.objects.filter(pk=article.pk).exists()


def act_delete_a_draft(ctx):
    return delete(ctx, factories.DraftFactory(created_by=ctx["user"]))


def act_delete_a_published_article(ctx):
    return delete(ctx, factories.ArticleFactory(created_by=ctx["user"]))


def act_bulk_delete(ctx):
    article = factories.DraftFactory(created_by=ctx["user"])
    ctx["client"].post(
        reverse("admin:articles_article_changelist"),
        {"action": "delete_selected", "_selected_action": [article.pk], "post": "yes"},
    )
    return not Article.objects.filter(pk=article.pk).exists()


def act_add_a_correction(ctx):
    article = factories.ArticleFactory(created_by=ctx["user"])
    ctx["post"](
        ctx["client"],
        article,
        **{
            "corrections-TOTAL_FORMS": "1",
            "corrections-0-text": "An earlier version misspelled a name.",
            "corrections-0-corrected_at_0": "2024-05-06",
            "corrections-0-corrected_at_1": "09:00:00",
            "corrections-0-article": str(article.pk),
        },
    )
    return Correction.objects.filter(article=article).exists()


def act_rename_a_person(ctx):
    person = Person.objects.create(name="Gerasimov")
    ctx["client"].post(
        reverse("admin:articles_person_change", args=[person.pk]),
        {
            "name": "Valery Gerasimov",
            "slug": "valery-gerasimov",
            "description": "",
            **inline_management("aliases"),
        },
    )
    person.refresh_from_db()
    return person.name == "Valery Gerasimov"


def act_merge_people(ctx):
    keep, duplicate = Person.objects.create(name="Valery Gerasimov"), Person.objects.create(name="Gerasimov")
    ctx["client"].post(
        reverse("admin:articles_person_changelist"),
        {"action": "merge", "_selected_action": [keep.pk, duplicate.pk], "keep": keep.pk},
    )
    return not Person.objects.filter(pk=duplicate.pk).exists()


MATRIX = {
    # action: (reporter, editor, superuser)
    act_edit_own_draft: (True, True, True),
    act_edit_others_draft: (False, True, True),
    act_edit_others_published: (False, True, True),
    act_edit_own_published: (False, True, True),
    act_submit_own_draft: (True, True, True),
    act_publish_with_the_button: (False, True, True),
    act_publish_with_the_action: (False, True, True),
    act_withdraw: (False, True, True),
    act_delete_a_draft: (False, True, True),
    act_delete_a_published_article: (False, False, True),
    act_bulk_delete: (False, False, True),
    act_add_a_correction: (False, True, True),
    act_rename_a_person: (False, True, True),
    act_merge_people: (False, True, True),
}


@pytest.mark.parametrize("role_index, role", list(enumerate(["reporter", "editor", "superuser"])))
@pytest.mark.parametrize("action", list(MATRIX), ids=lambda a: a.__name__.removeprefix("act_"))
def test_role_permission_matrix(client, make_staff, post_change, desk, role_index, role, action):
    user = make_staff(role, f"the-{role}")
    client.force_login(user)
    ctx = {"client": client, "user": user, "post": post_change, **desk}
    assert action(ctx) is MATRIX[action][role_index]


def test_a_reporter_does_not_see_others_drafts_in_the_list(client, reporter, desk):
    mine = factories.DraftFactory(created_by=reporter, headline="My own draft")
    factories.DraftFactory(created_by=desk["other"], headline="Someone else's draft")
    factories.ArticleFactory(headline="A published story")
    client.force_login(reporter)
    page = client.get(reverse("admin:articles_article_changelist")).content.decode()
    assert "My own draft" in page and "A published story" in page
    assert "Someone else&#x27;s draft" not in page
    assert client.get(change_url(mine)).status_code == 200


def test_a_reporter_creates_a_draft_that_is_theirs(client, reporter):
    client.force_login(reporter)
    data = {
        "headline": "Generals talk",
        "slug": "generals-talk",
        "body": "Text.",
        "published_precision": "exact",
        "language": "en",
        "status": "published",  # ignored: the status is read-only
        **{
            key: value
            for prefix in (
                "credits",
                "appearances",
                "organization_mentions",
                "place_mentions",
                "events",
                "quotes",
                "corrections",
            )
            for key, value in inline_management(prefix).items()
        },
        "_submit": "1",
    }
    response = client.post(reverse("admin:articles_article_add"), data)
    assert response.status_code == 302
    article = Article.objects.get(slug="generals-talk")
    assert article.created_by == reporter and article.status == "review"


def test_the_list_says_scheduled_and_filters_by_state(editor_client):
    scheduled = factories.ScheduledFactory(headline="Tomorrow's story")
    factories.ArticleFactory(headline="Yesterday's story")
    response = editor_client.get(reverse("admin:articles_article_changelist"), {"state": "scheduled"})
    page = response.content.decode()
    assert "Tomorrow&#x27;s story" in page and "Yesterday&#x27;s story" not in page
    assert '<td class="field-state_label">scheduled</td>' in page
    assert scheduled.state == "scheduled"


def test_the_list_searches_the_body(editor_client):
    factories.ArticleFactory(headline="Plain headline", body="A telephone call about Crimea.")
    page = editor_client.get(reverse("admin:articles_article_changelist"), {"q": "Crimea"}).content.decode()
    assert "Plain headline" in page


@pytest.mark.parametrize("filter_param", ["people__id__exact", "places__id__exact", "topics__id__exact"])
def test_the_list_filters_by_entities(editor_client, seed_article, filter_param):
    related = {
        "people__id__exact": seed_article.people,
        "places__id__exact": seed_article.places,
        "topics__id__exact": seed_article.topics,
    }[filter_param].first()
    response = editor_client.get(reverse("admin:articles_article_changelist"), {filter_param: related.pk})
    assert response.status_code == 200
    assert seed_article.headline in response.content.decode()


def test_the_person_filter_lists_the_most_named_and_still_filters_by_any_other(editor_client, seed_article):
    rarely = factories.AppearanceFactory(person=factories.PersonFactory(name="Rarely Named"))
    for _ in range(16):  # sixteen people named twice each: more than the filter shows
        factories.AppearanceFactory.create_batch(2, person=factories.PersonFactory())
    factories.AppearanceFactory.create_batch(2, person=seed_article.people.get(name="Valery Gerasimov"))
    url = reverse("admin:articles_article_changelist")
    sidebar = editor_client.get(url).content.decode()
    assert "Valery Gerasimov" in sidebar and "Rarely Named" not in sidebar  # 15 shown, most named first
    response = editor_client.get(url, {"people__id__exact": rarely.person_id})
    page = response.content.decode()
    assert rarely.article.headline in page and seed_article.headline not in page
    assert "Rarely Named" in page  # the chosen one is shown as chosen
    for bad in ("x", "²", "-1"):
        assert editor_client.get(url, {"people__id__exact": bad}).status_code in (200, 302), bad


def test_entity_lists_link_their_article_counts_to_the_filtered_article_list(editor_client, seed_article):
    page = editor_client.get(reverse("admin:articles_person_changelist")).content.decode()
    gerasimov = seed_article.people.get(name="Valery Gerasimov")
    assert f"/admin/articles/article/?people__id__exact={gerasimov.pk}" in page


def test_the_form_shows_word_count_preview_link_and_buttons(client, editor):
    article = factories.DraftFactory(body="one two three four five")
    client.force_login(editor)
    page = client.get(change_url(article)).content.decode()
    assert '<div class="readonly">5</div>' in page
    assert f'href="{article.get_preview_url()}"' in page
    assert 'name="_submit"' in page and 'name="_publish"' in page and 'name="_withdraw"' not in page


def test_reporters_get_no_publish_button(client, reporter):
    article = factories.DraftFactory(created_by=reporter)
    client.force_login(reporter)
    page = client.get(change_url(article)).content.decode()
    assert 'name="_submit"' in page and 'name="_publish"' not in page


def test_the_slug_is_read_only_once_published(client, editor, post_change):
    article = factories.ArticleFactory(slug="stable-slug")
    client.force_login(editor)
    assert 'name="slug"' not in client.get(change_url(article)).content.decode()
    post_change(client, article, slug="changed-slug")
    article.refresh_from_db()
    assert article.slug == "stable-slug"


def test_view_on_site_goes_to_the_preview_until_the_story_is_public(editor_client):
    draft = factories.DraftFactory()
    public = factories.ArticleFactory()
    content_type = ContentType.objects.get_for_model(Article).pk
    for article, target in ((draft, draft.get_preview_url()), (public, public.get_absolute_url())):
        page = editor_client.get(change_url(article)).content.decode()
        assert f'href="{target}" class="viewsitelink"' in page
        response = editor_client.get(f"/admin/r/{content_type}/{article.pk}/", follow=True)
        assert response.status_code == 200 and response.redirect_chain[-1][0].endswith(target)


def test_scheduling_from_the_form_with_a_future_date(client, editor, post_change):
    article = factories.DraftFactory(created_by=editor)
    when = timezone.localtime(timezone.now() + datetime.timedelta(days=3)).replace(microsecond=0)
    client.force_login(editor)
    response = post_change(
        client,
        article,
        button="_publish",
        published_at_0=when.date().isoformat(),
        published_at_1=when.time().isoformat(),
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.state == "scheduled" and article.published_at == when


def test_withdrawing_from_the_form_needs_a_reason(client, editor, post_change):
    article = factories.ArticleFactory()
    client.force_login(editor)
    post_change(client, article, button="_withdraw", withdrawn_reason="")
    article.refresh_from_db()
    assert article.status == "published"
    assert "Saved, but not withdrawn: Say why" in client.get(change_url(article)).content.decode()
    post_change(client, article, button="_withdraw", withdrawn_reason="Legal advice")
    article.refresh_from_db()
    assert (article.status, article.withdrawn_reason) == ("withdrawn", "Legal advice")


# Concurrency


def test_a_second_editor_saving_a_stale_form_gets_a_conflict_not_an_overwrite(make_staff, form_reader):
    article = factories.ArticleFactory(headline="Original headline")
    first, second = Client(), Client()
    first.force_login(make_staff("editor", "first"))
    second.force_login(make_staff("editor", "second"))
    first_form = form_data(first.get(change_url(article)).content.decode())
    second_form = form_data(second.get(change_url(article)).content.decode())

    assert (
        first.post(change_url(article), {**first_form, "headline": "First editor's headline"}).status_code
        == 302
    )
    response = second.post(change_url(article), {**second_form, "headline": "Second editor's headline"})

    assert response.status_code == 200
    assert "Someone else saved this article while you were editing it" in response.content.decode()
    article.refresh_from_db()
    assert article.headline == "First editor's headline"


# History


def test_history_records_article_and_inline_changes_with_a_diff_and_reverts(client, editor, post_change):
    article = factories.DraftFactory(created_by=editor, body="The generals met.\nThey agreed to talk.")
    appearance = factories.AppearanceFactory(article=article, title="General")
    client.force_login(editor)
    post_change(client, article)  # a first recorded version
    post_change(
        client,
        article,
        body="The generals met.\nThey agreed to stay in contact.",
        **{"appearances-0-title": "Chief of the General Staff"},
    )
    appearance.refresh_from_db()
    assert appearance.title == "Chief of the General Staff"
    post_change(client, article, **{"appearances-0-DELETE": "on"})
    assert not Appearance.objects.filter(article=article).exists()

    history = client.get(reverse("admin:articles_article_history", args=[article.pk]))
    page = history.content.decode()
    assert history.status_code == 200
    assert "-They agreed to talk." in page and "+They agreed to stay in contact." in page
    assert "changed appearance" in page and "removed appearance" in page
    assert "added appearance" not in page  # the first recorded version is the baseline
    assert editor.username in page

    first_version = history.context_data["action_list"][-1]["url"]
    revert_form = form_data(client.get(first_version).content.decode())
    assert client.post(first_version, revert_form).status_code == 302
    article.refresh_from_db()
    appearance = Appearance.objects.get(article=article)
    assert article.body == "The generals met.\nThey agreed to talk."
    assert appearance.title == "General"
    newest = client.get(reverse("admin:articles_article_history", args=[article.pk])).context_data[
        "action_list"
    ]
    assert "Reverted to previous version" in newest[0]["revision"].get_comment()


def test_an_imported_articles_first_edit_is_a_change_that_can_be_undone(client, editor, post_change):
    article = factories.ArticleFactory(headline="As imported", created_by=editor)  # no history, as an import
    factories.AppearanceFactory(article=article, title="General")
    client.force_login(editor)
    post_change(client, article, headline="As edited", **{"appearances-0-title": "Chief of Staff"})
    history = client.get(reverse("admin:articles_article_history", args=[article.pk]))
    page = history.content.decode()
    assert "-As imported" in page and "+As edited" in page and "changed appearance" in page
    baseline = history.context_data["action_list"][-1]
    assert "before its first change" in baseline["revision"].get_comment()
    revert_form = form_data(client.get(baseline["url"]).content.decode())
    assert client.post(baseline["url"], revert_form).status_code == 302
    article.refresh_from_db()
    assert article.headline == "As imported"
    assert article.appearances.get().title == "General"


def test_a_changelist_action_on_an_imported_article_keeps_its_state_before(client, editor):
    article = factories.DraftFactory(headline="Imported draft", created_by=editor)
    client.force_login(editor)
    client.post(
        reverse("admin:articles_article_changelist"), {"action": "publish", "_selected_action": [article.pk]}
    )
    versions = client.get(reverse("admin:articles_article_history", args=[article.pk])).context_data[
        "action_list"
    ]
    assert len(versions) == 2
    assert versions[-1]["revision"].version_set.get().field_dict["status"] == "draft"
    assert (
        versions[0]["revision"].version_set.get(object_id=str(article.pk)).field_dict["status"] == "published"
    )


def test_an_imported_article_deleted_in_the_admin_can_be_recovered(client, editor):
    article = factories.DraftFactory(headline="Imported, then deleted", created_by=editor)
    client.force_login(editor)
    assert (
        client.post(reverse("admin:articles_article_delete", args=[article.pk]), {"post": "yes"}).status_code
        == 302
    )
    assert not Article.objects.filter(pk=article.pk).exists()
    client.get(reverse("admin:articles_article_changelist"))  # shows (and so clears) the "deleted" message
    recoverable = client.get(reverse("admin:articles_article_recoverlist")).content.decode()
    assert "Imported, then deleted" in recoverable


def test_an_action_on_every_article_of_the_list_keeps_each_ones_state_before(client, editor):
    drafts = factories.DraftFactory.create_batch(3, created_by=editor)
    client.force_login(editor)
    client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish", "_selected_action": [drafts[0].pk], "select_across": "1"},
    )
    for draft in drafts:
        versions = Version.objects.get_for_object(draft).order_by("revision__date_created")
        assert [v.field_dict["status"] for v in versions] == ["draft", "published"], draft.headline


def test_an_edit_after_an_import_update_is_not_credited_with_what_the_import_changed(
    client, editor, post_change, tmp_path
):
    article = factories.ArticleFactory(
        headline="First import", created_by=editor, original_url="https://w.example/1"
    )
    client.force_login(editor)
    post_change(client, article, dek="An editor's standfirst.")  # baseline + this edit
    Article.objects.filter(pk=article.pk).update(headline="Second import", updated_at=timezone.now())
    post_change(client, Article.objects.get(pk=article.pk), byline="By the desk")
    comments = [
        entry["revision"].get_comment()
        for entry in client.get(reverse("admin:articles_article_history", args=[article.pk])).context_data[
            "action_list"
        ]
    ]
    assert len(comments) == 4 and "changed outside the admin" in comments[1]
    changes = revision_changes(Article.objects.get(pk=article.pk))
    newest = max(changes)
    assert [name for name, _ in changes[newest]["diffs"]] == ["byline"]  # not the headline


def test_history_of_an_article_a_reporter_cannot_see_is_not_shown(client, reporter, desk):
    article = factories.DraftFactory(created_by=desk["other"])
    client.force_login(reporter)
    response = client.get(reverse("admin:articles_article_history", args=[article.pk]))
    assert response.status_code == 302  # to the admin index: "doesn't exist"


# Security


def login(client, username, password):
    return client.post("/admin/login/?next=/admin/", {"username": username, "password": password})


def test_repeated_failed_logins_lock_the_account_out(client, editor, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert login(client, "editor", "wrong password").status_code == 200
    response = login(client, "editor", "wrong password")
    assert response.status_code == 429
    assert "Too many failed logins" in response.content.decode()
    # Even the right password is refused now.
    assert login(client, "editor", PASSWORD).status_code == 429
    assert client.get("/admin/").status_code == 302


def test_a_successful_login_before_the_limit_works_and_resets_the_count(client, editor, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        login(client, "editor", "wrong password")
    assert login(client, "editor", PASSWORD).status_code == 302
    client.logout()
    assert login(client, "editor", "wrong password").status_code == 200  # counting starts again


def test_admin_forms_carry_a_csrf_token_and_refuse_a_post_without_one(editor):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    article = factories.DraftFactory(created_by=editor)
    assert "csrfmiddlewaretoken" in client.get(change_url(article)).content.decode()
    assert client.post(change_url(article), {"headline": "No token"}).status_code == 403


def test_merging_from_the_list_first_asks_which_row_to_keep(editor_client):
    keep, duplicate = Person.objects.create(name="Valery Gerasimov"), Person.objects.create(name="Gerasimov")
    appearance = factories.AppearanceFactory(person=duplicate)
    response = editor_client.post(
        reverse("admin:articles_person_changelist"),
        {"action": "merge", "_selected_action": [keep.pk, duplicate.pk]},
    )
    page = response.content.decode()
    assert response.status_code == 200 and "Choose the person to keep" in page
    assert Person.objects.count() == 2
    response = editor_client.post(
        reverse("admin:articles_person_changelist"),
        {"action": "merge", "_selected_action": [keep.pk, duplicate.pk], "keep": keep.pk},
    )
    assert response.status_code == 302
    appearance.refresh_from_db()
    assert appearance.person == keep
    assert list(keep.aliases.values_list("name", flat=True)) == ["Gerasimov"]


def test_withdrawing_from_the_list_asks_for_the_reason(editor_client):
    article = factories.ArticleFactory()
    url = reverse("admin:articles_article_changelist")
    response = editor_client.post(url, {"action": "withdraw", "_selected_action": [article.pk]})
    assert response.status_code == 200 and 'name="reason"' in response.content.decode()
    article.refresh_from_db()
    assert article.status == "published"


def test_a_reporter_cannot_unpublish_their_story_by_reverting_it(client, reporter, editor):
    article = factories.DraftFactory(created_by=reporter, published_at=None)
    client.force_login(reporter)
    reporter_form = form_data(client.get(change_url(article)).content.decode())
    client.post(change_url(article), reporter_form)  # a draft version in the history
    workflow.article_publish(article, editor)
    history = Client()
    history.force_login(editor)
    versions = history.get(reverse("admin:articles_article_history", args=[article.pk])).context_data
    draft_version_url = versions["action_list"][-1]["url"]
    assert client.get(draft_version_url).status_code == 403
    assert client.post(draft_version_url, reporter_form).status_code == 403
    article.refresh_from_db()
    assert article.status == "published"


def test_only_editors_may_recover_deleted_articles(client, reporter, editor):
    url = reverse("admin:articles_article_recoverlist")
    client.force_login(reporter)
    assert client.get(url).status_code == 403
    assert "Recover deleted" not in client.get(reverse("admin:articles_article_changelist")).content.decode()
    client.force_login(editor)
    assert client.get(url).status_code == 200
    assert "Recover deleted" in client.get(reverse("admin:articles_article_changelist")).content.decode()


def test_the_article_form_offers_to_add_a_new_person_or_place(client, reporter):
    client.force_login(reporter)
    page = client.get(reverse("admin:articles_article_add")).content.decode()
    assert 'id="add_id_appearances-__prefix__-person"' in page
    assert 'id="add_id_dateline"' in page


def test_a_lockout_is_per_user_name_and_ends_after_the_cool_off(client, editor, make_staff, settings):
    other = make_staff("editor", "other-editor")
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        for _ in range(settings.AXES_FAILURE_LIMIT):
            login(client, "editor", "wrong password")
        assert login(client, "editor", PASSWORD).status_code == 429
        assert login(client, other.username, PASSWORD).status_code == 302  # someone else is not locked out
        client.logout()
    with time_machine.travel(start + datetime.timedelta(hours=settings.AXES_COOLOFF_TIME, minutes=1)):
        assert login(client, "editor", PASSWORD).status_code == 302


def test_the_article_list_runs_a_fixed_number_of_queries(client, editor, django_assert_max_num_queries):
    client.force_login(editor)
    url = reverse("admin:articles_article_changelist")
    factories.ArticleFactory.create_batch(3, created_by=editor)
    with django_assert_max_num_queries(40) as few:
        client.get(url)
    factories.ArticleFactory.create_batch(30, created_by=editor)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


def test_a_reporter_cannot_edit_a_published_storys_people_on_their_own_page(client, reporter, desk):
    appearance = factories.AppearanceFactory(article=factories.ArticleFactory(created_by=desk["other"]))
    own = factories.AppearanceFactory(article=factories.DraftFactory(created_by=reporter))
    client.force_login(reporter)
    data = {"article": appearance.article_id, "person": appearance.person_id, "title": "Forged", "order": "0"}
    url = reverse("admin:articles_appearance_change", args=[appearance.pk])
    assert client.post(url, data).status_code == 403
    delete_url = reverse("admin:articles_appearance_delete", args=[appearance.pk])
    assert client.post(delete_url, {"post": "yes"}).status_code == 403
    appearance.refresh_from_db()
    assert appearance.title != "Forged"
    assert client.get(reverse("admin:articles_appearance_add")).status_code == 403
    own_data = {"article": own.article_id, "person": own.person_id, "title": "Fixed title", "order": "0"}
    client.post(reverse("admin:articles_appearance_change", args=[own.pk]), own_data)
    own.refresh_from_db()
    assert own.title == "Fixed title"
