"""The search suite runs on the engine ARCHIVE_SEARCH_ENGINE names (`make test-postgres` runs it
on both). Tests of the Whoosh engine's own machinery (its segment writers, numpy matching, lock,
analyzer, private names) only mean something on Whoosh and are skipped on another engine."""
import pytest
from django.conf import settings

WHOOSH_ONLY = {"test_fast_matching.py", "test_parallel_writer.py", "test_positions_decoding.py",
               "test_index_files.py", "test_indexer.py", "test_whoosh_private.py", "test_index_writes.py",
               "test_analysis.py"}


def pytest_collection_modifyitems(config, items):
    if settings.ARCHIVE_SEARCH_ENGINE == "whoosh":
        return
    skip = pytest.mark.skip(reason=f"the Whoosh engine's own machinery; the engine is {settings.ARCHIVE_SEARCH_ENGINE}")
    for item in items:
        if item.path.name in WHOOSH_ONLY:
            item.add_marker(skip)
