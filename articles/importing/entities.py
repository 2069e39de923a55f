"""Entity records: people, organisations, places, sources and topics with everything stored about them.

An article record names its entities; what else the archive knows of them (slug, aliases, kind,
parent, country, coordinates, homepage, description) travels in entity records, which
`export_articles` writes before the articles in JSON Lines:

    {"entity": "place", "name": "Baku", "slug": "baku", "kind": "city", "parent": "azerbaijan"}

`import_articles` checks them with the articles, then writes them first in the same transaction:
a record whose slug (else name) is new creates the row; a known one is left as it is, or, with
`--update`, made to match the record, aliases included. Parents and countries are named by slug.
"""

from __future__ import annotations

import decimal
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_slug
from django.db import models
from django.db.models import QuerySet
from django.db.models.functions import Lower
from django.utils.text import slugify

from articles.models import Organization, Person, Place, Source, Topic, unique_slug

from .record import RawRecord, RecordError

ENTITY_KINDS: dict[str, type[models.Model]] = {
    "source": Source,
    "place": Place,
    "organization": Organization,
    "person": Person,
    "topic": Topic,
}
# Keys of an entity record, in the order export writes them.
ENTITY_FIELDS = (
    "entity", "name", "slug", "full_name", "kind", "parent", "country",
    "latitude", "longitude", "homepage", "description", "aliases",
)  # fmt: skip
# What each kind of entity holds beyond name, slug and description.
KIND_FIELDS = {
    "source": ("full_name", "kind", "homepage", "aliases"),
    "place": ("kind", "parent", "latitude", "longitude", "aliases"),
    "organization": ("kind", "parent", "country", "aliases"),
    "person": ("aliases",),
    "topic": (),
}
LINKS = {"parent": None, "country": Place}  # what each link names; None: the entity's own kind
TEXT_LIMITS = {"name": 200, "slug": 200, "full_name": 200}


def is_entity_record(fields: dict) -> bool:
    return "entity" in fields


# --- export ---------------------------------------------------------------------------------------


def entity_records(articles: QuerySet | None = None) -> Iterator[dict]:
    """Entities as records, kind by kind, by slug: every one, or those `articles` name together with
    the parents and countries they link to (so that the file imports on its own)."""
    wanted = None if articles is None else entities_named_in(articles)
    for kind, model in ENTITY_KINDS.items():
        rows = model.objects.all()
        if "aliases" in KIND_FIELDS[kind]:
            rows = rows.prefetch_related("aliases")
        rows = rows.select_related(*(link for link in LINKS if link in KIND_FIELDS[kind]))
        if wanted is None:
            chosen = rows.order_by("slug").iterator(chunk_size=2000)
        else:
            ids = sorted(wanted[kind])
            chosen = sorted(
                (
                    row
                    for start in range(0, len(ids), 2000)
                    for row in rows.filter(pk__in=ids[start : start + 2000])
                ),
                key=lambda row: row.slug,
            )
        for row in chosen:
            yield entity_record(kind, row)


def entities_named_in(articles: QuerySet) -> dict[str, set[int]]:
    """The ids of the entities `articles` name, by kind, with every parent and country they link to."""
    wanted = {
        kind: set(model.objects.named_in(articles).values_list("pk", flat=True))
        for kind, model in ENTITY_KINDS.items()
    }
    for kind in ("organization", "place"):  # organisations first: they add countries to the places
        model, todo = ENTITY_KINDS[kind], set(wanted[kind])
        while todo:
            chunk = [todo.pop() for _ in range(min(2000, len(todo)))]
            for parent, country in model.objects.filter(pk__in=chunk).values_list(
                "parent", "country" if kind == "organization" else "parent"
            ):
                if parent and parent not in wanted[kind]:
                    wanted[kind].add(parent)
                    todo.add(parent)
                if kind == "organization" and country:
                    wanted["place"].add(country)
    return wanted


def entity_record(kind: str, row: models.Model) -> dict:
    values = {"entity": kind, "name": row.name, "slug": row.slug, "description": row.description}
    for name in KIND_FIELDS[kind]:
        if name in LINKS:
            linked = getattr(row, name)
            values[name] = linked.slug if linked else ""
        elif name == "aliases":
            values[name] = sorted(alias.name for alias in row.aliases.all())
        elif name in ("latitude", "longitude"):
            value = getattr(row, name)
            values[name] = "" if value is None else str(value)
        else:
            values[name] = getattr(row, name)
    return {name: values[name] for name in ENTITY_FIELDS if values.get(name) not in (None, "", [])}


# --- import ---------------------------------------------------------------------------------------


@dataclass
class EntitySpec:
    """A checked entity record: the fields it gives (and only those), its links by slug, its aliases.

    A field the record leaves out is left as it is by --update (and takes the model's default
    when the entity is new)."""

    record: RawRecord
    kind: str
    name: str
    slug: str  # as the record gives it, or ""
    values: dict = field(default_factory=dict)
    links: dict = field(default_factory=dict)
    aliases: list[str] | None = None  # None: the record says nothing of aliases

    @property
    def model(self) -> type[models.Model]:
        return ENTITY_KINDS[self.kind]

    @property
    def key(self) -> str:
        """How links in the file name it: its slug, or the one its name gives ("" without ASCII letters)."""
        return self.slug or slugify(self.name)[:200].strip("-")


