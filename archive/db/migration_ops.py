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
