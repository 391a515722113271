"""Writing articles to the search index: every index write goes through here.

The documents are prepared as Haystack prepares them (the ArticleIndex's
``full_prepare``, Haystack's value conversion). Small sets are written by one
writer; large sets by ``segments.ParallelWriter`` (Whoosh's MultiSegmentWriter),
whose sub-processes analyse and write one segment each while this process reads
the next batch from the database. Old versions of the documents are found and deleted with one searcher
for the whole set. Every write holds the index's writer lock from ``indexing``,
so it waits for, and never clashes with, any other writer.
"""
from haystack.constants import ID

from archive.models import Article
from archive.search import indexing

PARALLEL_FROM = 1000  # fewer articles are written faster by one writer than by starting sub-processes
WRITER_MB = 256  # memory each Whoosh writer may use before it spills a run to disk


def index_articles_bulk(ids, procs=1):
    """(Re)index these articles with procs writers; return how many documents were written."""
    ids = sorted(set(ids))
    if not ids:
        return 0
    index = indexing.article_index()
    parallel = procs > 1 and len(ids) >= PARALLEL_FROM
    written = 0
    with indexing.write_lock() as backend:
        ix = backend.index.refresh()
        replace = ix.doc_count_all() > 0  # a new index holds nothing to replace
        if parallel:
            # Each writer's segment is kept as it is (MultiSegmentWriter). Merging them into one at
            # commit re-read and re-wrote every posting in this process: a quarter of the CPU of a build.
            writer = indexing.open_writer(ix, procs=procs, limitmb=WRITER_MB, batchsize=indexing.BATCH)
        else:
            writer = indexing.open_writer(ix, timeout=indexing.LOCK_TIMEOUT, delay=indexing.LOCK_POLL)
        # One searcher finds the old versions of all of them: Whoosh's update_document opened a new
        # reader of every segment per document (half of indexing 100 articles into 1,000).
        searcher = writer.searcher() if replace else None
        try:
            for _, doc in indexing.prepared_documents(index, backend, ids):
                if searcher is not None:
                    writer.delete_by_term(ID, doc[ID], searcher=searcher)
                writer.add_document(**doc)
                written += 1
        except BaseException:
            writer.cancel()
            raise
        finally:
            if searcher is not None:
                searcher.close()
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


__all__ = ["index_articles_bulk", "rebuild", "ID"]
