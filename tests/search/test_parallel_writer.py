"""segments.ParallelWriter's sub-processes: a failure fails the commit, and they never outlive
their writer (cancelled) or their parent (killed), which would hold the index's locks."""
import multiprocessing
import os
import signal
import time
from pathlib import Path

import pytest
from whoosh.fields import ID, Schema
from whoosh.filedb.filestore import FileStorage
from whoosh.writing import IndexingError

from archive.search.analysis import VietnameseAnalyzer, VietnameseText
from archive.search.segments import ParallelWriter, Writer


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
    assert ix.doc_count() == 20 and len(ix._segments()) == 2
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
