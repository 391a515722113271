"""The archive's search: the one interface every caller uses (views, API, CSV, feeds, admin,
ingest, commands, benchmark).

Writes — ``index``, ``remove``, ``index_on_commit``, ``rebuild``, ``clear``, ``check(repair=True)``
— each take the index's lock (or leave their articles to the writer holding it, which writes them
before its commit). Nothing outside this package may write the index any other way. The engine
behind it is imported on first use, so that importing the package (Whoosh unpickles the schema's
analyzer from ``archive.search.analysis``) loads neither models nor an engine.
"""


def index(ids):
    """(Re)index the articles with these ids now, waiting for other writers; return how many were written.
    An id no longer in the database is removed from the index."""
    from archive.search.indexing import index_articles

    return index_articles(ids)


def remove(ids):
    """Drop the articles with these ids from the index now, waiting for other writers."""
    from archive.search.indexing import remove_articles

    return remove_articles(ids)


def index_on_commit(ids):
    """(Re)index — or, when they are gone from the database, remove — these articles once the
    current transaction commits: what an edit, merge or delete calls. Never waits for an ingest:
    its articles are left to the ingest's writer, which writes them before it commits."""
    from archive.search.indexing import index_on_commit as on_commit

    on_commit(ids)


def index_changed_since(*, hours):
    """Re-index the articles changed in the last ``hours`` hours; return how many were written."""
    import datetime as dt

    from django.utils import timezone

    from archive.models import Article

    since = timezone.now() - dt.timedelta(hours=hours)
    return index(list(Article.objects.filter(updated__gte=since).values_list("pk", flat=True)))


def rebuild(procs=1):
    """Empty the index and index every article with ``procs`` writers, holding the lock throughout."""
    from archive.search.bulk import rebuild as bulk_rebuild

    return bulk_rebuild(procs=procs)


def clear():
    """Empty the index (the database is untouched), waiting for other writers."""
    from archive.search.indexing import clear as clear_index

    clear_index()


def check(repair=False):
    """The drift between database and index (missing, stale, orphaned); with repair, made good.
    Returns the drift found before any repair."""
    from archive.search import indexing

    drift = indexing.find_drift()
    if repair and drift:
        indexing.repair(drift)
    return drift
