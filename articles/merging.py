"""Merging duplicate entities ("Gen. Gerasimov" and "Valery Gerasimov" entered twice) into one.

Every row that points at a duplicate is moved to the entity kept; where a unique constraint would be
broken (the article already names the kept person), the duplicate's row is dropped instead. The
duplicates' names become aliases of the kept entity, so imports and autocomplete still find them.
"""

from __future__ import annotations

from django.db import models, transaction


def _unique_field_sets(model: type[models.Model]) -> list[set[str]]:
    sets = [set(fields) for fields in model._meta.unique_together]
    sets += [
        set(constraint.fields)
        for constraint in model._meta.constraints
        if isinstance(constraint, models.UniqueConstraint) and constraint.fields and not constraint.condition
    ]
    return sets


def _repoint(model: type[models.Model], field: str, keep, duplicates) -> None:
    """Point `model.field` from the duplicates to `keep`, dropping rows that would then be doubles."""
    rows = model._default_manager.filter(**{f"{field}__in": duplicates})
    for together in _unique_field_sets(model):
        if field not in together:
            continue
        others = sorted(together - {field})
        for row in rows.filter(**{f"{field}__in": duplicates}):
            clash = {name: getattr(row, model._meta.get_field(name).attname) for name in others}
            if model._default_manager.filter(**{field: keep}, **clash).exclude(pk=row.pk).exists():
                row.delete()
            else:
                model._default_manager.filter(pk=row.pk).update(**{field: keep})
    rows.update(**{field: keep})


@transaction.atomic
def merge_entities(keep: models.Model, duplicates: list[models.Model]) -> int:
    """Merge `duplicates` into `keep` (a Person, Organization, Place or Source); returns how many went.

    Appearances, mentions, quotes, events (and their participants), credits, children and aliases
    all move to `keep`; each duplicate's name is added as an alias; the duplicates are then deleted.
    """
    model = type(keep)
    duplicates = [d for d in duplicates if d.pk != keep.pk]
    if not duplicates or any(type(d) is not model for d in duplicates):
        raise ValueError("merge needs other rows of the same kind as the one kept")
    alias_relation = model._meta.get_field("aliases")
    alias_model, alias_fk = alias_relation.related_model, alias_relation.field.name

    for relation in model._meta.related_objects:
        if relation.many_to_many:
            through = relation.through
            if not through._meta.auto_created:
                continue  # an explicit through model (Appearance, ...) is reached by its own foreign key
            _repoint(through, relation.field.m2m_reverse_field_name(), keep, duplicates)
        elif relation.one_to_many:
            _repoint(relation.related_model, relation.field.name, keep, duplicates)

    keep.refresh_from_db()
    if getattr(keep, "parent_id", None) == keep.pk:  # it was the child of one of its duplicates
        keep.parent = None
        keep.save(update_fields=["parent"])
    aliases = alias_model._default_manager.filter(**{alias_fk: keep})
    known = {name.lower() for name in aliases.values_list("name", flat=True)}
    known.add(keep.name.lower())
    for duplicate in duplicates:
        if duplicate.name.lower() not in known:
            alias_model._default_manager.create(**{alias_fk: keep, "name": duplicate.name})
            known.add(duplicate.name.lower())
        duplicate.delete()
    return len(duplicates)
