"""Shared fixtures: a throwaway ARCHIVE_DATA_DIR, a real Whoosh index per test, seeded data."""
import contextlib
import functools
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

# ARCHIVE_DATA_DIR is set to a throwaway directory by tests/testenv.py, loaded by pytest.ini
# before pytest-django reads the settings.

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
ARTICLES = Path(__file__).resolve().parent / "data" / "articles"


@contextlib.contextmanager
def index_at(path):
    """Point Haystack's default connection at a real Whoosh index at path, for the block."""
    from haystack import connections

    info = connections.connections_info["default"]
    old = info["PATH"]
    info["PATH"] = str(path)
    connections.reload("default")
    try:
        yield path
    finally:
        info["PATH"] = old
        connections.reload("default")


def module_search_index(name):
    """A search_index fixture for a whole module (overrides the per-test one below)."""

    @pytest.fixture(scope="module")
    def search_index(tmp_path_factory):
        with index_at(tmp_path_factory.mktemp(name) / "whoosh_index") as path:
            yield path

    return search_index


def module_corpus(*paths):
    """An autouse fixture for a whole module: the files or folders at paths ingested once through
    the real pipeline (into the module's search_index: see module_search_index), rolled back after
    the module."""

    @pytest.fixture(scope="module", autouse=True)
    def corpus(search_index, django_db_setup, django_db_blocker):
        from django.db import transaction

        from archive.ingest.pipeline import ingest_paths

        with django_db_blocker.unblock():
            with transaction.atomic():
                report = ingest_paths([str(p) for p in paths])
                assert not report.failed, report.failed
                yield report
                transaction.set_rollback(True)

    return corpus


@pytest.fixture(autouse=True)
def search_index(tmp_path, settings):
    """A fresh, real Whoosh index under this test's temporary directory."""
    with index_at(tmp_path / "whoosh_index") as path:
        yield path


@pytest.fixture(autouse=True)
def no_request_clock(settings):
    """A request's clock budget (archive.faults.RequestBudgetMiddleware) is tested on its own
    (tests/test_request_budget.py); elsewhere a loaded test machine must not make a 503 of a page
    that renders slowly, which would make tests pass or fail by the clock."""
    settings.ARCHIVE_REQUEST_MS = 0


@pytest.fixture(autouse=True)
def fresh_throttle_counters():
    """The throttle counters live in a file of the session's data dir, not in the test database
    (archive/counters.py), so nothing rolls them back: every test starts with none."""
    from django.core.cache import caches

    caches["ratelimit"].clear()
    # The process cache holds archive aggregates keyed by the archive's ids (archive/aggregates.py),
    # which a new test database can repeat with other content.
    caches["default"].clear()
    caches["pages"].clear()


@pytest.fixture(scope="session", autouse=True)
def fast_password_hashing():
    """Django's advice for test speed: the in-process tests hash passwords with a cheap hasher
    (PBKDF2's million rounds took 0.4 s for each account a test made). What is tested is who may
    log in and how often, not the hasher; the archives run as child processes (gunicorn, manage.py)
    keep the production hashers."""
    from django.test import override_settings

    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(scope="session")
def migrated_archive(tmp_path_factory):
    """A data directory as ``manage.py migrate`` leaves a new one (SQLite), made once in a child
    process: tests that need a fresh archive of their own copy it (``fresh_archive``) instead of
    running every migration again. Nothing in it names its own path."""
    data = tmp_path_factory.mktemp("migrated") / "data"
    env = {**os.environ, "ARCHIVE_DATA_DIR": str(data)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.pop("DATABASE_URL", None)  # a throwaway SQLite archive, also under `make test-postgres`
    done = subprocess.run([sys.executable, str(ROOT / "manage.py"), "migrate", "--noinput", "-v0"], cwd=ROOT,
                          env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return data


@pytest.fixture
def fresh_archive(migrated_archive):
    """fresh_archive(path): a new, migrated, empty data directory at path (a copy of migrated_archive)."""

    def copy_to(path):
        return Path(shutil.copytree(migrated_archive, path, symlinks=True))

    return copy_to


@pytest.fixture
def ingested_seeds(db):
    """The five seed articles ingested (and indexed) through the real pipeline."""
    from archive.ingest.pipeline import ingest_paths

    report = ingest_paths([str(SEEDS)])
    assert not report.failed, report.failed
    return report


# archive.processes.become names a process through /proc and lowers its priority with os.nice,
# and does without either where the system has none or refuses it. Tests that look at a
# process's name, state or priority skip there: there is nothing to see, and a missing
# /proc/<pid> would look like a process gone.


def skip_without_proc():
    if not Path("/proc/self/comm").is_file():
        pytest.skip("no /proc/<pid>/comm here (not Linux, or /proc not mounted): a process's name cannot be read")


@functools.cache
def _nice_refused():
    """Why os.nice cannot lower a process's priority here, or "" where it can (tried in a child)."""
    if not (hasattr(os, "nice") and hasattr(os, "getpriority")):
        return "os.nice / os.getpriority are not available on this platform"
    probe = subprocess.run([sys.executable, "-c", "import os; os.nice(1)"], capture_output=True, text=True)
    if probe.returncode:
        return "this system refuses os.nice (a sandbox?): " + (probe.stderr.strip().splitlines() or ["?"])[-1]
    return ""


def skip_without_nice():
    if reason := _nice_refused():
        pytest.skip(reason)


def skip_unless_nobody_can_run_python():
    """Tests that read as the user nobody need this checkout reachable by nobody: a clone in a
    0700 temporary folder is not, so they skip there, saying why."""
    import subprocess
    import sys

    if os.geteuid() != 0:
        return
    try:
        subprocess.run([sys.executable, "-c", "pass"], preexec_fn=lambda: (os.setgid(65534), os.setuid(65534)),
                       check=True, capture_output=True, timeout=60)
    except (OSError, subprocess.CalledProcessError):
        pytest.skip(f"the user nobody cannot run {sys.executable} (the checkout is not readable by others)")
