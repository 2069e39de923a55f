"""Read-only research API over what readers may see (published articles and their entities)."""

from django import forms
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.exceptions import ValidationError

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
    """The filters the article list takes; each names an entity by slug."""

    q = forms.CharField(required=False, max_length=1000, strip=True)
    person = forms.SlugField(required=False)
    organisation = forms.SlugField(required=False)
    place = forms.SlugField(required=False)
    source = forms.SlugField(required=False)
    topic = forms.SlugField(required=False)
    published_from = forms.DateField(required=False, input_formats=["%Y-%m-%d"])
    published_to = forms.DateField(required=False, input_formats=["%Y-%m-%d"])

    FILTERS = {
        "person": (Person, "about"),
        "organisation": (Organization, "mentioning"),
        "place": (Place, "in_place"),
        "source": (Source, "from_source"),
        "topic": (Topic, "tagged"),
    }

    def apply(self, articles):
        data = self.cleaned_data
        for name, (model, method) in self.FILTERS.items():
            if data.get(name):
                entity = model.objects.filter(slug=data[name]).first()
                articles = getattr(articles, method)(entity) if entity else articles.none()
        if data.get("published_from"):
            articles = articles.filter(published_at__date__gte=data["published_from"])
        if data.get("published_to"):
            articles = articles.filter(published_at__date__lte=data["published_to"])
        return articles


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
        if form.cleaned_data["q"]:  # the search pages' query language, on either database
            published = matching_articles(form.cleaned_data["q"])
        return form.apply(published).for_listing().order_by("-published_at", "-pk")

    def get_serializer_class(self):
        if self.action == "retrieve":
            return serializers.ArticleDetailSerializer
        return serializers.ArticleListSerializer


class PersonViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Person.objects.prefetch_related("aliases").order_by("name", "pk")
    serializer_class = serializers.PersonSerializer
    lookup_field = "slug"


class OrganizationViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = (
        Organization.objects.select_related("parent", "country")
        .prefetch_related("aliases")
        .order_by("name", "pk")
    )
    serializer_class = serializers.OrganizationSerializer
    lookup_field = "slug"


class PlaceViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Place.objects.select_related("parent").prefetch_related("aliases").order_by("name", "pk")
    serializer_class = serializers.PlaceSerializer
    lookup_field = "slug"


class SourceViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Source.objects.prefetch_related("aliases").order_by("name", "pk")
    serializer_class = serializers.SourceSerializer
    lookup_field = "slug"


class TopicViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Topic.objects.order_by("name", "pk")
    serializer_class = serializers.TopicSerializer
    lookup_field = "slug"


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
