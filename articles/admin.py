"""The editors' workspace: an article and everything it names, edited on one page."""

from django.contrib import admin
from django.db import models
from django.db.models import Count

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


class CreditInline(admin.TabularInline):
    model = Credit
    extra = 0
    autocomplete_fields = ["source"]


class AppearanceInline(admin.TabularInline):
    model = Appearance
    extra = 0
    autocomplete_fields = ["person", "organization"]


class OrganizationMentionInline(admin.TabularInline):
    model = OrganizationMention
    extra = 0
    autocomplete_fields = ["organization"]


class PlaceMentionInline(admin.TabularInline):
    model = PlaceMention
    extra = 0
    autocomplete_fields = ["place"]


class EventInline(admin.StackedInline):
    model = Event
    extra = 0
    autocomplete_fields = ["place", "participants", "organizations"]
    fields = [
        ("date", "precision", "year_inferred"),
        "description",
        "inference_note",
        "place",
        "participants",
        "organizations",
    ]


class QuoteInline(admin.StackedInline):
    model = Quote
    extra = 0
    autocomplete_fields = ["speaker_person", "speaker_organization"]
    fields = ["text", ("speaker_person", "speaker_organization", "speaker_description"), "context", "order"]


class CorrectionInline(admin.TabularInline):
    model = Correction
    extra = 0


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["headline", "status", "published_at", "publisher", "dateline"]
    list_filter = ["status", "published_precision", "publisher", "topics", "language"]
    list_select_related = ["publisher", "dateline"]
    search_fields = ["headline", "dek", "byline"]
    date_hierarchy = "published_at"
    formfield_overrides = URL_FIELDS
    prepopulated_fields = {"slug": ["headline"]}
    autocomplete_fields = ["publisher", "dateline", "topics"]
    readonly_fields = ["created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["headline", "slug", "dek", "body"]}),
        (
            "Publication",
            {"fields": ["status", ("published_at", "published_precision"), "date_note", "language"]},
        ),
        ("Sources", {"fields": ["publisher", "byline", "dateline", "topics"]}),
        (
            "Provenance",
            {
                "classes": ["collapse"],
                "fields": ["original_url", "guid", "rights", ("created_at", "updated_at")],
            },
        ),
    ]
    inlines = [
        CreditInline,
        AppearanceInline,
        OrganizationMentionInline,
        PlaceMentionInline,
        EventInline,
        QuoteInline,
        CorrectionInline,
    ]


class EntityAdmin(admin.ModelAdmin):
    """Shared by people, organisations, places and sources: searchable by name and alias."""

    list_display = ["name", "slug"]
    ordering = ["name"]
    search_fields = ["name", "slug", "aliases__name"]
    prepopulated_fields = {"slug": ["name"]}


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
        return person.appearance_count


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
    list_display = ["name", "kind", "parent"]
    list_filter = ["kind"]
    list_select_related = ["parent"]
    autocomplete_fields = ["parent"]


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
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["date", "precision", "year_inferred", "description", "place", "article"]
    list_filter = ["precision", "year_inferred"]
    list_select_related = ["place", "article"]
    search_fields = ["description", "article__headline"]
    autocomplete_fields = ["article", "place", "participants", "organizations"]
    date_hierarchy = "date"


@admin.register(Quote)
class QuoteAdmin(admin.ModelAdmin):
    list_display = ["text", "speaker_person", "speaker_organization", "speaker_description", "article"]
    list_select_related = ["speaker_person", "speaker_organization", "article"]
    search_fields = ["text", "speaker_description", "speaker_person__name", "article__headline"]
    autocomplete_fields = ["article", "speaker_person", "speaker_organization"]


@admin.register(Correction)
class CorrectionAdmin(admin.ModelAdmin):
    list_display = ["article", "corrected_at", "text"]
    list_select_related = ["article"]
    search_fields = ["text", "article__headline"]
    autocomplete_fields = ["article"]
    date_hierarchy = "corrected_at"


@admin.register(Credit)
class CreditAdmin(admin.ModelAdmin):
    list_display = ["article", "source", "role"]
    list_select_related = ["article", "source"]
    list_filter = ["role", "source"]
    autocomplete_fields = ["article", "source"]


@admin.register(Appearance)
class AppearanceAdmin(admin.ModelAdmin):
    list_display = ["person", "title", "organization", "article"]
    list_select_related = ["person", "organization", "article"]
    search_fields = ["person__name", "title", "article__headline"]
    autocomplete_fields = ["article", "person", "organization"]


@admin.register(OrganizationMention)
class OrganizationMentionAdmin(admin.ModelAdmin):
    list_display = ["organization", "article"]
    list_select_related = ["organization", "article"]
    search_fields = ["organization__name", "article__headline"]
    autocomplete_fields = ["article", "organization"]


@admin.register(PlaceMention)
class PlaceMentionAdmin(admin.ModelAdmin):
    list_display = ["place", "article"]
    list_select_related = ["place", "article"]
    search_fields = ["place__name", "article__headline"]
    autocomplete_fields = ["article", "place"]


from . import extraction_admin  # noqa: E402,F401  (the Suggestions panel and dismissed suggestions)
