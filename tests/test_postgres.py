"""PostgreSQL and gunicorn (issue #9): the DATABASE_URL switch, and the archive on a real server.

The settings tests run everywhere: they execute settings.py with a made-up environment and need
no server. The others need the PostgreSQL server that `make test-postgres` starts and are
skipped on SQLite; they prove that what the reader sees does not depend on the database (pages
and export compared with a SQLite run of the same seeds in a subprocess) and that `make serve`
answers through gunicorn and WhiteNoise. They must never touch any database but the test one.
"""
import difflib
import json
import os
import re
import runpy
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = ROOT / "archive" / "settings.py"
SEEDS = ROOT / "seeds"

on_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs the PostgreSQL server of `make test-postgres` (DATABASE_URL is not set)",
)


# --- the switch ----------------------------------------------------------------------------

def read_settings(monkeypatch, tmp_path, **env):
    """settings.py's globals under this environment (DATABASE_* cleared unless given)."""
    for name in ("DATABASE_URL", "DATABASE_CONN_MAX_AGE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("ARCHIVE_DATA_DIR", str(tmp_path))
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(SETTINGS))


def test_without_database_url_sqlite_lives_under_the_data_dir(monkeypatch, tmp_path):
    db = read_settings(monkeypatch, tmp_path)["DATABASES"]["default"]
    assert db["ENGINE"] == "archive.db.sqlite3"  # Django's, able to read a read-only data dir
    assert Path(db["NAME"]) == tmp_path.resolve() / "archive.sqlite3"


def test_database_url_selects_postgresql(monkeypatch, tmp_path):
    db = read_settings(
        monkeypatch, tmp_path, DATABASE_URL="postgres://nghisu:b%40d%3Apw@127.0.0.1:5433/archive"
    )["DATABASES"]["default"]
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["NAME"], db["USER"], db["PASSWORD"]) == ("archive", "nghisu", "b@d:pw")
    assert (db["HOST"], str(db["PORT"])) == ("127.0.0.1", "5433")
    assert db["CONN_MAX_AGE"] == 60 and db["CONN_HEALTH_CHECKS"] is True


@pytest.mark.parametrize(
    "env, message",
    [
        ({"DATABASE_URL": "mysql://nghisu:s3cret@db/archive"}, "supports PostgreSQL"),
        ({"DATABASE_URL": "postgress://nghisu:s3cret@db/archive"}, "DATABASE_URL cannot be parsed"),
        ({"DATABASE_URL": "postgres://nghisu:s3cret@db:port/archive"}, "DATABASE_URL cannot be parsed"),
        ({"DATABASE_URL": "postgres://nghisu:s3cret@db/archive", "DATABASE_CONN_MAX_AGE": "1m"},
         "DATABASE_CONN_MAX_AGE"),
    ],
)
def test_bad_database_settings_are_named_without_leaking_the_password(monkeypatch, tmp_path, env, message):
    # Listed for archive/checks.py (a system check error at start-up), never raised mid-import.
    read = read_settings(monkeypatch, tmp_path, **env)
    problems = " ".join(text for _, text in read["ARCHIVE_SETTINGS_PROBLEMS"])
    assert message in problems
    assert "s3cret" not in problems
    if message.startswith("DATABASE_URL") or "PostgreSQL" in message:  # nothing reaches a refused URL
        assert read["DATABASES"]["default"]["ENGINE"] == "archive.db.sqlite3"


def test_bad_environment_settings_are_system_check_errors_naming_them(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "ARCHIVE_DATA_DIR": str(tmp_path), "DJANGO_DEBUG": "sometimes",
           "ARCHIVE_SEARCH_BURST": "lots", "DATABASE_URL": "mysql://nghisu:s3cret@db/archive"}
    run = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert run.returncode == 1, run.stdout + run.stderr
    assert "Traceback" not in run.stderr
    for text in ("(archive.E001) DJANGO_DEBUG must be one of", "ARCHIVE_SEARCH_BURST must be a whole number",
                 "supports PostgreSQL"):
        assert text in run.stderr, run.stderr
    assert "s3cret" not in run.stderr


# --- the throwaway cluster -------------------------------------------------------------------

