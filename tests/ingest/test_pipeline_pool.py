"""The extraction pool of a parallel ingest."""
import os

from archive.ingest import pipeline


def test_extraction_workers_run_below_the_process_that_stores(tmp_path):
    files = [str(tmp_path / f"{n}.txt") for n in range(4)]
    own = os.getpriority(os.PRIO_PROCESS, 0)
    with pipeline._pool(2, files) as pool:
        seen = {pool.apply_async(os.getpriority, (os.PRIO_PROCESS, 0)).get(timeout=30) for _ in range(8)}
    assert seen == {min(own + pipeline.EXTRACT_NICE, 19)}
    assert os.getpriority(os.PRIO_PROCESS, 0) == own  # this process keeps its priority


def test_a_small_run_extracts_in_this_process():
    with pipeline._pool(2, ["a.txt", "b.txt", "c.txt"]) as pool:
        assert pool is None
