"""The extraction pool of a parallel ingest."""
import os

from archive import processes
from archive.ingest import pipeline


def _priority_and_name():
    with open("/proc/self/comm") as fh:
        return os.getpriority(os.PRIO_PROCESS, 0), fh.read().strip()


def test_extraction_workers_run_below_the_process_that_stores_under_their_own_name(tmp_path):
    files = [str(tmp_path / f"{n}.txt") for n in range(4)]
    own = _priority_and_name()
    with pipeline._pool(2, files) as pool:
        seen = {pool.apply_async(_priority_and_name).get(timeout=30) for _ in range(8)}
    assert seen == {(min(own[0] + pipeline.EXTRACT_NICE, 19), processes.EXTRACT)}
    assert _priority_and_name() == own  # this process keeps its priority and name


def test_a_small_run_extracts_in_this_process():
    with pipeline._pool(2, ["a.txt", "b.txt", "c.txt"]) as pool:
        assert pool is None
