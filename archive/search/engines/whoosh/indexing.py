"""Keeping the search index in step with the database, safely under crashes and concurrency.

An ingest feeds the articles of each committed batch to one index write and
commits it at the end of the run (bulk.Indexer); single edits (admin) index on
transaction commit, or, when another writer holds the index for more than
QUICK_LOCK seconds (an ingest holds it for its whole run), leave their articles
to that writer (``defer``), which writes them before it commits. Never per save
inside a bulk loop.

Whoosh allows one writer at a time and raises ``LockError`` at the second, and
Haystack swallows errors while writing, so a clash would silently lose
documents. Every index write here therefore first takes an inter-process file
lock next to the index (``<index>.writelock``) and waits its turn; searches
never take it. An ingest run leaves a marker file while it works
(``<index>.runs/``, held with a lock while its process lives); a marker whose
process died (SIGKILL, power cut) tells the next run to re-index what the dead
run committed to the database. ``find_drift`` compares database and index
document by document and ``repair`` makes them agree. Nothing here may delete
or change database rows: the database is the truth, the index is derived.
"""
import contextlib
import datetime as dt
import fcntl
import json
import logging
import os
import threading
import time
import uuid
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from haystack import connections
from haystack.constants import ID

from archive.models import Article
from archive.search.engines.base import Drift
from archive.search.engines.whoosh.matching import ARTICLE_CT

BATCH = 200  # articles per database read
LOCK_TIMEOUT = 900  # seconds a writer waits for another before giving up with a clear error
LOCK_POLL = 0.05
QUICK_LOCK = 2  # seconds an edit waits for the index before leaving its articles to the writer holding it
log = logging.getLogger(__name__)


class IndexBusy(RuntimeError):
    """Another writer held the index for longer than LOCK_TIMEOUT."""


def _backend():
    return connections["default"].get_backend()


def article_index():
    return connections["default"].get_unified_index().get_index(Article)


def _lock_path(suffix):
    return Path(f"{os.path.normpath(_backend().path)}.{suffix}")


def _flock(fh, timeout):
    deadline = time.monotonic() + timeout
    while True:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() >= deadline:
                raise IndexBusy(
                    f"the search index is being written by another process for more than {timeout:.0f} s "
                    f"(lock {fh.name}); try again later"
                ) from None
            time.sleep(LOCK_POLL)


@contextlib.contextmanager
def write_lock(timeout=LOCK_TIMEOUT):
    """Hold the index's writer lock (waiting for other writers); yield the set-up backend.

    The lock is an flock on an open file, so the kernel releases it when a killed
    process dies: a crash never leaves the index locked.
    """
    backend = _backend()
    path = _lock_path("writelock")
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+") as fh:
        _flock(fh, timeout)
        try:
            # Haystack creates a missing index on first use; two processes doing that at
            # once would both create it (and one would fail), so it happens under the lock.
            if not backend.setup_complete:
                backend.setup()
            yield backend
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def empty_index(backend):
    """Delete every document (a fresh, empty index in place); for a writer holding write_lock."""
    backend.delete_index()  # removes the directory and sets up an empty index
    backend.index = backend.index.refresh()


def clear():
    """Empty the index, waiting for other writers."""
    with write_lock() as backend:
        empty_index(backend)


def index_articles(ids):
    """(Re)index the articles with these ids; return how many were written."""
    from archive.search.engines.whoosh.bulk import index_articles_bulk

    return index_articles_bulk(ids)


def remove_documents(identifiers):
    """Delete index documents by Haystack identifier ("archive.article.12"); return how many."""
    identifiers = list(identifiers)
    if not identifiers:
        return 0
    with write_lock() as backend:
        writer = open_writer(backend.index.refresh(), timeout=LOCK_TIMEOUT, delay=LOCK_POLL)
        try:
            deleted = sum(writer.delete_by_term(ID, ident) for ident in identifiers)
        except BaseException:
            writer.cancel()
            raise
        writer.commit()
    return deleted


