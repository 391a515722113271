"""One benchmark run: ingest, index and search N synthetic articles, with SQLite FTS5 as the peer.

``python -m bench.run --n 10000`` (``make bench N=10000``) generates the corpus
(bench/corpus.py) under ``$ARCHIVE_DATA_DIR/bench/``, then runs each step in a
child process of its own on a throwaway archive there, timing it from outside
and sampling the resident memory of the child and all its processes every
0.2 s: migrate, ingest end to end (``manage.py ingest --workers``: read, extract,
store, index), a rebuild of the index alone, the benchmark queries through
``/api/search`` (Django's test client: the view, facets, highlighting, JSON)
one at a time and from 10 concurrent client processes, the same corpus and
queries in FTS5, and an incremental ingest of 100 new articles into the
finished archive. It prints a Markdown table and writes it with a JSON object
of the run to bench/results/. It must never touch the archive under var/ or the
test database, and never runs as part of the test suite.
"""
import argparse
import datetime as dt
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

from archive.search.engines.whoosh.matching import ARRAYS_SUFFIX

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
CLIENTS = 10
INCREMENTAL = 100
PY = sys.executable


# --- measuring a child process ----------------------------------------------------------------


_GONE = (FileNotFoundError, ProcessLookupError, PermissionError)


def _tree(pid):
    """pid and all its descendants, parents first (a process gone meanwhile is left out with its children)."""
    stack = [pid]
    while stack:
        p = stack.pop()
        try:
            children = []
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as fh:
                    children.extend(int(c) for c in fh.read().split())
        except _GONE:
            continue
        yield p
        stack.extend(children)


def _tree_rss_kb(pid):
    """Resident memory of pid and all its descendants, in kB (0 when it is gone).

    Each process counts its proportional share (Pss) of pages it shares with the others:
    forked workers share most of their parent's memory, and adding up their plain RSS
    would count those pages once per process.
    """
    total = 0
    for p in _tree(pid):
        try:
            with open(f"/proc/{p}/smaps_rollup") as fh:
                for line in fh:
                    if line.startswith("Pss:"):
                        total += int(line.split()[1])
                        break
        except _GONE:
            continue
    return total


_TICK = os.sysconf("SC_CLK_TCK")
PSS_EVERY = 2.0  # seconds between memory samples after a step's first 5 s
STEP_CPU = {}  # step name -> (its process id, {pid: (CPU seconds, command name)} at the last sample)


def _tree_cpu(pid):
    """{pid: (user + system CPU seconds, command name)} of pid and all its descendants."""
    out = {}
    for p in _tree(pid):
        try:
            with open(f"/proc/{p}/stat") as fh:
                stat = fh.read()
        except _GONE:
            continue
        name, fields = stat[stat.index("(") + 1:stat.rindex(")")], stat.rsplit(")", 1)[1].split()
        out[p] = ((int(fields[11]) + int(fields[12])) / _TICK, name)
    return out


def cpu_by_role(step):
    """CPU seconds of a step's processes by role: the step's own process, the ingest's extraction
    workers and its index writers (by the names they give themselves, archive/processes.py), and
    any other child, as last sampled (each process's last 0.2 s may be missing)."""
    from archive import processes

    root, seen = STEP_CPU[step]
    roles = {"main": 0.0, "extraction": 0.0, "index_writers": 0.0, "other": 0.0}
    named = {processes.EXTRACT: "extraction", processes.INDEX_WRITER: "index_writers"}
    for pid, (cpu, name) in seen.items():
        roles["main" if pid == root else named.get(name, "other")] += cpu
    return {k: round(v, 1) for k, v in roles.items()}


def calibration_ms():
    """Milliseconds of a fixed pure-Python loop (the best of 5): how fast this machine runs
    Python now. Shared machines vary (the same code has run 1.8 times slower from one day
    to the next here), so a run's figures are read against it."""
    best = float("inf")
    for _ in range(5):
        start = time.perf_counter()
        total, table = 0, {}
        for i in range(1_000_000):
            total += i % 7
            table[i & 1023] = total
        best = min(best, time.perf_counter() - start)
    return round(best * 1000, 1)


