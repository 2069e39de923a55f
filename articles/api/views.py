"""Read-only research API over what readers may see (published articles and their entities)."""

from django import forms
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.exceptions import ValidationError

from articles.forms import SlugChoiceField
from articles.models import (
    Article,
    Event,
    Organization,
    Person,
    Place,
    Quote,
    Source,
    Topic,
)
from articles.search import matching_articles

from . import serializers


class ArticleFilterForm(forms.Form):
    """The filters the article list takes; each names an entity by slug, as the search page does."""

    q = forms.CharField(required=False, max_length=1000, strip=True)
    person = SlugChoiceField(Person.objects.none())
    organisation = SlugChoiceField(Organization.objects.none())
    place = SlugChoiceField(Place.objects.none())
    source = SlugChoiceField(Source.objects.none())
    topic = SlugChoiceField(Topic.objects.none())
    published_from = forms.DateField(required=False, input_formats=["%Y-%m-%d"])
    published_to = forms.DateField(required=False, input_formats=["%Y-%m-%d"])

    # API parameter -> the search interface's filter name.
    FILTERS = {
        "person": "person",
        "organisation": "organization",
        "place": "place",
        "source": "source",
        "topic": "topic",
        "published_from": "date_from",
        "published_to": "date_to",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only entities readers may see can be filtered by (an unknown slug is a 400, as on /search/).
        for name in ("person", "organisation", "place", "source", "topic"):
            self.fields[name].queryset = self.fields[name].queryset.model.objects.public()

    def filters(self) -> dict:
        return {key: self.cleaned_data[name] for name, key in self.FILTERS.items() if self.cleaned_data[name]}


ARTICLE_FILTER_PARAMETERS = [
    OpenApiParameter(name, OpenApiTypes.DATE if isinstance(field, forms.DateField) else OpenApiTypes.STR)
    for name, field in ArticleFilterForm.base_fields.items()
]


@extend_schema_view(list=extend_schema(parameters=ARTICLE_FILTER_PARAMETERS))
class ArticleViewSet(viewsets.ReadOnlyModelViewSet):
    """Published articles, newest first; `q` searches them with the search page's query language
    (words, "phrase", OR, -exclude); filter with person, organisation, place, source, topic (slugs)
    and published_from / published_to (YYYY-MM-DD)."""

    lookup_field = "slug"

    def get_queryset(self):
        published = Article.objects.published()
        if self.action == "retrieve":
            return published.with_relations()
        form = ArticleFilterForm(self.request.query_params)
        if not form.is_valid():
            raise ValidationError(form.errors.get_json_data())
        # The search page's query language and filters, on either database, newest first.
        return matching_articles(form.cleaned_data["q"], form.filters()).for_listing()

    def get_serializer_class(self):
        if self.action == "retrieve":
            return serializers.ArticleDetailSerializer
        return serializers.ArticleListSerializer


class PersonViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = serializers.PersonSerializer
    lookup_field = "slug"

    def get_queryset(self):
        return Person.objects.public().prefetch_related("aliases").order_by("name", "pk")


class OrganizationViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = serializers.OrganizationSerializer
    lookup_field = "slug"

    def get_queryset(self):
        return (
            Organization.objects.public()
            .select_related("parent", "country")
            .prefetch_related("aliases")
            .order_by("name", "pk")
        )


class PlaceViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = serializers.PlaceSerializer
    lookup_field = "slug"

    def get_queryset(self):
        return (
            Place.objects.public().select_related("parent").prefetch_related("aliases").order_by("name", "pk")
        )


class SourceViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = serializers.SourceSerializer
    lookup_field = "slug"

    def get_queryset(self):
        return Source.objects.public().prefetch_related("aliases").order_by("name", "pk")


class TopicViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = serializers.TopicSerializer
    lookup_field = "slug"

    def get_queryset(self):
        return Topic.objects.public().order_by("name", "pk")


class EventViewSet(viewsets.ReadOnlyModelViewSet):
    """Dated events reported by published articles, oldest first."""

    serializer_class = serializers.EventWithArticleSerializer

    def get_queryset(self):
        return (
            Event.objects.published()
            .select_related("article", "place", "place__parent")
            .prefetch_related("participants", "organizations")
            .order_by("date", "pk")
        )


class QuoteViewSet(viewsets.ReadOnlyModelViewSet):
    """Quotes in published articles, newest article first."""

    serializer_class = serializers.QuoteWithArticleSerializer

    def get_queryset(self):
        return (
            Quote.objects.filter(article__in=Article.objects.published())
            .select_related("article", "speaker_person", "speaker_organization")
            .order_by("-article__published_at", "order", "pk")
        )
