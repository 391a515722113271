"""Time the reader pages (#30: their pictures, Vietnamese order, de-duplicated lists) on an archive.

    ARCHIVE_DATA_DIR=<a benchmark run's data dir> .venv/bin/python -m bench.reader_pages [--reps 20]

Each page is fetched through Django's test client (view, queries, template, gzip) once to warm
up, then --reps times; p50/p95/max per page, and the pictures' own work timed apart (the chart
functions of archive/views_charts.py). Read-only: it never writes to the archive. Not part of
make test; figures go to bench/README.md.
"""
import argparse
import os
import statistics
import time


def _times(fn, reps):
    fn()
    out = []
    for _ in range(reps):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    out.sort()
    return {"p50": statistics.median(out), "p95": out[max(0, int(len(out) * 0.95) - 1)], "max": out[-1]}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--reps", type=int, default=20)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")
    import django

    django.setup()
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import setup_test_environment

    from archive import views_charts
    from archive.models import Article, Document, Meeting, Person, Province

    setup_test_environment()
    from django.conf import settings

    settings.ALLOWED_HOSTS = ["testserver"]
    settings.ARCHIVE_SEARCH_RATE_PER_MINUTE = 0
    client = Client(HTTP_ACCEPT_ENCODING="gzip")
    province = Province.objects.annotate(n=Count("articles")).order_by("-n").first()
    person = Person.objects.annotate(n=Count("mentions")).order_by("-n").first()
    document = Document.objects.annotate(n=Count("mentions")).order_by("-n").first()
    meeting = Meeting.objects.annotate(n=Count("mentions")).order_by("-n").first()
    year = Article.objects.exclude(published=None).order_by("-published").first().published.year
    pages = {
        "home": "/",
        f"province ({province.n} articles)": province.get_absolute_url(),
        f"person ({person.n} mentions)": person.get_absolute_url(),
        f"document ({document.n} mentions)": document.get_absolute_url(),
        f"meeting ({meeting.n} mentions)": meeting.get_absolute_url(),
        "search q=tỉnh ủy (by year)": "/search/?q=t%E1%BB%89nh+%E1%BB%A7y",
        f"search year={year} (by month)": f"/search/?year={year}",
        "search everything": "/search/",
    }
    print(f"{Article.objects.count()} articles; {args.reps} timed requests a page (ms)")
    print(f"{'page':40} {'p50':>7} {'p95':>7} {'max':>7}")
    for name, url in pages.items():
        def get(url=url):
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
        t = _times(get, args.reps)
        print(f"{name:40} {t['p50']:7.1f} {t['p95']:7.1f} {t['max']:7.1f}")
    print("the pictures' own work:")
    ids = [province.pk, *province.predecessors.values_list("pk", flat=True)]
    for name, fn in (("home at a glance", views_charts.counted_glance),
                     ("province meetings by kind", lambda: views_charts.province_meetings(province, ids))):
        t = _times(fn, args.reps)
        print(f"{name:40} {t['p50']:7.1f} {t['p95']:7.1f} {t['max']:7.1f}")


if __name__ == "__main__":
    main()