def run_step(name, args, env, log):
    """Run a child; return (seconds, peak RSS of its process tree in MB, stdout, CPU seconds).

    CPU seconds are user + system time of the child and every process it waited for
    (its workers): unlike wall time, they do not depend on what else the machine runs.
    """
    cpu_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.Popen(args, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = [0]
    done = threading.Event()

    cpu = {}
    STEP_CPU[name] = (proc.pid, cpu)

    def sample():
        # Reading a large process's Pss is costly for the kernel: sampled as often as CPU, it took
        # a noticeable share of a core from the ingest it measured (bench/README.md). Memory is read
        # every 0.2 s for the first 5 s (short steps), then every PSS_EVERY s; CPU (cheap) every 0.2 s.
        last_pss = -PSS_EVERY
        while not done.is_set():
            now = time.perf_counter() - start
            if now < 5 or now - last_pss >= PSS_EVERY:
                peak[0] = max(peak[0], _tree_rss_kb(proc.pid))
                last_pss = now
            cpu.update(_tree_cpu(proc.pid))
            done.wait(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = proc.communicate()
    seconds = time.perf_counter() - start
    done.set()
    sampler.join()
    log.write(f"## {name}: {' '.join(map(str, args))}\n{out}\n{err}\n")
    if proc.returncode != 0:
        raise SystemExit(f"benchmark step {name} failed (exit {proc.returncode}):\n{err[-3000:]}")
    cpu_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (cpu_after.ru_utime - cpu_before.ru_utime) + (cpu_after.ru_stime - cpu_before.ru_stime)
    return seconds, peak[0] / 1024, out, cpu


def _env(work):
    env = dict(os.environ, ARCHIVE_DATA_DIR=str(work / "data"), DJANGO_SETTINGS_MODULE="archive.settings",
               DJANGO_DEBUG="0", DJANGO_SECRET_KEY="bench-only-not-secret", PYTHONPATH=str(ROOT),
               # The per-client search throttle would answer 429 to a benchmark's pace.
               ARCHIVE_SEARCH_RATE_PER_MINUTE="0")
    if _postgres():
        # The PostgreSQL engine: the archive and its search documents in the DATABASE_URL database
        # (`make bench ENGINE=postgres` starts a throwaway server), emptied by the run's migrate.
        env["ARCHIVE_SEARCH_ENGINE"] = "postgres"
    else:
        env.pop("DATABASE_URL", None)  # the benchmark measures the embedded SQLite archive
        env.pop("ARCHIVE_SEARCH_ENGINE", None)
    return env


def _postgres():
    return os.environ.get("ARCHIVE_SEARCH_ENGINE", "").strip().lower() == "postgres"


def _index_step(work, args, env, log):
    print("index …", flush=True)
    step = run_step("index", [PY, "-m", "bench.run", "--step", "index", "--work", str(work),
                              "--workers", str(args.workers)], env, log)
    return step, json.loads(step[2].strip().splitlines()[-1])


def _search_step(work, args, env, log):
    print("search …", flush=True)
    step = run_step("search", [PY, "-m", "bench.run", "--step", "search", "--work", str(work),
                               "--seed", str(args.seed)], env, log)
    return step, json.loads(step[2].strip().splitlines()[-1])


def _search_figures(search):
    seq, conc, cold = search["sequential_ms"], search["concurrent_ms"], search["cold_ms"]
    return {
        "search_queries": len(seq),
        # The warm-up pass: each query the first time since the index was written (a posting
        # list is read from the index once, then kept as arrays beside it).
        "search_p50_ms_cold": round(_pct(cold, 50), 1), "search_p95_ms_cold": round(_pct(cold, 95), 1),
        "search_max_ms_cold": round(max(cold), 1),
        "search_p50_ms": round(_pct(seq, 50), 1), "search_p95_ms": round(_pct(seq, 95), 1),
        "search_max_ms": round(max(seq), 1),
        "search_p50_ms_concurrent": round(_pct(conc, 50), 1), "search_p95_ms_concurrent": round(_pct(conc, 95), 1),
        "search_max_ms_concurrent": round(max(conc), 1),
        "concurrent_requests_per_s": round(len(conc) / search["concurrent_wall_s"], 1),
    }


def again(work, args):
    """Rebuild the index of an earlier run's archive (unless --search-only) and time the searches again."""
    if not (work / "data" / "archive.sqlite3").exists():
        raise SystemExit(f"--again: {work} is not the work directory of a benchmark run")
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    env, log = _env(work), open(work / f"steps-again-{stamp}.log", "w")
    commit, calibration_at_start = _commit(), calibration_ms()
    print(f"Benchmark again on {work}", flush=True)
    steps, index_figures = {}, {}
    if args.search_only:
        # The arrays kept beside the index are an earlier run's: start without them (cold).
        shutil.rmtree(_arrays_dir(work), ignore_errors=True)
        n = _article_count(work)
    else:
        steps["index"], index_info = _index_step(work, args, env, log)
        n = index_info["written"]
        index_figures = {
            "index_s": round(index_info["seconds"], 1),
            "index_articles_per_s": round(index_info["written"] / max(index_info["seconds"], 0.05), 2),
        }
    steps["search"], search = _search_step(work, args, env, log)
    seq = search["sequential_ms"]
    result = {
        "again_on": work.name, "n": n, "workers": args.workers, "cpu_count": os.cpu_count(),
        "commit": commit, "started": stamp, "load_avg_at_end": os.getloadavg()[0],
        **index_figures,
        "index_mb": round(_dir_mb(work / "data" / "whoosh_index"), 1),
        "arrays_mb": round(_dir_mb(_arrays_dir(work)), 1),
        **_search_figures(search),
        "cpu_s_by_step": {k: round(v[3], 1) for k, v in steps.items()},
        "peak_rss_mb": round(max(s[1] for s in steps.values()), 1),
        "peak_rss_mb_by_step": {k: round(v[1], 1) for k, v in steps.items()},
        "latency_ms": [{"q": q["q"], "ms": round(ms, 1), "hits": c}
                       for q, ms, c in zip(search["queries"], seq, search["counts"], strict=True)],
        "segments": _segment_count(work),
        "calibration_ms": {"start": calibration_at_start, "end": calibration_ms()},
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    base = RESULTS / f"bench-n{result['n']}-{stamp}-again"
    base.with_suffix(".json").write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n")
    print(json.dumps({k: v for k, v in result.items() if k != "latency_ms"}, indent=1))
    log.close()


def _segment_count(work):
    from whoosh.filedb.filestore import FileStorage

    return len(FileStorage(str(work / "data" / "whoosh_index")).open_index()._segments())


def _arrays_dir(work):
    """The arrays search keeps beside the run's index (archive.search.engines.whoosh.matching)."""
    return work / "data" / ("whoosh_index" + ARRAYS_SUFFIX)


def _article_count(work):
    import sqlite3

    with sqlite3.connect(work / "data" / "archive.sqlite3") as db:
        return db.execute("SELECT COUNT(*) FROM archive_article").fetchone()[0]


def _ingest_phases(out):
    """The phase timings and count of the ingest command's summary line."""
    m = re.search(r"; (\d+) indexed \(([\d.]+) s to read, store and index as it goes,"
                  r" ([\d.]+) s to finish the index\)", out)
    if not m:
        raise SystemExit(f"the ingest summary has no timings: {out[-500:]!r}")
    return {"indexed": int(m.group(1)), "store_s": float(m.group(2)), "index_s": float(m.group(3))}


def _dir_mb(path):
    return sum(f.stat().st_size for f in Path(path).rglob("*") if f.is_file()) / 2**20


def _pct(values, p):
    if not values:
        return None
    values = sorted(values)
    k = (len(values) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def _commit():
    try:
        sha = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT,
                             capture_output=True, text=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no", "--", "archive", "bench"],
                               cwd=ROOT, capture_output=True, text=True).stdout.strip()
        return sha + ("+dirty" if dirty else "")
    except OSError:
        return "unknown"


# --- steps that run inside a child (python -m bench.run --step …) -------------------------------


def _django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")
    import django

    django.setup()


def step_index(work, workers):
    _django()
    from archive import search

    start = time.perf_counter()
    written = search.rebuild(procs=workers)
    seconds = time.perf_counter() - start
    size = {}
    if _postgres():
        from django.db import connection

        with connection.cursor() as cursor:  # the table, its GIN indexes and its TOAST
            cursor.execute("SELECT pg_total_relation_size('archive_search_document')")
            size["index_mb"] = cursor.fetchone()[0] / 2**20
    print(json.dumps({"seconds": seconds, "written": written, **size}))


def _api_get(client, query):
    params = {k: v for k, v in query.items() if k != "kind" and v}
    start = time.perf_counter()
    # secure: with DEBUG off the site redirects plain HTTP to HTTPS, as in production.
    response = client.get("/api/search", params, HTTP_HOST="localhost", secure=True)
    ms = (time.perf_counter() - start) * 1000
    if response.status_code != 200:
        raise SystemExit(f"/api/search {params} answered {response.status_code}")
    data = response.json()
    if not data["facets"] or any(r["snippet_html"] is None for r in data["results"]):
        raise SystemExit(f"/api/search {params} came back without facets or snippets")
    return ms, data["count"]


def _client_loop(queries, offset, rounds, out):
    """One concurrent client (a forked process): every query, starting at its own offset."""
    from django.db import connections
    from django.test import Client

    from archive import search

    connections.close_all()
    search.forget_open_index()  # a searcher of its own, not the parent's open files
    client, latencies = Client(), []
    for r in range(rounds):
        for i in range(len(queries)):
            latencies.append(_api_get(client, queries[(i + offset + r) % len(queries)])[0])
    with open(out, "w") as fh:
        json.dump(latencies, fh)


def step_search(work, seed):
    _django()
    from django.db import connections
    from django.test import Client

    from bench.queries import benchmark_queries

    queries = benchmark_queries(seed)
    client = Client()
    cold = []
    for q in queries:  # warm-up: open the searcher, fill caches, as a running server would be
        cold.append(_api_get(client, q)[0])
    sequential, counts = [], []
    for q in queries:
        ms, count = _api_get(client, q)
        sequential.append(ms)
        counts.append(count)
    # 10 clients at once, each a process with its own searcher, as 10 server workers would be.
    connections.close_all()
    pids, outs = [], []
    for c in range(CLIENTS):
        out = Path(work) / f"client-{c}.json"
        outs.append(out)
        pid = os.fork()
        if pid == 0:
            try:
                _client_loop(queries, c * 3, 2, out)
            finally:
                os._exit(0)
        pids.append(pid)
    start = time.perf_counter()
    for pid in pids:
        os.waitpid(pid, 0)
    wall = time.perf_counter() - start
    concurrent = [ms for out in outs for ms in json.loads(out.read_text())]
    print(json.dumps({"sequential_ms": sequential, "cold_ms": cold, "counts": counts, "concurrent_ms": concurrent,
                      "concurrent_wall_s": wall, "queries": queries}))


def step_fts5(work, seed):
    _django()
    import sqlite3

    from django.conf import settings

    from bench import fts5
    from bench.queries import benchmark_queries

    path = Path(work) / "fts5.sqlite3"
    seconds, rows = fts5.build(str(settings.DATABASES["default"]["NAME"]), str(path))
    conn = sqlite3.connect(path)
    queries = benchmark_queries(seed)
    for q in queries:
        fts5.search(conn, q)
    latencies, counts = [], []
    for q in queries:
        start = time.perf_counter()
        count, _, _ = fts5.search(conn, q)
        latencies.append((time.perf_counter() - start) * 1000)
        counts.append(count)
    print(json.dumps({"index_s": seconds, "rows": rows, "index_mb": path.stat().st_size / 2**20,
                      "latency_ms": latencies, "counts": counts}))


# --- the run ------------------------------------------------------------------------------------


def _corpus(base, n, seed):
    from bench import corpus

    path = base / f"corpus-s{seed}-n{n}"
    marker = path / ".complete"
    if not marker.exists():
        start = time.perf_counter()
        corpus.write(str(path), 0, n, seed)
        marker.write_text(f"{n} articles, seed {seed}, {time.perf_counter() - start:.1f} s\n")
    return path


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=1000, help="articles in the corpus")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="ingest/index processes")
    parser.add_argument("--again", metavar="RUN_DIR",
                        help="measure the index rebuild and the searches again on the archive of an earlier run "
                             "(after a change to indexing or search), writing a result of its own")
    parser.add_argument("--search-only", action="store_true",
                        help="with --again: keep the index as it is and time the searches only")
    parser.add_argument("--step", choices=["index", "search", "fts5"], help=argparse.SUPPRESS)
    parser.add_argument("--work", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.n < 1 or args.workers < 1:
        parser.error("--n and --workers must be at least 1")
    if args.step:
        {"index": lambda: step_index(args.work, args.workers), "search": lambda: step_search(args.work, args.seed),
         "fts5": lambda: step_fts5(args.work, args.seed)}[args.step]()
        return

    if args.again:
        again(Path(args.again).resolve(), args)
        return
    data_root = Path(os.environ.get("ARCHIVE_DATA_DIR") or ROOT / "var").resolve() / "bench"
    data_root.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    work = data_root / f"run-n{args.n}-{stamp}"
    work.mkdir()
    env = _env(work)
    (work / "data" / "staticfiles").mkdir(parents=True)  # WhiteNoise warns about a missing STATIC_ROOT
    log = open(work / "steps.log", "w")
    print(f"Benchmark N={args.n}, workers={args.workers}, work dir {work}", flush=True)

    commit_at_start = _commit()
    calibration_at_start = calibration_ms()
    t = time.perf_counter()
    corpus_dir = _corpus(data_root, args.n, args.seed)
    gen_s = time.perf_counter() - t
    corpus_mb = _dir_mb(corpus_dir)
    manage = [PY, "manage.py"]
    run_step("migrate", manage + ["migrate", "--noinput", "-v0"], env, log)
    steps = {}
    print("ingest …", flush=True)
    steps["ingest"] = run_step(
        "ingest", manage + ["ingest", str(corpus_dir), "--workers", str(args.workers), "-v0"], env, log
    )
    phases = _ingest_phases(steps["ingest"][2])
    # The ingest indexes each batch as it is stored: the index build alone is timed by a rebuild.
    steps["index"], index_info = _index_step(work, args, env, log)
    if _postgres():
        return _postgres_run(work, args, env, log, steps, phases, index_info, corpus_mb, gen_s, stamp,
                             commit_at_start, calibration_at_start)
    index_mb = _dir_mb(work / "data" / "whoosh_index")
    steps["search"], search = _search_step(work, args, env, log)
    arrays_mb = _dir_mb(_arrays_dir(work))
    print("fts5 …", flush=True)
    steps["fts5"] = run_step("fts5", [PY, "-m", "bench.run", "--step", "fts5", "--work", str(work),
                                      "--seed", str(args.seed)], env, log)
    peer = json.loads(steps["fts5"][2].strip().splitlines()[-1])
    print("incremental …", flush=True)
    from bench import corpus

    incoming = work / "incoming"
    corpus.write(str(incoming), args.n, INCREMENTAL, args.seed)
    steps["incremental"] = run_step(
        "incremental", manage + ["ingest", str(incoming), "--workers", str(args.workers), "-v0"], env, log
    )

    n = args.n
    result = {
        "n": n, "seed": args.seed, "workers": args.workers, "cpu_count": os.cpu_count(), "commit": commit_at_start,
        "started": stamp, "load_avg_at_end": os.getloadavg()[0],
        "corpus_mb": round(corpus_mb, 1), "generate_s": round(gen_s, 1),
        "ingest_s": round(steps["ingest"][0], 1),
        "ingest_articles_per_s": round(n / steps["ingest"][0], 2),
        "ingest_store_s": round(phases["store_s"], 1), "ingest_index_s": round(phases["index_s"], 1),
        "index_s": round(index_info["seconds"], 1),
        "index_articles_per_s": round(index_info["written"] / max(index_info["seconds"], 0.05), 2),  # printed to 0.1 s
        "index_mb": round(index_mb, 1), "index_to_text": round(index_mb / corpus_mb, 2),
        "arrays_mb": round(arrays_mb, 1),
        **_search_figures(search),
        "fts5_index_s": round(peer["index_s"], 2), "fts5_index_mb": round(peer["index_mb"], 1),
        "fts5_search_p50_ms": round(_pct(peer["latency_ms"], 50), 2),
        "fts5_search_p95_ms": round(_pct(peer["latency_ms"], 95), 2),
        "fts5_search_max_ms": round(max(peer["latency_ms"]), 2),
        "incremental_100_s": round(steps["incremental"][0], 1),
        # Load-independent: CPU seconds of each step's processes, and what they allow on idle cores.
        "cpu_s_by_step": {k: round(v[3], 1) for k, v in steps.items()},
        "ingest_cpu_ms_per_article": round(steps["ingest"][3] / n * 1000, 1),
        "ingest_cpu_s_by_process": cpu_by_role("ingest"),
        "calibration_ms": {"start": calibration_at_start, "end": calibration_ms()},
        "ingest_articles_per_s_idle_estimate": round(
            min(args.workers, os.cpu_count() or 1) * n / steps["ingest"][3], 1),
        "incremental_100_cpu_s": round(steps["incremental"][3], 1),
        "peak_rss_mb": round(max(s[1] for s in steps.values()), 1),
        "peak_rss_mb_by_step": {k: round(v[1], 1) for k, v in steps.items()},
        "hits": [{"kind": q["kind"], "q": q["q"], "filters": {k: v for k, v in q.items() if k not in ("kind", "q")},
                  "ours": c, "fts5": p, "share": round(c / n, 4)}
                 for q, c, p in zip(search["queries"], search["counts"], peer["counts"], strict=True)],
    }
    if _commit() != commit_at_start:  # the work tree moved on during a long run
        result["commit_at_end"] = _commit()
    result["ratio_index_time"] = round(result["index_s"] / max(result["fts5_index_s"], 1e-9), 1)
    result["ratio_index_size"] = round(result["index_mb"] / max(result["fts5_index_mb"], 1e-9), 2)
    result["ratio_search_p95"] = round(result["search_p95_ms"] / max(result["fts5_search_p95_ms"], 1e-9), 2)
    shares = [h["share"] for h in result["hits"] if h["kind"] not in ("common", "filter only")]
    result["hit_share_median"] = round(statistics.median(shares), 4)
    result["hit_share_max_non_common"] = round(max(shares), 4)
    RESULTS.mkdir(parents=True, exist_ok=True)
    base = RESULTS / f"bench-n{n}-{stamp}"
    base.with_suffix(".json").write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n")
    table = markdown(result)
    base.with_suffix(".md").write_text(table)
    print(table)
    log.close()


def _postgres_run(work, args, env, log, steps, phases, index_info, corpus_mb, gen_s, stamp, commit, calibration):
    """The rest of a run on the PostgreSQL engine: search, then 100 new articles (no FTS5 peer:
    it reads the SQLite file). Its result sits beside Whoosh's in bench/results/ (bench-pg-…)."""
    steps["search"], search = _search_step(work, args, env, log)
    print("incremental …", flush=True)
    from bench import corpus

    incoming = work / "incoming"
    corpus.write(str(incoming), args.n, INCREMENTAL, args.seed)
    manage = [PY, "manage.py"]
    steps["incremental"] = run_step(
        "incremental", manage + ["ingest", str(incoming), "--workers", str(args.workers), "-v0"], env, log)
    n = args.n
    result = {
        "engine": "postgres", "n": n, "seed": args.seed, "workers": args.workers, "cpu_count": os.cpu_count(),
        "commit": commit, "started": stamp, "load_avg_at_end": os.getloadavg()[0],
        "corpus_mb": round(corpus_mb, 1), "generate_s": round(gen_s, 1),
        "ingest_s": round(steps["ingest"][0], 1), "ingest_articles_per_s": round(n / steps["ingest"][0], 2),
        "ingest_store_s": round(phases["store_s"], 1), "ingest_index_s": round(phases["index_s"], 1),
        "index_s": round(index_info["seconds"], 1),
        "index_articles_per_s": round(index_info["written"] / max(index_info["seconds"], 0.05), 2),
        "index_mb": round(index_info.get("index_mb", 0), 1),
        **_search_figures(search),
        "incremental_100_s": round(steps["incremental"][0], 1),
        "cpu_s_by_step": {k: round(v[3], 1) for k, v in steps.items()},
        "ingest_cpu_ms_per_article": round(steps["ingest"][3] / n * 1000, 1),
        "calibration_ms": {"start": calibration, "end": calibration_ms()},
        "peak_rss_mb_by_step": {k: round(v[1], 1) for k, v in steps.items()},
        "latency_ms": [{"q": q["q"], "ms": round(ms, 1), "hits": c}
                       for q, ms, c in zip(search["queries"], search["sequential_ms"], search["counts"], strict=True)],
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    base = RESULTS / f"bench-pg-n{n}-{stamp}"
    base.with_suffix(".json").write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n")
    print(json.dumps({k: v for k, v in result.items() if k != "latency_ms"}, indent=1))
    log.close()


def markdown(r):
    """The run as a Markdown table, each figure with how it was measured."""
    rows = [
        ("Articles (N), corpus size", f"{r['n']:,} articles, {r['corpus_mb']} MB",
         "bench/corpus.py, seed " + str(r["seed"])),
        ("Ingest + extraction + indexing", f"{r['ingest_articles_per_s']} articles/s ({r['ingest_s']} s)",
         f"wall time of `manage.py ingest --workers {r['workers']}` on the corpus, new archive, process start to exit"),
        ("Ingest phases", f"read, extract, store and index as it goes {r['ingest_store_s']} s; "
         f"finish the index {r['ingest_index_s']} s",
         "wall time of each phase, as the ingest command reports it"
         " (each stored batch goes to the index writers at once)"),
        ("Index build alone", f"{r['index_articles_per_s']} articles/s ({r['index_s']} s)",
         f"archive.search.rebuild(procs={r['workers']}) in a child: clear, read every article from the database, "
         f"prepare, write with {r['workers']} writers, commit"),
        ("Index size", f"{r['index_mb']} MB ({r['index_to_text']}× the text)",
         "bytes under whoosh_index/ after the build"),
        ("Search p50 / p95 / max", f"{r['search_p50_ms']} / {r['search_p95_ms']} / {r['search_max_ms']} ms",
         f"{r['search_queries']} queries, one at a time, GET /api/search via Django's test client"
         " (facets, snippets, JSON), after one warm-up pass"),
        ("Search, first time p50 / p95 / max",
         f"{r['search_p50_ms_cold']} / {r['search_p95_ms_cold']} / {r['search_max_ms_cold']} ms",
         "the warm-up pass: each query's words read from the index for the first time since it was written "
         f"(then kept as arrays beside it: {r['arrays_mb']} MB after the run)"),
        (f"Search at {CLIENTS} concurrent clients p50 / p95 / max",
         f"{r['search_p50_ms_concurrent']} / {r['search_p95_ms_concurrent']} / {r['search_max_ms_concurrent']} ms "
         f"({r['concurrent_requests_per_s']} req/s)",
         f"{CLIENTS} forked client processes, each with its own searcher, each running every query twice"),
        ("FTS5 peer: build, size", f"{r['fts5_index_s']} s, {r['fts5_index_mb']} MB",
         "FTS5 (unicode61 remove_diacritics 2) filled from the archive's rows, then 'optimize'"),
        ("FTS5 peer: search p50 / p95 / max",
         f"{r['fts5_search_p50_ms']} / {r['fts5_search_p95_ms']} / {r['fts5_search_max_ms']} ms",
         "same queries: count, top 20 by bm25 with snippet(), province/year/source counts"),
        ("Ours / peer",
         f"index time {r['ratio_index_time']}×, size {r['ratio_index_size']}×, p95 {r['ratio_search_p95']}×", ""),
        ("Incremental ingest of 100 new articles", f"{r['incremental_100_s']} s ({r['incremental_100_cpu_s']} CPU s)",
         "wall time of `manage.py ingest` on 100 new files into the finished archive"),
        ("CPU time per step", ", ".join(f"{k} {v} s" for k, v in r["cpu_s_by_step"].items()),
         f"user + system time of the step's processes; ingest {r['ingest_cpu_ms_per_article']} ms of CPU per article, "
         f"so at most {r['ingest_articles_per_s_idle_estimate']} articles/s on {r['workers']} idle cores (an estimate, "
         "not a measurement: it assumes the work spreads over the cores)"),
        ("Peak RSS (largest step)", f"{r['peak_rss_mb']} MB",
         "sum over the step's process tree of each process's resident memory (Pss: shared pages split "
         "between the processes sharing them), sampled every 0.2 s for 5 s, then every 2 s: "
         + ", ".join(f"{k} {v}" for k, v in r["peak_rss_mb_by_step"].items())),
        ("Ingest CPU by process", ", ".join(f"{k} {v} s" for k, v in r["ingest_cpu_s_by_process"].items()),
         "user + system time of the ingest's own process (reading, storing, feeding the index), of its extraction "
         "workers and of its index writers (by the names they give their processes), from /proc every 0.2 s"),
        ("Machine", f"{r['cpu_count']} CPUs, load {r['load_avg_at_end']:.1f} at the end; calibration "
         f"{r['calibration_ms']['start']} / {r['calibration_ms']['end']} ms",
         f"commit {r['commit']}; calibration: the best of 5 runs of a fixed pure-Python loop at the start and the end "
         "of the run (lower is faster; the same code runs slower on a slower moment of this shared machine)"),
    ]
    out = [f"### Benchmark, N = {r['n']:,} ({r['started']})", "",
           "| What | Result | How it was measured |", "|---|---|---|"]
    out += [f"| {a} | {b} | {c} |" for a, b, c in rows]
    out += ["", f"Hits per query (share of N; median {r['hit_share_median']:.1%}, largest non-common "
            f"{r['hit_share_max_non_common']:.1%}):", "",
            "| Kind | Query | Ours | Share | FTS5 |", "|---|---|---|---|---|"]
    for h in r["hits"]:
        q = h["q"].replace("|", "\\|") + (" " + json.dumps(h["filters"], ensure_ascii=False) if h["filters"] else "")
        out.append(f"| {h['kind']} | {q} | {h['ours']} | {h['share']:.1%} | {h['fts5']} |")
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    main()
