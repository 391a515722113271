"""Crash safety: drift between database and index is found and repaired; a SIGKILLed ingest recovers.

The SIGKILL test runs the real ``manage.py ingest`` in a subprocess on a throwaway
ARCHIVE_DATA_DIR with the seeds and the golden test articles, kills it at a moment
drawn from a seed (a fixed one unless KILL_SEED=N, or KILL_SEED=random, asks for
another; it is printed so a failure can be replayed), runs it again and checks that
every file is one article and that ``check_archive`` finds no drift. Meanwhile the
test holds the lock of the index's deferred list, as an admin edit does while it
leaves its articles to the ingest: the run cannot commit its index nor end before
the kill, so the kill always falls inside the run, whatever the seed and the
machine's speed.
"""
import contextlib
import fcntl
import io
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time

import pytest
from django.core.management import CommandError, call_command

from archive.ingest.pipeline import ingest_paths
from archive.models import Article
from archive.search.engines.whoosh import indexing
from tests.conftest import ARTICLES, ROOT, SEEDS, index_at


def check_archive(*args):
    out = io.StringIO()
    try:
        call_command("check_archive", *args, stdout=out)
    except CommandError as exc:
        return exc.returncode, out.getvalue() + str(exc)
    return 0, out.getvalue()


def api_ids(client, q):
    return {r["id"] for r in client.get("/api/search", {"q": q}).json()["results"]}


@pytest.mark.django_db
def test_check_archive_finds_and_repairs_drift(ingested_seeds, client):
    code, out = check_archive()
    assert code == 0 and "5 articles, 5 index documents: 0 missing, 0 stale, 0 orphaned" in out
    missing, stale, orphan = Article.objects.order_by("pk")[:3]
    indexing.remove_articles([missing.pk])  # missing: in the database only
    Article.objects.filter(pk=stale.pk).update(title="Tiêu đề sửa thẳng trong cơ sở dữ liệu zyxquv")  # stale
    Article.objects.filter(pk=orphan.pk).delete()  # orphaned: in the index only
    code, out = check_archive()
    assert code == 1
    assert "4 articles, 4 index documents: 1 missing, 1 stale, 1 orphaned" in out
    assert f"missing: {missing.pk}" in out and f"stale: {stale.pk}" in out
    assert f"orphaned: archive.article.{orphan.pk}" in out
    assert "check_archive --repair" in out
    assert api_ids(client, "zyxquv") == set()
    code, out = check_archive("--repair")
    assert code == 0 and "Repaired: 2 re-indexed, 1 removed" in out
    code, out = check_archive()
    assert code == 0 and "0 missing, 0 stale, 0 orphaned" in out
    assert api_ids(client, "zyxquv") == {stale.pk}
    assert orphan.pk not in api_ids(client, "")


@pytest.mark.django_db
def test_a_run_that_died_before_indexing_is_made_good_by_the_next(tmp_path):
    dead = indexing.begin_run()  # a run's marker, as a killed process leaves it
    ingest_paths([str(SEEDS)], index=False)  # it committed the articles, then died before indexing
    dead._fh.close()  # the kernel drops a dead process's locks
    dead._run_lock.close()
    drift = indexing.find_drift()
    assert len(drift.missing) == 5
    report = ingest_paths([str(SEEDS)])  # the next run: every file unchanged…
    assert report.counts["unchanged"] == 5
    assert not indexing.find_drift()  # …and yet the index is complete again
    assert not list(dead.path.parent.glob("*.json"))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """A few dozen article files: the seeds and the golden test articles."""
    root = tmp_path_factory.mktemp("corpus")
    for path in [*SEEDS.glob("*.txt"), *ARTICLES.glob("*.txt")]:
        shutil.copy(path, root / path.name)
    return root


def manage(data_dir, *args, **kwargs):
    env = {**os.environ, "ARCHIVE_DATA_DIR": str(data_dir), "PYTHONUNBUFFERED": "1"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.pop("DATABASE_URL", None)  # a throwaway SQLite archive, also under `make test-postgres`
    return subprocess.Popen([sys.executable, str(ROOT / "manage.py"), *args], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kwargs)


KILL_SEED = 231005  # the default moment; KILL_SEED=N replays another, KILL_SEED=random draws one


def kill_seed():
    value = os.environ.get("KILL_SEED", str(KILL_SEED))
    return random.SystemRandom().randrange(10**6) if value == "random" else int(value)


@contextlib.contextmanager
def deferred_list_held(data):
    """Hold the lock of the index's deferred list (``indexing.defer`` takes it to append): an ingest
    takes it too, after its last file, before it commits the index, so it waits here until released."""
    with index_at(data / "whoosh_index"):  # the ingest's index, for its lock's name
        path = indexing._lock_path("deferred")
    with open(path, "a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        yield


def test_sigkill_at_a_random_moment_then_rerun(corpus, tmp_path, fresh_archive):
    files = sorted(p.name for p in corpus.glob("*.txt"))
    assert len(files) >= 30
    data = fresh_archive(tmp_path / "data")  # migrated
    seed = kill_seed()
    rng = random.Random(seed)
    # The moment: after k files were reported, plus a pause. The files are reported once their batch
    # is committed (here one batch), so k >= 1 kills while the run indexes or waits to commit the index,
    # and only k = 0 falls before that commit (starting, extracting, storing): it gets a longer pause.
    after = rng.randint(0, len(files))
    pause = rng.uniform(0, 1.0 if after == 0 else 0.3)
    print(f"KILL_SEED={seed}: killing after {after} files + {pause:.2f} s")
    with deferred_list_held(data):  # the run cannot end before the kill, however long the pause
        proc = manage(data, "ingest", str(corpus))
        for _ in range(after):
            if not proc.stdout.readline():
                break
        time.sleep(pause)
        proc.send_signal(signal.SIGKILL)
        proc.communicate()
    assert proc.returncode == -signal.SIGKILL, (seed, "the run ended before the kill; the test proved nothing")
    rerun = manage(data, "ingest", str(corpus))
    out, err = rerun.communicate(timeout=600)
    assert rerun.returncode == 0, (seed, err)
    assert "failed" not in out
    if after >= 1:  # its batch was committed, not indexed: the rerun indexes it and says so
        assert re.search(r"; [1-9]\d* indexed, [1-9]\d* of them left by a run that was stopped", out), (seed, out)
    check = manage(data, "check_archive")
    out, err = check.communicate(timeout=300)
    assert check.returncode == 0, (seed, out, err)
    assert f"{len(files)} articles, {len(files)} index documents: 0 missing, 0 stale, 0 orphaned" in out
    import sqlite3

    with sqlite3.connect(data / "archive.sqlite3") as db:
        stored = [row[0] for row in db.execute("SELECT file_name FROM archive_article ORDER BY file_name")]
    assert stored == files  # every file exactly once