def remove_articles(ids):
    return remove_documents(document_id(pk) for pk in ids)




def document_id(pk):
    """The index document identifier of the article with this id: the one definition (Haystack's
    get_identifier gives the same, tests/search/test_index_writes.py checks it)."""
    return f"{ARTICLE_CT}.{pk}"


def article_id(fields):
    """The article id of an index document's stored fields, or None when it is not an article's."""
    if fields.get("django_ct") == ARTICLE_CT and str(fields.get("django_id", "")).isdigit():
        return int(fields["django_id"])
    return None


def index_on_commit(article_ids):
    ids = list(article_ids)
    transaction.on_commit(lambda: index_soon(ids))


def index_soon(ids):
    """Index these articles now if the index is free within QUICK_LOCK seconds; else leave them
    to the writer holding it (an ingest holds it for its whole run), which indexes what was
    left to it before it commits. An edit never waits minutes for an ingest, nor fails."""
    from archive.search.engines.whoosh.bulk import Indexer

    defer(ids)  # first: the writer holding the index may be about to commit
    try:
        with Indexer(lock_timeout=QUICK_LOCK):
            pass  # an Indexer takes what was deferred
    except IndexBusy:
        log.info("search index busy: articles %s left to the writer holding it", ids)


def defer(ids):
    """Leave these articles to the next index writer (one id a line, appended under a lock)."""
    path = _lock_path("deferred")
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        fh.write("".join(f"{int(pk)}\n" for pk in ids))
        fh.flush()


def has_deferred():
    path = _lock_path("deferred")
    return path.exists() and path.stat().st_size > 0


def take_deferred():
    """The ids left by defer(), forgotten as they are read; for a writer holding the write lock."""
    try:
        fh = open(_lock_path("deferred"), "r+")
    except FileNotFoundError:
        return set()
    with fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        ids = {int(line) for line in fh if line.strip().isdigit()}
        fh.seek(0)
        fh.truncate()
    return ids


# --- drift between database and index ---------------------------------------------------------


def _comparable(value):
    # Whoosh hands datetimes back naive; Haystack hands them in aware or naive as the model has them.
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None)
    return value


def prepared_documents(index, backend, ids):
    """(pk, its index document as Haystack prepares it) for the articles with these ids, read
    a batch at a time: what every write indexes and what find_drift compares with."""
    for start in range(0, len(ids), BATCH):
        for obj in index.load(ids[start:start + BATCH]):
            doc = index.full_prepare(obj)
            doc.pop("boost", None)  # document boosts are not supported by Whoosh 2.5+
            yield obj.pk, {key: backend._from_python(value) for key, value in doc.items()}


def open_writer(ix, procs=1, **options):
    """A writer of ix: ``segments.Writer``, or with procs > 1 ``segments.ParallelWriter`` (one
    segment per sub-process). Segments are written as separate files, not one compound file:
    Whoosh reads a compound file's parts through BytesIO copies, so every search process held
    a private copy of the postings; separate files are read from the page cache that all
    processes share."""
    from archive.search.engines.whoosh.segments import ParallelWriter, Writer

    if procs > 1:
        return ParallelWriter(ix, procs=procs, compound=False, **options)
    return Writer(ix, compound=False, **options)


def find_drift():
    """Compare every article with its index document: missing, stale and orphaned ones."""
    backend, index = _backend(), article_index()
    if not backend.setup_complete:
        with write_lock():
            pass
    drift = Drift()
    in_db = set(Article.objects.values_list("pk", flat=True))
    drift.articles = len(in_db)
    stored = {}
    with backend.index.refresh().reader() as reader:
        for _, fields in reader.iter_docs():
            drift.documents += 1
            ident = fields.get(ID, "")
            pk = article_id(fields)
            if pk is not None:
                if pk in in_db and pk not in stored:
                    stored[pk] = fields
                    continue
            drift.orphaned.append(ident)  # another model's, a deleted article's, or a duplicate
    drift.missing = sorted(in_db - set(stored))
    present = sorted(stored)
    kept = {name for name, field in backend.index.schema.items() if field.stored}  # the text only as its digest
    for pk, doc in prepared_documents(index, backend, present):
        expected = {k: v for k, v in doc.items() if k in kept}
        have = stored[pk]
        if any(_comparable(have.get(key)) != _comparable(value) for key, value in expected.items()
               if key in have or value not in ("", None)):
            drift.stale.append(pk)
    drift.stale.sort()
    return drift