@pytest.mark.skipif(
    not list(Path("/usr/lib/postgresql").glob("*/bin/initdb")),
    reason="PostgreSQL is not installed (make test-postgres installs it from Debian)",
)
def test_with_postgres_removes_its_cluster_even_when_the_command_fails(tmp_path):
    seen = tmp_path / "seen"
    # The command checks that its server answers, then fails like a failing test run.
    command = (
        'port=${DATABASE_URL##*:}; port=${port%%/*}; pg_isready -q -h 127.0.0.1 -p "$port"; '
        'echo "$? $port" > "$1"; exit 3'
    )
    bindir = max(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: float(p.parts[-3])).parent
    env = dict(os.environ, PATH=f"{bindir}:{os.environ['PATH']}")
    env["DATABASE_URL"] = "postgres://left:over@example.invalid/nothing"  # replaced, not used
    done = subprocess.run(
        [str(ROOT / ".ci" / "with-postgres"), "sh", "-c", command, "sh", str(seen)],
        env=env, capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 3, done.stderr
    ready, port = seen.read_text().split()
    assert ready == "0"  # the server answered while the command ran, on its own port
    cluster_dir = re.search(r"\((/[^)]*nghisu-pg-[^)]*)\)", done.stderr).group(1)
    assert not Path(cluster_dir).exists()
    with pytest.raises(OSError):  # and it is stopped
        socket.create_connection(("127.0.0.1", int(port)), timeout=2).close()


# --- the real server -----------------------------------------------------------------------

@on_postgres
@pytest.mark.django_db
def test_the_server_is_postgresql_through_psycopg3():
    assert connection.Database.__name__ == "psycopg"
    assert int(connection.Database.__version__.split(".")[0]) == 3
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_encoding")
        assert cursor.fetchone()[0] == "UTF8"
        # SQLite's LIKE folds ASCII only; here case-insensitive lookups must know Đ/đ and Ứ/ứ.
        cursor.execute("SELECT upper(%s), lower(%s)", ["đức", "ĐỨC"])
        assert cursor.fetchone() == ("ĐỨC", "đức")


def archive_views(client):
    """{url: body} for every reader page and a few searches, as the test client renders them."""
    from archive.models import Article, Document, Meeting, Person, Province

    urls = ["/", "/feed/", "/search/?sort=oldest", "/search/export.csv?q=t%E1%BB%89nh%20%E1%BB%A7y"]
    for model in (Province, Article, Person, Document, Meeting):
        for url in sorted(obj.get_absolute_url() for obj in model.objects.all()):
            urls.append(url)
            if model in (Person, Document):
                urls.append(url + "feed/")
    for query in ("hội nghị", "nghi quyet", "Đồng Tháp", "15-NQ/TW"):
        urls.append(f"/api/search?q={quote(query)}")
        urls.append(f"/search/?q={quote(query)}&sort=newest")
    pages = {}
    for url in urls:
        response = client.get(url)
        # Atom <updated> is when the articles were ingested: the two runs differ by seconds.
        body = re.sub(r"<updated>[^<]*</updated>", "<updated/>", response.content.decode())
        pages[url] = f"{response.status_code}\n{body}"
    return pages


def export_lines(tmp_dir):
    from django.core.management import call_command

    out = Path(tmp_dir) / "export.jsonl"
    call_command("export_extractions", output=str(out))
    return out.read_text(encoding="utf-8").splitlines()


def sqlite_run(out):
    """Subprocess side of the comparison: the same seeds on a fresh SQLite archive."""
    import django
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment

    django.setup()
    setup_test_environment()  # Client's "testserver" host is allowed only under a test environment
    settings.DEBUG = False  # as under pytest-django, so both sides render alike
    assert settings.DATABASES["default"]["ENGINE"].endswith("sqlite3")
    call_command("migrate", verbosity=0)
    from archive.ingest.pipeline import ingest_paths

    report = ingest_paths([str(SEEDS)])
    assert not report.failed, report.failed
    result = {"pages": archive_views(Client()), "export": export_lines(os.environ["ARCHIVE_DATA_DIR"])}
    Path(out).write_text(json.dumps(result, ensure_ascii=False), encoding="utf-8")


@on_postgres
# Pages link mentions by id: ids must start at 1 here as in the fresh SQLite archive.
@pytest.mark.django_db(transaction=True, reset_sequences=True)
def test_pages_search_and_export_match_a_sqlite_archive(client, ingested_seeds, tmp_path):
    """Ordering of ties, case folding, JSON fields: anything SQLite-only shows up as a difference."""
    sqlite_dir = tmp_path / "sqlite"
    sqlite_dir.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(ARCHIVE_DATA_DIR=str(sqlite_dir), DJANGO_SETTINGS_MODULE="archive.settings")
    out = tmp_path / "sqlite.json"
    subprocess.run(
        [sys.executable, "-m", "tests.test_postgres", str(out)],
        cwd=ROOT, env=env, check=True, timeout=300,
    )
    expected = json.loads(out.read_text(encoding="utf-8"))

    assert export_lines(tmp_path) == expected["export"]
    pages = archive_views(client)
    assert sorted(pages) == sorted(expected["pages"])
    differing = [url for url in pages if pages[url] != expected["pages"][url]]
    assert not differing, first_difference(differing, expected["pages"], pages)


def first_difference(urls, sqlite_pages, postgres_pages):
    """The differing URLs and a short diff of the first, to see what SQLite did differently."""
    url = urls[0]
    diff = difflib.unified_diff(
        sqlite_pages[url].splitlines(), postgres_pages[url].splitlines(), "sqlite", "postgresql", n=1, lineterm=""
    )
    return f"{urls}\n{url}:\n" + "\n".join(list(diff)[:40])


# --- gunicorn --------------------------------------------------------------------------------

def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url):
    request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


