"""bulk.Indexer: an index write fed batch by batch (as an ingest feeds it) and committed once."""
import threading

import pytest

from archive.ingest.pipeline import ingest_paths
from archive.models import Article
from archive.search.engines.whoosh import bulk, indexing
from tests.conftest import ARTICLES, SEEDS


@pytest.fixture
def stored(db):
    """The seeds and test articles in the database, not in the index."""
    assert not ingest_paths([str(SEEDS), str(ARTICLES)], index=False).failed
    return sorted(Article.objects.values_list("pk", flat=True))


def index_size():
    return indexing._backend().index.refresh().doc_count()


@pytest.mark.parametrize("procs", [1, 2])
def test_batches_fed_one_by_one_are_indexed_as_one_write(stored, procs):
    assert indexing.find_drift().missing == stored
    with bulk.Indexer(procs=procs, parallel=True) as indexer:
        for start in range(0, len(stored), 7):
            indexer.add(stored[start:start + 7])
        assert index_size() == 0  # nothing is visible before the commit
    assert indexer.written == len(stored) == index_size()
    drift = indexing.find_drift()
    assert not (drift.missing or drift.stale or drift.orphaned)


def test_an_article_added_twice_ends_up_once_in_its_latest_version(stored):
    bulk.index_articles_bulk(stored)
    first = stored[0]
    with bulk.Indexer() as indexer:
        indexer.add([first, stored[1]])
        Article.objects.filter(pk=first).update(title="Tiêu đề đã sửa giữa hai lần")
        indexer.add([first])
    assert indexer.written == 3 and index_size() == len(stored)
    drift = indexing.find_drift()
    assert not (drift.missing or drift.stale or drift.orphaned)


def test_a_failed_run_leaves_the_index_as_it_was_and_unlocked(stored):
    bulk.index_articles_bulk(stored[:5])
    with pytest.raises(RuntimeError), bulk.Indexer() as indexer:
        indexer.add(stored[5:])
        raise RuntimeError("the ingest failed")
    assert index_size() == 5
    with indexing.write_lock(timeout=1):  # released: no IndexBusy
        pass
    assert bulk.index_articles_bulk(stored[5:]) == len(stored) - 5 and index_size() == len(stored)


def test_an_indexer_given_nothing_takes_no_lock_and_writes_nothing(stored):
    with bulk.Indexer(procs=2, parallel=True) as indexer:
        indexer.add([])
        with indexing.write_lock(timeout=1):
            pass
    assert indexer.written == 0 == index_size()


@pytest.fixture
def committed(transactional_db):
    """The seeds and test articles, committed (other threads' connections see them), not indexed."""
    assert not ingest_paths([str(SEEDS), str(ARTICLES)], index=False).failed
    return sorted(Article.objects.values_list("pk", flat=True))


def test_an_edit_while_another_writer_holds_the_index_is_left_to_it(committed, monkeypatch):
    """An ingest holds the index for its whole run: an edit meanwhile neither waits for it nor
    fails; the writer holding the index writes the edited article before its commit."""
    # The edit's short wait for the lock (2 s) ends the same way however short: the holder keeps
    # the lock until the test lets it go.
    monkeypatch.setattr(indexing, "QUICK_LOCK", 0.1)
    bulk.index_articles_bulk(committed)
    held, release, let_go = threading.Event(), threading.Event(), threading.Event()

    def ingest_like():
        with bulk.Indexer() as indexer:
            indexer.add([committed[1]])  # holds the index from here to the commit
            held.set()
            release.wait(60)  # set by the test; the timeout only bounds a hang
            let_go.set()

    holder = threading.Thread(target=ingest_like)
    holder.start()
    assert held.wait(60)
    Article.objects.filter(pk=committed[0]).update(title="Tiêu đề sửa trong lúc ingest")
    try:
        indexing.index_on_commit([committed[0]])  # autocommit: runs at once
        assert not let_go.is_set()  # it returned while the writer still held the index: it did not wait for it
        assert indexing.has_deferred()  # it left its article to that writer…
        assert indexing.find_drift().stale == [committed[0]]  # …which has not written it yet
    finally:
        release.set()
        holder.join(60)
    assert let_go.is_set()
    drift = indexing.find_drift()
    assert not (drift.missing or drift.stale or drift.orphaned)
    assert not indexing.has_deferred()


def test_a_deferred_article_deleted_meanwhile_leaves_the_index(stored):
    bulk.index_articles_bulk(stored)
    Article.objects.filter(pk=stored[0]).delete()
    indexing.defer([stored[0]])
    with bulk.Indexer():  # given nothing, it still writes what was left to it
        pass
    assert index_size() == len(stored) - 1
    drift = indexing.find_drift()
    assert not (drift.missing or drift.stale or drift.orphaned)


def test_articles_loaded_as_a_batch_are_prepared_as_each_alone(stored):
    """ArticleIndex.load reads a batch's mentions as columns. Each document must hold what the
    ORM reads of its article's mentions that are not rejected, and equal the document of the
    article read alone (every column, its mentions read for it alone)."""
    from archive.models import DocumentMention, MeetingMention, PersonMention

    owners = ((PersonMention, "person", "person"), (DocumentMention, "document", "document"),
              (MeetingMention, "meeting", "kind"))
    rejected = []
    for model, owner, field in owners:  # every mention of an entity in an article, rejected
        first = model.objects.filter(article_id__in=stored).select_related(owner).order_by("pk").first()
        model.objects.filter(article=first.article, **{owner: getattr(first, owner)}).update(rejected=True)
        entity = getattr(first, owner)
        rejected.append((first.article_id, field, entity.kind_slug if owner == "meeting" else entity.slug))
    index, backend = indexing.article_index(), indexing._backend()
    batch = dict(indexing.prepared_documents(index, backend, stored))
    assert sorted(batch) == stored
    for pk in stored:
        doc = batch[pk]
        for model, owner, field in owners:
            entities = [getattr(m, owner)
                        for m in model.objects.filter(article_id=pk, rejected=False).select_related(owner)]
            slugs = sorted({e.kind_slug if owner == "meeting" else e.slug for e in entities})
            assert doc[field] == backend._from_python(slugs), (pk, field)
            if owner == "person":
                assert all(e.name in doc["text"] for e in entities)
        obj = Article.objects.get(pk=pk)
        alone = index.full_prepare(obj)
        alone.pop("boost", None)
        assert doc == {key: backend._from_python(value) for key, value in alone.items()}, pk
    for pk, field, slug in rejected:
        assert slug not in batch[pk][field].split(","), (field, batch[pk][field])
    # The articles still have people and documents the test did not reject.
    assert all(batch[pk][field] for pk, field, _ in rejected if field != "kind")
