"""segments.ParallelWriter's sub-processes: a failure fails the commit, and they never outlive
their writer (cancelled) or their parent (killed), which would hold the index's locks."""
import multiprocessing
import os
import re
import signal
import time
from pathlib import Path

import pytest
from whoosh.fields import ID, Schema
from whoosh.filedb.filestore import FileStorage
from whoosh.writing import IndexingError

from archive.processes import INDEX_WRITER
from archive.search.engines.whoosh.fields import VietnameseAnalyzer, VietnameseText
from archive.search.engines.whoosh.segments import ParallelWriter, Writer
from tests.conftest import skip_without_nice, skip_without_proc


def new_index(path):
    schema = Schema(id=ID(stored=True, unique=True), text=VietnameseText(analyzer=VietnameseAnalyzer(), phrase=True))
    return FileStorage(str(path)).create().create_index(schema)


def gone(pid):
    status = Path(f"/proc/{pid}/status")
    try:
        return "\nState:\tZ" in status.read_text()  # a zombie nobody reaps is gone too
    except FileNotFoundError:
        return True


def test_documents_from_every_sub_process_are_committed(tmp_path):
    ix = new_index(tmp_path)
    writer = ParallelWriter(ix, procs=2, batchsize=3)
    for n in range(20):
        writer.add_document(id=str(n), text=f"Hội nghị Tỉnh ủy lần thứ {n}")
    writer.commit()
    # One segment per sub-process that was given documents (which of the two takes which batch is
    # the scheduler's choice), never an empty one.
    counts = [segment.doc_count() for segment in ix._segments()]
    assert ix.doc_count() == 20 and sum(counts) == 20 and 1 <= len(counts) <= 2 and 0 not in counts
    assert not multiprocessing.active_children()


def test_a_sub_process_that_fails_fails_the_commit_and_leaves_the_index_as_it_was(tmp_path):
    ix = new_index(tmp_path)
    writer = ParallelWriter(ix, procs=2, batchsize=1)
    writer.add_document(id="1", text="Tỉnh ủy")
    writer.add_document(id="2", text=12345)  # not text: the sub-process's add_document raises
    writer.add_document(id="3", text="khóa XV")
    with pytest.raises(IndexingError, match="not unicode"):  # Whoosh's own message, from the sub-process
        writer.commit()
    writer.cancel()
    assert ix.doc_count() == 0
    assert not multiprocessing.active_children()
    Writer(ix).commit()  # the index is not locked


def test_cancelling_stops_the_sub_processes(tmp_path):
    ix = new_index(tmp_path)
    writer = ParallelWriter(ix, procs=2, batchsize=1)
    for n in range(4):
        writer.add_document(id=str(n), text="Ban Thường vụ")
    assert writer.tasks and all(task.is_alive() for task in writer.tasks)
    writer.cancel()
    assert not any(task.is_alive() for task in writer.tasks)
    assert ix.doc_count() == 0
    Writer(ix).commit()


def _write_then_die(path, pids):
    writer = ParallelWriter(new_index(path), procs=2, batchsize=1)
    for n in range(4):
        writer.add_document(id=str(n), text="Hội đồng nhân dân")
    pids.send([task.pid for task in writer.tasks])  # a pipe: sent before the kill (a Queue sends later)
    os.kill(os.getpid(), signal.SIGKILL)  # no cleanup of any kind, as when the OOM killer strikes


def test_sub_processes_exit_when_their_parent_is_killed(tmp_path):
    skip_without_proc()  # gone() reads /proc/<pid>/status: without it every process would look gone
    pids, sender = multiprocessing.Pipe(duplex=False)
    parent = multiprocessing.get_context("fork").Process(target=_write_then_die, args=(tmp_path, sender))
    parent.start()
    assert pids.poll(30)
    children = pids.recv()
    parent.join(30)
    assert parent.exitcode == -signal.SIGKILL and len(children) == 2
    deadline = time.monotonic() + 20
    while not all(gone(pid) for pid in children) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert all(gone(pid) for pid in children)


def test_each_sub_process_starts_a_new_segment_every_segment_docs_documents(tmp_path):
    ix = new_index(tmp_path)
    writer = ParallelWriter(ix, procs=2, batchsize=2, segment_docs=4)
    for n in range(30):
        writer.add_document(id=str(n), text=f"Hội nghị Tỉnh ủy lần thứ {n}")
    writer.commit()
    counts = sorted(segment.doc_count_all() for segment in ix._segments())
    assert sum(counts) == 30 and len(counts) >= 6 and max(counts) <= 4 + 2  # a batch is never split
    assert 0 not in counts
    with ix.searcher() as s:
        assert sorted(int(fields["id"]) for fields in s.all_stored_fields()) == list(range(30))
    assert not multiprocessing.active_children()


def test_sub_processes_run_at_a_lower_priority_than_their_parent(tmp_path):
    skip_without_proc()
    skip_without_nice()
    writer = ParallelWriter(new_index(tmp_path), procs=2, batchsize=1, nice=3)
    try:
        for n in range(4):
            writer.add_document(id=str(n), text="Ban Thường vụ")
        deadline = time.monotonic() + 20
        expected = [(min(os.getpriority(os.PRIO_PROCESS, 0) + 3, 19), INDEX_WRITER)] * 2

        def seen():
            return [(os.getpriority(os.PRIO_PROCESS, task.pid), Path(f"/proc/{task.pid}/comm").read_text().strip())
                    for task in writer.tasks]

        while time.monotonic() < deadline and seen() != expected:
            time.sleep(0.05)  # a sub-process names itself and lowers its priority as it starts
        assert seen() == expected
    finally:
        writer.cancel()


