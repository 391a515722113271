"""Shared fixtures: a throwaway ARCHIVE_DATA_DIR, a real Whoosh index per test, seeded data."""
import os
import shutil
import tempfile
from pathlib import Path

# Before Django reads its settings: all runtime state goes to a throwaway directory.
os.environ["ARCHIVE_DATA_DIR"] = tempfile.mkdtemp(prefix="nghisu-test-")

import pytest  # noqa: E402
from django.conf import settings as django_settings  # noqa: E402

# pytest-django has read the settings already (before this file), so they are set here directly.
# Every test client is 127.0.0.1: the per-client search throttle would trip across tests and
# sessions; tests/test_security.py turns it on where it is tested, with a private cache.
django_settings.ARCHIVE_SEARCH_RATE_PER_MINUTE = 0
django_settings.CACHES = {
    **django_settings.CACHES,
    "throttle": {**django_settings.CACHES["throttle"], "LOCATION": os.path.join(os.environ["ARCHIVE_DATA_DIR"], "throttle")},
}

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


def pytest_sessionfinish(session, exitstatus):
    shutil.rmtree(os.environ["ARCHIVE_DATA_DIR"], ignore_errors=True)
