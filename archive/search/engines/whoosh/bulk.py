"""Writing articles to the search index: every index write goes through here.

The documents are prepared as Haystack prepares them (the ArticleIndex's
``full_prepare``, Haystack's value conversion). Small sets are written by one
writer; large sets by ``segments.ParallelWriter`` (Whoosh's MultiSegmentWriter),
whose sub-processes analyse and write one segment each while this process reads
the next batch from the database. Old versions of the documents are found and
deleted with one searcher for the whole set. Every write holds the index's
writer lock from ``indexing``, so it waits for, and never clashes with, any
other writer.
"""
import contextlib

from django.conf import settings
from haystack.constants import ID

from archive.models import Article
from archive.search.engines.whoosh import indexing

PARALLEL_FROM = settings.ARCHIVE_INDEX_PARALLEL_FROM  # articles; below, one writer is faster
# Memory each index writer may use by its pool's estimate (resident memory runs above the estimate:
# bench/README.md) before it spills a run to disk.
WRITER_MB = 192


def index_articles_bulk(ids, procs=1):
    """(Re)index these articles with procs writers; return how many documents were written."""
    ids = sorted(set(ids))
    with Indexer(procs=procs, parallel=len(ids) >= PARALLEL_FROM) as indexer:
        indexer.add(ids)
    return indexer.written


class Indexer:
    """One write of many articles to the index, fed as they come and committed at the end.

    An ingest adds each batch of articles as soon as the batch is committed to the database,
    so that the index writers' sub-processes work while the next batches are read and stored
    (on two cores, extraction, storing and indexing overlap instead of taking turns). The
    index's write lock and writer are taken at the first ``add`` and held until the end of
    the ``with`` block, which commits the write (or, after an exception, cancels it). An
    article added a second time is written again after the commit, in its latest version; an
    article no longer in the database is deleted from the index. Before committing, it also
    writes the articles that edits left to it while it held the index (``indexing.defer``).
    """

    def __init__(self, procs=1, parallel=False, lock_timeout=indexing.LOCK_TIMEOUT, clear=False):
        self.procs, self.parallel, self.lock_timeout = procs, parallel and procs > 1, lock_timeout
        self.clear = clear  # empty the index first, under the same hold of the lock (a rebuild)
        self.written, self._seen, self._again = 0, set(), set()
        self._writer = None

    def __enter__(self):
        return self

    def add(self, ids):
        fresh = []
        for pk in ids:
            if pk in self._seen:
                self._again.add(pk)
            else:
                fresh.append(pk)
                self._seen.add(pk)
        if not fresh:
            return
        if self._writer is None:
            self._open()
        found = set()
        for pk, doc in indexing.prepared_documents(self._index, self._backend, sorted(fresh)):
            if self._searcher is not None:
                self._writer.delete_by_term(ID, doc[ID], searcher=self._searcher)
            self._writer.add_document(**doc)
            self.written += 1
            found.add(pk)
        if self._searcher is not None:
            for pk in set(fresh) - found:  # deleted from the database meanwhile
                self._writer.delete_by_term(ID, indexing.document_id(pk), searcher=self._searcher)

    def _open(self):
        self._index = indexing.article_index()
        with contextlib.ExitStack() as stack:  # undone at once if opening fails
            self._backend = stack.enter_context(indexing.write_lock(self.lock_timeout))
            if self.clear:
                indexing.empty_index(self._backend)
            ix = self._backend.index.refresh()
            if self.parallel:
                # Each writer's segment is kept as it is (MultiSegmentWriter). Merging them into one at
                # commit re-read and re-wrote every posting in this process: a quarter of the CPU of a build.
                writer = indexing.open_writer(ix, procs=self.procs, limitmb=WRITER_MB, batchsize=indexing.BATCH,
                                              segment_docs=settings.ARCHIVE_INDEX_SEGMENT_DOCS)
            else:
                writer = indexing.open_writer(ix, timeout=indexing.LOCK_TIMEOUT, delay=indexing.LOCK_POLL)
            # One searcher finds the old versions of all of them: Whoosh's update_document opened a new
            # reader of every segment per document (half of indexing 100 articles into 1,000). None for
            # a new index: nothing to replace.
            try:
                self._searcher = writer.searcher() if ix.doc_count_all() > 0 else None
            except BaseException:
                writer.cancel()
                raise
            self._ix, self._writer, self._lock = ix, writer, stack.pop_all()  # held until __exit__

    def __exit__(self, exc_type, exc, tb):
        if exc_type is None and self._writer is None and (self.clear or indexing.has_deferred()):
            self._open()
        if self._writer is None:
            return
        ok = exc_type is None
        try:
            if ok:
                deferred = indexing.take_deferred()  # holding the lock: nobody else takes them
                try:
                    self.add(deferred)
                except BaseException:
                    indexing.defer(deferred)
                    raise
        except BaseException:
            ok = False
            raise
        finally:
            self._finish(ok)
        if ok and self._again:
            self.written += index_articles_bulk(self._again)

    def _finish(self, commit):
        writer, self._writer = self._writer, None
        with self._lock:  # the index's write lock, released last
            try:
                if self._searcher is not None:
                    self._searcher.close()
            finally:
                if commit:
                    try:
                        writer.commit()
                    except BaseException:
                        with contextlib.suppress(Exception):  # a commit that failed half-way may refuse it
                            writer.cancel()
                        raise
                    self._backend.index = self._ix.refresh()
                else:
                    writer.cancel()


def rebuild(procs=1):
    """Empty the index and index every article again, holding the index's lock from the first
    deletion to the commit (no other writer's work falls in between); return how many were written."""
    ids = list(Article.objects.order_by("pk").values_list("pk", flat=True))
    with Indexer(procs=procs, parallel=len(ids) >= PARALLEL_FROM, clear=True) as indexer:
        indexer.add(ids)
    return indexer.written


__all__ = ["index_articles_bulk", "rebuild", "ID"]
