"""The polite fetcher of `ingest --urls` against a local HTTP server on 127.0.0.1 serving pages we
wrote (no internet): robots.txt, per-host delay, retries with backoff, redirect loops, caps, and
the command's never-twice rule."""
import io
import threading
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import call_command

from archive.ingest import fetch
from archive.models import Article, ArticleOriginal
from tests.ingest import pages

PAGE = pages.article_page().encode("utf-8")


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):  # quiet
        pass

    def _send(self, status, body=b"", kind="text/html; charset=utf-8", headers=()):
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        server = self.server
        server.hits[self.path] += 1
        server.agents.add(self.headers.get("User-Agent"))
        path = self.path
        if path == "/robots.txt":
            self._send(200, b"User-agent: *\nDisallow: /rieng/\n", "text/plain")
        elif path.startswith(("/bai/", "/rieng/")):
            self._send(200, PAGE.replace(b"hoi-nghi-12", path.encode()))
        elif path == "/vong":
            self._send(302, headers=[("Location", "/vong-2")])
        elif path == "/vong-2":
            self._send(302, headers=[("Location", "/vong")])
        elif path.startswith("/mai/"):
            self._send(302, headers=[("Location", f"/mai/{int(path[5:]) + 1}")])
        elif path == "/chap-chon":
            if server.hits[path] <= 2:
                self._send(503, b"busy", "text/plain", [("Retry-After", "3")])
            else:
                self._send(200, PAGE)
        elif path == "/anh.png":
            self._send(200, b"\x89PNG....", "image/png")
        elif path == "/to.html":
            self._send(200, b"<html>" + b" " * (9 * 1024 * 1024))
        else:
            self._send(404, b"not here", "text/plain")


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.hits, httpd.agents = Counter(), set()
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    httpd.base = f"http://127.0.0.1:{httpd.server_address[1]}"
    yield httpd
    httpd.shutdown()
    httpd.server_close()


class _Clock:
    """A clock that moves only when the fetcher sleeps: the waits it asks for, not the machine's speed."""

    def __init__(self):
        self.now, self.sleeps = 1000.0, []

    def __call__(self):
        return self.now

    def sleep(self, seconds):
        self.sleeps.append(round(seconds, 3))
        self.now += seconds


def _fetcher(**kwargs):
    clock = _Clock()
    return fetch.Fetcher(sleep=clock.sleep, clock=clock, timeout=5, **kwargs), clock


def test_one_host_is_asked_at_the_delay_and_robots_once(server):
    fetcher, clock = _fetcher(delay=5)
    first = fetcher.fetch(server.base + "/bai/1.html")
    fetcher.fetch(server.base + "/bai/2.html")
    assert first.body.startswith(b"<!DOCTYPE html>") and first.charset == "utf-8"
    assert server.hits["/robots.txt"] == 1
    assert clock.sleeps == [5.0, 5.0]  # robots.txt, then page 1, then page 2: five seconds apart
    assert server.agents == {fetch.USER_AGENT} and "NghiSuArchive" in fetch.USER_AGENT


def test_robots_txt_is_honoured(server):
    fetcher, _ = _fetcher(delay=0)
    with pytest.raises(fetch.FetchError, match="robots.txt does not allow"):
        fetcher.fetch(server.base + "/rieng/x.html")
    assert server.hits["/rieng/x.html"] == 0


@pytest.mark.parametrize("path", ["/vong", "/mai/1"])
def test_a_url_that_redirects_forever_fails_after_a_few_hops(server, path):
    fetcher, _ = _fetcher(delay=0)
    with pytest.raises(fetch.FetchError, match="redirects more than 5 times or in a loop"):
        fetcher.fetch(server.base + path)
    assert sum(n for p, n in server.hits.items() if p != "/robots.txt") <= fetch.MAX_REDIRECTS + 1


def test_a_busy_server_is_retried_with_growing_pauses(server):
    fetcher, clock = _fetcher(delay=0, backoff=2)
    page = fetcher.fetch(server.base + "/chap-chon")
    assert page.body == PAGE and server.hits["/chap-chon"] == 3
    assert clock.sleeps == [3.0, 4.0]  # Retry-After: 3 beats the first 2 s pause; then 4 s


def test_what_is_not_a_page_fails_with_its_reason(server):
    fetcher, _ = _fetcher(delay=0, retries=0)
    for path, reason in (("/anh.png", "not a web page (image/png)"), ("/to.html", "the page is 9.0 MB, over 8 MB"),
                         ("/khong-co", "the server answers 404"), ("ftp://x/y", "not an http(s) URL")):
        with pytest.raises(fetch.FetchError, match=reason.replace("(", r"\(").replace(")", r"\)")):
            fetcher.fetch(path if "://" in path else server.base + path)


@pytest.mark.django_db
def test_ingest_urls_fetches_each_url_once_unless_asked(server, tmp_path):
    listing = tmp_path / "urls.txt"
    url = server.base + "/bai/1.html"
    listing.write_text(f"# danh sách\n{url}\n{url}\n{server.base}/rieng/x.html\n\n", encoding="utf-8")

    def ingest(*extra):
        out, err = io.StringIO(), io.StringIO()
        try:
            call_command("ingest", "--urls", str(listing), "--delay", "0", "--workers", "1", *extra,
                         stdout=out, stderr=err)
        except Exception as exc:  # the failed robots.txt URL makes the run exit 1
            err.write(str(exc))
        return out.getvalue(), err.getvalue()

    out, err = ingest()
    assert f"ingested: {url}" in out and "robots.txt does not allow" in err, (out, err)
    article = Article.objects.get(file_name=url)
    assert article.url == url and article.title == pages.TITLE
    assert ArticleOriginal.objects.get(article=article).url == url
    assert server.hits["/bai/1.html"] == 1
    out, _ = ingest()
    assert "already in the archive; not fetched again" in out and server.hits["/bai/1.html"] == 1
    out, _ = ingest("--refetch")
    assert f"unchanged: {url}" in out and server.hits["/bai/1.html"] == 2
