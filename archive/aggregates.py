"""Aggregates over the whole archive (the home page's most cited documents and the like), computed
once for each state of the archive, and reader pages rendered once per state.

An aggregate over every mention costs hundreds of milliseconds at 100,000 articles, too much for
every visit of the home page. ``cached(name, compute)`` keeps its result in the shared cache
under the archive's current state (``state()``: the largest ids of articles, mentions and
curation events and admin history entries, and the article count, in one query): anything an
ingest or a curator changes (an admin deletion too: Django's admin logs it) moves one of them, so
a new state is computed on the next visit, in every web worker, and no stale value outlives a
change. Must never cache anything that depends on the request.
"""
import hashlib
import os
import pickle
from functools import wraps

from django.core.cache import caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from django.core.cache.backends.filebased import FileBasedCache
from django.db import connection

_TABLES = ("archive_article", "archive_personmention", "archive_documentmention", "archive_curationevent",
           "django_admin_log")


def state():
    """A short string that changes whenever the archive's articles, mentions or curation change."""
    # Each MAX(id) is read from the primary key's end, not by a scan: an ingest adds rows (a
    # re-extracted article gets new mentions), a curator's act adds an event; the article count
    # catches a deletion (counting the million mentions too would cost more than it saves).
    # MAX(updated) (indexed, migration 0014) sees an article rewritten in place by a re-ingest.
    parts = ", ".join(f'(SELECT MAX(id) FROM "{t}")' for t in _TABLES) + (
        ', (SELECT COUNT(*) FROM "archive_article"), (SELECT MAX(updated) FROM "archive_article")')
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {parts}")
        # No spaces (a timestamp's): the state goes into cache keys.
        return ".".join(str(v or 0).replace(" ", "T") for v in cursor.fetchone())


def cached(name, compute, timeout=3600):
    """compute()'s value for the archive's current state, computed once per state for every web
    worker: kept in the shared "pages" cache (files under the data dir), so that five workers do
    not each group a province's mentions, and a render stopped by its time budget
    (archive/faults.py) leaves the parts it finished for the next one."""
    key = f"aggregate:{name}:{state()}"
    value = _get(caches["pages"], key)
    if value is None:
        value = compute()
        _set(caches["pages"], key, value, timeout)
    return value


def _get(store, key):
    try:
        return store.get(key)
    except (OSError, EOFError, pickle.UnpicklingError):  # no folder, or a torn file: compute anew
        return None


def _set(store, key, value, timeout=DEFAULT_TIMEOUT):
    try:
        store.set(key, value, timeout)
    except OSError:  # a read-only or full data dir: served, not kept
        pass


def cached_page(view):
    """A reader page rendered once per archive state and URL (host, path and query), kept in the
    "pages" cache (files under the data dir, shared by every web worker).

    Entity pages of prominent people and documents cost a hundred milliseconds or more at 100,000
    articles, and readers open the same ones again and again between two ingests. Only what does
    not depend on who asks is kept: a GET or HEAD answered 200, not streamed and setting no cookie
    (the reader pages read no session and hold no form token).
    """
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        from archive.faults import past_budget

        # Hashed: a URL may hold spaces and any character, which some cache backends refuse in keys.
        url = request.build_absolute_uri()
        key = "page:" + hashlib.sha256(f"{state()} {url}".encode()).hexdigest()
        last = "page-last:" + hashlib.sha256(url.encode()).hexdigest()
        pages = caches["pages"]
        response = _get(pages, key)
        if response is None:
            try:
                response = view(request, *args, **kwargs)
            except Exception as exc:
                # Past the request's time budget (a busy machine, right after an ingest): the
                # page as it was last rendered beats a 503, and says so.
                stale = _get(pages, last) if past_budget(exc) else None
                if stale is None:
                    raise
                stale["X-Archive-Stale"] = "1"
                return stale
            if response.status_code == 200 and not response.streaming and not response.cookies:
                _set(pages, key, response)
                _set(pages, last, response, None)  # until evicted: the fallback of a later state
        return response
    return wrapper


class PageFileCache(FileBasedCache):
    """Django's file cache, making its folder when it first stores a page rather than when it is
    opened: system checks open every cache, and a read-only data dir must not fail a command."""

    def __init__(self, dir, params):
        BaseCache.__init__(self, params)
        self._dir = os.path.abspath(dir)
