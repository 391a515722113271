"""Bounded load test: the archive under gunicorn on 127.0.0.1, 20 clients searching and browsing.

``make loadtest`` (or ``python bench/loadtest.py --articles 10000 --clients 20
--duration 60``) builds, once, a throwaway archive of the seeds plus N synthetic
articles from ``bench/corpus.py`` under ``<ARCHIVE_DATA_DIR>/loadtest-<N>/``
(reused by later runs), starts gunicorn with production settings (DEBUG off,
random secret; plain HTTP on 127.0.0.1, so no SSL redirect or HSTS; the
per-client search throttle switched off because every simulated reader comes
from 127.0.0.1 — the throttle has its own tests), then runs the clients for the
given time: about 60 % searches (accented and unaccented queries, phrases,
codes, facet filters, later pages, JSON API) and 40 % page views (home,
provinces, articles, people, documents). It prints requests, errors,
throughput and latency percentiles and exits non-zero on any error. It must
never touch the default archive under var/ and never reach beyond 127.0.0.1.

``--hostile N`` adds N clients sending only the worst requests of issue #27
(300-character queries on deep relevance pages, a query of one phrase
repeated, searches listing an article holding a 120 KB token — ingested into
the archive first —, the largest meeting, person and document pages, the CSV
export of everything, sitemap files). A hostile request may be refused (503:
past the search's CPU budget) but never fail (500, a dropped connection or a
timeout); readers' figures are reported apart. ``--data DIR`` serves an
archive that exists already (for example the 100,000-article benchmark
archive under var/bench/run-…/data), migrated first.
"""
import argparse
import http.client
import itertools
import json
import os
import random
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
QUERIES = [
    "tỉnh ủy", "tinh uy", "hội đồng nhân dân", "hoi dong nhan dan", "chuyển đổi số", "chuyen doi so",
    "nông thôn mới", "nong thon moi", "\"ban chấp hành đảng bộ tỉnh\"", "nghị quyết 15", "15-NQ/TW",
    "kinh tế xã hội", "bí thư tỉnh ủy", "phòng chống tham nhũng", "cải cách hành chính", "du lịch",
    "biến đổi khí hậu", "giải phóng mặt bằng", "Lê Quốc Phong", "le quoc phong", "đầu tư công", "xây dựng đảng",
]


def log(msg):
    print(msg, flush=True)


def manage(data_dir, *args, check=True):
    env = _env(data_dir, debug=True)
    return subprocess.run([PY, str(ROOT / "manage.py"), *args], cwd=ROOT, env=env, check=check)


def _env(data_dir, debug):
    env = dict(os.environ, ARCHIVE_DATA_DIR=str(data_dir), PYTHONUNBUFFERED="1")
    if not debug:
        env.update(DJANGO_DEBUG="0", DJANGO_SECRET_KEY=secrets.token_urlsafe(50), DJANGO_SECURE_SSL_REDIRECT="0",
                   DJANGO_HSTS_SECONDS="0", DJANGO_SECURE_COOKIES="0", DJANGO_ALLOWED_HOSTS="127.0.0.1",
                   ARCHIVE_SEARCH_RATE_PER_MINUTE="0")
    return env


def prepare(data_dir, articles):
    """The archive of seeds + N synthetic articles, built once and reused."""
    ready = data_dir / "ready.json"
    if ready.exists():
        log(f"reusing {data_dir} ({json.loads(ready.read_text())})")
        return
    shutil.rmtree(data_dir, ignore_errors=True)
    data_dir.mkdir(parents=True)
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")
    from bench.corpus import write  # the benchmark's deterministic generator (pure: no database)

    corpus = data_dir / "corpus"
    started = time.monotonic()
    write(str(corpus), 0, articles)
    log(f"generated {articles} articles in {time.monotonic() - started:.0f} s")
    manage(data_dir, "migrate", "--noinput", "-v0")
    extra = ["--workers", str(os.cpu_count() or 1)] if "--workers" in subprocess.run(
        [PY, str(ROOT / "manage.py"), "ingest", "--help"], cwd=ROOT, env=_env(data_dir, True),
        capture_output=True, text=True).stdout else []
    started = time.monotonic()
    manage(data_dir, "ingest", "-v0", *extra, str(ROOT / "seeds"), str(corpus))
    took = time.monotonic() - started
    log(f"ingested and indexed {articles + 5} articles in {took:.0f} s")
    ready.write_text(json.dumps({"articles": articles + 5, "ingest_s": round(took)}))


def add_hostile_article(data_dir):
    """One crafted article in the archive: a body holding a 120 KB "1.1.1…" token (issue #27, 3)."""
    folder = data_dir / "hostile"
    folder.mkdir(exist_ok=True)
    path = folder / "token-120kb.txt"
    if not path.exists():
        path.write_text("Hội nghị Tỉnh ủy bàn về nông thôn mới và chuyển đổi số\n\n"
                        "Ngày 5/6/2023, Tỉnh ủy họp bàn xây dựng nông thôn mới " + "1." * 60_000
                        + " và chuyển đổi số.\n", encoding="utf-8")
    manage(data_dir, "ingest", "-v0", str(folder))


