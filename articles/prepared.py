"""Queries of a fixed shape, compiled by Django once per database connection and re-run with new values.

Building and compiling a QuerySet's SQL costs Django 0.3-1.5 ms; the database answers a page's small
queries in a few hundredths of that. A page whose queries differ only in their values (an article's
id, its slug, the current time) can keep each query's SQL and the compiler's description of its
columns, and from then on only execute it and build the instances from the rows, as Django's own
iterator does (`Model.from_db`, with the select_related() objects attached). `PublicCondition` in
models.py does the same for one WHERE condition.

The QuerySet is built once with marker values in place of the parameters; the marker in the compiled
parameters marks where each value goes. So the query's shape must not depend on the values: a
parameter is an id, a string or a time compared in a filter, or a list of ids (compiled once per
length), never None or an empty list (which change the SQL or skip the query).
"""

import datetime
import threading
import weakref
from collections.abc import Callable
from typing import Any

from django.core.exceptions import EmptyResultSet, FullResultSet
from django.db import connections, router
from django.db.models import QuerySet
from django.db.models.query import FlatValuesListIterable, ModelIterable, get_related_populators

ID, TEXT, MOMENT, IDS = "id", "text", "moment", "ids"


def _marker(kind: str, number: int, position: int = 0):
    """A value no row or constant of this project holds, distinct per parameter (and list position)."""
    if kind in (ID, IDS):
        return -(2**62) - (number << 32) - position
    if kind == TEXT:
        return f"prepared-query-marker-{number}"
    # Microseconds distinguish the parameters; the date is older than any article.
    return datetime.datetime(1901, 1, 1, 0, 0, 0, number + 1, tzinfo=datetime.UTC)


class _Compiled:
    """One query's SQL and how to read its rows, for one database connection."""

    def __init__(self, queryset: QuerySet, connection, alias: str, slots: dict):
        compiler = queryset.query.get_compiler(connection=connection)
        try:
            sql, params = compiler.as_sql()
        except (EmptyResultSet, FullResultSet):
            # Django drops a comparison with a value outside the column's range (IntegerFieldOverflow):
            # an ID marker is a big integer, so ID and IDS compare big-integer ids only.
            raise TypeError(
                "A marker is outside a compared column's range: ID and IDS are for big-integer ids"
            ) from None
        adapt = connection.ops.adapt_datetimefield_value
        # Each parameter of the SQL is a constant of the query, or the slot of a marker: (name, position).
        wanted = {adapt(m) if isinstance(m, datetime.datetime) else m: slot for m, slot in slots.items()}
        self.sql = sql
        self.params = [
            (wanted[param], None) if _hashable(param) and param in wanted else (None, param)
            for param in params
        ]
        missing = set(slots.values()) - {slot for slot, _ in self.params if slot is not None}
        if missing:
            raise ValueError(f"These parameters are not in the compiled SQL: {sorted(missing)}")
        self.adapt = adapt
        fields = [column[0] for column in compiler.select[: compiler.col_count]]
        self.converters = list(compiler.get_converters(fields).items())
        self.width = compiler.col_count if compiler.has_extra_select else None
        self.flat = queryset._iterable_class is FlatValuesListIterable
        if not self.flat and queryset._iterable_class is not ModelIterable:
            raise TypeError("A prepared query returns model instances or values_list(…, flat=True)")
        if queryset._known_related_objects or queryset._prefetch_related_lookups:
            raise TypeError("A prepared query runs one statement: no prefetch_related() or known objects")
        self.alias = alias
        if not self.flat:
            info = compiler.klass_info
            start, end = info["select_fields"][0], info["select_fields"][-1] + 1
            self.model, self.columns = info["model"], slice(start, end)
            self.init_list = [column[0].target.attname for column in compiler.select[start:end]]
            self.populators = get_related_populators(info, compiler.select, alias)
            self.annotations = list(compiler.annotation_col_map.items())

    def run(self, connection, values: dict) -> list:
        params = []
        for slot, constant in self.params:
            if slot is None:
                params.append(constant)
            else:
                name, position = slot
                value = values[name] if position is None else values[name][position]
                params.append(self.adapt(value) if isinstance(value, datetime.datetime) else value)
        with connection.cursor() as cursor:
            cursor.execute(self.sql, params)
            rows = cursor.fetchall()
        if self.width is not None:
            rows = [row[: self.width] for row in rows]
        if self.converters:
            rows = [self._convert(list(row), connection) for row in rows]
        if self.flat:
            return [row[0] for row in rows]
        return [self._instance(row) for row in rows]

    def _convert(self, row: list, connection) -> list:
        for position, (converters, expression) in self.converters:
            value = row[position]
            for converter in converters:
                value = converter(value, expression, connection)
            row[position] = value
        return row

    def _instance(self, row):
        instance = self.model.from_db(self.alias, self.init_list, row[self.columns])
        for populator in self.populators:
            populator.populate(row, instance)
        for name, position in self.annotations:
            setattr(instance, name, row[position])
        return instance


