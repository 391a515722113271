"""Inserts of the ingest: new rows written in one statement per model, exactly as bulk_create
writes them (every column, defaults included; ids back from RETURNING). Must never update or
delete a row, nor decide what a row holds.
"""

from django.db import connection, models


def _create_new(model, objs):
    """Save in one query the objects of objs not saved yet (each once), after deriving their columns."""
    new = list({id(obj): obj for obj in objs if obj is not None and obj.pk is None}.values())
    for obj in new:
        obj.derive()
    # What bulk_create would write and leave: each field's pre_save value (now for the timestamps).
    fields = [f for f in model._meta.concrete_fields if not f.primary_key and not f.generated]
    pks = _insert(model, [{f.attname: f.pre_save(obj, True) for f in fields} for obj in new], returning=True)
    for obj, pk in zip(new, pks, strict=True):
        obj.pk = pk
        obj._state.adding, obj._state.db = False, connection.alias


# A field of these kinds stores a value of this type (or None) as given: its preparation for the
# database returns it unchanged (on PostgreSQL, an int in a wrapper that only names its type to
# the driver), so _insert skips the preparation for such values.
_PLAIN = ((models.CharField, str), (models.TextField, str), (models.IntegerField, int), (models.FloatField, float))


_STATEMENTS = {}  # (vendor, model, attnames given) -> (INSERT … VALUES, a row's placeholders, given,


def _plain_type(field):
    target = field.target_field if field.is_relation else field  # a foreign key stores its target's pk
    return next((kind for base, kind in _PLAIN if isinstance(target, base)), None)


def _insert(model, rows, returning=False):
    """Insert rows of model without building model instances; rows: dicts {attname: value}, all
    with the same keys. With returning, as one multi-row statement (per batch of SQLite's
    parameter limit) that returns the new ids, in the rows' order; else as one executemany.

    bulk_create spent more CPU building and preparing an article's ~40 instances than the
    database spent writing them. The rows are written as bulk_create writes new instances:
    each value goes through its field's preparation for the database, unless of a type the
    field stores as given (str for text, int for integers and foreign keys, float for floats);
    every column not given gets what a new instance has: its default (read from a blank instance
    and prepared by the field once per statement), or now for auto_now(_add) (once per call).
    """
    rows = list(rows)
    if not rows:
        return []
    names = tuple(rows[0])
    key = (connection.vendor, model, names)
    if key not in _STATEMENTS:
        meta, qn = model._meta, connection.ops.quote_name
        # The id is the database's to give, as are generated columns (bulk_create leaves them out).
        fields = {f.attname: f for f in meta.concrete_fields if not f.primary_key and not f.generated}
        given, filled = [fields[name] for name in names], [f for name, f in fields.items() if name not in names]
        # Filled once for all the rows: a default made anew for each row (a uuid) would be shared.
        varying = [f.name for f in filled if f.has_default() and callable(f.default) and f.default not in (list, dict)]
        if varying:
            raise ValueError(f"{model.__name__}: give {', '.join(varying)} in each row")
        blank = model()  # the defaults and timestamps of a new row (pre_save)
        # Defaults prepared once; a timestamp (auto_now, auto_now_add: now) at each call.
        fill = [(f, True, None) if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
                else (f, False, f.get_db_prep_save(f.pre_save(blank, True), connection)) for f in filled]
        _STATEMENTS[key] = (
            f"INSERT INTO {qn(meta.db_table)} ({', '.join(qn(f.column) for f in given + filled)}) VALUES",
            f"({', '.join(['%s'] * (len(given) + len(filled)))})", [(f, _plain_type(f)) for f in given], fill, blank)
    head, placeholders, given, fill, blank = _STATEMENTS[key]
    filled = tuple(f.get_db_prep_save(f.pre_save(blank, True), connection) if now else value
                   for f, now, value in fill)
    values = [(*[value if value is None or type(value) is kind else field.get_db_prep_save(value, connection)
                 for (field, kind), value in zip(given, map(row.__getitem__, names), strict=True)], *filled)
              for row in rows]
    with connection.cursor() as cursor:
        if not returning:
            # Not one multi-row statement: psycopg parses a query of over 50 parameters anew each
            # time, a one-row statement once (and pipelines the rows); SQLite prepares it once.
            cursor.executemany(f"{head} {placeholders}", values)
            return []
        if not connection.features.can_return_rows_from_bulk_insert:  # SQLite before 3.35: no RETURNING
            pks = []
            for row in values:
                cursor.execute(f"{head} {placeholders}", row)
                pks.append(connection.ops.last_insert_id(cursor, model._meta.db_table, model._meta.pk.column))
            return pks
        # Rows in one VALUES list, ids back from RETURNING in their order, as bulk_create does.
        suffix, pks = connection.ops.return_insert_columns([model._meta.pk])[0], []
        batch = connection.ops.bulk_batch_size([f for f, _ in given] + [f for f, _, _ in fill], values)
        for start in range(0, len(values), batch):
            chunk = values[start:start + batch]
            cursor.execute(f"{head} {', '.join([placeholders] * len(chunk))} {suffix}",
                           [value for row in chunk for value in row])
            pks += [pk for pk, in cursor.fetchall()]
    return pks
