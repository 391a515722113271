"""Hostile input against the web side (#27): the lockout without holes, atomic throttles, safe feeds and exports.

The lockout and throttle races run against a real gunicorn with several worker processes
on a throwaway archive, the way production serves, with 20–40 client threads at once;
they assert counts, never times. The rest goes through Django's test client.
"""
import csv
import io
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from xml.etree import ElementTree

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone
from django_ratelimit.core import _get_window

from archive import sitemaps, views
from archive.ingest.pipeline import ingest_paths
from archive.models import Article, MeetingMention, PersonMention
from tests import factories
from tests.conftest import ROOT
from tests.test_storage_faults import built_archive, seeded_archive  # noqa: F401  (fixtures)

ATOM = "{http://www.w3.org/2005/Atom}"


# --- 1: the lockout counts look-alike usernames as the account they log in to -------------------

@pytest.mark.django_db
def test_lockout_holds_against_look_alike_usernames(django_user_model, settings):
    from axes.models import AccessAttempt

    settings.ARCHIVE_LOGIN_MAX_FAILURES = 5
    django_user_model.objects.create_superuser("admin", "a@example.org", "mat-khau-dung-9")
    for i in range(5):
        Client(REMOTE_ADDR=f"10.3.0.{i}").post("/admin/login/", {"username": "admin", "password": "sai"})
    # Fullwidth letters: Django's form NFKC-normalises them to "admin" before authenticating.
    spellings = ["ａdmin", "aｄmin", "adｍin", "admｉn", "admiｎ", "ＡＤＭＩＮ", " admin ", "Admin"]
    for i, name in enumerate(spellings):
        response = Client(REMOTE_ADDR=f"10.4.0.{i}").post("/admin/login/", {"username": name, "password": "sai"})
        assert response.status_code == 429, name
    thief = Client(REMOTE_ADDR="10.5.0.1")
    response = thief.post("/admin/login/", {"username": "ａdmin", "password": "mat-khau-dung-9"})
    assert response.status_code == 429 and "_auth_user_id" not in thief.session
    # The failures are rows of the database (kept over restarts, never evicted), all under one key.
    attempts = AccessAttempt.objects.all()
    assert {a.username for a in attempts} == {"admin"}
    assert sum(a.failures_since_start for a in attempts) >= 5


# --- 10: counters hold under parallel clients (real gunicorn workers) ---------------------------

def test_throttle_counters_are_never_evicted_and_hold_integers_only():
    from django.core.cache import caches

    counters = caches["ratelimit"]
    assert counters.add("victim", 1, 600) and not counters.add("victim", 1, 600)
    for i in range(25_000):  # the old file cache culled a third of its entries past 20,000
        counters.add(f"other-{i}", 1, 600)
    assert [counters.incr("victim") for _ in range(3)] == [2, 3, 4]
    assert counters.get("other-0") == 1 and counters.get("other-24999") == 1
    with pytest.raises(TypeError):
        counters.set("victim", "4")
    with pytest.raises(ValueError):
        counters.incr("never-added")