def repair(drift=None):
    """Make the index agree with the database; return the drift that was found."""
    drift = find_drift() if drift is None else drift
    index_articles(drift.missing + drift.stale)
    remove_documents(drift.orphaned)
    return drift


# --- crash recovery for ingest runs -----------------------------------------------------------


class _RunLock:
    """The archive's ingest lock, shared by the runs of one process (so a run whose exception
    is still held in a traceback cannot block the next run of the same process forever)."""

    _held = {}  # path -> [open file, users]
    _mutex = threading.Lock()

    def __init__(self, path):
        self.path = str(path)
        with self._mutex:
            held = self._held.get(self.path)
            if held:
                held[1] += 1
                return
        fh = open(self.path, "a+")
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            log.warning("Another ingest is running on this archive; waiting for it to finish…")
            fcntl.flock(fh, fcntl.LOCK_EX)
        with self._mutex:
            self._held[self.path] = [fh, 1]

    def release(self):
        with self._mutex:
            held = self._held.get(self.path)
            if not held:
                return
            held[1] -= 1
            if held[1] == 0:
                del self._held[self.path]
                held[0].close()  # releases the flock

    def close(self):  # what a dying process does: every user gone at once
        with self._mutex:
            held = self._held.pop(self.path, None)
        if held:
            held[0].close()


class IngestRun:
    """Marks an ingest run in progress so that a run killed mid-way is noticed and made good.

    ``begin_run()`` waits for any other ingest run on this archive to finish, re-indexes
    what earlier, dead runs committed (every article updated since such a run started),
    then leaves its own marker; ``finish()`` removes it once the run's changes are
    indexed, and lets the next run go.
    """

    def __init__(self):
        self.recovered = 0
        runs = _lock_path("runs")
        runs.mkdir(parents=True, exist_ok=True)
        # One ingest at a time: two runs writing the same files would fight over SQLite's
        # write lock (and lose files to "database is locked"); the second waits for the first
        # and then finds its files unchanged.
        self._run_lock = _RunLock(_lock_path("ingestlock"))
        self.recovered = _recover_dead_runs(runs)
        self.path = runs / f"{uuid.uuid4().hex}.json"
        self._fh = open(self.path, "w+")
        fcntl.flock(self._fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        # Written before any database write of this run, so every article the run touches
        # has updated >= started.
        json.dump({"pid": os.getpid(), "started": timezone.now().isoformat()}, self._fh)
        self._fh.flush()
        os.fsync(self._fh.fileno())

    def finish(self):
        if self._fh is not None:
            self.path.unlink(missing_ok=True)
            self._fh.close()
            self._fh = None
        if self._run_lock is not None:
            self._run_lock.release()
            self._run_lock = None


def begin_run():
    return IngestRun()


def _recover_dead_runs(runs):
    recovered = 0
    for marker in sorted(runs.glob("*.json")):
        try:
            fh = open(marker, "r+")
        except FileNotFoundError:
            continue  # its run just finished
        with fh:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                continue  # a live run
            try:
                started = dt.datetime.fromisoformat(json.load(fh)["started"])
            except (ValueError, KeyError, TypeError):
                started = None  # killed before it wrote its start: compare everything
            if started is None:
                recovered += len(repair().missing)
            else:
                since = started - dt.timedelta(seconds=1)
                ids = list(Article.objects.filter(updated__gte=since).values_list("pk", flat=True))
                recovered += index_articles(ids)
            marker.unlink(missing_ok=True)
    return recovered
