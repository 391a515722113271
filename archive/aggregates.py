"""Aggregates over the whole archive (the home page's most cited documents and the like), computed
once per process for each state of the archive.

An aggregate over every mention costs hundreds of milliseconds at 100,000 articles, too much for
every visit of the home page. ``cached(name, compute)`` keeps its result in the process's cache
under the archive's current state (``state()``: the largest ids of articles, mentions and
curation events and the article count, in one query): anything an ingest or a curator changes
moves one of them, so a new state is computed on the next visit, in every web worker, and no
stale value outlives a change. Must never cache anything that depends on the request.
"""
from django.core.cache import cache
from django.db import connection

_TABLES = ("archive_article", "archive_personmention", "archive_documentmention", "archive_curationevent")


def state():
    """A short string that changes whenever the archive's articles, mentions or curation change."""
    # Each MAX(id) is read from the primary key's end, not by a scan: an ingest adds rows (a
    # re-extracted article gets new mentions), a curator's act adds an event; the article count
    # catches a deletion (counting the million mentions too would cost more than it saves).
    parts = ", ".join(f'(SELECT MAX(id) FROM "{t}")' for t in _TABLES) + ', (SELECT COUNT(*) FROM "archive_article")'
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {parts}")
        return ".".join(str(v or 0) for v in cursor.fetchone())


def cached(name, compute, timeout=3600):
    """compute()'s value for the archive's current state, computed at most once per state and process."""
    key = f"aggregate:{name}:{state()}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, timeout)
    return value
