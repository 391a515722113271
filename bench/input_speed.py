"""Ingest speed of one set of articles as text files, saved pages and crawl-export rows.

    python -m bench.input_speed [--copies 20] [--workers 1]

The golden test articles that have a page's shape (tests/ingest/news_pages.py) are written
--copies times each (every copy made distinct by a sentence of its own) as .txt files, as .html
pages (the three templates in turn) and as rows of one .csv, in a throwaway ARCHIVE_DATA_DIR;
each form is ingested into an empty archive of its own by ``ingest_paths`` (read, extract, store,
index) and the wall time, articles/s and CPU per article (this process and its children) are
printed as JSON. Also the CPU of reading alone (decode: trafilatura for a page, the row's layout
for a row) per article. Writes only under the temporary directory it removes.
"""
import argparse
import csv
import json
import os
import resource
import shutil
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _cpu():
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def corpus(copies):
    from tests.ingest.news_pages import TEMPLATES, host_of, layout

    folder = os.path.join(ROOT, "tests", "data", "articles")
    out = []
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".txt"):
            continue
        with open(os.path.join(folder, name), encoding="utf-8") as fh:
            text = fh.read()
        with open(os.path.join(folder, name[:-4] + ".json"), encoding="utf-8") as fh:
            gold = json.load(fh)
        if layout(text, gold) is not None:
            out.append((name[:-4], text, gold))
    templates = sorted(TEMPLATES.items())
    for i in range(copies):
        for j, (name, text, gold) in enumerate(out):
            extra = f"Bài lưu số {i}-{j} của kho thử nghiệm."
            parts = layout(text, gold)
            before, title, stamp, body, byline, after = parts
            body = [*body, extra]
            unique = (before, title, stamp, body, byline, after)
            lines = text.replace("\r\n", "\n").split("\n")
            at = lines.index(next(line for line in lines if line.strip() == byline)) if byline else len(lines)
            txt = "\n".join([*lines[:at], extra, "", *lines[at:]])
            render = templates[(i + j) % len(templates)][1]
            page = render(unique, gold, host=host_of(text, "tin-tinh.example"))
            row = {"title": title, "published": gold.get("published") or "", "content": "\n".join(body),
                   "author": "; ".join(gold.get("authors") or []), "url": f"https://kho.example/{name}/{i}"}
            yield f"{name}-{i}", txt, page, row


def _ingest(folder, data_dir, workers):
    os.environ["ARCHIVE_DATA_DIR"] = data_dir
    from django.core.management import call_command

    from archive.ingest.pipeline import ingest_paths

    call_command("migrate", verbosity=0)
    start, cpu = time.perf_counter(), _cpu()
    run = ingest_paths([folder], workers=workers, index=True)
    wall, used = time.perf_counter() - start, _cpu() - cpu
    n = len(run.results)
    assert not run.failed, [str(r) for r in run.failed[:5]]
    return {"articles": n, "seconds": round(wall, 2), "articles_per_s": round(n / wall, 1),
            "cpu_ms_per_article": round(1000 * used / n, 1)}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--copies", type=int, default=20)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--form", choices=("txt", "html", "csv"), help="one form only (used by the runs below)")
    parser.add_argument("--data")
    args = parser.parse_args(argv)
    if args.form:  # one form in a process of its own: a fresh Django, database and index per form
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")
        os.environ["ARCHIVE_DATA_DIR"] = os.path.join(args.data, "var-" + args.form)
        import django

        django.setup()
        print(json.dumps(_ingest(os.path.join(args.data, args.form), os.environ["ARCHIVE_DATA_DIR"], args.workers)))
        return
    top = tempfile.mkdtemp(prefix="input-speed-")
    try:
        for form in ("txt", "html", "csv"):
            os.makedirs(os.path.join(top, form))
        rows = []
        for name, txt, page, row in corpus(args.copies):
            with open(os.path.join(top, "txt", name + ".txt"), "w", encoding="utf-8") as fh:
                fh.write(txt)
            with open(os.path.join(top, "html", name + ".html"), "w", encoding="utf-8") as fh:
                fh.write(page)
            rows.append(row)
        with open(os.path.join(top, "csv", "crawl.csv"), "w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
        results = {"copies": args.copies, "workers": args.workers, "read_cpu_ms": _read_cost(top)}
        import subprocess

        for form in ("txt", "html", "csv"):
            out = subprocess.run([sys.executable, "-m", "bench.input_speed", "--form", form, "--data", top,
                                  "--workers", str(args.workers)], cwd=ROOT, check=True, capture_output=True, text=True)
            results[form] = json.loads(out.stdout.strip().splitlines()[-1])
        print(json.dumps(results, indent=1))
    finally:
        shutil.rmtree(top, ignore_errors=True)


def _read_cost(top):
    """CPU per article of reading alone (no extraction): decode of a text, a page, a row."""
    sys.path.insert(0, ROOT)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")
    import django

    django.setup()
    from archive.ingest import pipeline, sources

    costs = {}
    for form in ("txt", "html", "csv"):
        items, _ = pipeline.find_items([os.path.join(top, form)])
        start = time.process_time()
        for item in items:
            sources.decode_item(item)
        costs[form] = round(1000 * (time.process_time() - start) / len(items), 2)
    return costs


if __name__ == "__main__":
    main()
