"""Loaded with ``-p tests.testenv`` (pytest.ini), before pytest-django reads the settings.

Every test session gets its own throwaway ARCHIVE_DATA_DIR (database, Whoosh index,
locks, throttle cache), whatever the shell says, so a test run never shares ``var/``
with another run or with a live archive. The search throttle is off because every
test client is 127.0.0.1; tests/test_security.py switches it on where it is tested.
"""
import os
import shutil
import tempfile

DATA_DIR = tempfile.mkdtemp(prefix="nghisu-test-")
os.environ["ARCHIVE_DATA_DIR"] = DATA_DIR
os.environ["ARCHIVE_SEARCH_RATE_PER_MINUTE"] = "0"


def pytest_unconfigure(config):
    shutil.rmtree(DATA_DIR, ignore_errors=True)