def test_an_index_of_many_segments_answers_every_search_as_one_segment_does(db, monkeypatch, settings):
    """The search path (matching, ranking, facets, snippets) over many small segments written by
    the parallel writers gives the results of one segment written by one writer."""
    from archive.ingest.pipeline import ingest_paths
    from archive.models import Article
    from archive.search import SearchParams
    from archive.search import search as run_search
    from archive.search.engines.whoosh import bulk, indexing
    from tests.conftest import ARTICLES, SEEDS

    assert not ingest_paths([str(SEEDS), str(ARTICLES)], index=False).failed
    ids = list(Article.objects.values_list("pk", flat=True))
    queries = [SearchParams(q="Tỉnh ủy"), SearchParams(q="tinh uy khoa"), SearchParams(q='"Ban Chấp hành"'),
               SearchParams(q="nghị quyết"), SearchParams(q="Hội đồng nhân dân", sort="newest"), SearchParams(),
               SearchParams(q="kinh tế", filters={"year": ["2024"]})]

    def answers():
        out = []
        for params in queries:
            result = run_search(params)
            out.append((result.count, [hit.article.pk for hit in result.hits],
                        [hit.snippet_html for hit in result.hits], result.facets))
        return out

    bulk.rebuild(procs=1)
    from haystack import connections

    assert len(connections["default"].get_backend().index.refresh()._segments()) == 1
    one = answers()
    assert one[0][0] > 20 and one[-2][0] == len(ids)
    monkeypatch.setattr(bulk, "PARALLEL_FROM", 1)
    settings.ARCHIVE_INDEX_SEGMENT_DOCS = 5
    monkeypatch.setattr(indexing, "BATCH", 3)  # documents per job file (and per database read)
    bulk.rebuild(procs=2)
    assert len(connections["default"].get_backend().index.refresh()._segments()) >= 4
    assert answers() == one


@pytest.mark.parametrize("value, expected", [("", 0), ("0", 0), ("12500", 12500), (" 300 ", 300)])
def test_segment_docs_setting_reads_a_whole_number(monkeypatch, tmp_path, value, expected):
    from tests.test_postgres import read_settings

    assert (read_settings(monkeypatch, tmp_path, ARCHIVE_INDEX_SEGMENT_DOCS=value)["ARCHIVE_INDEX_SEGMENT_DOCS"]
            == expected)


@pytest.mark.parametrize("value", ["abc", "-5", "1.5", "12,500"])
def test_a_bad_segment_docs_setting_stops_start_up_naming_it(monkeypatch, tmp_path, value):
    from tests.test_postgres import read_settings

    with pytest.raises(RuntimeError,
                       match=r"ARCHIVE_INDEX_SEGMENT_DOCS must be a whole number .*" + re.escape(repr(value))):
        read_settings(monkeypatch, tmp_path, ARCHIVE_INDEX_SEGMENT_DOCS=value)


@pytest.mark.parametrize("limit", [10**9, 2_000])  # everything in memory; spilled as runs of ~2 KB
@pytest.mark.parametrize("order", ["documents", "shuffled"])
def test_the_term_pool_gives_back_every_posting_in_whooshs_order(tmp_path, limit, order):
    """TermPool gives back what Whoosh's PostingPool gives back (postings sorted by field, term and
    document), whether the postings came document after document or in any order (merging
    segments), from memory or from spilled runs; add_field returns each field's length."""
    import random

    from whoosh.filedb.filestore import FileStorage
    from whoosh.writing import PostingPool

    from archive.search.engines.whoosh.segments import TermPool

    rng = random.Random(7)
    words = [f"w{n}".encode() for n in range(60)]
    docs = [[(field, sorted(rng.sample(words, rng.randint(1, 12)))) for field in ("text", "title")] for _ in range(300)]
    storage = FileStorage(str(tmp_path)).create()
    ours, whooshs = TermPool(storage, None), PostingPool(storage, None)
    ours.limit = limit
    postings = [(field, term, docnum, float(n), b"v%d" % n if n > 1 else b"")
                for docnum, fields in enumerate(docs) for field, terms in fields for n, term in enumerate(terms, 1)]
    if order == "documents":
        for docnum, fields in enumerate(docs):
            for field, terms in fields:
                items = [(term, n, float(n), b"v%d" % n if n > 1 else b"") for n, term in enumerate(terms, 1)]
                assert ours.add_field(field, docnum, items) == sum(range(1, len(terms) + 1))
    else:
        rng.shuffle(postings)
        for posting in postings:
            ours.add(posting)
    for posting in postings:
        whooshs.add(posting)
    assert (len(ours.runs) > 1) == (limit < 10**9)
    assert list(ours.iter_postings()) == list(whooshs.iter_postings()) == sorted(postings)


def test_a_term_out_of_document_order_across_a_spilled_run_is_written_in_order(tmp_path):
    """A term's later posting of an earlier document, after the term's postings were spilled."""
    from whoosh.filedb.filestore import FileStorage

    from archive.search.engines.whoosh.segments import TermPool

    pool = TermPool(FileStorage(str(tmp_path)).create(), None)
    pool.add(("text", b"t", 5, 1.0, b""))
    pool.save()
    pool.add(("text", b"t", 3, 1.0, b""))
    assert [posting[2] for posting in pool.iter_postings()] == [3, 5]
