"""Migration operations the archive's migrations share."""
from django.db import migrations


def sqlite_index(name, create_sql):
    """An index created on SQLite only (an expression SQLite indexes and PostgreSQL cannot, as an
    aware cast of a date is not immutable there), dropped when the migration is unapplied."""

    def create(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            schema_editor.execute(create_sql)

    def drop(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")

    return migrations.RunPython(create, drop)


def postgresql_only(create_sql, drop_sql):
    """SQL run on PostgreSQL only (the PostgreSQL search engine's tables, triggers and
    functions); on SQLite nothing is made. ``drop_sql`` undoes it when the migration is unapplied."""

    def create(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(create_sql)

    def drop(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(drop_sql)

    return migrations.RunPython(create, drop, elidable=False)