def validate_entity(record: RawRecord) -> tuple[EntitySpec | None, list[RecordError]]:
    """The spec of a valid entity record, or the problems of an invalid one."""
    errors = [RecordError(record, name, message) for name, message in record.problems]
    fields = record.fields

    def error(name: str, message: str) -> None:
        errors.append(RecordError(record, name, message))

    def text(name: str) -> str:
        value = fields.get(name)
        if value is None:
            return ""
        if not isinstance(value, str):
            error(name, f"must be text, not {type(value).__name__}")
            return ""
        if "\x00" in value:
            error(name, "contains a NUL character (\\x00), which the database cannot store")
        if name in TEXT_LIMITS and len(value.strip()) > TEXT_LIMITS[name]:
            error(name, f"too long: {len(value.strip())} characters, at most {TEXT_LIMITS[name]}")
        return value.strip()

    def slug(name: str) -> str:
        value = text(name)
        if value:
            try:
                validate_slug(value)
            except ValidationError:
                error(name, f"not a slug (letters, digits, hyphens): {value!r}")
        return value

    kind = text("entity")
    if kind not in ENTITY_KINDS:
        error("entity", f"unknown kind of entity {kind!r}; the kinds are: {', '.join(ENTITY_KINDS)}")
        return None, errors
    allowed = ("entity", "name", "slug", "description", *KIND_FIELDS[kind])
    if unknown := sorted(set(fields) - set(allowed)):
        error(unknown[0], f"not a field of a {kind}; its fields are: {', '.join(allowed)}")
    model = ENTITY_KINDS[kind]
    spec = EntitySpec(record, kind, name=text("name"), slug=slug("slug"))
    if not spec.name:
        error("name", "missing: every entity needs a name")
    for name in ("description", *KIND_FIELDS[kind]):
        if name not in fields:
            continue
        if name in LINKS:
            spec.links[name] = slug(name)
        elif name == "aliases":
            spec.aliases = aliases(fields[name], error)
        elif name == "kind":
            spec.values[name] = text(name) or model.Kind.OTHER
            if spec.values[name] not in model.Kind.values:
                error(name, f"not a kind of {kind}: {spec.values[name]!r}; use one of {model.Kind.values}")
        elif name in ("latitude", "longitude"):
            spec.values[name] = coordinate(name, text(name), error)
        elif name == "homepage":
            spec.values[name] = text(name)
            if spec.values[name]:
                try:
                    URLValidator(schemes=["http", "https"])(spec.values[name])
                except ValidationError:
                    error(name, f"not a web address: {spec.values[name]!r}")
        else:
            spec.values[name] = text(name)
    return (None if errors else spec), errors


def aliases(value, error) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(alias, str) and alias.strip() for alias in value):
        error("aliases", "must be a list of names")
        return []
    if too_long := [alias for alias in value if len(alias.strip()) > TEXT_LIMITS["name"]]:
        error("aliases", f"too long: {too_long[0][:40]!r}…, at most {TEXT_LIMITS['name']} characters")
    if any("\x00" in alias for alias in value):
        error("aliases", "contains a NUL character (\\x00), which the database cannot store")
    return sorted({alias.strip() for alias in value})


def coordinate(name: str, value: str, error) -> decimal.Decimal | None:
    if not value:
        return None
    bound = 90 if name == "latitude" else 180
    try:
        number = decimal.Decimal(value).quantize(decimal.Decimal("0.00001"))
    except decimal.InvalidOperation:
        error(name, f"not a number: {value!r}")
        return None
    if not -bound <= number <= bound:
        error(name, f"out of range: {value} (from -{bound} to {bound})")
        return None
    return number


def check_links(specs: list[EntitySpec]) -> list[RecordError]:
    """Parents and countries that neither the file nor the archive has, before anything is written."""
    in_file = {(spec.kind, spec.key) for spec in specs}
    wanted: dict[tuple[str, str], list[tuple[EntitySpec, str]]] = {}
    for spec in specs:
        for name, slug in spec.links.items():
            target = kind_of(LINKS[name] or spec.model)
            if slug and (target, slug) not in in_file:
                wanted.setdefault((target, slug), []).append((spec, name))
    stored = set()
    for kind in {kind for kind, _ in wanted}:
        slugs = [slug for target, slug in wanted if target == kind]
        found = ENTITY_KINDS[kind].objects.filter(slug__in=slugs).values_list("slug", flat=True)
        stored |= {(kind, slug) for slug in found}
    return [
        RecordError(
            spec.record, name, f"no {target[0]} with the slug {target[1]!r} in this file or the archive"
        )
        for target, uses in wanted.items()
        if target not in stored
        for spec, name in uses
    ]


