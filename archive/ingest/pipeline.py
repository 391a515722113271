"""A whole ingest run: find the article files, ingest each, index what changed.

Files are ingested one transaction each, so a bad file costs only itself; the
articles a run created or updated are indexed in batches once, at the end.
"""
import os
from collections import Counter
from dataclasses import dataclass, field

from archive.ingest.store import DUPLICATE, FAILED, INGESTED, UPDATED, FileResult, ingest_file, sync_gazetteer

ARTICLE_SUFFIX = ".txt"


@dataclass
class RunReport:
    results: list = field(default_factory=list)
    indexed: int = 0

    @property
    def counts(self):
        return Counter(r.status for r in self.results)

    @property
    def failed(self):
        return [r for r in self.results if r.status == FAILED]

    def summary(self):
        c = self.counts
        parts = [f"{c[s]} {s}" for s in (INGESTED, UPDATED, "unchanged", DUPLICATE, FAILED) if c[s]]
        return f"{len(self.results)} files: " + (", ".join(parts) or "nothing to do") + f"; {self.indexed} indexed"


def find_files(paths):
    """(files, problems): every *.txt under the paths, sorted, and a FileResult per bad path."""
    files, problems, seen_dirs = [], [], set()
    for path in paths:
        if os.path.isfile(path):
            files.append(path)
        elif os.path.isdir(path):
            for root, dirs, names in os.walk(path, followlinks=True):
                real = os.path.realpath(root)
                if real in seen_dirs:  # a symlink loop or a directory reached twice
                    dirs[:] = []
                    continue
                seen_dirs.add(real)
                dirs.sort()
                files.extend(os.path.join(root, n) for n in sorted(names) if n.lower().endswith(ARTICLE_SUFFIX))
        else:
            problems.append(FileResult(str(path), FAILED, "no such file or directory"))
    unique = list(dict.fromkeys(files))
    return unique, problems


def ingest_paths(paths, *, on_result=None, index=True, force=False):
    """Ingest every article file under paths; call on_result(FileResult) after each."""
    from archive.search.indexing import begin_run, index_articles

    sync_gazetteer()
    run = begin_run() if index else None  # crash safety: re-indexes what a killed earlier run committed
    files, problems = find_files(paths)
    report = RunReport(results=list(problems))
    for problem in problems:
        if on_result:
            on_result(problem)
    changed = []
    for path in files:
        result = ingest_file(path, force=force)
        report.results.append(result)
        if result.status in (INGESTED, UPDATED):
            changed.append(result.article_id)
        if on_result:
            on_result(result)
    if index and changed:
        report.indexed = index_articles(changed)
    if run:
        run.finish()
    return report
