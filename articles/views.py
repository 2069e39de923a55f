"""Reader pages: thin views over Article.objects.published() and the entity tables."""

from django.conf import settings
from django.db.models import Count, Max, Min, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.generic import (
    DateDetailView,
    DayArchiveView,
    ListView,
    MonthArchiveView,
    YearArchiveView,
)
from django.views.generic.detail import SingleObjectMixin

from .models import Appearance, Article, Organization, Person, Place, Source, Topic


class PublishedArticlesMixin:
    """Shared by every view that lists or shows articles to readers."""

    date_field = "published_at"
    month_format = "%m"
    day_format = "%d"
    paginate_by = settings.ARTICLES_PER_PAGE

    def get_queryset(self):
        return Article.objects.published().for_listing()


class HomeView(PublishedArticlesMixin, ListView):
    template_name = "articles/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["years"] = Article.objects.published().dates("published_at", "year", order="DESC")
        return context


class ArticleYearArchiveView(PublishedArticlesMixin, YearArchiveView):
    make_object_list = True


class ArticleMonthArchiveView(PublishedArticlesMixin, MonthArchiveView):
    pass


class ArticleDayArchiveView(PublishedArticlesMixin, DayArchiveView):
    pass


def withdrawn_response(request, slug):
    """410 Gone, saying why, for a withdrawn article; None when the slug names no withdrawn article."""
    article = Article.objects.filter(status=Article.Status.WITHDRAWN, slug=slug).first()
    if article is None:
        return None
    return render(request, "articles/article_withdrawn.html", {"article": article}, status=410)


class ArticleDetailView(PublishedArticlesMixin, DateDetailView):
    def get_queryset(self):
        return Article.objects.published().with_relations()

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            response = withdrawn_response(request, kwargs["slug"])
            if response is None:
                raise
            return response


def article_permalink(request, slug):
    """A short, permanent link that survives a change of publication date.

    Staff following it to a story that is not public yet land on its preview.
    """
    article = Article.objects.published().filter(slug=slug).first()
    if article is not None:
        return redirect(article, permanent=True)
    staff_article = Article.objects.visible_to(request.user).filter(slug=slug).first()
    if staff_article is not None and staff_article.status != Article.Status.WITHDRAWN:
        return redirect(staff_article.get_preview_url())
    response = withdrawn_response(request, slug)
    if response is None:
        raise Http404("No published article here.")
    return response


def article_preview(request, pk):
    """A story as readers will see it, for the staff who may open it in the admin; 404 to anyone else."""
    article = get_object_or_404(Article.objects.visible_to(request.user).with_relations(), pk=pk)
    context = {"article": article, "object": article, "preview": True}
    response = render(request, "articles/article_detail.html", context)
    response["X-Robots-Tag"] = "noindex"
    response["Cache-Control"] = "private, no-store"
    return response


class EntityDetailView(SingleObjectMixin, ListView):
    """An entity's page: what it is, then its published articles, paginated."""

    paginate_by = settings.ARTICLES_PER_PAGE

    def get(self, request, *args, **kwargs):
        self.object = self.get_object(queryset=self.get_entity_queryset())
        return super().get(request, *args, **kwargs)

    def get_entity_queryset(self):
        return self.model.objects.all()

    def get_queryset(self):
        return self.articles(Article.objects.published()).for_listing()

    def articles(self, published):
        raise NotImplementedError

    def get_template_names(self):
        return [f"articles/{self.model._meta.model_name}_detail.html"]


class PersonDetailView(EntityDetailView):
    model = Person

    def get_entity_queryset(self):
        return Person.objects.prefetch_related("aliases")

    def articles(self, published):
        return published.about(self.object)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # The titles articles gave this person, oldest first ("people over time").
        context["titles"] = (
            Appearance.objects.filter(person=self.object, article__in=Article.objects.published())
            .exclude(title="")
            .values("title", "organization__name", "organization__slug")
            .annotate(first=Min("article__published_at"), last=Max("article__published_at"), n=Count("pk"))
            .order_by("first", "title")
        )
        return context


class OrganizationDetailView(EntityDetailView):
    model = Organization

    def get_entity_queryset(self):
        return Organization.objects.select_related("parent", "country").prefetch_related(
            "aliases", "children"
        )

    def articles(self, published):
        return published.mentioning(self.object)


class PlaceDetailView(EntityDetailView):
    model = Place

    def get_entity_queryset(self):
        return Place.objects.select_related("parent").prefetch_related("aliases", "children")

    def articles(self, published):
        return published.in_place(self.object)


class SourceDetailView(EntityDetailView):
    model = Source

    def get_entity_queryset(self):
        return Source.objects.prefetch_related("aliases")

    def articles(self, published):
        return published.from_source(self.object)


class TopicDetailView(EntityDetailView):
    model = Topic

    def articles(self, published):
        return published.tagged(self.object)


class EntityListView(ListView):
    """An index of people, organisations, places, sources or topics, with published-article counts."""

    paginate_by = 100
    template_name = "articles/entity_list.html"
    article_path: str = ""  # the lookup from the entity to its articles
    heading = ""

    def get_queryset(self):
        now = timezone.now()
        published = Q(
            **{
                f"{self.article_path}__status": Article.Status.PUBLISHED,
                f"{self.article_path}__published_at__lte": now,
            }
        )
        return self.model.objects.annotate(
            article_count=Count(self.article_path, filter=published, distinct=True)
        ).order_by("name")

    def get_context_data(self, **kwargs):
        return super().get_context_data(heading=self.heading, **kwargs)


class PersonListView(EntityListView):
    model = Person
    article_path = "articles"
    heading = "People"


class OrganizationListView(EntityListView):
    model = Organization
    article_path = "articles"
    heading = "Organisations"


class PlaceListView(EntityListView):
    model = Place
    article_path = "articles"
    heading = "Places"


class SourceListView(EntityListView):
    model = Source
    article_path = "credited_articles"
    heading = "Sources"


class TopicListView(EntityListView):
    model = Topic
    article_path = "articles"
    heading = "Topics"
