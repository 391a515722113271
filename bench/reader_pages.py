"""Time the reader pages (#30: their pictures, Vietnamese order, de-duplicated lists) on an archive.

    ARCHIVE_DATA_DIR=<a copy of a benchmark run's data dir> .venv/bin/python -m bench.reader_pages [--reps 20]

Each page is fetched through Django's test client (view, queries, template, gzip), in two ways:
"first" clears the page cache and the aggregates' cache before every request (the first visit
after an ingest or a curator's act, which change the archive's state: archive/aggregates.py),
"cached" times the visits after that one (served from the page cache). Search pages are not
cached: their one column is the search itself. The pictures' own work (archive/views_charts.py)
is timed apart, uncached. Writes the page cache under the data dir: run it on a copy, never on a
run's own data. Not part of make test; figures go to bench/README.md.
"""
import argparse
import os
import statistics
import time


def _times(fn, reps, before=None):
    if before:
        before()
    fn()
    out = []
    for _ in range(reps):
        if before:
            before()
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    out.sort()
    return {"p50": statistics.median(out), "p95": out[max(0, -(-len(out) * 95 // 100) - 1)], "max": out[-1]}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--reps", type=int, default=20)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.cache import cache, caches
    from django.db.models import Count
    from django.test import Client, RequestFactory
    from django.test.utils import setup_test_environment

    from archive import search as searching
    from archive import views_charts
    from archive.models import Article, Document, Meeting, Person, Province
    from archive.search.params import SearchParams

    setup_test_environment()
    settings.ALLOWED_HOSTS = ["testserver"]
    settings.ARCHIVE_SEARCH_RATE_PER_MINUTE = 0
    searching.warm()  # as a web worker does once (gunicorn's post_fork): not a page's cost

    def forget():
        caches["pages"].clear()
        cache.clear()

    client = Client(HTTP_ACCEPT_ENCODING="gzip")
    province = Province.objects.annotate(n=Count("articles")).order_by("-n").first()
    person = Person.objects.annotate(n=Count("mentions")).order_by("-n").first()
    document = Document.objects.annotate(n=Count("mentions")).order_by("-n").first()
    meeting = Meeting.objects.annotate(n=Count("mentions")).order_by("-n").first()
    year = Article.objects.exclude(published=None).order_by("-published").first().published.year
    cached_pages = {
        "home": "/",
        f"province ({province.n} articles)": province.get_absolute_url(),
        f"person ({person.n} mentions)": person.get_absolute_url(),
        f"document ({document.n} mentions)": document.get_absolute_url(),
        f"meeting ({meeting.n} mentions)": meeting.get_absolute_url(),
    }
    searches = {
        "search q=tỉnh ủy (by year)": "/search/?q=t%E1%BB%89nh+%E1%BB%A7y",
        f"search year={year} (by month)": f"/search/?year={year}",
        "search everything (by year)": "/search/",
    }

    refused = {}

    def get(url):
        # A page past the request's clock budget (ARCHIVE_REQUEST_MS) is a 503: counted, not fatal.
        response = client.get(url)
        assert response.status_code in (200, 503), (url, response.status_code)
        if response.status_code == 503:
            refused[url] = refused.get(url, 0) + 1

    print(f"{Article.objects.count()} articles; {args.reps} timed requests a page and mode (ms)")
    print(f"{'page':40} {'first p50':>9} {'p95':>7} {'max':>7} {'cached p50':>10} {'p95':>7} {'max':>7}")
    for name, url in cached_pages.items():
        first = _times(lambda url=url: get(url), args.reps, before=forget)
        again = _times(lambda url=url: get(url), args.reps)
        print(f"{name:40} {first['p50']:9.1f} {first['p95']:7.1f} {first['max']:7.1f} "
              f"{again['p50']:10.1f} {again['p95']:7.1f} {again['max']:7.1f}")
    for name, url in searches.items():
        t = _times(lambda url=url: get(url), args.reps)
        print(f"{name:40} {t['p50']:9.1f} {t['p95']:7.1f} {t['max']:7.1f} {'(not cached)':>10}")
    for url, n in refused.items():
        print(f"refused (503, past the request budget): {url} {n} times")
    print("the pictures' own work, uncached:")
    ids = [province.pk, *province.predecessors.values_list("pk", flat=True)]
    factory = RequestFactory()

    def timeline(query):
        request = factory.get("/search/", query)
        result = searching.search(SearchParams.from_querydict(request.GET))
        return lambda: views_charts.search_timeline(request, result)

    for name, fn in (("home at a glance", views_charts.counted_glance),
                     ("province meetings by kind", lambda: views_charts.province_meetings(province, ids)),
                     ("search q=tỉnh ủy by year", timeline({"q": "tỉnh ủy"})),
                     (f"search year={year} by month", timeline({"year": str(year)})),
                     ("search everything by year", timeline({}))):
        t = _times(fn, args.reps)
        print(f"{name:40} {t['p50']:9.1f} {t['p95']:7.1f} {t['max']:7.1f}")


if __name__ == "__main__":
    main()
