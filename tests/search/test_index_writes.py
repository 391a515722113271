"""Every write to the search index goes through the index's lock, whoever makes it.

An ingest holds the index for its whole run; the admin's deletes and edits made meanwhile
must reach the index all the same (left to the ingest, which writes them before its commit),
never be lost to a lock error swallowed on the way.
"""
import io
import shutil
import threading
import time

import pytest
from django.core.management import call_command

from archive.ingest import pipeline
from archive.models import Article
from archive.search.engines.whoosh import bulk, indexing
from tests.conftest import ARTICLES, SEEDS
from tests.test_concurrency import waiting_for_the_lock


def indexed_ids():
    with indexing._backend().index.refresh().searcher() as searcher:
        return {int(fields["django_id"]) for fields in searcher.all_stored_fields()}


def test_an_article_deleted_in_the_admin_during_an_ingest_is_gone_from_the_index_after_it(
        admin_client, monkeypatch, django_capture_on_commit_callbacks, tmp_path):
    assert not pipeline.ingest_paths([str(SEEDS)]).failed
    # A few files make a run that holds the index after its first one; the delete needs no more.
    for path in sorted(ARTICLES.glob("*.txt"))[:4]:
        shutil.copy(path, tmp_path / path.name)
    victim = Article.objects.order_by("pk").first()
    assert victim.pk in indexed_ids()
    monkeypatch.setattr(pipeline, "COMMIT_EVERY", 1)  # the ingest holds the index after its first file
    # The delete's short wait for the lock (2 s) ends the same way however short: the ingest, which
    # runs the callback below, holds the lock throughout.
    monkeypatch.setattr(indexing, "QUICK_LOCK", 0.1)
    deleted = []

    def delete_once_the_ingest_holds_the_index(result):
        if not deleted and result.article_id is not None and _lock_is_held():
            with django_capture_on_commit_callbacks(execute=True):
                response = admin_client.post(f"/admin/archive/article/{victim.pk}/delete/", {"post": "yes"})
            assert response.status_code == 302, response.content[:500]
            deleted.append(victim.pk)

    report = pipeline.ingest_paths([str(tmp_path)], on_result=delete_once_the_ingest_holds_the_index)
    assert not report.failed and len(report.results) == 4
    assert deleted == [victim.pk], "the delete never happened while the ingest held the index"
    assert not Article.objects.filter(pk=victim.pk).exists()
    assert victim.pk not in indexed_ids()
    drift = indexing.find_drift()
    assert not drift, drift.summary()


def _lock_is_held():
    import fcntl

    with open(indexing._lock_path("writelock"), "a+") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(fh, fcntl.LOCK_UN)
        return False


@pytest.fixture
def committed_seeds(transactional_db):
    assert not pipeline.ingest_paths([str(SEEDS), str(ARTICLES)]).failed
    return sorted(Article.objects.values_list("pk", flat=True))


@pytest.mark.parametrize("command", [("clear_index", "--noinput"), ("rebuild_index", "--noinput", "--procs", "2")])
def test_our_index_commands_wait_for_the_writer_holding_the_index(committed_seeds, command):
    """Haystack's clear_index and rebuild_index deleted the index directory under a running ingest."""
    holding, release, errors = threading.Event(), threading.Event(), []

    def holder():
        with indexing.write_lock():
            holding.set()
            release.wait(60)

    def run():
        try:
            call_command(*command, verbosity=0)
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)

    first, second = threading.Thread(target=holder), threading.Thread(target=run)
    first.start()
    try:
        assert holding.wait(60)
        second.start()
        deadline = time.monotonic() + 60  # only bounds a hang
        while not waiting_for_the_lock(second) and second.is_alive() and time.monotonic() < deadline:
            time.sleep(0.01)
        assert waiting_for_the_lock(second), errors
        assert indexed_ids() == set(committed_seeds)  # nothing deleted while another writer holds the index
    finally:
        release.set()
        first.join(60)
        second.join(120)
    assert not errors, errors
    assert indexed_ids() == (set() if command[0] == "clear_index" else set(committed_seeds))


def test_rebuild_index_writes_with_parallel_writers_into_few_segments(committed_seeds, monkeypatch):
    monkeypatch.setattr(bulk, "PARALLEL_FROM", 1)  # the seeds and test articles count as a large set
    call_command("rebuild_index", "--noinput", "--procs", "2", verbosity=0)
    ix = indexing._backend().index.refresh()
    assert ix.doc_count() == len(committed_seeds)
    assert len(ix._segments()) <= 2  # one per writer; Haystack's wrote one per 200 articles
    assert not indexing.find_drift()


def test_update_index_writes_only_what_differs(committed_seeds):
    victim = committed_seeds[0]
    Article.objects.filter(pk=victim).update(title="Tiêu đề sửa ngoài chỉ mục")
    indexing.remove_articles(committed_seeds[1:3])
    assert indexing.find_drift()
    out = io.StringIO()
    call_command("update_index", stdout=out)
    assert "2 missing, 1 stale, 0 orphaned" in out.getvalue()
    assert not indexing.find_drift()


def test_one_index_identifier_for_an_article(db):
    from haystack.utils import get_identifier

    from tests import factories

    article = factories.article(title="Một bài", paragraphs=["Nội dung."])
    assert indexing.document_id(article.pk) == get_identifier(article)
    assert indexing.article_id({"django_ct": "archive.article", "django_id": str(article.pk)}) == article.pk
    assert indexing.article_id({"django_ct": "archive.person", "django_id": "3"}) is None
