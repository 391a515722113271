"""Names for the processes an ingest starts, as ``ps``, ``top`` and the benchmark see them."""
import contextlib
import os

EXTRACT = "nghisu-extract"  # an ingest's extraction worker (archive/ingest/pipeline.py)
INDEX_WRITER = "nghisu-index"  # an index writer sub-process (archive/search/segments.py)


def become(name, nice=0):
    """Start a child process's work: set its command name (Linux: /proc/self/comm, at most 15
    bytes; elsewhere nothing), then lower its priority by ``nice``. Where the priority cannot be
    changed (no os.nice, or a sandbox refuses it) the process runs at its parent's, slower to
    share the cores but never failing for it."""
    with contextlib.suppress(OSError):
        with open("/proc/self/comm", "w") as fh:
            fh.write(name[:15])
    if nice:
        with contextlib.suppress(OSError, AttributeError):
            os.nice(nice)
