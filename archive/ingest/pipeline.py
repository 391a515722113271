"""A whole ingest run: find the article files, ingest each, index what changed.

Reading, decoding and extraction are pure (no database), so with ``workers`` > 1
they run in a pool of processes while this process stores the facts of the
files already extracted: the costly stages overlap instead of queueing. The
database is written only here, in file order. Each file is stored in its own
savepoint inside a transaction of up to ``COMMIT_EVERY`` files, so a bad file
costs only itself (its savepoint is rolled back and it is reported as failed)
while the run pays for one commit per batch instead of one per file; a run
killed mid-batch loses only that batch's uncommitted work, which the next run
ingests again. The articles each committed batch created or updated go to the
index writers at once (as many writers as workers, in processes of their own), so
that indexing overlaps extraction and storing; the index is committed once, at
the end of the run. Must never write the database from a worker process nor skip
the unchanged / duplicate checks of ``store_prepared``.
"""
import contextlib
import itertools
import multiprocessing
import os
import time
from collections import Counter, deque
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connections, transaction

from archive import review
from archive.budget import OverBudget, cpu_budget
from archive.ingest import sources
from archive.ingest.extract import EXTRACTOR_VERSION, extract
from archive.ingest.read import UnreadableFile
from archive.ingest.sources import tabular, zipped
from archive.ingest.store import (
    DUPLICATE,
    FAILED,
    INGESTED,
    UNCHANGED,
    UPDATED,
    FileResult,
    Lookups,
    store_facts,
    sync_gazetteer,
)
from archive.models import Article, ArticleOriginal
from archive.processes import EXTRACT, become

ARTICLE_SUFFIXES = sources.SUFFIXES  # text, saved pages, crawl exports, zips of them
COMMIT_EVERY = 100  # files per transaction
IN_FLIGHT = 8  # files per worker extracted ahead of the store: bounds memory when the store is slower
TASK_FILES = 8  # files per message to and from a worker (see _ahead)
KNOWN_CHUNK = 500  # file names per query when looking up what is already stored
# The extraction workers' niceness. This process stores the files one after another, the narrowest
# stage (profiled in bench/README.md, ninth round: the others wait for it), so it goes first; the
# workers, like the index writers, take what is left.
EXTRACT_NICE = 5


@dataclass
class RunReport:
    results: list = field(default_factory=list)
    indexed: int = 0
    recovered: int = 0  # of indexed: articles a killed earlier run had stored but not indexed
    store_s: float = 0.0  # reading, extracting, storing and indexing as the batches come, wall time
    index_s: float = 0.0  # finishing the index after the last batch (the writers' work left, the commit)

    @property
    def counts(self):
        return Counter(r.status for r in self.results)

    @property
    def failed(self):
        return [r for r in self.results if r.status == FAILED]

    def summary(self):
        c = self.counts
        parts = [f"{c[s]} {s}" for s in (INGESTED, UPDATED, "unchanged", DUPLICATE, FAILED) if c[s]]
        recovered = f", {self.recovered} of them left by a run that was stopped" if self.recovered else ""
        return (f"{len(self.results)} files: " + (", ".join(parts) or "nothing to do") + f"; {self.indexed} indexed"
                + recovered + f" ({self.store_s:.1f} s to read, store and index as it goes,"
                  f" {self.index_s:.1f} s to finish the index)")


def find_files(paths):
    """(files, problems): every input file (ARTICLE_SUFFIXES) under the paths, sorted, and a FileResult
    per bad path.

    files are (path, key) pairs. A file's key, the identity of its article (``Article.file_name``), is
    its path inside the folder it was found under ("a/bai-1.txt" when "a" is inside the folder given),
    or its name when the file itself was given: two files of one name in two folders are two articles,
    and a folder re-exported elsewhere with new versions of its files updates the same articles. Two
    files of one run with one key (the same path inside two folders given together) cannot both be
    stored: the second is refused, naming the first.
    """
    found, problems, seen_dirs = [], [], set()
    for path in paths:
        if os.path.isfile(path):
            found.append((path, os.path.basename(path)))
        elif os.path.isdir(path):
            def unreadable(error, top=path):  # a folder os.walk cannot list: said, never skipped in silence
                problems.append(FileResult(
                    str(error.filename or top), FAILED, f"cannot read the folder: {error.strerror or error}"))

            for root, dirs, names in os.walk(path, followlinks=True, onerror=unreadable):
                real = os.path.realpath(root)
                if real in seen_dirs:  # a symlink loop or a directory reached twice
                    dirs[:] = []
                    continue
                seen_dirs.add(real)
                dirs.sort()
                for name in sorted(names):
                    if name.lower().endswith(ARTICLE_SUFFIXES):
                        file = os.path.join(root, name)
                        found.append((file, os.path.relpath(file, path).replace(os.sep, "/")[:255]))
        else:
            problems.append(FileResult(str(path), FAILED, "no such file or directory"))
    files, by_key, by_real = [], {}, set()
    for file, key in found:
        real = os.path.realpath(file)
        if real in by_real:
            continue  # the same file reached twice (two paths given, a link)
        by_real.add(real)
        if key in by_key:
            problems.append(FileResult(file, FAILED, f"same path inside its folder ({key}) as {by_key[key]} of "
                                       "this run: ingest the folder that holds both to keep both"))
            continue
        by_key[key] = file
        files.append((file, key))
    return files, problems


