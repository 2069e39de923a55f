"""factory_boy factories for the content model: small, valid rows with realistic values."""

import datetime

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from articles import models


class SourceFactory(DjangoModelFactory):
    class Meta:
        model = models.Source

    name = factory.Sequence(lambda n: f"Agency {n}")
    kind = models.Source.Kind.AGENCY


class PlaceFactory(DjangoModelFactory):
    class Meta:
        model = models.Place

    name = factory.Sequence(lambda n: f"Place {n}")
    kind = models.Place.Kind.CITY


class OrganizationFactory(DjangoModelFactory):
    class Meta:
        model = models.Organization

    name = factory.Sequence(lambda n: f"Organisation {n}")


class PersonFactory(DjangoModelFactory):
    class Meta:
        model = models.Person

    name = factory.Faker("name")


class TopicFactory(DjangoModelFactory):
    class Meta:
        model = models.Topic

    name = factory.Sequence(lambda n: f"Topic {n}")


class ArticleFactory(DjangoModelFactory):
    """A published article, dated some time in the past year."""

    class Meta:
        model = models.Article

    headline = factory.Sequence(lambda n: f"Story number {n} about the talks")
    dek = factory.Faker("sentence")
    body = factory.Faker("paragraph", nb_sentences=6)
    status = models.Article.Status.PUBLISHED
    published_at = factory.Faker("date_time_between", start_date="-1y", end_date="-1d", tzinfo=datetime.UTC)
    published_precision = models.Article.PublicationPrecision.EXACT


class DraftFactory(ArticleFactory):
    status = models.Article.Status.DRAFT


class ScheduledFactory(ArticleFactory):
    published_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=2))


class CreditFactory(DjangoModelFactory):
    class Meta:
        model = models.Credit

    article = factory.SubFactory(ArticleFactory)
    source = factory.SubFactory(SourceFactory)


class AppearanceFactory(DjangoModelFactory):
    class Meta:
        model = models.Appearance

    article = factory.SubFactory(ArticleFactory)
    person = factory.SubFactory(PersonFactory)
    title = factory.Faker("job")


class OrganizationMentionFactory(DjangoModelFactory):
    class Meta:
        model = models.OrganizationMention

    article = factory.SubFactory(ArticleFactory)
    organization = factory.SubFactory(OrganizationFactory)


class PlaceMentionFactory(DjangoModelFactory):
    class Meta:
        model = models.PlaceMention

    article = factory.SubFactory(ArticleFactory)
    place = factory.SubFactory(PlaceFactory)


class EventFactory(DjangoModelFactory):
    class Meta:
        model = models.Event

    article = factory.SubFactory(ArticleFactory)
    description = factory.Faker("sentence")
    date = factory.Faker("date_between", start_date="-3y", end_date="-1d")


class QuoteFactory(DjangoModelFactory):
    class Meta:
        model = models.Quote

    article = factory.SubFactory(ArticleFactory)
    text = factory.Faker("sentence")
    speaker_person = factory.SubFactory(PersonFactory)


class CorrectionFactory(DjangoModelFactory):
    class Meta:
        model = models.Correction

    article = factory.SubFactory(ArticleFactory)
    text = factory.Faker("sentence")
