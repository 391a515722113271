"""`ingest --urls FILE`: fetch article pages politely and hand them to the ingest as items.

The fetcher asks each host's robots.txt first (urllib.robotparser; a page it disallows is not
fetched, a Crawl-delay longer than ours is kept), waits between two requests to one host, gives
each request a timeout, retries what may pass later (timeouts, refused connections, 429, 5xx)
with a growing pause (Retry-After honoured up to a cap), follows at most a few redirects (a loop
fails with its reason), reads at most the page cap, accepts only HTML, and names the archive in
its User-Agent. ``fetch_list`` never fetches a URL the archive already holds unless asked
(--refetch). Must never fetch anything but http(s) URLs from the list and their robots.txt, nor
run or follow what a page links to.
"""
import datetime as dt
import http.client
import time
import urllib.error
import urllib.parse
import urllib.request
import urllib.robotparser
from dataclasses import dataclass

from archive.ingest import sources
from archive.ingest.sources.html import MAX_PAGE_BYTES

USER_AGENT = "NghiSuArchive/1.0 (an archive of Vietnamese provincial meeting reports; polite: robots.txt, delays)"
# Header values are Latin-1 on the wire: the name stays ASCII.
TIMEOUT = 20.0  # seconds per request
RETRIES = 3  # after the first attempt
BACKOFF = 2.0  # seconds before the first retry, doubled each time
MAX_RETRY_AFTER = 60.0
MAX_REDIRECTS = 5
HTML_TYPES = ("text/html", "application/xhtml+xml")
_RETRY_STATUSES = {429, 500, 502, 503, 504}


class FetchError(Exception):
    """The page cannot be had; the message says why."""


@dataclass
class Fetched:
    url: str  # as asked
    final_url: str  # after redirects
    body: bytes
    charset: str | None


class _Redirects(urllib.request.HTTPRedirectHandler):
    max_redirections = MAX_REDIRECTS
    max_repeats = 1  # the same URL twice in one chain is a loop


class Fetcher:
    def __init__(self, *, delay=2.0, timeout=TIMEOUT, retries=RETRIES, backoff=BACKOFF, max_bytes=MAX_PAGE_BYTES,
                 user_agent=USER_AGENT, sleep=time.sleep, clock=time.monotonic):
        self.delay, self.timeout, self.retries, self.backoff = delay, timeout, retries, backoff
        self.max_bytes, self.user_agent, self.sleep, self.clock = max_bytes, user_agent, sleep, clock
        self.opener = urllib.request.build_opener(_Redirects())
        self.last = {}  # host -> clock() of its last request
        self.robots = {}  # host -> RobotFileParser, or a FetchError saying why it has none

    def _wait(self, host):
        delay = self.delay
        robots = self.robots.get(host)
        if isinstance(robots, urllib.robotparser.RobotFileParser):
            delay = max(delay, float(robots.crawl_delay(self.user_agent) or 0))
        if host in self.last:
            left = self.last[host] + delay - self.clock()
            if left > 0:
                self.sleep(left)
        self.last[host] = self.clock()

    def _open(self, url):
        request = urllib.request.Request(url, headers={"User-Agent": self.user_agent, "Accept": "text/html,*/*;q=0.5"})
        return self.opener.open(request, timeout=self.timeout)

    def _robots(self, url):
        parts = urllib.parse.urlsplit(url)
        host = parts.netloc.lower()
        if host not in self.robots:
            parser = urllib.robotparser.RobotFileParser()
            robots_url = f"{parts.scheme}://{parts.netloc}/robots.txt"
            self._wait(host)
            try:
                with self._open(robots_url) as response:
                    parser.parse(response.read(512 * 1024).decode("utf-8", "replace").splitlines())
            except urllib.error.HTTPError as exc:
                if exc.code in (401, 403):
                    parser.disallow_all = True
                elif exc.code >= 500:
                    self.robots[host] = FetchError(f"its robots.txt answers {exc.code}: the host is not fetched")
                    return self.robots[host]
                else:
                    parser.allow_all = True
            except (urllib.error.URLError, OSError, http.client.HTTPException) as exc:
                self.robots[host] = FetchError(f"its robots.txt cannot be read ({_why(exc)}): the host is not fetched")
                return self.robots[host]
            self.robots[host] = parser
        return self.robots[host]

    def fetch(self, url):
        """Fetched of url, or FetchError with the reason."""
        parts = urllib.parse.urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise FetchError("not an http(s) URL")
        robots = self._robots(url)
        if isinstance(robots, FetchError):
            raise robots
        if not robots.can_fetch(self.user_agent, url):
            raise FetchError("robots.txt does not allow the archive to fetch it")
        pause = self.backoff
        for attempt in range(self.retries + 1):
            self._wait(parts.netloc.lower())
            try:
                return self._get(url)
            except _Retry as exc:
                if attempt == self.retries:
                    raise FetchError(f"{exc} (tried {self.retries + 1} times)") from None
                self.sleep(min(max(pause, exc.retry_after or 0), MAX_RETRY_AFTER))
                pause *= 2

    def _get(self, url):
        try:
            response = self._open(url)
        except urllib.error.HTTPError as exc:
            if 300 <= exc.code < 400:
                raise FetchError(f"redirects more than {MAX_REDIRECTS} times or in a loop ({exc.reason})") from None
            if exc.code in _RETRY_STATUSES:
                raise _Retry(f"the server answers {exc.code}", _retry_after(exc.headers)) from None
            raise FetchError(f"the server answers {exc.code} {exc.reason}") from None
        except TimeoutError as exc:
            raise _Retry(f"no answer in {self.timeout:g} s") from exc
        except urllib.error.URLError as exc:
            if isinstance(exc.reason, (TimeoutError, ConnectionError)):
                raise _Retry(_why(exc)) from None
            raise FetchError(_why(exc)) from None
        except (ConnectionError, http.client.HTTPException) as exc:
            raise _Retry(_why(exc)) from None
        with response:
            kind = response.headers.get_content_type()
            if kind not in HTML_TYPES:
                raise FetchError(f"not a web page ({kind})")
            length = response.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > self.max_bytes:
                raise FetchError(f"the page is {int(length) / 1048576:.1f} MB, over {self.max_bytes // 1048576} MB")
            try:
                body = response.read(self.max_bytes + 1)
            except TimeoutError as exc:
                raise _Retry(f"the page stopped coming for {self.timeout:g} s") from exc
            except (ConnectionError, http.client.HTTPException) as exc:
                raise _Retry(_why(exc)) from None
            if len(body) > self.max_bytes:
                raise FetchError(f"the page is over {self.max_bytes // 1048576} MB")
            return Fetched(url, response.geturl(), body, response.headers.get_content_charset())