def find_items(paths, columns=None):
    """(items, problems): the sources.Item of every article under the paths (a file, a row of an
    export, a member of a zip), and a FileResult per path, row or member that cannot be read.
    columns: the --columns mapping of crawl exports (tabular.parse_columns)."""
    files, problems = find_files(paths)
    items, by_key = [], {}
    for path, key in files:
        low = key.lower()
        if low.endswith(sources.ZIP_SUFFIX):
            found, bad = zipped.expand(path, key, columns)
        elif low.endswith(sources.TABLE_SUFFIXES):
            try:
                with open(path, "rb") as fh:
                    found, bad = tabular.expand(path, key, fh.read(), columns)
            except (OSError, UnreadableFile) as exc:
                found, bad = [], [(path, getattr(exc, "strerror", None) or str(exc))]
        else:
            found, bad = [sources.Item(path, key, sources.kind_of(key))], []
        problems += [FileResult(label, FAILED, reason) for label, reason in bad]
        for item in found:
            if item.key in by_key:  # two rows of one URL, one member twice
                problems.append(FileResult(str(item), FAILED, f"same identity ({item.key}) as {by_key[item.key]}"
                                           " of this run: only the first is ingested"))
                continue
            by_key[item.key] = str(item)
            items.append(item)
    return items, problems


@dataclass
class Prepared:
    """What a worker made of one file: its decoded text and facts, or why it could not."""

    path: str
    decoded: object = None
    facts: object = None
    error: str = ""
    key: str = ""  # the article's identity (find_files)
    movable: bool = True  # a file of its own, which may be found again by its bytes elsewhere (_moved)
    source: str = ""  # the file (or URL) it came from; path is how messages name it ("a.csv, row 3")
    item: object = None  # its sources.Item, set in this process when extraction was skipped (_prepared)

    def __post_init__(self):
        self.key = self.key or os.path.basename(self.path)
        self.source = self.source or self.path


def prepare(path, known_sha=None, force=False, key=""):
    """Read, decode and extract one item (a sources.Item, or a text file's path); no database.
    Extraction is skipped when the item's digest equals known_sha (the stored article's, from this
    extractor version)."""
    item = path if isinstance(path, sources.Item) else sources.Item(path, key or os.path.basename(path),
                                                                  sources.kind_of(path) or sources.TEXT)
    label, key = str(item), item.key
    where = {"key": key, "movable": item.movable, "source": item.path}
    try:
        data = sources.read_bytes(item)
    except OSError as exc:
        return Prepared(label, error=f"cannot read the file: {exc.strerror or exc}", **where)
    if known_sha == sources.sha256_of(data) and not force:  # unchanged: no need to decode a page again
        return Prepared(label, _Unchanged(known_sha), **where)
    try:
        with cpu_budget(settings.ARCHIVE_EXTRACT_SECONDS):  # a page's parse, like its extraction, is bounded
            decoded = sources.decode_item(item, data)
    except OverBudget:
        return Prepared(label, error=f"reading it took more than {settings.ARCHIVE_EXTRACT_SECONDS:g} s of CPU "
                        "(ARCHIVE_EXTRACT_SECONDS): is it one article?", **where)
    except UnreadableFile as exc:
        return Prepared(label, error=str(exc), **where)
    except Exception as exc:  # a library's bug on a page nobody foresaw must not stop the run
        return Prepared(label, error=f"cannot read it: {type(exc).__name__}: {exc}", **where)
    facts, error = extract_within_budget(decoded.text, os.path.basename(key))
    if facts is not None:
        sources.apply_given(facts, decoded)
    return Prepared(label, decoded, facts, error, **where)


@dataclass(frozen=True)
class _Unchanged:
    """An item whose bytes are those stored: only its digest is needed (store_prepared finds it unchanged)."""

    sha256: str


