"""The PostgreSQL search engine's table (archive/search/engines/postgres.py), on PostgreSQL only.

One row per article: its text and title as tsvectors of our own tokens (the 'simple' configuration
never touches them), its facet values, its date and the digest of what was indexed. The row goes
with its article (a trigger on delete), in the article's own transaction. On SQLite nothing is made:
the embedded archive searches with Whoosh.
"""
from django.db import migrations

from archive.db.migration_ops import postgresql_only

CREATE = """
CREATE TABLE archive_search_document (
    article_id bigint PRIMARY KEY,
    body tsvector NOT NULL,
    title tsvector NOT NULL,
    facets text[] NOT NULL,
    sort_date timestamptz NOT NULL,
    digest varchar(64) NOT NULL
);
-- Uncompressed, out of line: ranking and phrase checks read every matching row's tsvector, and
-- would decompress each one again on every search.
ALTER TABLE archive_search_document ALTER COLUMN body SET STORAGE EXTERNAL;
CREATE INDEX archive_search_document_body ON archive_search_document USING gin (body);
CREATE INDEX archive_search_document_title ON archive_search_document USING gin (title);
CREATE INDEX archive_search_document_facets ON archive_search_document USING gin (facets);
CREATE INDEX archive_search_document_date ON archive_search_document (sort_date, article_id);
-- A deleted article takes its document with it, in the same transaction. A trigger, not a foreign
-- key: Django empties tables with TRUNCATE (flush), which a foreign key to an unlisted table refuses.
CREATE FUNCTION archive_search_document_drop() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        TRUNCATE archive_search_document;
    ELSE
        DELETE FROM archive_search_document WHERE article_id = OLD.id;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER archive_search_document_on_delete AFTER DELETE ON archive_article
    FOR EACH ROW EXECUTE FUNCTION archive_search_document_drop();
CREATE TRIGGER archive_search_document_on_truncate AFTER TRUNCATE ON archive_article
    FOR EACH STATEMENT EXECUTE FUNCTION archive_search_document_drop();
"""
DROP = """
DROP TRIGGER IF EXISTS archive_search_document_on_delete ON archive_article;
DROP TRIGGER IF EXISTS archive_search_document_on_truncate ON archive_article;
DROP FUNCTION IF EXISTS archive_search_document_drop();
DROP TABLE IF EXISTS archive_search_document;
"""


class Migration(migrations.Migration):
    dependencies = [("archive", "0008_review_tally_kind_index")]
    operations = [postgresql_only(CREATE, DROP)]
