"""Time of the search page's suggestions on an archive built already (issue #25, point 10).

``ARCHIVE_DATA_DIR=<a benchmark run's data dir> python -m bench.suggest_speed``: for queries that
ask for a suggestion (typed without diacritics, a misspelt name of the corpus's rosters, a code
the archive lacks, an accented query with no hits), the search is run once to warm it, then the
suggestion step alone (``archive.search._suggestions``: restoring the diacritics, correcting
names and codes, and checking each candidate for hits) is timed ``--repeat`` times; the whole
search with facets, snippets and entity cards too. Prints p50/p95/max per kind and overall as
JSON. Only reads the archive; never runs as part of the test suite.
"""
import argparse
import json
import os
import statistics
import time


def _queries(seed=1):
    from bench.queries import _chair, corpus_fold

    dong_thap, thai_binh = _chair(seed, "Đồng Tháp", 2), _chair(seed, "Thái Bình", 1)
    nghe_an = _chair(seed, "Nghệ An", 0)

    def misspelt(name):
        return name[:-1] + ("h" if name[-1] != "h" else "k")

    return [
        ("unaccented", "nong thon moi"), ("unaccented", "chuyen doi so"), ("unaccented", "giai ngan von dau tu cong"),
        ("unaccented", "xam nhap man"), ("unaccented", "phong chong tham nhung"),
        ("unaccented", corpus_fold(dong_thap[0][0])), ("unaccented", "tinh uy thai binh"),
        ("misspelt name", misspelt(dong_thap[1][0])), ("misspelt name", misspelt(thai_binh[0][0])),
        ("misspelt name", misspelt(nghe_an[3][0])),
        ("missing code", "27-NQ/CP"), ("missing code", "999-KL/TW"), ("missing code", "57/NQ-TU"),
        ("no hits", "nông thôn cũ xyz"), ("no hits", "sầu riêng xyzw"),
    ]


def _pct(values, p):
    values = sorted(values)
    k = (len(values) - 1) * p / 100
    lo = int(k)
    hi = min(lo + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")
    import django

    django.setup()
    from django.http import QueryDict

    from archive import search as searching
    from archive.search import SearchParams, plan

    searching.warm()
    suggest_ms, search_ms, by_kind, rows = [], [], {}, []
    for kind, q in _queries():
        data = QueryDict(mutable=True)
        data["q"] = q
        params = SearchParams.from_querydict(data)
        result = searching.search(params)  # warm: postings read once
        the_plan = plan.of(params, folded=result.folded)
        texts = [h.article.body for h in result.hits]
        for _ in range(args.repeat):
            t = time.perf_counter()
            searching._suggestions(params, the_plan, result.count, texts)
            ms = (time.perf_counter() - t) * 1000
            suggest_ms.append(ms)
            by_kind.setdefault(kind, []).append(ms)
            t = time.perf_counter()
            searching.search(params)
            search_ms.append((time.perf_counter() - t) * 1000)
        rows.append({"kind": kind, "q": q, "count": result.count, "suggestion": result.suggestion,
                     "nearest_codes": result.nearest_codes, "cards": len(result.entities),
                     "suggest_ms_median": round(statistics.median(by_kind[kind][-args.repeat:]), 1)})
    out = {
        "articles": __import__("archive.models", fromlist=["Article"]).Article.objects.count(),
        "suggest_p50_ms": round(_pct(suggest_ms, 50), 1), "suggest_p95_ms": round(_pct(suggest_ms, 95), 1),
        "suggest_max_ms": round(max(suggest_ms), 1),
        "search_with_suggest_p50_ms": round(_pct(search_ms, 50), 1),
        "search_with_suggest_p95_ms": round(_pct(search_ms, 95), 1),
        "by_kind_p95_ms": {k: round(_pct(v, 95), 1) for k, v in by_kind.items()},
        "queries": rows,
    }
    print(json.dumps(out, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