def extract_within_budget(text, file_name):
    """(facts, "") or (None, why): an extractor bug or a file past the CPU budget must not stop the others."""
    seconds = settings.ARCHIVE_EXTRACT_SECONDS
    try:
        with cpu_budget(seconds):
            return extract(text, file_name), ""
    except OverBudget:
        return None, (f"extraction took more than {seconds:g} s of CPU (ARCHIVE_EXTRACT_SECONDS); "
                      f"the file is {len(text):,} characters — is it an article?")
    except Exception as exc:
        return None, f"extraction error: {type(exc).__name__}: {exc}"


def _prepare_task(tasks):
    return [prepare(*task) for task in tasks]


def store_prepared(item, force=False, lookups=None):
    """The database half of ingesting a prepared file: the checks in order (unchanged,
    duplicate, extraction error), then the facts in a savepoint. lookups: the batch's
    (store.Lookups), when the file is one of a batch."""
    path = item.path
    if item.decoded is None:
        return FileResult(path, FAILED, item.error)
    lookups = lookups or Lookups()
    file_name, decoded = item.key, item.decoded
    existing = lookups.article(file_name) or (item.movable and _moved(lookups, file_name, item.source,
                                                                      decoded.sha256)) or None
    if existing and existing.sha256 == decoded.sha256 and existing.extractor_version == EXTRACTOR_VERSION and not force:
        real = _place(item.source)
        if existing.path != real:  # the same file, moved: its place is noted, nothing else changes
            Article.objects.filter(pk=existing.pk).update(path=real)
            existing.path = real
        return FileResult(path, UNCHANGED, article_id=existing.pk)
    twin = lookups.twin(decoded.sha256, file_name)
    if twin and not existing:
        return FileResult(path, DUPLICATE, f"same content as {twin[0]}", twin[1])
    if item.error:
        return FileResult(path, FAILED, item.error)
    facts = item.facts
    if facts is None:  # the worker's hint was stale (an earlier file of this run changed the article)
        if isinstance(decoded, _Unchanged):
            item = prepare(item.item or item.source, force=True, key=file_name)
            if item.decoded is None or item.error:
                return FileResult(path, FAILED, item.error)
            decoded, facts = item.decoded, item.facts
        else:
            facts, error = extract_within_budget(decoded.text, os.path.basename(file_name))
            if error:
                return FileResult(path, FAILED, error)
            sources.apply_given(facts, decoded)
    facts.file_name = file_name  # the article's key: the name, with folders when another file has it
    try:
        with transaction.atomic():
            article = store_facts(facts, decoded, item.source, lookups)
            _keep_original(article, decoded)
    except Exception as exc:  # rolled back to the savepoint: the batch's other files stay
        lookups.clear()  # it may hold rows the savepoint took back
        return FileResult(path, FAILED, f"storage error: {type(exc).__name__}: {exc}")
    return FileResult(path, UPDATED if existing else INGESTED, "; ".join(_gaps(facts)), article.pk)


def _place(source):
    """Where an article's input is (Article.path): a file's real path, or the URL it was fetched from."""
    return source[:1000] if "://" in source else os.path.realpath(source)[:1000]


def _keep_original(article, decoded):
    """Keep, or drop, the page or row the article's text was made from (ArticleOriginal)."""
    original = getattr(decoded, "original", "")
    if not original:
        ArticleOriginal.objects.filter(article=article).delete()
        return
    values = {"media_type": decoded.media_type, "content": original, "url": decoded.given.get("fetched_url", ""),
              "fetched": decoded.given.get("fetched")}
    if not ArticleOriginal.objects.filter(article=article).update(**values):
        ArticleOriginal.objects.create(article=article, **values)


def _moved(lookups, key, path, sha256):
    """The article this file was stored as under another key, when it is the same file moved (its
    stored place holds no file now) or reached from another folder given (the same place): re-keyed to
    key and returned. None when there is none: another article with these bytes is a duplicate."""
    real = os.path.realpath(path)
    twin = lookups.twin(sha256, key)
    if twin is None:
        return None
    old_key, pk, stored = twin
    try:
        same = not stored or os.path.realpath(stored) == real or not os.path.exists(stored)
    except (OSError, ValueError):
        same = False
    if not same:
        return None
    Article.objects.filter(pk=pk).update(file_name=key, path=real[:1000])
    lookups.rekeyed(old_key, key)
    return lookups.article(key)


def _gaps(facts):
    """What a reader will miss in an article that was stored all the same."""
    if not facts.title.value:
        yield "warning: no headline found, the file name stands in"
    if not facts.published.value and not facts.meeting_date.value:
        yield "warning: no date found, the article is listed as undated"