def hostile_pool(port):
    """The worst requests of issue #27 items 2, 3 and 8 against this archive."""
    words = "hội nghị ban chấp hành đảng bộ tỉnh kinh tế xã hội nông thôn mới chuyển đổi số".split()
    long_query = " ".join(words * 6)[:300]
    quoted = " ".join(f'"{a} {b}"' for a, b in itertools.pairwise(words))
    urls = []
    for page in (500, 250, 77):
        for q in (long_query, "tinh uy hoi nghi " * 18, quoted):
            qs = urllib.parse.urlencode({"q": q, "page": page})
            urls += [f"/search/?{qs}", f"/api/search?{qs}"]
    for q in ("nông thôn mới", "chuyen doi so", "1.1.1.1"):
        urls.append("/search/?" + urllib.parse.urlencode({"q": q}))
    urls += ["/search/export.csv", "/search/export.csv?q=t%E1%BB%89nh+%E1%BB%A7y", "/search/?page=500",
             "/sitemap.xml", "/sitemap-articles.xml", "/sitemap-articles.xml?p=2", "/feed/"]
    facets = json.loads(get(port, "/api/search")[1])["facets"]
    for name, prefix in (("person", "/nhan-vat/"), ("document", "/van-ban/")):
        for f in facets.get(name, [])[:3]:  # the most cited: the largest pages
            urls.append(f"{prefix}{f['value']}/")
    return urls


def _read_log(path):
    return path.read_text(encoding="utf-8", errors="replace").splitlines() if path.exists() else []


def article_count(data_dir):
    import sqlite3

    path = data_dir / "archive.sqlite3"
    if not path.exists():
        return None
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        return db.execute("SELECT COUNT(*) FROM archive_article").fetchone()[0]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(port, url, timeout=60):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", url, headers={"Accept-Encoding": "identity"})
        response = conn.getresponse()
        body = response.read()
        return response.status, body
    finally:
        conn.close()


