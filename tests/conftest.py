"""Shared fixtures: a throwaway ARCHIVE_DATA_DIR, a real Whoosh index per test, seeded data."""
from pathlib import Path

import pytest

# ARCHIVE_DATA_DIR is set to a throwaway directory by tests/testenv.py, loaded by pytest.ini
# before pytest-django reads the settings.

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
ARTICLES = Path(__file__).resolve().parent / "data" / "articles"


@pytest.fixture(autouse=True)
def search_index(tmp_path, settings):
    """A fresh, real Whoosh index under this test's temporary directory."""
    from haystack import connections

    path = tmp_path / "whoosh_index"
    info = connections.connections_info["default"]
    old = info["PATH"]
    info["PATH"] = str(path)
    backend = connections.reload("default")
    yield path
    info["PATH"] = old
    connections.reload("default")
    del backend


@pytest.fixture
def ingested_seeds(db):
    """The five seed articles ingested (and indexed) through the real pipeline."""
    from archive.ingest.pipeline import ingest_paths

    report = ingest_paths([str(SEEDS)])
    assert not report.failed, report.failed
    return report
