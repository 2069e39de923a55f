"""Turning extraction suggestions into rows: what is still pending, accepting one, dismissing one.

The admin's Suggestions panel accepts one suggestion at a time for an editor; importers and
`manage.py extract_entities --link` call `link_confident_suggestions()`. Nothing else links.
"""

from __future__ import annotations

from collections import Counter

from django.db import transaction
from django.db.models import Max

from .extraction import (
    EVENT,
    ORGANIZATION,
    PERSON,
    PLACE,
    QUOTE,
    Gazetteer,
    Suggestion,
    extract_article,
    normalise,
)
from .models import (
    Appearance,
    Article,
    Event,
    ExtractionDismissal,
    Organization,
    OrganizationMention,
    Person,
    Place,
    PlaceMention,
    Quote,
)

DEFAULT_THRESHOLD = 0.85


def _linked_keys(article: Article) -> set[str]:
    """Keys of what the article already links, under every name and alias those rows have."""
    keys: set[str] = set()
    for kind, rows in (
        (PERSON, Person.objects.filter(appearances__article=article)),
        (ORGANIZATION, Organization.objects.filter(mentions__article=article)),
        (PLACE, Place.objects.filter(mentions__article=article)),
    ):
        for row in rows.prefetch_related("aliases"):
            keys.update(
                f"{kind}:{normalise(name)}" for name in [row.name, *(a.name for a in row.aliases.all())]
            )
    keys.update(f"event:{d.isoformat()}:{p}" for d, p in article.events.values_list("date", "precision"))
    keys.update(f"quote:{normalise(text)[:80]}" for text in article.quotes.values_list("text", flat=True))
    return keys


def pending_suggestions(article: Article, gazetteer: Gazetteer | None = None) -> list[Suggestion]:
    """What the text names that the article neither links nor had dismissed."""
    done = _linked_keys(article) | set(article.extraction_dismissals.values_list("key", flat=True))
    return [
        s for s in extract_article(article, gazetteer) if s.key not in done and not _quote_linked(s, done)
    ]


def _quote_linked(suggestion: Suggestion, done: set[str]) -> bool:
    if suggestion.kind != QUOTE:
        return False
    text = normalise(suggestion.quote)
    return any(key.startswith("quote:") and key[6:] and key[6:] in text for key in done)


def _named(model, name: str, existing_id: int | None):
    if existing_id is not None:
        row = model.objects.filter(pk=existing_id).first()
        if row is not None:
            return row
    return model.objects.named(name).first()


def _place(name: str, kind: str = "", parent: str = "", existing_id: int | None = None) -> Place:
    place = _named(Place, name, existing_id)
    if place is None:
        parent_row = _place(parent, Place.Kind.COUNTRY) if parent and parent != name else None
        place = Place.objects.create(name=name, kind=kind or Place.Kind.OTHER, parent=parent_row)
    return place


def _organization(name: str, existing_id: int | None = None) -> Organization:
    return _named(Organization, name, existing_id) or Organization.objects.create(name=name)


def _next_order(related) -> int:
    return (related.aggregate(m=Max("order"))["m"] or 0) + 1


def _mention_organization(article: Article, organization: Organization) -> OrganizationMention:
    return OrganizationMention.objects.get_or_create(
        article=article,
        organization=organization,
        defaults={"order": _next_order(article.organization_mentions)},
    )[0]


def _person(name: str, existing_id: int | None = None) -> Person:
    """The person of that name; a surname alone ("Trump", from "President Trump") is the one person
    of the archive with that surname, if there is exactly one."""
    person = _named(Person, name, existing_id)
    if person is None and " " not in name.strip():
        same_surname = list(Person.objects.filter(name__iendswith=" " + name.strip())[:2])
        if len(same_surname) == 1:
            return same_surname[0]
    return person or Person.objects.create(name=name)


@transaction.atomic
def accept_suggestion(article: Article, suggestion: Suggestion) -> object:
    """Create or find the entity and link it to the article; returns the link row made."""
    if suggestion.kind == PERSON:
        person = _person(suggestion.name, suggestion.existing_id)
        organization = _organization(suggestion.organization) if suggestion.organization else None
        appearance, _ = Appearance.objects.get_or_create(
            article=article,
            person=person,
            defaults={
                "title": suggestion.title[:300],
                "organization": organization,
                "order": _next_order(article.appearances),
            },
        )
        if organization is not None:
            # The title names the organisation, so the article mentions it too.
            _mention_organization(article, organization)
        return appearance
    if suggestion.kind == ORGANIZATION:
        return _mention_organization(article, _organization(suggestion.name, suggestion.existing_id))
    if suggestion.kind == PLACE:
        place = _place(suggestion.name, suggestion.place_kind, suggestion.parent, suggestion.existing_id)
        return PlaceMention.objects.get_or_create(
            article=article, place=place, defaults={"order": _next_order(article.place_mentions)}
        )[0]
    if suggestion.kind == EVENT:
        event = Event.objects.create(
            article=article,
            # A cut that ends on a space would store what no import or admin form stores (both
            # strip), and export → import → export would then differ.
            description=suggestion.name[:300].rstrip(),
            date=suggestion.date,
            precision=suggestion.precision,
            year_inferred=suggestion.year_inferred,
            inference_note=suggestion.inference_note[:300],
            place=next(filter(None, (Place.objects.named(p).first() for p in suggestion.places)), None),
        )
        event.participants.set(filter(None, (Person.objects.named(p).first() for p in suggestion.people)))
        return event
    if suggestion.kind == QUOTE:
        person = organization = None
        if suggestion.speaker_kind == PERSON:
            person = _person(suggestion.name)
        elif suggestion.speaker_kind == ORGANIZATION:
            organization = _organization(suggestion.name)
            _mention_organization(article, organization)
        return Quote.objects.create(
            article=article,
            text=suggestion.quote,
            speaker_person=person,
            speaker_organization=organization,
            speaker_description="" if person or organization else suggestion.name[:200],
            order=_next_order(article.quotes),
        )
    raise ValueError(f"unknown suggestion kind {suggestion.kind!r}")


def dismiss_suggestion(article: Article, suggestion: Suggestion, user=None) -> ExtractionDismissal:
    """Remember that an editor turned the suggestion down for this article."""
    dismissal, _ = ExtractionDismissal.objects.get_or_create(
        article=article, key=suggestion.key, defaults={"label": suggestion.label[:300], "dismissed_by": user}
    )
    return dismissal


def is_confident(suggestion: Suggestion, threshold: float) -> bool:
    """Safe to link without an editor: confident, not a demonym, and a quote only with a named speaker."""
    if suggestion.weak or suggestion.confidence < threshold:
        return False
    return suggestion.kind != QUOTE or bool(suggestion.speaker_kind)


def link_confident_suggestions(
    article: Article,
    threshold: float = DEFAULT_THRESHOLD,
    gazetteer: Gazetteer | None = None,
    dry_run: bool = False,
    pending: list[Suggestion] | None = None,
) -> Counter:
    """Link every pending suggestion at or above `threshold`; returns counts of what was (would be) linked.

    Entities first, so that events and quotes find the people, places and organisations just linked.
    A caller that already has the article's `pending_suggestions()` passes them, so the text is not
    read twice.
    """
    counts: Counter = Counter()
    if pending is None:
        pending = pending_suggestions(article, gazetteer)
    pending = [s for s in pending if is_confident(s, threshold)]
    with transaction.atomic():
        for suggestion in sorted(pending, key=lambda s: s.kind in (EVENT, QUOTE)):
            if not dry_run:
                accept_suggestion(article, suggestion)
            counts[suggestion.kind] += 1
    return counts