def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def live_archive(tmp_path_factory, migrated_archive):
    """gunicorn (3 workers, DEBUG off) over an empty throwaway archive with one superuser."""
    data = Path(shutil.copytree(migrated_archive, tmp_path_factory.mktemp("live") / "data", symlinks=True))
    env = {**os.environ, "ARCHIVE_DATA_DIR": str(data), "DJANGO_DEBUG": "0",
           "DJANGO_SECRET_KEY": secrets.token_urlsafe(40), "DJANGO_SECURE_SSL_REDIRECT": "0",
           "DJANGO_SECURE_COOKIES": "0", "DJANGO_HSTS_SECONDS": "0",
           "ARCHIVE_SEARCH_RATE_PER_MINUTE": "1", "ARCHIVE_SEARCH_BURST": "20", "ARCHIVE_LOGIN_MAX_FAILURES": "5",
           "DJANGO_SUPERUSER_PASSWORD": "mat-khau-dung-7"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.pop("DATABASE_URL", None)
    manage = [sys.executable, str(ROOT / "manage.py")]
    for step in (["createsuperuser", "--noinput", "--username", "quantri", "--email", "q@example.org"],):
        run = subprocess.run([*manage, *step], cwd=ROOT, env=env, capture_output=True, text=True)
        assert run.returncode == 0, run.stderr
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    live = LiveArchive(base, [sys.executable, "-m", "gunicorn", "archive.wsgi:application", "--bind",
                              f"127.0.0.1:{port}", "--workers", "3", "--timeout", "60"], env)
    live.data = data
    try:
        live.start()
        yield live
    finally:
        live.stop()


class LiveArchive(str):
    """The server's base URL, and the server itself, which a test may restart."""

    def __new__(cls, base, command, env):
        live = super().__new__(cls, base)
        live.command, live.env, live.server = command, env, None
        return live

    def start(self):
        self.server = subprocess.Popen(self.command, cwd=ROOT, env=self.env,
                                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(600):  # waiting for the port to answer, not timing anything
            try:
                urllib.request.urlopen(self + "/robots-none", timeout=2)
            except urllib.error.HTTPError:
                return
            except OSError:
                if self.server.poll() is not None:
                    pytest.fail("gunicorn did not start")
                time.sleep(0.1)
        pytest.fail("gunicorn never answered")

    def stop(self):
        if self.server and self.server.poll() is None:
            self.server.terminate()
            self.server.wait(timeout=30)


def _status(request):
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def _in_parallel(count, work):
    start, results = threading.Barrier(count), []
    lock = threading.Lock()

    def run():
        start.wait()
        for status in work():
            with lock:
                results.append(status)

    threads = [threading.Thread(target=run) for _ in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return results


def test_parallel_searches_from_one_address_get_no_more_than_the_allowance(live_archive):
    burst, period = 20, 20 * 60  # ARCHIVE_SEARCH_BURST=20 at 1 a minute: 20 per 1,200 s window
    first = _get_window("127.0.0.1", period)
    results = _in_parallel(20, lambda: [_status(f"{live_archive}/api/search?q=t%E1%BB%89nh+{i}") for i in range(8)])
    windows = 1 + (_get_window("127.0.0.1", period) != first)  # a window may end during the burst
    assert len(results) == 160 and set(results) <= {200, 429}, sorted(set(results))
    assert 1 <= results.count(200) <= burst * windows, results.count(200)


def test_a_throttled_search_never_waits_for_an_ingests_transaction(live_archive):
    import sqlite3

    # An ingest holds the archive database's write lock for a whole batch; the throttle's counting
    # must not queue behind it (it would wait out SQLite's 30 s timeout, then answer 500).
    writer = sqlite3.connect(live_archive.data / "archive.sqlite3", isolation_level=None)
    try:
        writer.execute("BEGIN IMMEDIATE")
        statuses = [_status(f"{live_archive}/api/search?q=trong+luc+nap+{i}") for i in range(3)]
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert set(statuses) <= {200, 429} and statuses, statuses


def test_parallel_wrong_logins_get_no_more_password_checks_than_the_limit(live_archive):
    with urllib.request.urlopen(live_archive + "/admin/login/", timeout=30) as page:
        cookie = page.headers["Set-Cookie"].split(";")[0]
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.read().decode()).group(1)

    def post(password):
        body = urllib.parse.urlencode({"username": "quantri", "password": password,
                                       "csrfmiddlewaretoken": token, "next": "/admin/"}).encode()
        return urllib.request.Request(live_archive + "/admin/login/", data=body, headers={"Cookie": cookie})

    first = _get_window("quantri", 900)  # ARCHIVE_LOGIN_LOCKOUT_SECONDS: 5 attempts per 900 s window
    results = _in_parallel(40, lambda: [_status(post("sai"))])
    windows = 1 + (_get_window("quantri", 900) != first)  # a window may end during the burst
    # 200: the form again with Django's error. At most 5 requests are let through to a password check
    # (the one reaching the limit may answer 429 already), every other one is refused before it.
    assert len(results) == 40 and set(results) <= {200, 429}, sorted(set(results))
    assert 1 <= results.count(200) <= 5 * windows, results.count(200)
    assert _status(post("mat-khau-dung-7")) == 429  # still locked, even with the right password
    # Every counter is a row of the database: a restarted server (all workers new) still refuses.
    live_archive.stop()
    live_archive.start()
    assert _status(post("mat-khau-dung-7")) == 429


# --- 6, 7, 13: feeds that every reader can parse, plain-text summaries, absolute ids --------------

CONTROLS = "".join(map(chr, [*range(0, 9), 11, 12, *range(14, 32)])) + "\ufffe"


@pytest.mark.django_db
def test_feeds_survive_control_characters_and_send_plain_text(client):
    # PostgreSQL text cannot hold NUL (ingest refuses it and so do Django's form fields), so on
    # PostgreSQL the stored text carries every other control character.
    nul = "\x00" if connection.vendor == "sqlite" else ""
    controls = CONTROLS if nul else CONTROLS.replace("\x00", "")
    home = factories.province("Tỉnh Có Ký Tự Lạ", slug="tinh-ky-tu-la")
    title = "Hội nghị\x01 Tỉnh ủy\x1b[31m bàn việc <b>đậm</b>"
    factories.article(title=title, province=home, paragraphs=[
        "Chiều" + nul + " nay " + controls + " Tỉnh ủy họp, kẻ gian chèn <script>alert(7)</script> & <i>nghiêng</i>."])
    for url in ("/feed/", "/tinh/tinh-ky-tu-la/feed/", "/search/feed/?q=h%E1%BB%99i+ngh%E1%BB%8B%01%1b"):
        response = client.get(url)
        assert response.status_code == 200, url
        feed = ElementTree.fromstring(response.content)  # a strict XML 1.0 parser
        assert not set(CONTROLS) & set(response.content.decode()), url
        assert feed.find(f"{ATOM}id").text.startswith("http://testserver/"), url
        for entry in feed.iter(f"{ATOM}entry"):
            assert entry.find(f"{ATOM}id").text.startswith("http://testserver/bai-viet/"), url
            summary = entry.find(f"{ATOM}summary")
            assert summary.get("type") == "text", url
    entry = next(ElementTree.fromstring(client.get("/feed/").content).iter(f"{ATOM}entry"))
    assert entry.find(f"{ATOM}title").text == "Hội nghị Tỉnh ủy[31m bàn việc <b>đậm</b>"
    summary = entry.find(f"{ATOM}summary").text  # the text as written, markup and all, minus the controls
    assert summary.startswith("Chiều nay ") and summary.endswith(
        " Tỉnh ủy họp, kẻ gian chèn <script>alert(7)</script> & <i>nghiêng</i>.")


def test_allowed_hosts_with_debug_off_never_include_testserver(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "ARCHIVE_DATA_DIR": str(tmp_path), "DJANGO_DEBUG": "0",
           "DJANGO_SECRET_KEY": secrets.token_urlsafe(50)}
    code = "from django.conf import settings; print(','.join(settings.ALLOWED_HOSTS))"
    run = subprocess.run([sys.executable, "manage.py", "shell", "-c", code], cwd=ROOT, env=env,
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip().splitlines()[-1] == "127.0.0.1,localhost"


# --- 9, 8: the CSV export neutralises formulas and is capped ---------------------------------------

FORMULA_ARTICLE = (
    '=HYPERLINK("http://ke-gian.example/x","Bấm vào đây") Hội nghị Tỉnh ủy Đồng Tháp\n\n'
    "Cập nhật ngày: 21/03/2023 18:00:00\n\n"
    "ĐTO - Chiều ngày 21/3, Hội nghị Ban Chấp hành Đảng bộ tỉnh Đồng Tháp bàn về công thức bảng tính.\n"
)


def _csv_rows(response):
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


@pytest.mark.django_db
def test_csv_export_neutralises_formula_cells(client, tmp_path):
    (tmp_path / "+cong-thuc.txt").write_text(FORMULA_ARTICLE, encoding="utf-8")
    report = ingest_paths([str(tmp_path)])
    assert not report.failed, report.failed
    rows = _csv_rows(client.get("/search/export.csv", {"q": "công thức bảng tính"}))
    assert rows[0][:2] == ["Mã", "Tiêu đề"] and len(rows) == 2
    title, file_name = rows[1][1], rows[1][3]
    assert title.startswith("'=HYPERLINK(") and file_name == "'+cong-thuc.txt"
    for dangerous in ("=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"):
        assert views.csv_cell(dangerous) == "'" + dangerous
    assert views.csv_cell("Hội nghị = bàn") == "Hội nghị = bàn" and views.csv_cell(None) == ""


@pytest.mark.django_db
def test_csv_export_is_capped_with_a_message(client, ingested_seeds, monkeypatch):
    everything = _csv_rows(client.get("/search/export.csv"))
    assert len(everything) == 1 + 5
    monkeypatch.setattr(views, "EXPORT_MAX_ROWS", 2)
    response = client.get("/search/export.csv")
    rows = _csv_rows(response)
    assert len(rows) == 1 + 2 + 1 and response["X-Export-Truncated"] == "2"
    assert "dừng ở bài thứ 2" in rows[-1][1] and "thu hẹp" in rows[-1][1]
    # The next part is one link away, and the parts together are the whole export.
    parts, url = [rows[1:-1]], rows[-1][1].split("Phần tiếp theo: ")[1].split(" ")[0]
    while url:
        assert url.startswith("http://testserver/search/export.csv?") and "start=" in url
        rows = _csv_rows(client.get(url.removeprefix("http://testserver")))
        url = rows[-1][1].split("Phần tiếp theo: ")[1].split(" ")[0] if not rows[-1][0] else None
        parts.append(rows[1:-1] if url else rows[1:])
    assert [r for part in parts for r in part] == everything[1:]
    assert client.get("/search/export.csv", {"start": "x1"}).status_code == 200  # a bad start: from 0


@pytest.mark.django_db
def test_csv_export_stops_within_its_time_budget_and_says_where(client, ingested_seeds, monkeypatch, settings):
    """Issue #27, 2: the rows are written while the request's budget lasts, then the file says
    where it stops; here the reserve it keeps is larger than any budget, so one chunk is written."""
    settings.ARCHIVE_REQUEST_MS = 60_000
    monkeypatch.setattr(views, "EXPORT_CHUNK", 2)
    monkeypatch.setattr(views, "EXPORT_RESERVE_SECONDS", 120)
    response = client.get("/search/export.csv")
    rows = _csv_rows(response)
    assert len(rows) == 1 + 2 + 1 and response["X-Export-Next-Start"] == "2"
    assert "dừng ở bài thứ 2" in rows[-1][1] and "start=2" in rows[-1][1]
    settings.ARCHIVE_REQUEST_MS = 0  # no budget: every row
    assert len(_csv_rows(client.get("/search/export.csv"))) == 1 + 5


# --- 8: long lists are pages ----------------------------------------------------------------------

@pytest.mark.django_db
def test_a_meeting_reported_by_many_articles_is_paginated(client, monkeypatch):
    monkeypatch.setattr(views, "SIDE_LONG_LIST", 7)
    home = factories.province("Tỉnh Họp Nhiều", slug="tinh-hop-nhieu")
    meeting = factories.meeting(province=home, session="12")
    people = [factories.person(f"Nguyễn Văn Đại Biểu{i}") for i in range(9)]
    for i in range(120):
        art = factories.article(title=f"Bài đưa tin số {i}", province=home, paragraphs=[
            f"Hội nghị lần thứ 12 khai mạc, đồng chí {people[i % 9].name} phát biểu (bài {i})."])
        factories.mention(MeetingMention, art, "Hội nghị lần thứ 12", meeting=meeting).save()
        factories.mention(PersonMention, art, people[i % 9].name, person=people[i % 9]).save()
    first = client.get(meeting.get_absolute_url())
    assert first.status_code == 200
    html = first.content.decode()
    assert "Bài viết đưa tin (120)" in html and "Trang 1 / 3" in html
    assert html.count("Bài đưa tin số ") == 50
    assert html.count("Nguyễn Văn Đại Biểu") == 7 and "và 2 người khác" in html
    last = client.get(meeting.get_absolute_url(), {"page": "3"}).content.decode()
    assert last.count("Bài đưa tin số ") == 20 and "Trang 3 / 3" in last


@pytest.mark.django_db
def test_sitemap_is_an_index_of_bounded_sections(client, ingested_seeds, monkeypatch):
    monkeypatch.setattr(sitemaps.ArticleSitemap, "limit", 2)
    index = client.get("/sitemap.xml").content.decode()
    assert "<sitemapindex" in index
    parts = re.findall(r"<loc>http://testserver(/sitemap-articles\.xml(?:\?p=\d+)?)</loc>", index)
    assert parts == ["/sitemap-articles.xml", "/sitemap-articles.xml?p=2", "/sitemap-articles.xml?p=3"]
    counts = [client.get(p).content.decode().count("<url>") for p in parts]
    assert counts == [2, 2, 1]
    # The index's lastmod of a section is its newest row, read by one aggregate, not item by item.
    # In the site's time zone (Asia/Ho_Chi_Minh), as the sitemap writes it: a UTC date would be a
    # day behind between 17:00 and 24:00 UTC.
    latest = timezone.localtime(Article.objects.order_by("-updated").first().updated)
    assert f"<lastmod>{latest.date().isoformat()}" in index or f"<lastmod>{latest.isoformat()}" in index
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        client.get("/sitemap.xml")
    assert len(queries) <= 12, [q["sql"] for q in queries]
    walks = [q["sql"] for q in queries if 'FROM "archive_article"' in q["sql"]
             and "COUNT(" not in q["sql"] and "MAX(" not in q["sql"] and "EXISTS" not in q["sql"]]
    assert not walks, walks  # Django's default read every article to find the newest lastmod


@pytest.mark.django_db
def test_article_lists_are_served_by_the_date_index_on_sqlite(ingested_seeds):
    """Every list orders by the article's date expression (published, else the meeting's day): on
    SQLite the index of migration 0010 serves it, so the latest twelve are read, not sorted."""
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL cannot index the expression (a date cast to timestamptz is not immutable)")
    sql, params = Article.objects.for_listing()[:12].query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        plan = " / ".join(row[-1] for row in cursor.fetchall())
    assert "USING INDEX archive_article_newest" in plan and "TEMP B-TREE" not in plan, plan


# --- 13: curators see where a file came from, not the server's layout ---------------------------

@pytest.mark.django_db
def test_curators_see_the_ingest_path_relative_to_the_ingest_root(admin_client, tmp_path, settings):
    folder = tmp_path / "dot-3" / "dong-thap"
    folder.mkdir(parents=True)
    (folder / "hoi-nghi.txt").write_text(FORMULA_ARTICLE.lstrip("="), encoding="utf-8")
    report = ingest_paths([str(tmp_path / "dot-3")])
    assert not report.failed, report.failed
    article = Article.objects.get(path__endswith="hoi-nghi.txt")
    url = f"/admin/archive/article/{article.pk}/change/"
    settings.ARCHIVE_INGEST_ROOT = str(tmp_path)
    html = admin_client.get(url).content.decode()
    assert "dot-3/dong-thap/hoi-nghi.txt" in html and str(tmp_path) not in html
    settings.ARCHIVE_INGEST_ROOT = ""  # no root configured: the folder and the name only
    html = admin_client.get(url).content.decode()
    assert "dong-thap/hoi-nghi.txt" in html and str(tmp_path) not in html


# --- the throttles on a data directory that cannot be written --------------------------------------

THROTTLED_SCRIPT = """
import json
import django
django.setup()
from django.test import Client
client = Client()
try:
    search = client.get("/api/search", {"q": "tỉnh ủy"}, HTTP_HOST="127.0.0.1", secure=True).status_code
except Exception as exc:  # raised by the view itself, past the throttle
    search = f"{type(exc).__name__}: {exc}"
login = client.post("/admin/login/", {"username": "quantri", "password": "sai"}, HTTP_HOST="127.0.0.1", secure=True)
print(json.dumps([search, login.status_code, login.content.decode()]))
"""


def test_throttles_on_a_read_only_data_dir_read_on_and_refuse_logins(built_archive):  # noqa: F811
    from tests.conftest import skip_unless_nobody_can_run_python

    skip_unless_nobody_can_run_python()
    import json

    from tests.test_storage_faults import _env, _read_only

    _read_only(built_archive)
    env = {**_env(built_archive), "ARCHIVE_SEARCH_RATE_PER_MINUTE": "60"}
    nobody = (lambda: (os.setgid(65534), os.setuid(65534))) if os.geteuid() == 0 else None
    done = subprocess.run([sys.executable, "-c", THROTTLED_SCRIPT], cwd=ROOT, env=env, capture_output=True,
                          text=True, preexec_fn=nobody, timeout=300)
    assert done.returncode == 0, done.stderr
    search, login, page = json.loads(done.stdout.strip().splitlines()[-1])
    # Uncounted, the search goes on to the engine: it answers, or (Haystack's Whoosh backend insists on
    # a writable index folder; not the throttle's business) fails there, never in the counting.
    assert search == 200 or "Whoosh index" in search, search
    assert login == 503  # no password is checked uncounted
    assert "the throttle counters cannot be written" in page


# --- 3: one crafted article cannot break the searches that list it ----------------------------------

@pytest.mark.django_db
@pytest.mark.timeout(60)
def test_a_120_kb_token_is_indexed_searched_and_snippeted_in_linear_time(client):
    """A paragraph holding a 120 KB "1.1.1.…" token: the token regex tried it as a document code
    from each digit to its end (some 10^9 steps per search that listed it, and at index time).
    Bounded, it is read as short tokens, and the article is found, snippeted and marked."""
    from archive import search
    from archive.search.analysis import MAX_TOKEN, TOKEN_RE

    token = "1." * 60_000
    word = "x" * 1000
    assert max(len(t) for t in TOKEN_RE.findall(token + " " + word)) <= MAX_TOKEN
    crafted = factories.article(title="Hội nghị bàn về nông thôn mới", paragraphs=[
        f"Tỉnh ủy họp bàn xây dựng nông thôn mới {token} và {word} rồi kết luận.",
        "Hội nghị thống nhất kế hoạch xây dựng nông thôn mới năm sau."])
    assert search.index([crafted.pk]) == 1
    for url in ("/search/?q=n%C3%B4ng+th%C3%B4n", "/search/", "/api/search?q=nong+thon"):
        response = client.get(url)
        assert response.status_code == 200, url
    hits = client.get("/api/search?q=n%C3%B4ng+th%C3%B4n+m%E1%BB%9Bi").json()["results"]
    assert [h["id"] for h in hits] == [crafted.pk]
    assert "<mark>nông</mark> <mark>thôn</mark> <mark>mới</mark>" in hits[0]["snippet_html"]
    assert len(hits[0]["snippet_html"]) < 3000  # an excerpt, not the token


# --- 2: a search has caps on its words and pages (its CPU budget: tests/search/test_fast_matching.py)

@pytest.mark.django_db
def test_a_long_query_is_cut_to_its_first_words_and_deep_pages_are_capped(client, ingested_seeds):
    from archive.search import MAX_PAGE
    from archive.search.params import MAX_QUERY_WORDS

    words = ("tỉnh ủy hội nghị " * 20).split()
    body = client.get("/api/search", {"q": " ".join(words), "page": 10**9}).json()
    assert body["query"] == " ".join(words[:MAX_QUERY_WORDS])
    assert f"Chỉ tìm theo {MAX_QUERY_WORDS} từ đầu tiên của từ khóa." in body["errors"]
    assert body["page"] == body["pages"] <= MAX_PAGE  # past the last page: the last one