def wait_up(port, proc, limit=120):
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit("gunicorn exited before serving")
        try:
            if get(port, "/", timeout=30)[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise SystemExit("gunicorn did not answer within two minutes")


def url_pool(port):
    """Search and page URLs of this archive, discovered through its own JSON API."""
    searches, pages = [], ["/"]
    status, body = get(port, "/api/search")
    facets = json.loads(body)["facets"]
    for q in QUERIES:
        qs = urllib.parse.urlencode({"q": q})
        searches += [f"/search/?{qs}", f"/api/search?{qs}", f"/search/?{qs}&page=2", f"/search/?{qs}&sort=newest"]
        data = json.loads(get(port, f"/api/search?{qs}")[1])
        pages += [urllib.parse.urlsplit(r["url"]).path for r in data["results"][:5]]
    for name in ("province", "year", "kind", "person", "document"):
        for f in facets.get(name, [])[:8]:
            searches.append("/search/?" + urllib.parse.urlencode({name: f["value"]}))
            searches.append("/search/?" + urllib.parse.urlencode(
                {"q": QUERIES[len(searches) % len(QUERIES)], name: f["value"]}))
    for f in facets.get("province", [])[:10]:
        pages.append(f"/tinh/{f['value']}/")
    for f in facets.get("person", [])[:10]:
        pages.append(f"/nhan-vat/{f['value']}/")
    for f in facets.get("document", [])[:10]:
        pages.append(f"/van-ban/{f['value']}/")
    return searches, sorted(set(pages))


def run_clients(port, searches, pages, clients, duration, search_share=0.6, hostile=(), hostile_clients=0):
    results, lock = [], threading.Lock()
    stop_at = time.monotonic() + duration

    def client(n):
        rng = random.Random(n)
        mine = []
        while time.monotonic() < stop_at:
            if n >= clients:
                kind, url = "hostile", rng.choice(hostile)
            else:
                kind = "search" if rng.random() < search_share else "page"
                url = rng.choice(searches if kind == "search" else pages)
            started = time.monotonic()
            try:
                status, _ = get(port, url)
                # A hostile request may be refused (503: past the search's CPU budget), never fail.
                error = None if status == 200 or (kind == "hostile" and status == 503) else f"HTTP {status}"
                if kind == "hostile" and status == 503:
                    kind = "refused"
            except OSError as exc:
                error = f"{type(exc).__name__}: {exc}"
            mine.append((kind, time.monotonic() - started, error, url))
        with lock:
            results.extend(mine)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients + hostile_clients)]
    began = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results, time.monotonic() - began


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))] * 1000 if values else 0.0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=10000, help="synthetic articles besides the seeds")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--duration", type=float, default=60, help="seconds")
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1, help="gunicorn workers")
    parser.add_argument("--output", help="also write the figures as JSON to this file")
    parser.add_argument("--hostile", type=int, default=0, help="further clients sending only the worst requests")
    parser.add_argument("--cold", action="store_true",
                        help="start with no reader page rendered (the minute after an ingest)")
    parser.add_argument("--data", help="serve this existing archive (its ARCHIVE_DATA_DIR) instead of building one")
    args = parser.parse_args()
    if args.data:
        data_dir = Path(args.data).resolve()
        if not (data_dir / "archive.sqlite3").exists() and not os.environ.get("DATABASE_URL"):
            raise SystemExit(f"--data {data_dir}: no archive.sqlite3 there")
        manage(data_dir, "migrate", "--noinput", "-v0")
    else:
        base = Path(os.environ.get("ARCHIVE_DATA_DIR") or ROOT / "var").resolve()
        data_dir = base / f"loadtest-{args.articles}"
        prepare(data_dir, args.articles)
    if args.hostile:
        add_hostile_article(data_dir)
    if args.cold:
        # Reader pages rendered by an earlier run would be served from the page cache: start cold,
        # as a server does right after an ingest, with no copy to fall back on.
        shutil.rmtree(data_dir / "cache" / "pages", ignore_errors=True)
    port = free_port()
    # gunicorn's access log gives each request's time inside its worker (%(M)s, ms), queueing left out.
    access_log = data_dir / "loadtest-access.log"
    access_log.unlink(missing_ok=True)
    proc = subprocess.Popen(
        [str(Path(PY).parent / "gunicorn"), "archive.wsgi:application", "--bind", f"127.0.0.1:{port}",
         "--workers", str(args.workers), "--timeout", "120", "--backlog", "256", "--log-level", "warning",
         "--access-logfile", str(access_log), "--access-logformat", "%(M)s %(s)s %(U)s"],
        cwd=ROOT, env=_env(data_dir, debug=False), start_new_session=True,
    )
    try:
        wait_up(port, proc)
        searches, pages = url_pool(port)
        hostile = hostile_pool(port) if args.hostile else []
        log(f"gunicorn: {args.workers} workers on 127.0.0.1:{port}; {len(searches)} search URLs,"
            f" {len(pages)} page URLs, {len(hostile)} hostile URLs for {args.hostile} clients")
        # Every worker opens its searcher before the clock starts, as a running server would have;
        # and the reader pages are rendered once (kept for every worker), as a running server has
        # them, unless --cold asks for the first minute after an ingest.
        for url in searches[: args.workers * 4] + ([] if args.cold else pages):
            get(port, url)
        logged_before = len(_read_log(access_log))
        results, elapsed = run_clients(port, searches, pages, args.clients, args.duration,
                                       hostile=hostile, hostile_clients=args.hostile)
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
    in_worker = sorted(int(line.split()[0]) for line in _read_log(access_log)[logged_before:] if line.strip())
    errors = [r for r in results if r[2]]
    readers = [r for r in results if r[0] in ("search", "page")]
    figures = {
        "articles": article_count(data_dir),
        "data": str(data_dir), "clients": args.clients, "hostile_clients": args.hostile,
        "duration_s": round(elapsed, 1), "gunicorn_workers": args.workers, "cpu_count": os.cpu_count(),
        "cold": args.cold,
        "requests": len(results), "errors": len(errors),
        "throughput_rps": round(len(results) / elapsed, 1),
        "p50_ms": round(pct([r[1] for r in readers], 50), 1),
        "p95_ms": round(pct([r[1] for r in readers], 95), 1),
        "max_ms": round(max((r[1] for r in readers), default=0) * 1000, 1),
    }
    figures["in_worker_p95_ms"] = round(pct([t / 1000 for t in in_worker], 95), 1)
    figures["in_worker_max_ms"] = in_worker[-1] if in_worker else 0
    for kind in ("search", "page", "hostile", "refused"):
        times = [r[1] for r in results if r[0] == kind]
        figures[f"{kind}_requests"] = len(times)
        figures[f"{kind}_p50_ms"] = round(pct(times, 50), 1)
        figures[f"{kind}_p95_ms"] = round(pct(times, 95), 1)
        figures[f"{kind}_max_ms"] = round(max(times, default=0) * 1000, 1)
    log(json.dumps(figures, indent=2, ensure_ascii=False))
    for _kind, took, error, url in errors[:20]:
        log(f"error: {error} after {took * 1000:.0f} ms: {url}")
    if args.output:
        Path(args.output).write_text(json.dumps(figures, ensure_ascii=False) + "\n")
    log(f"{len(results)} requests in {elapsed:.0f} s by {args.clients} clients: {figures['throughput_rps']} req/s, "
        f"readers' p95 {figures['p95_ms']} ms (search {figures['search_p95_ms']} ms, pages "
        f"{figures['page_p95_ms']} ms); hostile: {figures['hostile_requests']} answered (max "
        f"{figures['hostile_max_ms']} ms), {figures['refused_requests']} refused; {len(errors)} errors; "
        f"longest in a worker {figures['in_worker_max_ms']} ms")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
