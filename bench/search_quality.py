"""Measured relevance (issue #25, point 9): nDCG@10 and P@10 of our search and of two SQLite FTS5
baselines over the same real articles, against the judged queries of bench/search_quality.jsonl.

``make search-quality`` (``python -m bench.search_quality [--data DIR]``) builds once, and reuses
after, an archive of ``../shared/corpora/baomoi-2013.tar.xz`` (unpacked under DIR, or read from
``--baomoi`` where it is unpacked already), ``../shared/real/articles`` and the repository's test
articles, ingested with the project's own pipeline into DIR (default ``$ARCHIVE_DATA_DIR/
search-quality``). Then, in the same run, for each judged query: our top 10 (archive.search, as
the page shows them), and FTS5's top 10 by bm25 over the same articles' title and body, once with
``unicode61 remove_diacritics 2`` and once with ``remove_diacritics 0``. A document nobody judged
counts 0 and is counted as unjudged (``--pool FILE`` writes those, with their title and lead, for
judging). Without ../shared it says so and stops. Only the judgments live in the repository: the
texts are read from ../shared at run time, never copied. Must never write outside DIR.
"""
import argparse
import json
import math
import os
import re
import sqlite3
import subprocess
import sys
import tarfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("ARCHIVE_SHARED_DIR") or ROOT.parent / "shared")
JUDGMENTS = ROOT / "bench" / "search_quality.jsonl"
TEST_ARTICLES = [ROOT / "tests" / "data" / "articles", ROOT / "tests" / "data" / "relevance"]
K = 10
STAMP = "search-quality.json"


def sources(baomoi):
    return [baomoi, SHARED / "real" / "articles", *TEST_ARTICLES]


def build(data, baomoi):
    """The archive of the sources under data, built unless a build of the same sources is there."""
    stamp = data / STAMP
    wanted = {"sources": [str(p) for p in sources(baomoi)],
              "files": sum(1 for p in sources(baomoi) for f in p.rglob("*.txt"))}
    if stamp.exists() and json.loads(stamp.read_text()) == wanted and (data / "archive.sqlite3").exists():
        print(f"Reusing the archive in {data} ({wanted['files']} files ingested before)", flush=True)
        return
    data.mkdir(parents=True, exist_ok=True)
    (data / "staticfiles").mkdir(exist_ok=True)
    env = dict(os.environ, ARCHIVE_DATA_DIR=str(data), ARCHIVE_SEARCH_SECONDS="0")
    env.pop("DATABASE_URL", None)
    env.pop("ARCHIVE_SEARCH_ENGINE", None)
    manage = [sys.executable, str(ROOT / "manage.py")]
    print(f"Building the archive in {data} from {wanted['files']} files …", flush=True)
    subprocess.run(manage + ["migrate", "--noinput", "-v0"], env=env, check=True, cwd=ROOT)
    subprocess.run(manage + ["ingest", *map(str, sources(baomoi)), "--workers", str(os.cpu_count() or 1), "-v0"],
                   env=env, check=True, cwd=ROOT)
    stamp.write_text(json.dumps(wanted))


def unpacked(data, given):
    if given:
        return Path(given)
    target = data / "corpus"
    found = target / "baomoi-2013"
    if not found.is_dir():
        print(f"Unpacking {SHARED / 'corpora' / 'baomoi-2013.tar.xz'} into {target} …", flush=True)
        target.mkdir(parents=True, exist_ok=True)
        with tarfile.open(SHARED / "corpora" / "baomoi-2013.tar.xz") as tar:
            tar.extractall(target, filter="data")
    return found


# --- the FTS5 baselines ------------------------------------------------------------------------

BASELINES = {"fts5 rd2": "unicode61 remove_diacritics 2", "fts5 rd0": "unicode61 remove_diacritics 0"}


def build_baselines(data):
    """One FTS5 table per baseline, of every article's title and body, in data/baselines.sqlite3."""
    path = data / "baselines.sqlite3"
    src = sqlite3.connect(data / "archive.sqlite3")
    n = src.execute("SELECT count(*) FROM archive_article").fetchone()[0]
    dst = sqlite3.connect(path)
    have = {r[0] for r in dst.execute("SELECT name FROM sqlite_master")}
    for i, tokenizer in enumerate(BASELINES.values()):
        table = f"b{i}"
        if table in have and dst.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == n:
            continue
        dst.execute(f"DROP TABLE IF EXISTS {table}")
        dst.execute(f"CREATE VIRTUAL TABLE {table} USING fts5(title, body, file UNINDEXED, tokenize = '{tokenizer}')")
        dst.executemany(f"INSERT INTO {table} VALUES (?, ?, ?)",
                        src.execute("SELECT title, body, file_name FROM archive_article ORDER BY id"))
        dst.commit()
    src.close()
    return dst


def fts5_match(q):
    """The query as FTS5 reads plain text: every word required, "quoted text" a phrase, a code a
    phrase of its parts, -word excluded, OR as typed."""
    phrases = re.findall(r'"([^"]*)"', q)
    rest = re.sub(r'"[^"]*"', " ", q)
    parts, excluded = [], []
    for item in rest.split():
        if item in ("OR", "HOẶC"):
            parts.append("OR")
            continue
        negated = item.startswith("-") and len(item) > 1
        item = re.sub(r"^[^\W_]{2,10}:", "", item[1:] if negated else item)
        words = re.findall(r"\w+", item)
        if words:
            (excluded if negated else parts).append('"' + " ".join(words) + '"')
    parts += ['"' + " ".join(re.findall(r"\w+", p)) + '"' for p in phrases if re.findall(r"\w+", p)]
    out = []
    for p in parts:
        if p == "OR":
            if out and out[-1] != "OR":
                out.append("OR")
        else:
            out.append(p)
    while out and out[-1] == "OR":
        out.pop()
    expr = " ".join(out)
    for e in excluded:
        expr = f"({expr}) NOT {e}" if expr else expr
    return expr


