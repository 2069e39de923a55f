"""JSON shapes of the research API: brief forms for links, full forms for detail."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from articles.models import (
    Appearance,
    Article,
    Correction,
    Credit,
    Event,
    Organization,
    Person,
    Place,
    Quote,
    Source,
    Topic,
)


@extend_schema_field(OpenApiTypes.URI)
class PageURLField(serializers.Field):
    """The absolute URL of the object's reader page."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, obj) -> str:
        request = self.context.get("request")
        url = obj.get_absolute_url()
        return request.build_absolute_uri(url) if request else url


class EntityBriefSerializer(serializers.Serializer):
    name = serializers.CharField()
    slug = serializers.SlugField()
    url = PageURLField()


class PlaceBriefSerializer(EntityBriefSerializer):
    kind = serializers.CharField()
    parent = serializers.CharField(source="parent.name", default=None)


class MentionedOrganizationSerializer(EntityBriefSerializer):
    """A mention row, shown as the organisation it names."""

    def to_representation(self, mention):
        return super().to_representation(mention.organization)


class MentionedPlaceSerializer(PlaceBriefSerializer):
    """A mention row, shown as the place it names."""

    def to_representation(self, mention):
        return super().to_representation(mention.place)


class CreditSerializer(serializers.ModelSerializer):
    source = EntityBriefSerializer()

    class Meta:
        model = Credit
        fields = ["source", "role"]


class ArticleListSerializer(serializers.ModelSerializer):
    url = PageURLField()
    api_url = serializers.HyperlinkedIdentityField(view_name="api:article-detail", lookup_field="slug")
    publisher = EntityBriefSerializer(allow_null=True)
    credits = CreditSerializer(many=True)

    class Meta:
        model = Article
        fields = [
            "slug",
            "headline",
            "dek",
            "url",
            "api_url",
            "published_at",
            "published_precision",
            "language",
            "byline",
            "publisher",
            "credits",
        ]


class AppearanceSerializer(serializers.ModelSerializer):
    person = EntityBriefSerializer()
    organization = EntityBriefSerializer(allow_null=True)

    class Meta:
        model = Appearance
        fields = ["person", "title", "organization"]


class EventSerializer(serializers.ModelSerializer):
    place = PlaceBriefSerializer(allow_null=True)
    participants = EntityBriefSerializer(many=True)
    organizations = EntityBriefSerializer(many=True)

    class Meta:
        model = Event
        fields = [
            "id",
            "date",
            "precision",
            "year_inferred",
            "inference_note",
            "description",
            "place",
            "participants",
            "organizations",
        ]


class QuoteSerializer(serializers.ModelSerializer):
    speaker_person = EntityBriefSerializer(allow_null=True)
    speaker_organization = EntityBriefSerializer(allow_null=True)

    class Meta:
        model = Quote
        fields = ["id", "text", "speaker_person", "speaker_organization", "speaker_description", "context"]


class CorrectionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Correction
        fields = ["corrected_at", "text"]


class ArticleDetailSerializer(ArticleListSerializer):
    dateline = PlaceBriefSerializer(allow_null=True)
    topics = EntityBriefSerializer(many=True)
    people = AppearanceSerializer(source="appearances", many=True)
    organizations = MentionedOrganizationSerializer(many=True, source="organization_mentions")
    places = MentionedPlaceSerializer(many=True, source="place_mentions")
    events = EventSerializer(many=True)
    quotes = QuoteSerializer(many=True)
    corrections = CorrectionSerializer(many=True)

    class Meta(ArticleListSerializer.Meta):
        fields = [
            *ArticleListSerializer.Meta.fields,
            "date_note",
            "updated_at",
            "dateline",
            "body",
            "body_html",
            "original_url",
            "rights",
            "topics",
            "people",
            "organizations",
            "places",
            "events",
            "quotes",
            "corrections",
        ]


class ArticleBriefSerializer(serializers.ModelSerializer):
    url = PageURLField()

    class Meta:
        model = Article
        fields = ["slug", "headline", "url", "published_at", "published_precision"]


class EventWithArticleSerializer(EventSerializer):
    article = ArticleBriefSerializer()

    class Meta(EventSerializer.Meta):
        fields = [*EventSerializer.Meta.fields, "article"]


class QuoteWithArticleSerializer(QuoteSerializer):
    article = ArticleBriefSerializer()

    class Meta(QuoteSerializer.Meta):
        fields = [*QuoteSerializer.Meta.fields, "article"]


@extend_schema_field(serializers.ListField(child=serializers.CharField()))
class AliasesField(serializers.Field):
    """An entity's aliases as a list of names."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, aliases) -> list[str]:
        return [alias.name for alias in aliases.all()]


class PersonSerializer(serializers.ModelSerializer):
    url = PageURLField()
    aliases = AliasesField()

    class Meta:
        model = Person
        fields = ["name", "slug", "url", "description", "aliases"]


class OrganizationSerializer(serializers.ModelSerializer):
    url = PageURLField()
    aliases = AliasesField()
    parent = EntityBriefSerializer(allow_null=True)
    country = EntityBriefSerializer(allow_null=True)

    class Meta:
        model = Organization
        fields = ["name", "slug", "url", "kind", "description", "aliases", "parent", "country"]


class PlaceSerializer(serializers.ModelSerializer):
    url = PageURLField()
    aliases = AliasesField()
    parent = EntityBriefSerializer(allow_null=True)

    class Meta:
        model = Place
        fields = ["name", "slug", "url", "kind", "description", "aliases", "parent", "latitude", "longitude"]


class SourceSerializer(serializers.ModelSerializer):
    url = PageURLField()
    aliases = AliasesField()

    class Meta:
        model = Source
        fields = ["name", "slug", "url", "full_name", "kind", "homepage", "description", "aliases"]


class TopicSerializer(serializers.ModelSerializer):
    url = PageURLField()

    class Meta:
        model = Topic
        fields = ["name", "slug", "url", "description"]
