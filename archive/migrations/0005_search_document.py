"""The PostgreSQL search engine's table (archive/search/engines/postgres.py), on PostgreSQL only.

One row per article: its text and title as tsvectors of our own tokens (the 'simple' configuration
never touches them), its facet values, its date and the digest of what was indexed. The row goes
with its article (ON DELETE CASCADE), in the article's own transaction. On SQLite nothing is made:
the embedded archive searches with Whoosh.
"""
from django.db import migrations

CREATE = """
CREATE TABLE archive_search_document (
    article_id bigint PRIMARY KEY REFERENCES archive_article (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
    body tsvector NOT NULL,
    title tsvector NOT NULL,
    facets text[] NOT NULL,
    sort_date timestamptz NOT NULL,
    digest varchar(64) NOT NULL
);
CREATE INDEX archive_search_document_body ON archive_search_document USING gin (body);
CREATE INDEX archive_search_document_title ON archive_search_document USING gin (title);
CREATE INDEX archive_search_document_facets ON archive_search_document USING gin (facets);
CREATE INDEX archive_search_document_date ON archive_search_document (sort_date, article_id);
"""
DROP = "DROP TABLE IF EXISTS archive_search_document;"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("archive", "0004_merged_slug")]
    operations = [migrations.RunPython(create, drop, elidable=False)]