def ingest_file(path, *, force=False, key=""):
    """Ingest one file in its own transaction; never raises for a bad file, returns its FileResult.
    key: its article's identity (find_files), its name by default."""
    with transaction.atomic():
        result = store_prepared(prepare(path, force=force, key=key), force=force)
        if result.status in (INGESTED, UPDATED):
            review.refresh([result.article_id])
    return result


def _known_digests(files):
    """{key: digest} of the files already stored by this extractor version."""
    names = sorted({item.key for item in files})
    known = {}
    for start in range(0, len(names), KNOWN_CHUNK):
        rows = Article.objects.filter(
            file_name__in=names[start:start + KNOWN_CHUNK], extractor_version=EXTRACTOR_VERSION
        ).order_by()
        known.update(rows.values_list("file_name", "sha256"))
    return known


def _prepared(files, known, force, pool, workers):
    """Prepared files in file order, in batches of COMMIT_EVERY; extracted by the pool, if there
    is one, up to a batch and a bounded window ahead (so it works while a batch is stored)."""
    tasks = ((item, known.get(item.key), force) for item in files)
    if pool is None:
        results = (prepare(*task) for task in tasks)
    else:
        results = _ahead(pool, tasks, COMMIT_EVERY + IN_FLIGHT * workers)
    batch = []
    for source, item in zip(files, results, strict=True):
        if item.facts is None and not item.error:
            item.item = source  # to read it again should its stored version change meanwhile
        batch.append(item)
        if len(batch) == COMMIT_EVERY:
            yield batch
            batch = []
    if batch:
        yield batch


def _ahead(pool, tasks, size):
    """The pool's Prepared files in task order, extracted up to size files ahead, TASK_FILES a
    message: sending and unpickling one file a message cost the main process's threads nearly
    twice the CPU of eight a message."""
    window, tasks = deque(), iter(tasks)
    while chunk := list(itertools.islice(tasks, TASK_FILES)):
        window.append(pool.apply_async(_prepare_task, (chunk,)))
        if len(window) * TASK_FILES >= size:
            yield from window.popleft().get()
    while window:
        yield from window.popleft().get()


def _pool(workers, files):
    if workers <= 1 or len(files) < 2 * workers:
        return contextlib.nullcontext()
    # Workers never touch the database, but a connection is best not carried across a fork:
    # close it, unless a caller's transaction holds it (closing would break that transaction;
    # the workers exit without closing their copy, so it stays unused).
    if not any(conn.in_atomic_block for conn in connections.all(initialized_only=True)):
        connections.close_all()
    return multiprocessing.get_context("fork").Pool(workers, initializer=_start_worker)


def _start_worker():
    become(EXTRACT, EXTRACT_NICE)


def ingest_paths(paths, *, on_result=None, index=True, force=False, workers=1, columns=None, items=None,
                 on_start=None):
    """Ingest every article under paths (files, rows of exports, members of zips) and the items
    given (fetched pages); call on_start(count) once they are found, on_result(FileResult) after each.

    workers > 1 extracts in that many processes and indexes with that many writers. columns: the
    crawl exports' column mapping (tabular.parse_columns).
    """
    from archive import search

    sync_gazetteer()
    run = search.begin_run() if index else None  # crash safety: re-indexes what a killed earlier run committed
    files, problems = find_items(paths, columns)
    if items:
        files += items
    if on_start:
        on_start(len(files) + len(problems))
    report = RunReport(results=list(problems))
    for problem in problems:
        if on_result:
            on_result(problem)
    started = time.perf_counter()
    known = _known_digests(files)
    indexer = search.batch(procs=workers, size=len(files)) if index else contextlib.nullcontext()
    in_transaction = index and search.writes_in_transaction()
    with _pool(workers, files) as pool, indexer:
        for batch in _prepared(files, known, force, pool, workers):
            with transaction.atomic():
                lookups = Lookups()
                lookups.prefetch(batch)
                results = [store_prepared(item, force=force, lookups=lookups) for item in batch]
                # The review queue's counts follow the batch, in its transaction.
                review.refresh([r.article_id for r in results if r.status in (INGESTED, UPDATED)])
                if index and in_transaction:  # the articles and their search documents commit together
                    indexer.add([r.article_id for r in results if r.status in (INGESTED, UPDATED)])
            for result in results:  # reported once committed
                report.results.append(result)
                if on_result:
                    on_result(result)
            if index and not in_transaction:
                indexer.add([r.article_id for r in results if r.status in (INGESTED, UPDATED)])
        report.store_s = time.perf_counter() - started
    if index:
        report.recovered = getattr(run, "recovered", 0) or 0
        report.indexed = indexer.written + report.recovered
        report.index_s = time.perf_counter() - started - report.store_s
    if run:
        run.finish()
    return report
