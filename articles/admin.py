"""The editors' workspace: an article and everything it names, edited on one page.

Who may do what is decided here, on the server (README, "Editorial workflow"): reporters see and
edit their own stories until they are published, editors everything; transitions go through
`articles.workflow`.
"""

import reversion
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import unquote
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Count
from django.db.models.functions import Lower
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from reversion.admin import VersionAdmin

from . import workflow
from .caching import content_version
from .history import record_baseline, revision_changes
from .merging import merge_entities
from .models import (
    Appearance,
    Article,
    Correction,
    Credit,
    Event,
    Organization,
    OrganizationAlias,
    OrganizationMention,
    Person,
    PersonAlias,
    Place,
    PlaceAlias,
    PlaceMention,
    Quote,
    Source,
    SourceAlias,
    Topic,
)

# Django 6 assumes https for URLs typed without a scheme; do so now (and silence the warning).
URL_FIELDS = {models.URLField: {"assume_scheme": "https"}}


class ArticleInline:
    """An inline follows its article: editable exactly when the article is editable by this user."""

    extra = 0

    def _article_editable(self, request, obj):
        return obj is None or workflow.can_edit(obj, request.user)

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and self._article_editable(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._article_editable(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._article_editable(request, obj)


class CreditInline(ArticleInline, admin.TabularInline):
    model = Credit
    autocomplete_fields = ["source"]


class AppearanceInline(ArticleInline, admin.TabularInline):
    model = Appearance
    autocomplete_fields = ["person", "organization"]


class OrganizationMentionInline(ArticleInline, admin.TabularInline):
    model = OrganizationMention
    autocomplete_fields = ["organization"]


class PlaceMentionInline(ArticleInline, admin.TabularInline):
    model = PlaceMention
    autocomplete_fields = ["place"]


class EventInline(ArticleInline, admin.StackedInline):
    model = Event
    autocomplete_fields = ["place", "participants", "organizations"]
    fields = [
        ("date", "precision", "year_inferred"),
        "description",
        "inference_note",
        "place",
        "participants",
        "organizations",
    ]


class QuoteInline(ArticleInline, admin.StackedInline):
    model = Quote
    autocomplete_fields = ["speaker_person", "speaker_organization"]
    fields = ["text", ("speaker_person", "speaker_organization", "speaker_description"), "context", "order"]


class CorrectionInline(ArticleInline, admin.TabularInline):
    """Editors append dated corrections; the article page lists them and shows "Updated"."""

    model = Correction
    fields = ["corrected_at", "text"]


class ArticleAdminForm(forms.ModelForm):
    """The article form, with a token that turns a lost update into a conflict message."""

    edit_token = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Article
        fields = []  # the admin's fieldsets choose the fields

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["edit_token"].initial = self.instance.updated_at.isoformat()

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            saved = Article.objects.filter(pk=self.instance.pk).values_list("updated_at", flat=True).first()
            if saved is not None and cleaned.get("edit_token") != saved.isoformat():
                raise ValidationError(
                    "Someone else saved this article while you were editing it "
                    f"(at {timezone.localtime(saved):%H:%M:%S}). Your changes were not saved: "
                    "open the article again in another tab to see theirs, then make yours again.",
                    code="conflict",
                )
        return cleaned


class StateFilter(admin.SimpleListFilter):
    """Status as the desk uses it, with scheduled stories told apart from published ones."""

    title = "state"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [
            ("draft", "draft"),
            ("review", "in review"),
            ("scheduled", "scheduled"),
            ("published", "published (live)"),
            ("withdrawn", "withdrawn"),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "scheduled":
            return queryset.filter(status=Article.Status.PUBLISHED, published_at__gt=timezone.now())
        if value == "published":
            return queryset.published()
        if value in {"draft", "review", "withdrawn"}:
            return queryset.filter(status=value)
        return queryset


class MostNamedFilter(admin.SimpleListFilter):
    """The entities the most articles name, rather than every one (an archive holds thousands).

    Any other one is filtered by with its id in the URL, as the article counts of the entity lists link it."""

    shown = 15
    model: type = Person
    path = ""  # the lookup from an article to the entity
    count_path = ""  # the way back, from the entity to what names it

    def lookups(self, request, model_admin):
        # Counting means grouping every link row: done once per content version, not per page view.
        key = f"admin:most-named:{self.parameter_name}:{content_version()}"
        top = cache.get_or_set(key, self.most_named, timeout=3600)
        chosen = self.value()
        if chosen and chosen.isdecimal() and int(chosen) not in {pk for pk, _ in top}:
            top = [*top, *self.model.objects.filter(pk=int(chosen)).values_list("pk", "name")]
        return [(str(pk), name) for pk, name in top]

    def most_named(self) -> list[tuple[int, str]]:
        return list(
            self.model.objects.annotate(n=Count(self.count_path))
            .filter(n__gt=0)
            .order_by("-n", Lower("name"), "pk")
            .values_list("pk", "name")[: self.shown]
        )

    def queryset(self, request, queryset):
        value = self.value()
        if not value:
            return queryset
        if not value.isdecimal():
            raise IncorrectLookupParameters(f"{self.parameter_name} takes an id")
        return queryset.filter(**{self.path: int(value)}).distinct()


def articles_link(list_filter: type[MostNamedFilter], entity, count: int) -> str:
    """The entity's article count, linking to the article list filtered by it."""
    url = reverse("admin:articles_article_changelist")
    return format_html('<a href="{}?{}={}">{}</a>', url, list_filter.parameter_name, entity.pk, count)


class PersonFilter(MostNamedFilter):
    title = "person"
    parameter_name = "people__id__exact"
    model, path, count_path = Person, "appearances__person", "appearances"


class PlaceFilter(MostNamedFilter):
    title = "place"
    parameter_name = "places__id__exact"
    model, path, count_path = Place, "place_mentions__place", "mentions"


class TopicFilter(MostNamedFilter):
    title = "topic"
    parameter_name = "topics__id__exact"
    model, path, count_path = Topic, "topics", "articles"


# The buttons under the article form: (POST name, label, function, who and when).
TRANSITIONS = {
    "_submit": ("Save and submit for review", "submitted for review"),
    "_publish": ("Save and publish", "published"),
    "_withdraw": ("Save and withdraw", "withdrawn"),
}


@admin.register(Article)
class ArticleAdmin(VersionAdmin):
    form = ArticleAdminForm
    change_form_template = "admin/articles/article/change_form.html"
    change_list_template = "admin/articles/article/change_list.html"
    object_history_template = "admin/articles/article/object_history.html"
    history_latest_first = True
    list_display = ["headline", "state_label", "published_at", "created_by", "publisher", "dateline"]
    list_filter = [
        StateFilter,
        ("published_at", admin.DateFieldListFilter),
        "publisher",
        PersonFilter,
        PlaceFilter,
        TopicFilter,
        "language",
        "featured",
    ]
    list_select_related = ["publisher", "dateline", "created_by"]
    search_fields = ["headline", "dek", "body", "byline"]
    date_hierarchy = "published_at"
    formfield_overrides = URL_FIELDS
    autocomplete_fields = ["publisher", "dateline", "topics"]
    actions = ["submit_for_review", "publish", "return_to_draft", "withdraw"]
    inlines = [
        CreditInline,
        AppearanceInline,
        OrganizationMentionInline,
        PlaceMentionInline,
        EventInline,
        QuoteInline,
        CorrectionInline,
    ]

    def get_fieldsets(self, request, obj=None):
        publication = ["status", ("published_at", "published_precision"), "date_note", "language", "featured"]
        if obj is not None and obj.status in (Article.Status.PUBLISHED, Article.Status.WITHDRAWN):
            publication.insert(1, "withdrawn_reason")
        return [
            (None, {"fields": ["headline", "slug", "dek", "body", "word_count", "edit_token"]}),
            ("Publication", {"fields": ["page_link", *publication]}),
            ("Sources", {"fields": ["publisher", "byline", "dateline", "topics"]}),
            (
                "Provenance",
                {
                    "classes": ["collapse"],
                    "fields": ["original_url", "guid", "rights", "created_by", ("created_at", "updated_at")],
                },
            ),
        ]

    def get_readonly_fields(self, request, obj=None):
        # Status changes only through the workflow buttons and actions, never by typing it.
        readonly = ["status", "word_count", "page_link", "created_by", "created_at", "updated_at"]
        if obj is not None and obj.status in (Article.Status.PUBLISHED, Article.Status.WITHDRAWN):
            readonly.append("slug")  # a published URL stays stable
        if not workflow.can_publish(request.user):
            readonly += ["withdrawn_reason", "featured"]  # what the home page leads with is an editor's call
        return readonly

    def get_prepopulated_fields(self, request, obj=None):
        if "slug" in self.get_readonly_fields(request, obj):
            return {}
        return {"slug": ["headline"]}

    # Who sees and edits what.

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return super().has_change_permission(request)
        return workflow.can_edit(obj, request.user)

    def has_delete_permission(self, request, obj=None):
        if obj is None:
            return super().has_delete_permission(request)
        return workflow.can_delete(obj, request.user)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not request.user.is_superuser:
            actions.pop("delete_selected", None)  # deletion is one article at a time, with its checks
        if not workflow.can_publish(request.user):
            for name in ("publish", "return_to_draft", "withdraw"):
                actions.pop(name, None)
        return actions

    def history_view(self, request, object_id, extra_context=None):
        article = self.get_object(request, object_id)
        if article is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        response = super().history_view(request, object_id, extra_context)
        changes = revision_changes(article)
        for action in response.context_data.get("action_list", []):
            action["changes"] = changes.get(action["revision"].pk, {})
        return response

    def revision_view(self, request, object_id, version_id, extra_context=None):
        # Reverting is editing the article as it is now: a reporter may not turn a published story
        # back into their draft by reverting to an old version.
        article = self.get_object(request, object_id)
        if article is None or not self.has_change_permission(request, article):
            raise PermissionDenied
        return super().revision_view(request, object_id, version_id, extra_context)

    def recoverlist_view(self, request, extra_context=None):
        if not workflow.can_publish(request.user):
            raise PermissionDenied  # deleted stories are the editors' business
        return super().recoverlist_view(request, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        if not workflow.can_publish(request.user):
            raise PermissionDenied
        return super().recover_view(request, version_id, extra_context)

    def changelist_view(self, request, extra_context=None):
        if request.method == "POST" and request.POST.get("action"):
            # Before VersionAdmin opens the action's revision (and so a deleted story is recoverable).
            if request.POST.get("select_across") == "1":
                chosen = self.get_changelist_instance(request).get_queryset(request)
            else:
                ids = request.POST.getlist(admin.helpers.ACTION_CHECKBOX_NAME)
                chosen = self.get_queryset(request).filter(pk__in=[int(pk) for pk in ids if pk.isdecimal()])
            for article in chosen.iterator():
                record_baseline(article)
        context = {"can_recover": workflow.can_publish(request.user), **(extra_context or {})}
        return super().changelist_view(request, context)

    def view_on_site(self, obj):
        return obj.get_absolute_url() if obj.is_public else obj.get_preview_url()

    # Shown on the form.

    @admin.display(description="state", ordering="status")
    def state_label(self, article):
        return article.state

    @admin.display(description="words")
    def word_count(self, article):
        return f"{article.word_count:,}"

    @admin.display(description="page")
    def page_link(self, article):
        if article.pk is None:
            return "—"
        if article.is_public:
            return format_html('<a href="{}">{}</a> (public)', article.get_absolute_url(), "View on the site")
        return format_html(
            '<a href="{}">{}</a> (staff only, {})', article.get_preview_url(), "Preview", article.state
        )

    # Saving, and the workflow buttons.

    def delete_view(self, request, object_id, extra_context=None):
        if request.method == "POST" and (article := self.get_object(request, unquote(object_id))):
            record_baseline(article)  # so that a story never edited here can still be recovered
        return super().delete_view(request, object_id, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "POST" and (article := self.get_object(request, unquote(object_id))):
            record_baseline(article)  # before VersionAdmin opens the revision of this edit
        return super().change_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["workflow_buttons"] = self.workflow_buttons(request, obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def workflow_buttons(self, request, obj):
        status = obj.status if obj else Article.Status.DRAFT
        buttons = []
        if status == Article.Status.DRAFT:
            buttons.append("_submit")
        if workflow.can_publish(request.user):
            if status != Article.Status.PUBLISHED or (obj and obj.is_scheduled):
                buttons.append("_publish")
            if status == Article.Status.PUBLISHED:
                buttons.append("_withdraw")
        return [(name, TRANSITIONS[name][0]) for name in buttons]

    def response_add(self, request, obj, post_url_continue=None):
        self.apply_transition(request, obj)
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        self.apply_transition(request, obj)
        return super().response_change(request, obj)

    def apply_transition(self, request, article):
        name = next((name for name in TRANSITIONS if name in request.POST), None)
        if name is None:
            return
        saved_comment = reversion.get_comment() if reversion.is_active() else ""
        try:
            if name == "_submit":
                workflow.article_submit(article, request.user)
            elif name == "_publish":
                workflow.article_publish(article, request.user)
            else:
                workflow.article_withdraw(article, request.user, article.withdrawn_reason)
        except (PermissionDenied, ValidationError) as error:
            self.message_user(
                request, f"Saved, but not {TRANSITIONS[name][1]}: {error_text(error)}", messages.ERROR
            )
            return
        if reversion.is_active() and saved_comment:
            reversion.set_comment(f"{saved_comment} {reversion.get_comment()}")
        self.message_user(request, f"“{article}” is {article.state}.", messages.SUCCESS)

    # Changelist actions.

    def run_transition(self, request, queryset, transition, done):
        moved, refused = 0, []
        for article in queryset:
            try:
                transition(article)
            except (PermissionDenied, ValidationError) as error:
                refused.append(f"“{article}”: {error_text(error)}")
            else:
                moved += 1
        if moved:
            self.message_user(request, f"{moved} article(s) {done}.", messages.SUCCESS)
        for reason in refused:
            self.message_user(request, f"Not {done}: {reason}", messages.WARNING)

    @admin.action(description="Submit for review")
    def submit_for_review(self, request, queryset):
        self.run_transition(
            request, queryset, lambda a: workflow.article_submit(a, request.user), "submitted for review"
        )

    @admin.action(description="Publish (now, or at the set future time: scheduled)")
    def publish(self, request, queryset):
        self.run_transition(
            request, queryset, lambda a: workflow.article_publish(a, request.user), "published or scheduled"
        )

    @admin.action(description="Return to draft")
    def return_to_draft(self, request, queryset):
        self.run_transition(
            request,
            queryset,
            lambda a: workflow.article_return_to_draft(a, request.user),
            "returned to draft",
        )

    @admin.action(description="Withdraw (asks for the reason readers will see)")
    def withdraw(self, request, queryset):
        form = WithdrawForm(request.POST if "reason" in request.POST else None)
        if form.is_valid():
            reason = form.cleaned_data["reason"]
            self.run_transition(
                request, queryset, lambda a: workflow.article_withdraw(a, request.user, reason), "withdrawn"
            )
            return None
        return action_form(
            self,
            request,
            action="withdraw",
            title="Withdraw articles",
            intro="These articles will leave the public pages; their links will answer “410 Gone” "
            "with the reason below.",
            objects=queryset,
            form=form,
            submit_label="Withdraw",
        )


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text="Readers who follow a link to the article see this on its 410 Gone page.",
    )


def action_form(model_admin, request, **context) -> TemplateResponse:
    """The page an admin action shows when it needs one more answer before it runs."""
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.opts,
        "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        **context,
    }
    return TemplateResponse(request, "admin/articles/action_form.html", context)


def error_text(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error) or "not allowed"


class MergeForm(forms.Form):
    keep = forms.ModelChoiceField(queryset=None, widget=forms.RadioSelect, empty_label=None)

    def __init__(self, queryset, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["keep"].queryset = queryset
        self.fields["keep"].label = "Keep"


class EntityAdmin(admin.ModelAdmin):
    """Shared by people, organisations, places and sources: searchable by name and alias, mergeable."""

    list_display = ["name", "slug"]
    ordering = ["name"]
    search_fields = ["name", "slug", "aliases__name"]
    prepopulated_fields = {"slug": ["name"]}
    actions = ["merge"]

    @admin.action(description="Merge the selected %(verbose_name_plural)s into one", permissions=["delete"])
    def merge(self, request, queryset):
        if queryset.count() < 2:
            self.message_user(request, "Choose two or more rows to merge.", messages.WARNING)
            return None
        form = MergeForm(queryset, request.POST if "keep" in request.POST else None)
        if form.is_valid():
            keep = form.cleaned_data["keep"]
            duplicates = list(queryset.exclude(pk=keep.pk))
            merge_entities(keep, duplicates)
            names = ", ".join(f"“{d.name}”" for d in duplicates)
            self.message_user(request, f"Merged {names} into “{keep.name}”.", messages.SUCCESS)
            return HttpResponseRedirect(
                reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[keep.pk])
            )
        return action_form(
            self,
            request,
            action="merge",
            title=f"Merge {self.opts.verbose_name_plural}",
            intro=f"Choose the {self.opts.verbose_name} to keep. Everything that names the others "
            "(articles, quotes, events, aliases) moves to it, their names become its aliases, and the "
            "others are deleted.",
            objects=queryset,
            form=form,
            submit_label="Merge",
        )


class PersonAliasInline(admin.TabularInline):
    model = PersonAlias
    extra = 1


@admin.register(Person)
class PersonAdmin(EntityAdmin):
    inlines = [PersonAliasInline]
    list_display = ["name", "slug", "appearance_count"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(appearance_count=Count("appearances"))

    @admin.display(description="articles", ordering="appearance_count")
    def appearance_count(self, person):
        return articles_link(PersonFilter, person, person.appearance_count)


class OrganizationAliasInline(admin.TabularInline):
    model = OrganizationAlias
    extra = 1


@admin.register(Organization)
class OrganizationAdmin(EntityAdmin):
    inlines = [OrganizationAliasInline]
    list_display = ["name", "kind", "parent", "country"]
    list_filter = ["kind"]
    list_select_related = ["parent", "country"]
    autocomplete_fields = ["parent", "country"]


class PlaceAliasInline(admin.TabularInline):
    model = PlaceAlias
    extra = 1


@admin.register(Place)
class PlaceAdmin(EntityAdmin):
    inlines = [PlaceAliasInline]
    list_display = ["name", "kind", "parent", "mention_count"]
    list_filter = ["kind"]
    list_select_related = ["parent"]
    autocomplete_fields = ["parent"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(mention_count=Count("mentions"))

    @admin.display(description="articles", ordering="mention_count")
    def mention_count(self, place):
        return articles_link(PlaceFilter, place, place.mention_count)


class SourceAliasInline(admin.TabularInline):
    model = SourceAlias
    extra = 1


@admin.register(Source)
class SourceAdmin(EntityAdmin):
    inlines = [SourceAliasInline]
    list_display = ["name", "full_name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name", "full_name", "slug", "aliases__name"]
    formfield_overrides = URL_FIELDS


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "article_count"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_count=Count("articles"))

    @admin.display(description="articles", ordering="article_count")
    def article_count(self, topic):
        return articles_link(TopicFilter, topic, topic.article_count)


class ArticlePartAdmin(admin.ModelAdmin):
    """A row that belongs to an article (a credit, an event, a quote...), edited on its own page:
    the article's rules apply, so this page is no way round them."""

    def get_queryset(self, request):
        return super().get_queryset(request).filter(article__in=Article.objects.visible_to(request.user))

    def has_add_permission(self, request):
        # Reporters add these on their own article's page, where the article is known to be theirs.
        return super().has_add_permission(request) and workflow.can_publish(request.user)

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or workflow.can_edit(obj.article, request.user))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or workflow.can_edit(obj.article, request.user))


@admin.register(Event)
class EventAdmin(ArticlePartAdmin):
    list_display = ["date", "precision", "year_inferred", "description", "place", "article"]
    list_filter = ["precision", "year_inferred"]
    list_select_related = ["place", "article"]
    search_fields = ["description", "article__headline"]
    autocomplete_fields = ["article", "place", "participants", "organizations"]
    date_hierarchy = "date"


@admin.register(Quote)
class QuoteAdmin(ArticlePartAdmin):
    list_display = ["text", "speaker_person", "speaker_organization", "speaker_description", "article"]
    list_select_related = ["speaker_person", "speaker_organization", "article"]
    search_fields = ["text", "speaker_description", "speaker_person__name", "article__headline"]
    autocomplete_fields = ["article", "speaker_person", "speaker_organization"]


@admin.register(Correction)
class CorrectionAdmin(ArticlePartAdmin):
    list_display = ["article", "corrected_at", "text"]
    list_select_related = ["article"]
    search_fields = ["text", "article__headline"]
    autocomplete_fields = ["article"]
    date_hierarchy = "corrected_at"


@admin.register(Credit)
class CreditAdmin(ArticlePartAdmin):
    list_display = ["article", "source", "role"]
    list_select_related = ["article", "source"]
    list_filter = ["role", "source"]
    autocomplete_fields = ["article", "source"]


@admin.register(Appearance)
class AppearanceAdmin(ArticlePartAdmin):
    list_display = ["person", "title", "organization", "article"]
    list_select_related = ["person", "organization", "article"]
    search_fields = ["person__name", "title", "article__headline"]
    autocomplete_fields = ["article", "person", "organization"]


@admin.register(OrganizationMention)
class OrganizationMentionAdmin(ArticlePartAdmin):
    list_display = ["organization", "article"]
    list_select_related = ["organization", "article"]
    search_fields = ["organization__name", "article__headline"]
    autocomplete_fields = ["article", "organization"]


@admin.register(PlaceMention)
class PlaceMentionAdmin(ArticlePartAdmin):
    list_display = ["place", "article"]
    list_select_related = ["place", "article"]
    search_fields = ["place__name", "article__headline"]
    autocomplete_fields = ["article", "place"]


from . import extraction_admin  # noqa: E402,F401  (the Suggestions panel and dismissed suggestions)