@pytest.fixture
def served(transactional_db, ingested_seeds, search_index):
    """`make serve` on a free port, reading the (committed) test database and test index."""
    settings_dict = connection.settings_dict
    url = "postgres://{}:{}@{}:{}/{}".format(
        quote(settings_dict["USER"], safe=""), quote(settings_dict["PASSWORD"], safe=""),
        settings_dict["HOST"], settings_dict["PORT"], settings_dict["NAME"],
    )
    port = free_port()
    # Production as deployed: behind a TLS-terminating proxy that sends X-Forwarded-Proto.
    env = dict(os.environ, DATABASE_URL=url, DJANGO_SECRET_KEY="test-only-" + "x" * 40,
               DJANGO_ALLOWED_HOSTS="127.0.0.1", DJANGO_BEHIND_HTTPS_PROXY="1")
    env.pop("DJANGO_DEBUG", None)  # `make serve` must turn DEBUG off by itself
    data_dir = search_index.parent  # ARCHIVE_DATA_DIR whose whoosh_index is this test's index
    proc = subprocess.Popen(
        # -o: the suite already runs inside the installed virtualenv; never reinstall from here.
        ["make", "-s", "-o", ".venv/.installed", "serve",
         "HOST=127.0.0.1", f"PORT={port}", "WORKERS=2", f"DATA={data_dir}"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(f"make serve did not start:\n{proc.stdout.read().decode()}") from None
                time.sleep(0.3)
        yield base
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        # Let the workers' connections go before the test database is flushed.
        connection.close()


@on_postgres
def test_make_serve_answers_through_gunicorn_and_whitenoise(served):
    from archive.models import Article

    article = Article.objects.order_by("file_name").first()
    status, headers, html = fetch(served + "/")
    assert status == 200 and headers["Server"].startswith("gunicorn")
    assert "Strict-Transport-Security" in headers  # production settings, not the dev defaults
    assert article.title in html

    status, _, html = fetch(served + article.get_absolute_url())
    assert status == 200 and article.title in html

    status, _, body = fetch(served + "/api/search?q=" + quote("hội nghị"))
    assert status == 200 and json.loads(body)["count"] >= 1

    status, headers, css = fetch(served + "/static/archive/site.css")
    assert status == 200 and headers["Content-Type"].startswith("text/css") and css.strip()

    # DEBUG is off: an unknown page is a plain 404, not Django's technical page.
    status, _, html = fetch(served + "/khong-co-trang-nay/")
    assert status == 404 and "URLconf" not in html


if __name__ == "__main__":
    sqlite_run(sys.argv[1])
