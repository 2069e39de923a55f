"""Export articles as JSON Lines or CSV records that `import_articles` reads back unchanged.

A record holds every field of the article and of what hangs off it (credits, people with their
titles, organisations, places, topics, events, quotes, corrections), entities by name. Keys are in
FIELDS order and empty values are left out, as in the Reuters corpus.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from typing import TextIO

from django.utils import timezone

from articles.importing.csv import LIST_SEPARATOR
from articles.importing.record import FIELDS, NAME_LISTS, STRUCTURED, build_record
from articles.models import Article


def build_appearance(a: dict) -> dict:
    return {k: a[k] for k in ("person", "title", "organization") if a.get(k)}


def build_event(e: dict) -> dict:
    values = {
        "description": e["description"],
        "date": e["date"].isoformat(),
        "precision": e["precision"],
        "year_inferred": e["year_inferred"] or None,
        "inference_note": e["inference_note"],
        "place": e["place"],
        "participants": e["participants"],
        "organizations": e["organizations"],
    }
    return {k: v for k, v in values.items() if v not in (None, "", [])}


def build_quote(q: dict) -> dict:
    keys = ("text", "speaker_person", "speaker_organization", "speaker_description", "context")
    return {k: q[k] for k in keys if q.get(k)}


def build_correction(c: dict) -> dict:
    return {"corrected_at": timezone.localtime(c["corrected_at"]).isoformat(), "text": c["text"]}


def article_record(article: Article) -> dict:
    """The export record of a stored article (fetched with `Article.objects.for_export()`)."""
    appearances = article.export_appearances
    return build_record(
        {
            "headline": article.headline,
            "slug": article.slug,
            "dek": article.dek,
            "body": article.body,
            "body_format": "markdown",
            "published": article.published_at and timezone.localtime(article.published_at).isoformat(),
            "published_precision": article.published_precision,
            "date_note": article.date_note,
            "status": article.status,
            "language": article.language,
            "url": article.original_url,
            "guid": article.guid,
            "rights": article.rights,
            "source": article.publisher.name if article.publisher else "",
            "byline": article.byline,
            "dateline": article.dateline.name if article.dateline else "",
            "places": [m.place.name for m in article.export_place_mentions],
            "people": [a.person.name for a in appearances],
            "appearances": [
                build_appearance(
                    {
                        "person": a.person.name,
                        "title": a.title,
                        "organization": a.organization.name if a.organization else "",
                    }
                )
                for a in appearances
                if a.title or a.organization
            ],
            "orgs": [m.organization.name for m in article.export_organization_mentions],
            "topics": sorted(t.name for t in article.export_topics),
            "credits": [{"source": c.source.name, "role": c.role} for c in article.export_credits],
            "events": [
                build_event(
                    {
                        "description": e.description,
                        "date": e.date,
                        "precision": e.precision,
                        "year_inferred": e.year_inferred,
                        "inference_note": e.inference_note,
                        "place": e.place.name if e.place else "",
                        "participants": sorted(p.name for p in e.export_participants),
                        "organizations": sorted(o.name for o in e.export_organizations),
                    }
                )
                for e in article.export_events
            ],
            "quotes": [
                build_quote(
                    {
                        "text": q.text,
                        "speaker_person": q.speaker_person.name if q.speaker_person else "",
                        "speaker_organization": q.speaker_organization.name if q.speaker_organization else "",
                        "speaker_description": q.speaker_description,
                        "context": q.context,
                    }
                )
                for q in article.export_quotes
            ],
            "corrections": [
                build_correction({"corrected_at": c.corrected_at, "text": c.text})
                for c in article.export_corrections
            ],
        }
    )


def write_jsonl(articles: Iterable[Article], out: TextIO, entities: Iterable[dict] = ()) -> int:
    """Entity records first (slug, aliases, kind, parent ... of each), then one record per article."""
    for entity in entities:
        out.write(json.dumps(entity, ensure_ascii=False) + "\n")
    count = 0
    for article in articles:
        out.write(json.dumps(article_record(article), ensure_ascii=False) + "\n")
        count += 1
    return count


def write_csv(articles: Iterable[Article], out: TextIO, entities: Iterable[dict] = ()) -> int:
    """One row per article; name lists joined with ";", structured fields as JSON. Articles only:
    entities travel by name (a CSV row has no place for their slugs, aliases and parents)."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(FIELDS)
    count = 0
    for article in articles:
        record = article_record(article)
        for name in NAME_LISTS:
            if name in record:
                record[name] = LIST_SEPARATOR.join(record[name])
        for name in STRUCTURED:
            if name in record:
                record[name] = json.dumps(record[name], ensure_ascii=False)
        writer.writerow([record.get(name, "") for name in FIELDS])
        count += 1
    return count


WRITERS = {"jsonl": write_jsonl, "csv": write_csv}