class _Retry(Exception):
    def __init__(self, message, retry_after=None):
        super().__init__(message)
        self.retry_after = retry_after


def _retry_after(headers):
    value = (headers or {}).get("Retry-After", "")
    return float(value) if value.strip().isdigit() else None


def _why(exc):
    reason = getattr(exc, "reason", None) or exc
    return f"{type(reason).__name__}: {reason}" if not isinstance(reason, str) else reason


def read_url_list(path):
    """The URLs of a list file in order, once each: one a line, blank lines and # comments skipped."""
    urls = []
    with open(path, encoding="utf-8-sig") as fh:
        for line in fh:
            line = line.strip()
            if line and not line.startswith("#") and line not in urls:
                urls.append(line)
    return urls


def fetch_list(path, *, refetch=False, delay=2.0, on_result=None, fetcher=None):
    """(items, results): an Item per page fetched, a FileResult per URL skipped (already in the
    archive) or failed. on_result(FileResult) is called for each of the latter as it comes."""
    from archive.ingest.store import FAILED, UNCHANGED, FileResult
    from archive.models import Article

    fetcher = fetcher or Fetcher(delay=delay)
    items, results = [], []

    def said(result):
        results.append(result)
        if on_result:
            on_result(result)

    for url in read_url_list(path):
        if len(url) > 255:
            said(FileResult(url[:120] + "…", FAILED, "a URL over 255 characters cannot be an article's identity"))
            continue
        if not refetch and Article.objects.filter(file_name=url).exists():
            said(FileResult(url, UNCHANGED, "already in the archive; not fetched again (--refetch to fetch it)"))
            continue
        try:
            page = fetcher.fetch(url)
        except FetchError as exc:
            said(FileResult(url, FAILED, str(exc)))
            continue
        given = {"url": url, "charset": page.charset, "fetched_url": page.final_url,
                 "fetched": dt.datetime.now(dt.UTC)}
        items.append(sources.Item(url, url, sources.HTML, page.body, given, movable=False, label=url))
    return items, results