def kind_of(model: type[models.Model]) -> str:
    return next(kind for kind, candidate in ENTITY_KINDS.items() if candidate is model)


@dataclass
class EntityCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


def write_entities(specs: list[EntitySpec], *, update: bool) -> EntityCounts:
    """Create the new entities, and with `update` correct the known ones; then link parents and countries.

    Run inside the import's transaction, before the articles' names are resolved, so that articles
    find these rows by name. A record with a slug is the row with that slug; one without, the row
    with its name."""
    counts = EntityCounts()
    by_key: dict[tuple[str, str], models.Model] = {}  # link targets, by the file's slug and the row's
    written: list[tuple[models.Model, EntitySpec]] = []  # rows whose links the file sets
    for kind, model in ENTITY_KINDS.items():
        of_kind = [spec for spec in specs if spec.kind == kind]
        stored = matching_rows(model, of_kind)
        # Slugs for records without one must not take a slug another record of the file gives.
        taken = {spec.slug for spec in of_kind if spec.slug}
        new: list[tuple[models.Model, EntitySpec]] = []
        for spec in of_kind:
            row = stored.get(("slug", spec.slug)) if spec.slug else stored.get(("name", spec.name.lower()))
            if row is None:
                slug = spec.slug or free_slug(model, spec.key or spec.name, taken)
                taken.add(slug)
                row = model(name=spec.name, slug=slug, **spec.values)
                new.append((row, spec))
            elif update and changed(row, spec):
                row.name = spec.name
                for name, value in spec.values.items():
                    setattr(row, name, value)
                row.save()  # its signals re-index the articles naming it
                if spec.aliases is not None:
                    replace_aliases(row, spec.aliases)
                written.append((row, spec))
                counts.updated += 1
            else:
                counts.unchanged += 1
            by_key[kind, row.slug] = row
            if spec.key:
                by_key[kind, spec.key] = row
        model.objects.bulk_create([row for row, _ in new])
        for row, spec in new:
            if spec.aliases:
                owner = {row.aliases.field.name: row}
                row.aliases.bulk_create([row.aliases.model(name=alias, **owner) for alias in spec.aliases])
        written += new
        counts.created += len(new)
    link_entities(written, by_key)
    return counts


def free_slug(model: type[models.Model], name: str, taken: set[str]) -> str:
    """A slug for a record that gives none: from its name, used neither in the archive nor the file."""
    base = unique_slug(model, name)
    slug, n = base, 1
    while slug in taken or model.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base[:190]}-{n}"
    return slug


def matching_rows(model: type[models.Model], specs: list[EntitySpec]) -> dict[tuple[str, str], models.Model]:
    """Stored rows for the specs: ("slug", slug) for records with a slug, ("name", lower name) without."""
    found: dict[tuple[str, str], models.Model] = {}
    names = [spec.name.lower() for spec in specs if not spec.slug]
    for start in range(0, len(names), 2000):
        named = model.objects.annotate(lower_name=Lower("name")).filter(
            lower_name__in=names[start : start + 2000]
        )
        for row in named.order_by("pk"):
            found.setdefault(("name", row.lower_name), row)
    slugs = [spec.slug for spec in specs if spec.slug]
    for start in range(0, len(slugs), 2000):
        for row in model.objects.filter(slug__in=slugs[start : start + 2000]):
            found["slug", row.slug] = row
    return found


def changed(row: models.Model, spec: EntitySpec) -> bool:
    """Whether the stored row differs from what the record says of it (fields it leaves out aside)."""
    wanted = {"name": spec.name, **spec.values}
    stored = {name: getattr(row, name) for name in wanted}
    for name, slug in spec.links.items():
        wanted[name], stored[name] = slug, getattr(getattr(row, name), "slug", "")
    if spec.aliases is not None:
        wanted["aliases"], stored["aliases"] = (
            spec.aliases,
            sorted(row.aliases.values_list("name", flat=True)),
        )
    return stored != wanted


def replace_aliases(row: models.Model, wanted: list[str]) -> None:
    """Make the row's aliases exactly `wanted`, one save or delete each (their signals re-index)."""
    have = {alias.name: alias for alias in row.aliases.all()}
    for name, alias in have.items():
        if name not in wanted:
            alias.delete()
    for name in wanted:
        if name not in have:
            row.aliases.create(name=name)


def link_entities(written: list[tuple[models.Model, EntitySpec]], by_key: dict) -> None:
    """Set the parents and countries the records name (check_links made sure each is there)."""
    for row, spec in written:
        dirty = []
        for name, slug in spec.links.items():
            kind = kind_of(LINKS[name] or spec.model)
            target = None
            if slug:
                target = by_key.get((kind, slug)) or ENTITY_KINDS[kind].objects.get(slug=slug)
            if getattr(row, f"{name}_id") != (target.pk if target else None):
                setattr(row, name, target)
                dirty.append(name)
        if dirty:
            row.save(update_fields=dirty)
