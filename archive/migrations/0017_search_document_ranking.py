"""What the PostgreSQL engine needs to rank as the Whoosh engine ranks (archive/search/ranking.py).

Each search document gains its field lengths as Whoosh counts them (``lengths``: one per scored
field, in ``engines/postgres.SCORED_FIELDS`` order) and the term frequencies its tsvectors cannot
hold (``frequencies``: a term past 255 positions or past position 16,383), and the pairs of its
body's neighbouring syllables, folded (``pairs``, GIN-indexed: what narrows a phrase before its
positions are read, row by row). The index-wide figures
BM25F reads — documents, each field's total length — live in one row of
``archive_search_stats``, kept by statement triggers on the documents' table in the writer's own
transaction, so that a reader sees the figures of the very rows it sees; ``generation`` takes
a new number with every write, for caches of document frequencies. The article-delete trigger becomes one
statement for all the articles a DELETE removes (one stats update per statement, not per row).
Rows written before this migration carry no lengths: ``check_archive --repair`` (their digest
changed) or a rebuild writes them again. On SQLite nothing is made.
"""
from django.db import migrations

from archive.db.migration_ops import postgresql_only

CREATE = """
ALTER TABLE archive_search_document ADD COLUMN lengths integer[] NOT NULL DEFAULT '{}';
ALTER TABLE archive_search_document ADD COLUMN frequencies jsonb NOT NULL DEFAULT '{}';
ALTER TABLE archive_search_document ADD COLUMN pairs tsvector NOT NULL DEFAULT '';
CREATE INDEX archive_search_document_pairs ON archive_search_document USING gin (pairs);

-- A sequence, not a counter: a rolled-back write never hands its number to the next one.
CREATE SEQUENCE archive_search_generation;
CREATE TABLE archive_search_stats (
    id smallint PRIMARY KEY CHECK (id = 1),
    documents bigint NOT NULL,
    lengths bigint[] NOT NULL,
    generation bigint NOT NULL
);
INSERT INTO archive_search_stats VALUES (1, (SELECT count(*) FROM archive_search_document), '{}', nextval('archive_search_generation'));

-- a + sign * b, element by element (the shorter array read as zeros).
CREATE FUNCTION archive_search_add(a bigint[], b bigint[], sign integer) RETURNS bigint[]
LANGUAGE sql IMMUTABLE AS $$
    SELECT coalesce(array_agg(coalesce(x, 0) + sign * coalesce(y, 0) ORDER BY i), '{}')
    FROM unnest(a, b) WITH ORDINALITY u(x, y, i)
$$;

CREATE FUNCTION archive_search_stats_apply() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    n bigint := 0;
    total bigint[] := '{}';
    m bigint;
    part bigint[];
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        UPDATE archive_search_stats SET documents = 0, lengths = '{}', generation = nextval('archive_search_generation') WHERE id = 1;
        RETURN NULL;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        SELECT count(*), (SELECT coalesce(array_agg(s ORDER BY i), '{}') FROM
                          (SELECT i, sum(v) AS s FROM new_rows, unnest(new_rows.lengths) WITH ORDINALITY u(v, i)
                           GROUP BY i) x)
          INTO m, part FROM new_rows;
        n := n + m;
        total := archive_search_add(total, part, 1);
    END IF;
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        SELECT count(*), (SELECT coalesce(array_agg(s ORDER BY i), '{}') FROM
                          (SELECT i, sum(v) AS s FROM old_rows, unnest(old_rows.lengths) WITH ORDINALITY u(v, i)
                           GROUP BY i) x)
          INTO m, part FROM old_rows;
        n := n - m;
        total := archive_search_add(total, part, -1);
    END IF;
    UPDATE archive_search_stats
       SET documents = documents + n, lengths = archive_search_add(lengths, total, 1), generation = nextval('archive_search_generation')
     WHERE id = 1;
    RETURN NULL;
END $$;

CREATE TRIGGER archive_search_stats_on_insert AFTER INSERT ON archive_search_document
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION archive_search_stats_apply();
CREATE TRIGGER archive_search_stats_on_update AFTER UPDATE ON archive_search_document
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
    EXECUTE FUNCTION archive_search_stats_apply();
CREATE TRIGGER archive_search_stats_on_delete AFTER DELETE ON archive_search_document
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION archive_search_stats_apply();
CREATE TRIGGER archive_search_stats_on_truncate AFTER TRUNCATE ON archive_search_document
    FOR EACH STATEMENT EXECUTE FUNCTION archive_search_stats_apply();

DROP TRIGGER archive_search_document_on_delete ON archive_article;
CREATE FUNCTION archive_search_document_drop_gone() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM archive_search_document WHERE article_id IN (SELECT id FROM gone);
    RETURN NULL;
END $$;
CREATE TRIGGER archive_search_document_on_delete AFTER DELETE ON archive_article
    REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION archive_search_document_drop_gone();
"""
DROP = """
DROP TRIGGER IF EXISTS archive_search_document_on_delete ON archive_article;
DROP FUNCTION IF EXISTS archive_search_document_drop_gone();
CREATE TRIGGER archive_search_document_on_delete AFTER DELETE ON archive_article
    FOR EACH ROW EXECUTE FUNCTION archive_search_document_drop();
DROP TRIGGER IF EXISTS archive_search_stats_on_insert ON archive_search_document;
DROP TRIGGER IF EXISTS archive_search_stats_on_update ON archive_search_document;
DROP TRIGGER IF EXISTS archive_search_stats_on_delete ON archive_search_document;
DROP TRIGGER IF EXISTS archive_search_stats_on_truncate ON archive_search_document;
DROP FUNCTION IF EXISTS archive_search_stats_apply();
DROP FUNCTION IF EXISTS archive_search_add(bigint[], bigint[], integer);
DROP TABLE IF EXISTS archive_search_stats;
DROP SEQUENCE IF EXISTS archive_search_generation;
DROP INDEX IF EXISTS archive_search_document_pairs;
ALTER TABLE archive_search_document DROP COLUMN IF EXISTS pairs;
ALTER TABLE archive_search_document DROP COLUMN IF EXISTS frequencies;
ALTER TABLE archive_search_document DROP COLUMN IF EXISTS lengths;
"""


class Migration(migrations.Migration):
    dependencies = [("archive", "0016_position_stated_index")]
    operations = [postgresql_only(CREATE, DROP)]
