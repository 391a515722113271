"""Curation pages at the scale of a benchmark archive: p50 / p95 of the review queue with filters,
the person changelist and the person change form, through Django's test client.

    ARCHIVE_DATA_DIR=var/bench100k .venv/bin/python -m bench.admin --repeat 10

ARCHIVE_DATA_DIR must hold a copy of a benchmark run's database (bench/README.md: "Curation
pages"), migrated; never the lead's run directory itself: this script creates a superuser in
it and reads nothing else but what a curator's browser would ask for. It writes no facts,
takes no decision and never touches the search index. Results go to bench/results/.
"""
import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _django():
    os.environ.update(DJANGO_SETTINGS_MODULE="archive.settings", DJANGO_DEBUG="0",
                      DJANGO_SECRET_KEY="bench-only-not-secret", ARCHIVE_SEARCH_RATE_PER_MINUTE="0")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def _pages():
    """(group, label, url) for every page timed, chosen from the archive's own rows."""
    from django.db.models import Count
    from django.urls import reverse

    from archive.models import Article, Person, Province, ReviewCube, Source

    queue = reverse("admin:archive_review")
    biggest = (ReviewCube.objects.values("province_id").annotate(n=Count("id")).order_by("-n").first() or {})
    province = Province.objects.filter(pk=biggest.get("province_id")).first() or Province.objects.first()
    small = Source.objects.annotate(n=Count("articles")).filter(n__gt=0).order_by("n").first()
    article = Article.objects.order_by("-pk").only("pk").first()
    year = ReviewCube.objects.exclude(year=0).values_list("year", flat=True).order_by("-year").first()
    version = ReviewCube.objects.values_list("version", flat=True).first() or ""
    pages = [
        ("review", "tất cả", queue),
        ("review", "kind=person", f"{queue}?kind=person"),
        ("review", "kind=position sort=date", f"{queue}?kind=position&sort=date"),
        ("review", "province", f"{queue}?province={province.pk}"),
        ("review", "province+kind+year", f"{queue}?province={province.pk}&kind=person&year={year}"),
        ("review", "small source", f"{queue}?source={small.pk}" if small else queue),
        ("review", "article", f"{queue}?article={article.pk}"),
        ("review", "band=high version", f"{queue}?band=high&version={version}"),
        ("review", "kind=document page 5", f"{queue}?kind=document&p=5"),
        ("review", "kind=author", f"{queue}?kind=author"),
    ]
    people = reverse("admin:archive_person_changelist")
    pages += [
        ("person_changelist", "first page", people),
        ("person_changelist", "page 20", f"{people}?p=20"),
        ("person_changelist", "search", f"{people}?q=nguyen+van"),
        ("person_changelist", "province", f"{people}?province__id__exact={province.pk}"),
        ("person_changelist", "year", f"{people}?nam={year}"),
        ("person_changelist", "by mentions", f"{people}?o=3"),
    ]
    busiest = Person.objects.annotate(n=Count("mentions")).order_by("-n").values_list("pk", flat=True)[:3]
    others = Person.objects.order_by("?").values_list("pk", flat=True)[:3]
    for pk in [*busiest, *others]:
        pages.append(("person_change", f"#{pk}", reverse("admin:archive_person_change", args=[pk])))
    return pages


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=10, help="timed requests per page, after one warm-up")
    args = parser.parse_args()
    _django()
    from django.contrib.auth.models import User
    from django.test import Client

    from archive.models import Article, PersonMention, Position

    user, _ = User.objects.get_or_create(username="bench-admin", defaults={"is_staff": True, "is_superuser": True})
    client = Client()
    client.force_login(user)
    rows = []
    for group, label, url in _pages():
        times = []
        for i in range(args.repeat + 1):
            start = time.perf_counter()
            response = client.get(url, HTTP_HOST="localhost", secure=True)
            ms = (time.perf_counter() - start) * 1000
            if response.status_code != 200:
                raise SystemExit(f"{url} answered {response.status_code}")
            if i:
                times.append(ms)
        rows.append({"group": group, "label": label, "url": url, "times_ms": times})
        print(f"{group:18} {label:26} p50 {statistics.median(times):7.1f} ms  max {max(times):7.1f} ms", flush=True)
    summary = {}
    for group in dict.fromkeys(r["group"] for r in rows):
        times = sorted(t for r in rows if r["group"] == group for t in r["times_ms"])
        summary[group] = {"requests": len(times), "p50_ms": round(statistics.median(times), 1),
                          "p95_ms": round(times[max(0, int(len(times) * 0.95) - 1)], 1),
                          "max_ms": round(times[-1], 1)}
    result = {
        "archive": {"articles": Article.objects.count(), "person_mentions": PersonMention.objects.count(),
                    "positions": Position.objects.count()},
        "repeat": args.repeat, "summary": summary, "pages": rows,
        "time": time.strftime("%Y%m%dT%H%M%SZ", time.gmtime()),
    }
    out = ROOT / "bench" / "results" / f"admin-n{result['archive']['articles']}-{result['time']}.json"
    out.write_text(json.dumps(result, ensure_ascii=False, indent=1))
    for group, s in summary.items():
        print(f"{group:18} {s['requests']:4} requests  p50 {s['p50_ms']:7.1f}  p95 {s['p95_ms']:7.1f}  "
              f"max {s['max_ms']:7.1f} ms")
    print(f"written {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