def baseline_top(conn, table, q):
    match = fts5_match(q)
    if not match:
        return []
    try:
        rows = conn.execute(f"SELECT file FROM {table} WHERE {table} MATCH ? ORDER BY rank LIMIT {K}", (match,))
        return [r[0] for r in rows]
    except sqlite3.OperationalError:
        return []


# --- ours ----------------------------------------------------------------------------------------


def our_top(q, params=None):
    from django.http import QueryDict

    from archive import search as searching

    data = QueryDict(mutable=True)
    data["q"] = q
    for k, v in (params or {}).items():
        data[k] = v
    result = searching.search(searching.SearchParams.from_querydict(data), page_size=K, with_facets=False)
    return [h.article.file_name for h in result.hits]


# --- the measures --------------------------------------------------------------------------------


def ndcg(ranked, grades, k=K):
    dcg = sum((2 ** grades.get(d, 0) - 1) / math.log2(i + 2) for i, d in enumerate(ranked[:k]))
    ideal = sorted(grades.values(), reverse=True)[:k]
    idcg = sum((2 ** g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / idcg if idcg else 0.0


def precision(ranked, grades, k=K):
    return sum(1 for d in ranked[:k] if grades.get(d, 0) > 0) / k


def load_judgments(path=JUDGMENTS):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    default = Path(os.environ.get("ARCHIVE_DATA_DIR") or ROOT / "var") / "search-quality"
    parser.add_argument("--data", type=Path, default=default, help="the archive's data dir (built once, reused)")
    parser.add_argument("--baomoi", help="the baomoi-2013 folder, unpacked already (else unpacked under --data)")
    parser.add_argument("--pool", type=Path, help="write the unjudged documents of every system's top 10 here")
    args = parser.parse_args(argv)
    if not (SHARED / "corpora" / "baomoi-2013.tar.xz").exists() or not (SHARED / "real" / "articles").is_dir():
        print(f"search-quality skipped: {SHARED} (../shared) with corpora/baomoi-2013.tar.xz and real/articles "
              "is not here; the corpus is read from it at run time, never kept in the repository.")
        return 0
    data = args.data.resolve()
    build(data, unpacked(data, args.baomoi))
    os.environ["ARCHIVE_DATA_DIR"] = str(data)
    os.environ["ARCHIVE_SEARCH_SECONDS"] = "0"  # judged on what it finds, not on how fast
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from archive import search as searching

    searching.warm()
    conn = build_baselines(data)
    queries = load_judgments()
    systems = ["ours", *BASELINES]
    scores = {s: {"ndcg": [], "p": [], "unjudged": 0} for s in systems}
    pool = []
    print(f"\n{len(queries)} judged queries; nDCG@{K} / P@{K} (unjudged documents in the top {K})\n")
    print(f"{'query':44} " + " ".join(f"{s:>18}" for s in systems))
    for item in queries:
        grades = item.get("judgments", {})
        tops = {"ours": our_top(item["q"], item.get("params"))}
        for i, name in enumerate(BASELINES):
            tops[name] = baseline_top(conn, f"b{i}", item["q"])
        cells = []
        for s in systems:
            n, p = ndcg(tops[s], grades), precision(tops[s], grades)
            unjudged = [d for d in tops[s] if d not in grades]
            scores[s]["ndcg"].append(n)
            scores[s]["p"].append(p)
            scores[s]["unjudged"] += len(unjudged)
            cells.append(f"{n:.2f} / {p:.1f} ({len(unjudged)})")
            pool += [(item["id"], d) for d in unjudged]
        label = (item["q"] + (" " + json.dumps(item["params"], ensure_ascii=False) if item.get("params") else ""))[:44]
        print(f"{label:44} " + " ".join(f"{c:>18}" for c in cells))
    print(f"\n{'mean':44} " + " ".join(
        f"{sum(scores[s]['ndcg']) / len(queries):.3f} / {sum(scores[s]['p']) / len(queries):.2f}".rjust(18)
        for s in systems))
    for kind in sorted({q["kind"] for q in queries}):
        idx = [i for i, q in enumerate(queries) if q["kind"] == kind]
        print(f"{'mean, ' + kind + f' ({len(idx)})':44} " + " ".join(
            f"{sum(scores[s]['ndcg'][i] for i in idx) / len(idx):.3f} / "
            f"{sum(scores[s]['p'][i] for i in idx) / len(idx):.2f}".rjust(18) for s in systems))
    print(f"{'unjudged in the top 10s':44} " + " ".join(f"{scores[s]['unjudged']:>18}" for s in systems))
    if args.pool:
        from archive.models import Article

        seen, rows = set(), []
        by_id = {q["id"]: q for q in queries}
        for qid, d in pool:
            if (qid, d) in seen:
                continue
            seen.add((qid, d))
            a = Article.objects.filter(file_name=d).only("title", "body").first()
            rows.append({"id": qid, "q": by_id[qid]["q"], "intent": by_id[qid]["intent"], "doc": d,
                         "title": a.title if a else "", "text": (a.body if a else "")[:700]})
        args.pool.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
        print(f"\n{len(rows)} unjudged documents written to {args.pool}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