def _hashable(value) -> bool:
    try:
        hash(value)
    except TypeError:
        return False
    return True


class PreparedQuery:
    """`build(**parameters)` → QuerySet, compiled once per connection (and length of each list of ids)
    and then run with new values: `PreparedQuery(lambda pk: Credit.objects.filter(article=pk), pk=ID)`,
    then `query(pk=article.pk)` → a list of Credit instances, as `list(queryset)` would give.

    Reads go where the router sends reads of the QuerySet's model (a replica, in a reader's request)."""

    def __init__(self, build: Callable[..., QuerySet], **parameters: str):
        self.build, self.parameters = build, parameters
        # Per thread, as Django's connections are: {connection: {list lengths: _Compiled}}.
        self._local = threading.local()

    def __call__(self, hints: dict | None = None, **values: Any) -> list:
        lengths = tuple(len(values[name]) for name, kind in self.parameters.items() if kind == IDS)
        model = self._model(lengths)
        alias = router.db_for_read(model, **(hints or {}))
        connection = connections[alias]
        compiled = self._compiled(connection).get(lengths)
        if compiled is None:
            compiled = self._compile(connection, alias, lengths)
        return compiled.run(connection, values)

    def _model(self, lengths: tuple):
        model = getattr(self, "_model_class", None)
        if model is None:
            model = self._model_class = self._queryset(lengths)[0].model
        return model

    def _compiled(self, connection) -> dict:
        if not hasattr(self._local, "by_connection"):
            # Keyed by the connection object itself, so that an alias set up again (as tests do)
            # compiles afresh, and a connection that goes away takes its queries with it.
            self._local.by_connection = weakref.WeakKeyDictionary()
        return self._local.by_connection.setdefault(connection, {})

    def _queryset(self, lengths: tuple) -> tuple[QuerySet, dict]:
        markers, slots, lists = {}, {}, iter(lengths)
        for number, (name, kind) in enumerate(self.parameters.items()):
            if kind == IDS:
                markers[name] = [_marker(kind, number, position) for position in range(next(lists))]
                slots.update({marker: (name, position) for position, marker in enumerate(markers[name])})
            else:
                markers[name] = _marker(kind, number)
                slots[markers[name]] = (name, None)
        return self.build(**markers), slots

    def _compile(self, connection, alias: str, lengths: tuple) -> _Compiled:
        queryset, slots = self._queryset(lengths)
        compiled = _Compiled(queryset, connection, alias, slots)
        self._compiled(connection)[lengths] = compiled
        return compiled


def store_prefetched(instance, name: str, rows: list) -> None:
    """Leave `rows` on `instance` as prefetch_related_objects([instance], name) would: `instance.<name>
    .all()` gives them without a query, and a child of a reverse foreign key knows its parent.

    For a reverse foreign key or a many-to-many relation (the ones an article page prefetches)."""
    manager = getattr(instance, name)
    queryset = manager.get_queryset()  # the relation's filter, applied only if something chains on it
    queryset._result_cache, queryset._prefetch_done = rows, True
    if hasattr(manager, "prefetch_cache_name"):  # many-to-many
        cache_name = manager.prefetch_cache_name
    else:
        cache_name = manager.field.remote_field.cache_name
        for row in rows:
            manager.field.set_cached_value(row, instance)
    if not hasattr(instance, "_prefetched_objects_cache"):
        instance._prefetched_objects_cache = {}
    instance._prefetched_objects_cache[cache_name] = queryset
