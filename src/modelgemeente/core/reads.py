"""Plain reads for what every request for a kept page asks (docs/performance.md), where the ORM's work or a round
trip to the database costs more than the database's answer:

- `KeyedRead`: one row by its key, in SQL compiled from the ORM once per database connection (the session with its
  account). The ORM compiles the query once, with every column, annotation and database converter it would use;
  each read adds only the key's condition and turns the row into an instance as a queryset would.
- `Rows` and `fetch_together`: several small queries whose rows make up one page's stamp (the releases, the
  proposals on a development page), sent in one round trip where the database takes several statements at once
  (PostgreSQL), else one after the other (SQLite, in-process: no round trip to save);
- `fetch_with_session`: the same, with the query that reads the visitor's session (and its account) when that has
  yet to be read: a signed-in request for a kept page then makes one round trip in all. The session store offers
  its query (`pending_read()`) and takes its rows (`take_read(rows)`), as accounts/sessions/ does; any other store
  reads itself as usual.

On two cores with PostgreSQL on the same machine a round trip costs more than a small query: under load, one query
more took about a quarter of a kept page's throughput (docs/performance.md).
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.models import Model, QuerySet


@dataclass(frozen=True)
class Rows:
    """A query whose rows are read as a tuple of tuples. `sql` is one SELECT with %s placeholders (a literal percent
    sign written %%) and no ';'."""

    sql: str
    params: tuple = ()


def fetch_together(queries: Sequence[Rows]) -> list[tuple]:
    """The rows of each query, in order. On PostgreSQL in one round trip: the statements go as one text (Django's
    psycopg cursor binds the parameters on the client) and each result set is read in turn."""
    if any(";" in query.sql for query in queries):  # a check of the caller's SQL (parameters are never in it)
        raise ValueError("fetch_together: one statement per query")
    with connection.cursor() as cursor:
        if len(queries) > 1 and _takes_several_statements(connection):
            cursor.execute(";\n".join(q.sql for q in queries), [p for q in queries for p in q.params])
            results = [_rows(cursor)]
            for _ in queries[1:]:
                if not cursor.nextset():
                    raise RuntimeError("fetch_together: a result set is missing")
                results.append(_rows(cursor))
            return results
        results = []
        for query in queries:
            cursor.execute(query.sql, query.params)
            results.append(_rows(cursor))
        return results


def _takes_several_statements(connection) -> bool:
    """PostgreSQL through psycopg 3 with the parameters bound on the client (Django's default): one text may hold
    several statements. Not with server-side binding (a prepared statement holds one) nor with psycopg2."""
    if connection.vendor != "postgresql":
        return False
    from django.db.backends.postgresql.psycopg_any import is_psycopg3

    return is_psycopg3 and not connection.settings_dict.get("OPTIONS", {}).get("server_side_binding")


def fetch_with_session(request, queries: Sequence[Rows]) -> list[tuple]:
    """`fetch_together(queries)`, with the read of the request's session in the same round trip where its store
    offers one (a session cookie, not yet read, a store that reads the database)."""
    session = getattr(request, "session", None)
    pending = getattr(session, "pending_read", None)
    read = pending() if pending is not None else None
    if read is None:
        return fetch_together(queries) if queries else []
    session_rows, *rows = fetch_together([read, *queries])
    session.take_read(session_rows)
    return rows


def _rows(cursor) -> tuple:
    return tuple(tuple(row) for row in cursor.fetchall())


class KeyedRead:
    """`make_queryset().get(<key>=value)`, or None where there is no such row.

    The queryset selects whole instances of one model, with annotations (e.g. an `Exists`) but without a filter,
    ordering, slicing, `select_related`, `only` or `defer`: those would change the columns or need the ORM per read.
    `key` is a unique field (the primary key by default); the value is prepared as the ORM prepares it. `query` and
    `instance` split a read in two, so that it can travel with other queries (`fetch_together`).
    """

    def __init__(self, make_queryset: Callable[[], QuerySet], key: str = "pk"):
        self._make_queryset = make_queryset
        self._key = key

    def get(self, value) -> Model | None:
        return self.instance(fetch_together([self.query(value)])[0])

    def query(self, value) -> Rows:
        compiled = self._for_connection()
        return Rows(compiled.sql, (*compiled.params, compiled.prepare(value)))

    def instance(self, rows: Sequence) -> Model | None:
        return self._for_connection().instance(rows)

    def _for_connection(self) -> "_Compiled":
        # Kept on the connection object (one per thread, with its own converters), so it goes when the thread does.
        connection = connections[DEFAULT_DB_ALIAS]
        kept = connection.__dict__.setdefault("_keyed_reads", {})
        compiled = kept.get(self)
        if compiled is None:
            compiled = kept[self] = _Compiled(self._make_queryset(), self._key, connection)
        return compiled


class _Compiled:
    def __init__(self, queryset: QuerySet, key: str, connection):
        query = queryset.query
        if (
            query.where
            or query.order_by
            or query.is_sliced
            or query.select_related
            or query.deferred_loading[0]
            or query.group_by
            or query.distinct
        ):
            raise ValueError("KeyedRead: a queryset of whole rows without filter, ordering, slice or select_related")
        queryset = queryset.order_by()  # no default ordering either: one row by its key
        self.model = queryset.model
        self.field = self.model._meta.pk if key == "pk" else self.model._meta.get_field(key)
        if not (self.field.primary_key or self.field.unique):
            raise ValueError(f"KeyedRead: {key} is not unique")
        self.connection = connection
        self.compiler = queryset.query.get_compiler(connection=connection)
        sql, params = self.compiler.as_sql()
        quote = connection.ops.quote_name
        self.sql = f"{sql} WHERE {quote(self.model._meta.db_table)}.{quote(self.field.column)} = %s"
        self.params = tuple(params)
        select, klass_info = self.compiler.select, self.compiler.klass_info
        fields = klass_info["select_fields"]
        self.start, self.end = fields[0], fields[-1] + 1
        self.attnames = [column[0].target.attname for column in select[self.start : self.end]]
        self.annotations = list(self.compiler.annotation_col_map.items())
        self.converters = self.compiler.get_converters([column[0] for column in select])

    def prepare(self, value):
        return self.field.get_db_prep_value(value, self.connection, prepared=False)

    def instance(self, rows: Sequence) -> Model | None:
        if not rows:
            return None
        if len(rows) > 1:
            raise self.model.MultipleObjectsReturned(f"KeyedRead: more than one {self.model.__name__} by its key")
        if self.converters:
            rows = list(self.compiler.apply_converters(rows, self.converters))
        row = rows[0]
        instance = self.model.from_db(self.connection.alias, self.attnames, row[self.start : self.end])
        for name, position in self.annotations:
            setattr(instance, name, row[position])
        return instance
