"""Writing many articles to the search index at once, with several index writers.

``indexing.index_articles`` writes through Haystack's single AsyncWriter: right
for an admin edit or a small ingest run, but one core for a whole archive. For
large sets this module prepares the documents the same way (the ArticleIndex's
``full_prepare``, Haystack's value conversion) and hands them to Whoosh's
``MpWriter``, whose sub-processes analyse and write one segment each while this
process reads the next batch from the database. Every write holds the index's
writer lock from ``indexing`` (so it waits for, and never clashes with, any
other writer). It must never write anything the single-writer path would not:
same documents, same identifiers, an update replaces the old document.
"""
from haystack import connections
from haystack.constants import ID

from archive.models import Article
from archive.search import indexing

BATCH = 200  # articles per database read
PARALLEL_FROM = 1000  # fewer articles are written faster by one writer than by starting sub-processes
WRITER_MB = 256  # memory each Whoosh writer may use before it spills a run to disk


def documents(index, backend, ids):
    """Prepared index documents for the articles with these ids, a batch at a time."""
    for start in range(0, len(ids), BATCH):
        for obj in index.index_queryset().filter(pk__in=ids[start:start + BATCH]):
            doc = index.full_prepare(obj)
            doc.pop("boost", None)  # document boosts are not supported by Whoosh 2.5+
            yield {key: backend._from_python(value) for key, value in doc.items()}


def index_articles_bulk(ids, procs=1):
    """(Re)index these articles with procs writers; return how many documents were written."""
    ids = sorted(set(ids))
    if procs <= 1 or len(ids) < PARALLEL_FROM:
        return indexing.index_articles(ids)
    index = connections["default"].get_unified_index().get_index(Article)
    written = 0
    with indexing.write_lock() as backend:
        ix = backend.index.refresh()
        fresh = ix.doc_count_all() == 0
        # multisegment: each writer's segment is kept as it is. Merging them into one at commit
        # re-read and re-wrote every posting in this process: a quarter of the CPU of a build.
        writer = ix.writer(procs=procs, limitmb=WRITER_MB, batchsize=BATCH, multisegment=True)
        try:
            for doc in documents(index, backend, ids):
                # A new index holds nothing to replace: adding skips a term lookup per document.
                (writer.add_document if fresh else writer.update_document)(**doc)
                written += 1
        except BaseException:
            writer.cancel()
            raise
        writer.commit()
        backend.index = ix.refresh()
    return written


def rebuild(procs=1):
    """Empty the index and index every article again; return how many were written."""
    with indexing.write_lock() as backend:
        backend.clear(commit=True)
        backend.setup()
    ids = list(Article.objects.values_list("pk", flat=True))
    return index_articles_bulk(ids, procs=procs) if ids else 0


__all__ = ["documents", "index_articles_bulk", "rebuild", "ID"]
