"""Concurrency: searches answer while the index is written, writers queue, two ingests at once agree.

Index writers and searchers run in threads of this process (the test database
is shared between them); the two simultaneous ingests are real ``manage.py
ingest`` processes on one throwaway ARCHIVE_DATA_DIR.
"""
import sys
import threading
import time

import pytest

from archive.ingest.pipeline import ingest_paths
from archive.models import Article
from archive.search.engines.whoosh import indexing
from tests.conftest import SEEDS
from tests.test_reliability import corpus, manage  # noqa: F401  (corpus is a fixture)


@pytest.fixture
def seeded(transactional_db):
    report = ingest_paths([str(SEEDS)])
    assert not report.failed
    return list(Article.objects.values_list("pk", flat=True))


def test_searches_answer_while_the_index_is_written(client, seeded):
    expected = client.get("/api/search", {"q": "tinh uy"}).json()["count"]
    assert expected >= 3
    errors, commits, done = [], [], threading.Event()

    def writer():
        try:
            while not done.is_set() and len(commits) < 6:
                indexing.index_articles(seeded)  # every commit replaces all five documents
                commits.append(1)
        except Exception as exc:  # noqa: BLE001 - the assertion below reports it
            errors.append(exc)
        finally:
            done.set()

    threads = [threading.Thread(target=writer) for _ in range(2)]  # two writers queue on the lock
    for t in threads:
        t.start()
    answers = []
    try:
        while not done.is_set() or not answers:
            for url, params in (("/api/search", {"q": "tinh uy"}), ("/search/", {"q": "tỉnh ủy"}),
                                ("/api/search", {"province": "dong-thap"})):
                response = client.get(url, params)
                answers.append(response.status_code)
                if url == "/api/search" and "q" in params:
                    assert response.json()["count"] == expected  # never a half-written index
    finally:
        done.set()
        for t in threads:
            t.join(timeout=300)
    assert not errors, errors
    assert commits and answers and set(answers) == {200}
    assert not indexing.find_drift()


def waiting_for_the_lock(thread):
    """Whether the thread is inside ``indexing.write_lock`` before its ``yield``: while another
    holds the lock, that is where a writer waits its turn."""
    frame = sys._current_frames().get(thread.ident)
    while frame is not None:
        if frame.f_code is indexing.write_lock.__wrapped__.__code__:
            return True
        frame = frame.f_back
    return False


def test_a_writer_waits_for_the_lock_instead_of_failing(seeded):
    holding, release = threading.Event(), threading.Event()
    events, errors = [], []

    def holder():
        with indexing.write_lock() as backend:
            # Whoosh's own lock too, as Haystack's rebuild_index would hold it.
            raw = backend.index.refresh().writer()
            holding.set()
            release.wait(60)
            events.append("released")
            raw.cancel()

    def writer():
        try:
            events.append(("written", indexing.index_articles(seeded)))
        except Exception as exc:  # noqa: BLE001 - a LockError here is the failure this test exists for
            errors.append(exc)

    first, second = threading.Thread(target=holder), threading.Thread(target=writer)
    first.start()
    try:
        assert holding.wait(60)
        second.start()
        # The holder lets go only once the second writer is waiting for the lock; the deadline
        # only bounds a hang.
        deadline = time.monotonic() + 60
        while not waiting_for_the_lock(second) and second.is_alive() and time.monotonic() < deadline:
            time.sleep(0.01)
        assert waiting_for_the_lock(second), (events, errors)
    finally:
        release.set()
        first.join(60)
        if second.ident is not None:
            second.join(60)
    assert not errors, errors
    assert events == ["released", ("written", len(seeded))]  # it waited its turn, then wrote everything


def test_a_writer_gives_up_with_a_clear_message_after_its_timeout(seeded):
    entered, release = threading.Event(), threading.Event()

    def holder():
        with indexing.write_lock():
            entered.set()
            release.wait(60)  # released by the test; the timeout only bounds a hang

    t = threading.Thread(target=holder)
    t.start()
    assert entered.wait(60)
    try:
        with pytest.raises(indexing.IndexBusy, match="being written by another process"):
            with indexing.write_lock(timeout=0.3):
                pass
    finally:
        release.set()
        t.join()


def test_two_ingests_started_at_once(corpus, tmp_path, fresh_archive):  # noqa: F811
    files = sorted(p.name for p in corpus.glob("*.txt"))
    data = fresh_archive(tmp_path / "data")  # migrated
    first, second = manage(data, "ingest", str(corpus)), manage(data, "ingest", str(corpus))
    out1, err1 = first.communicate(timeout=900)
    out2, err2 = second.communicate(timeout=900)
    assert (first.returncode, second.returncode) == (0, 0), (err1[-2000:], err2[-2000:])
    check = manage(data, "check_archive")
    out, err = check.communicate(timeout=300)
    assert check.returncode == 0, (out, err)
    assert f"{len(files)} articles, {len(files)} index documents: 0 missing, 0 stale, 0 orphaned" in out
    import sqlite3

    with sqlite3.connect(data / "archive.sqlite3") as db:
        stored = [row[0] for row in db.execute("SELECT file_name FROM archive_article ORDER BY file_name")]
        integrity = db.execute("PRAGMA integrity_check").fetchone()[0]
        journal = db.execute("PRAGMA journal_mode").fetchone()[0]
    assert stored == files and integrity == "ok"
    assert journal == "wal"  # readers never wait for a writer
