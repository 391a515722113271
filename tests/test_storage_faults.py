"""A data directory that cannot be written (read-only, another user's, full): reading pages keep
working, writes and commands say why in one line, nothing stored is lost.

The archive is built by this process; the reading half runs in child processes that cannot write
it: as the unprivileged user nobody when the suite runs as root (root writes anywhere), else after
the directory is made read-only. A full disk is a tmpfs of a few megabytes, filled up (skipped
where mounting is not allowed).
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SECRET = "storage-fault-test-secret-key-0123456789-abcdefghijklmnop"
PAGES = ("/", "/feed/", "/sitemap.xml", "/search/?q=h%E1%BB%99i+ngh%E1%BB%8B", "/api/search?q=h%E1%BB%99i+ngh%E1%BB%8B")

PAGE_SCRIPT = """
import json, sys
import django
django.setup()
from django.test import Client
from archive.models import Article, Person
client = Client()
urls = list(sys.argv[1:])
urls.append(Article.objects.order_by("pk").first().get_absolute_url())
urls.append(Person.objects.order_by("pk").first().get_absolute_url())
print(json.dumps({url: client.get(url, HTTP_HOST="127.0.0.1", secure=True).status_code for url in urls}))
"""


def _env(data_dir):
    env = {**os.environ, "ARCHIVE_DATA_DIR": str(data_dir), "DJANGO_SETTINGS_MODULE": "archive.settings",
           "DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": SECRET}
    env.pop("DATABASE_URL", None)
    return env


def _run(args, data_dir, demote=False):
    as_nobody = (lambda: (os.setgid(65534), os.setuid(65534))) if demote and os.geteuid() == 0 else None
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=_env(data_dir), capture_output=True, text=True,
                          preexec_fn=as_nobody, timeout=300)


@pytest.fixture(scope="module")
def seeded_archive(migrated_archive, tmp_path_factory):
    """A migrated archive with the seeds ingested by ``manage.py ingest``, built once a module: each
    test spoils a copy of it (read-only, full disk). Nothing in it names its own path."""
    data = Path(shutil.copytree(migrated_archive, tmp_path_factory.mktemp("seeded") / "data", symlinks=True))
    done = _run(["manage.py", "ingest", "seeds"], data)
    assert done.returncode == 0, done.stderr
    return data


@pytest.fixture
def built_archive(seeded_archive):
    top = Path(tempfile.mkdtemp(prefix="storage-fault-"))  # outside pytest's 0700 tmp dir: nobody reads it
    top.chmod(0o755)
    data = Path(shutil.copytree(seeded_archive, top / "data", symlinks=True))
    yield data
    for path in [data, *data.rglob("*")]:
        if path.is_dir() and not path.is_symlink():
            path.chmod(0o755)
    shutil.rmtree(top)


def _read_only(data):
    if os.geteuid() != 0:  # root ignores modes; the children run as nobody instead
        for path in [*data.rglob("*"), data]:
            path.chmod(0o555 if path.is_dir() else 0o444)


def test_reading_pages_work_on_a_read_only_data_dir_and_commands_say_why(built_archive):
    from tests.conftest import skip_unless_nobody_can_run_python

    skip_unless_nobody_can_run_python()
    _read_only(built_archive)
    pages = _run(["-c", PAGE_SCRIPT, *PAGES], built_archive, demote=True)
    assert pages.returncode == 0, pages.stderr
    statuses = json.loads(pages.stdout.strip().splitlines()[-1])
    assert set(statuses.values()) == {200}, statuses
    # A migrate with nothing to apply writes nothing, so it has nothing to refuse (it failed here only
    # because the old throttle's file cache, cache/throttle, could not be created).
    done = _run(["manage.py", "migrate", "--noinput"], built_archive, demote=True)
    assert done.returncode == 0 and "No migrations to apply" in done.stdout, done.stderr
    for args in (["manage.py", "ingest", "seeds", "--force"],):
        done = _run(args, built_archive, demote=True)
        assert done.returncode == 1
        assert "Traceback" not in done.stderr
        lines = done.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("error: ") and str(built_archive) in lines[0], done.stderr


def _mount_small_tmpfs(path, megabytes):
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={megabytes}m", "tmpfs", str(path)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"a full disk needs a small tmpfs, and mounting one is not allowed here: {done.stderr.strip()}")


def test_a_full_disk_keeps_pages_and_loses_nothing(built_archive):
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs to fill needs root")
    size = sum(p.stat().st_size for p in built_archive.rglob("*") if p.is_file()) // 1_000_000 + 4
    full = built_archive.parent / "full"
    full.mkdir()
    _mount_small_tmpfs(full, size)
    try:
        shutil.copytree(built_archive, full / "data")
        with open(full / "filler", "wb", buffering=0) as fh:  # take every free block
            try:
                while fh.write(b"\0" * 4096):
                    pass
            except OSError:
                pass
        pages = _run(["-c", PAGE_SCRIPT, *PAGES], full / "data")
        assert pages.returncode == 0, pages.stderr
        assert set(json.loads(pages.stdout.strip().splitlines()[-1]).values()) == {200}
        done = _run(["manage.py", "ingest", str(ROOT / "tests" / "data" / "articles"), "--workers", "1"], full / "data")
        assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr[-2000:]
        assert "the disk is full" in done.stderr
        count = _run(["-c", "import django; django.setup(); from archive.models import Article; "
                            "print(Article.objects.count())"], full / "data")
        assert count.stdout.strip().splitlines()[-1] == "5"  # the seeds, as before
    finally:
        subprocess.run(["umount", "-l", str(full)], capture_output=True)
