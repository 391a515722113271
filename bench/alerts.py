"""Email alerts at scale (issue #29): ``send_alerts`` with 10,000 confirmed subscriptions and 1,000 new articles.

    .venv/bin/python -m bench.alerts                 # --old 2000 --new 1000 --subscriptions 10000

A throwaway archive under ``$ARCHIVE_DATA_DIR/bench/alerts-<time>/``: the benchmark corpus's
first ``--old`` articles ingested and dated two days back, then ``--new`` more ingested (the new
articles), then confirmed subscriptions spread over people, documents, provinces and searches
(the fixed benchmark queries, some with a province filter), each last sent a day ago. Timed:
the matching alone (``archive.alerts.matching.owed``), then the whole ``digests.run`` sending
through Django's SMTP backend to a real aiosmtpd server in another process (it discards what it
receives), then the rerun (which must send nothing), each with its SQL query count. Never part
of ``make test``; it never touches another archive. Results go to bench/results/.
"""
import argparse
import datetime as dt
import json
import os
import random
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _prepare(work, old, new, seed):
    from bench.run import _corpus

    base = Path(os.environ.get("ARCHIVE_DATA_DIR") or ROOT / "var") / "bench"
    corpus = _corpus(base, old + new, seed)
    files = sorted(corpus.rglob("*.txt"))
    for name, chunk in (("old", files[:old]), ("new", files[old:old + new])):
        (work / name).mkdir(parents=True)
        for path in chunk:
            (work / name / path.name).symlink_to(path)
    env = dict(os.environ, ARCHIVE_DATA_DIR=str(work / "data"), DJANGO_SETTINGS_MODULE="archive.settings",
               DJANGO_DEBUG="0", DJANGO_SECRET_KEY="bench-only-not-secret", PYTHONPATH=str(ROOT))
    env.pop("DATABASE_URL", None)
    env.pop("ARCHIVE_SEARCH_ENGINE", None)
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "-v0"], env=env, check=True)
    subprocess.run([*manage, "ingest", str(work / "old"), "--workers", "2"], env=env, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    age = (dt.datetime.now(dt.UTC) - dt.timedelta(days=2)).strftime("%Y-%m-%d %H:%M:%S")
    import sqlite3

    with sqlite3.connect(work / "data" / "archive.sqlite3") as db:
        db.execute("UPDATE archive_article SET ingested = ?", (age,))
    subprocess.run([*manage, "ingest", str(work / "new"), "--workers", "2"], env=env, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.environ.update({k: env[k] for k in ("ARCHIVE_DATA_DIR", "DJANGO_SETTINGS_MODULE", "DJANGO_DEBUG",
                                           "DJANGO_SECRET_KEY")})
    os.environ.pop("DATABASE_URL", None)


def _subscriptions(count, seed):
    """count confirmed subscriptions: 40% people, 20% documents, 15% provinces, 25% searches."""
    from django.db.models import Count
    from django.http import QueryDict
    from django.utils import timezone

    from archive.alerts import targets
    from archive.alerts.tokens import address_key
    from archive.models import Document, Person, Province, Subscription
    from archive.search import SearchParams
    from bench.queries import benchmark_queries

    rng = random.Random(seed)
    people = list(Person.objects.annotate(n=Count("mentions")).filter(n__gt=0).values_list("pk", "slug", "name"))
    documents = list(Document.objects.annotate(n=Count("mentions")).filter(n__gt=0)
                     .values_list("pk", "slug", "kind", "number"))
    provinces = list(Province.objects.values_list("pk", "slug", "name"))
    queries = [{k: v for k, v in q.items() if k != "kind"} for q in benchmark_queries(seed)]
    now = timezone.now()
    confirmed, last = now - dt.timedelta(days=3), now - dt.timedelta(days=1, minutes=5)
    rows = []
    for i in range(count):
        email = f"doc-gia-{i}@example.org"
        roll = rng.random()
        common = {"email": email, "confirmed": confirmed, "since": last, "last_digest": last, "created": confirmed}
        if roll < 0.40:
            pk, slug, name = rng.choice(people)
            rows.append(Subscription(kind="person", target=f"person:{pk}", label=f"Nhân vật {name}", person_id=pk,
                                     target_slug=slug, **common))
        elif roll < 0.60:
            pk, slug, kind, number = rng.choice(documents)
            rows.append(Subscription(kind="document", target=f"document:{pk}", label=f"Văn bản {kind} {number}",
                                     document_id=pk, target_slug=slug, **common))
        elif roll < 0.75:
            pk, slug, name = rng.choice(provinces)
            rows.append(Subscription(kind="province", target=f"province:{pk}", label=f"Tỉnh, thành {name}",
                                     province_id=pk, target_slug=slug, **common))
        else:
            q = dict(rng.choice(queries))
            q.pop("sort", None)
            if rng.random() < 0.5:
                q["province"] = rng.choice(provinces)[1]
            data = QueryDict(mutable=True)
            for k, v in q.items():
                data[k] = v
            params = SearchParams.from_querydict(data)
            query = targets.canonical_query(params)
            rows.append(Subscription(kind="search", target=f"search:{query}", label=f"Tìm kiếm {params.q}"[:400],
                                     query=query, **common))
    for row in rows:
        row.email_key = address_key(row.email)  # bulk_create skips save()
    Subscription.objects.bulk_create(rows, batch_size=1000)
    return {k: sum(r.kind == k for r in rows) for k in ("person", "document", "province", "search")}


def _timed(fn):
    """(result, seconds, SQL statements run): counted by an execute wrapper (Django's query log
    keeps only the last 9,000)."""
    from django.db import connection

    count = [0]

    def counting(execute, sql, params, many, context):
        count[0] += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counting):
        start = time.perf_counter()
        result = fn()
        seconds = time.perf_counter() - start
    return result, seconds, count[0]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--old", type=int, default=2000)
    parser.add_argument("--new", type=int, default=1000)
    parser.add_argument("--subscriptions", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", action="store_true", help="keep the run's archive")
    args = parser.parse_args(argv)
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    base = Path(os.environ.get("ARCHIVE_DATA_DIR") or ROOT / "var") / "bench"
    work = base / f"alerts-{stamp}"
    work.mkdir(parents=True)
    port = _free_port()
    smtp = subprocess.Popen([sys.executable, "-m", "aiosmtpd", "-n", "-l", f"127.0.0.1:{port}",
                             "-c", "aiosmtpd.handlers.Sink"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        t0 = time.perf_counter()
        _prepare(work, args.old, args.new, args.seed)
        prepare_s = time.perf_counter() - t0
        os.environ.update(EMAIL_HOST="127.0.0.1", EMAIL_PORT=str(port), ARCHIVE_SITE_URL="https://nghisu.example")
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()
        from django.utils import timezone

        from archive.alerts import digests, matching
        from archive.models import Article, Subscription

        kinds = _subscriptions(args.subscriptions, args.seed)
        cutoff = timezone.now()
        due = list(Subscription.objects.due(cutoff))
        (owed, searches), match_s, match_q = _timed(lambda: matching.owed(due, cutoff))
        report, run_s, run_q = _timed(digests.run)
        rerun, rerun_s, rerun_q = _timed(digests.run)
        # The next day's run, nothing new ingested: every subscription is due again, none is owed.
        Subscription.objects.update(last_digest=cutoff - dt.timedelta(days=1, minutes=5))
        idle, idle_s, idle_q = _timed(digests.run)
        result = {
            "stamp": stamp, "articles": Article.objects.count(), "new_articles": args.new,
            "subscriptions": args.subscriptions, "kinds": kinds, "prepare_s": round(prepare_s, 1),
            "match_s": round(match_s, 2), "match_queries": match_q, "distinct_searches": searches,
            "owed_subscriptions": len(owed), "owed_pairs": sum(len(v) for v in owed.values()),
            "run_s": round(run_s, 2), "run_queries": run_q, "sent": report.sent, "sent_articles": report.articles,
            "failed": len(report.failed), "rerun_s": round(rerun_s, 2), "rerun_queries": rerun_q,
            "rerun_sent": rerun.sent, "idle_day_s": round(idle_s, 2), "idle_day_queries": idle_q,
            "idle_day_due": idle.due, "idle_day_sent": idle.sent,
        }
    finally:
        smtp.terminate()
        smtp.wait(timeout=30)
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    out = ROOT / "bench" / "results" / f"alerts-{stamp}.json"
    out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
    print(json.dumps(result, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
