"""Load the sample articles shipped in articles/sample/: the seed article, modelled by hand."""

import datetime
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.text import slugify

from articles.models import (
    Appearance,
    Article,
    Credit,
    Event,
    Organization,
    OrganizationMention,
    Person,
    Place,
    PlaceMention,
    Quote,
    Source,
    Topic,
)

SAMPLE_DIR = Path(__file__).resolve().parents[2] / "sample"


def split_text(text: str) -> tuple[str, str, str, str]:
    """The seed layout: headline line, standfirst paragraph, body paragraphs, credit line."""
    paragraphs = [p.strip() for p in text.replace("\r\n", "\n").strip().split("\n\n") if p.strip()]
    if len(paragraphs) < 4:
        raise CommandError("a sample text needs a headline, a standfirst, a body and a credit line")
    return paragraphs[0], paragraphs[1], "\n\n".join(paragraphs[2:-1]), paragraphs[-1]


class Command(BaseCommand):
    help = (
        "Load the sample articles shipped with the project. Safe to run again: entities are matched "
        "by slug and an article that is already there is kept as it is (use --reset to reload it)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Reload sample articles already present, replacing their credits, people, events, quotes.",
        )

    def handle(self, *args, reset=False, **options):
        created = kept = 0
        for path in sorted(SAMPLE_DIR.glob("*.json")):
            fixture = json.loads(path.read_text(encoding="utf-8"))
            with transaction.atomic():
                entities = self.load_entities(fixture)
                for spec in fixture.get("articles", []):
                    if self.load_article(spec, entities, reset=reset):
                        created += 1
                    else:
                        kept += 1
        self.stdout.write(f"Sample: {created} article(s) loaded, {kept} already present.")

    def load_entities(self, fixture: dict) -> dict:
        """Get or create every entity in the fixture; returns {kind: {name: row}}."""
        entities: dict[str, dict] = {
            "sources": {},
            "places": {},
            "organizations": {},
            "people": {},
            "topics": {},
        }
        for spec in fixture.get("sources", []):
            entities["sources"][spec["name"]] = self.upsert(Source, spec, ["full_name", "kind", "homepage"])
        for spec in fixture.get("places", []):
            fields = {
                "kind": spec.get("kind", "other"),
                "latitude": spec.get("latitude"),
                "longitude": spec.get("longitude"),
            }
            if spec.get("parent"):
                fields["parent"] = entities["places"][spec["parent"]]
            entities["places"][spec["name"]] = self.upsert(Place, spec, fields)
        for spec in fixture.get("organizations", []):
            fields = {"kind": spec.get("kind", "other")}
            if spec.get("parent"):
                fields["parent"] = entities["organizations"][spec["parent"]]
            if spec.get("country"):
                fields["country"] = entities["places"][spec["country"]]
            entities["organizations"][spec["name"]] = self.upsert(Organization, spec, fields)
        for spec in fixture.get("people", []):
            entities["people"][spec["name"]] = self.upsert(Person, spec, {})
        for spec in fixture.get("topics", []):
            entities["topics"][spec["name"]] = self.upsert(Topic, spec, {})
        return entities

    @staticmethod
    def upsert(model, spec: dict, fields):
        if isinstance(fields, list):
            fields = {name: spec.get(name, "") for name in fields if spec.get(name) is not None}
        defaults = {"name": spec["name"], "description": spec.get("description", ""), **fields}
        row, _ = model.objects.get_or_create(slug=slugify(spec["name"]), defaults=defaults)
        for alias in spec.get("aliases", []):
            row.aliases.get_or_create(name=alias)
        return row

    def load_article(self, spec: dict, entities: dict, *, reset: bool) -> bool:
        existing = Article.objects.filter(slug=spec["slug"]).first()
        if existing and not reset:
            return False
        headline, dek, body, _credit_line = split_text(
            (SAMPLE_DIR / spec["text_file"]).read_text(encoding="utf-8")
        )
        article = existing or Article(slug=spec["slug"])
        article.headline, article.dek, article.body = headline, dek, body
        article.status = spec["status"]
        article.featured = spec.get("featured", False)
        article.language = spec.get("language", "en")
        article.published_at = datetime.datetime.fromisoformat(spec["published_at"])
        article.published_precision = spec.get("published_precision", Article.PublicationPrecision.EXACT)
        article.date_note = spec.get("date_note", "")
        article.save()
        if existing:
            for related in (article.credits, article.appearances, article.organization_mentions,
                            article.place_mentions, article.events, article.quotes):  # fmt: skip
                related.all().delete()

        people, orgs, places = entities["people"], entities["organizations"], entities["places"]
        article.topics.set([entities["topics"][name] for name in spec.get("topics", [])])
        Credit.objects.bulk_create(
            Credit(
                article=article,
                source=entities["sources"][c["source"]],
                role=c.get("role", "reporting"),
                order=i,
            )
            for i, c in enumerate(spec.get("credits", []))
        )
        Appearance.objects.bulk_create(
            Appearance(
                article=article,
                person=people[a["person"]],
                title=a.get("title", ""),
                organization=orgs.get(a.get("organization")),
                order=i,
            )
            for i, a in enumerate(spec.get("appearances", []))
        )
        OrganizationMention.objects.bulk_create(
            OrganizationMention(article=article, organization=orgs[name], order=i)
            for i, name in enumerate(spec.get("organizations", []))
        )
        PlaceMention.objects.bulk_create(
            PlaceMention(article=article, place=places[name], order=i)
            for i, name in enumerate(spec.get("places", []))
        )
        for e in spec.get("events", []):
            event = Event.objects.create(
                article=article,
                description=e["description"],
                date=datetime.date.fromisoformat(e["date"]),
                precision=e.get("precision", "day"),
                year_inferred=e.get("year_inferred", False),
                inference_note=e.get("inference_note", ""),
                place=places.get(e.get("place")),
            )
            event.participants.set([people[name] for name in e.get("participants", [])])
            event.organizations.set([orgs[name] for name in e.get("organizations", [])])
        Quote.objects.bulk_create(
            Quote(
                article=article,
                text=q["text"],
                speaker_person=people.get(q.get("speaker_person")),
                speaker_organization=orgs.get(q.get("speaker_organization")),
                speaker_description=q.get("speaker_description", ""),
                context=q.get("context", ""),
                order=i,
            )
            for i, q in enumerate(spec.get("quotes", []))
        )
        return True
