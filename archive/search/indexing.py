"""Keeping the search index in step with the database.

Bulk ingest indexes the articles it changed once, in batches, at the end of a
run; single edits (admin) index on transaction commit. Never per save inside a
bulk loop.
"""
from django.db import transaction
from haystack import connections

from archive.models import Article

BATCH = 200


def _index():
    return connections["default"].get_unified_index().get_index(Article)


def index_articles(ids):
    """(Re)index the articles with these ids; return how many were written."""
    ids = list(ids)
    index, backend = _index(), connections["default"].get_backend()
    written = 0
    for start in range(0, len(ids), BATCH):
        batch = list(index.index_queryset().filter(pk__in=ids[start:start + BATCH]))
        if batch:
            backend.update(index, batch)
            written += len(batch)
    return written


def index_on_commit(article_ids):
    ids = list(article_ids)
    transaction.on_commit(lambda: index_articles(ids))
