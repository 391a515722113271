"""The archive's search: the one interface every caller uses (views, API, CSV, feeds, admin,
ingest, commands, benchmark).

Reads: ``search(params)`` → ``SearchResult`` (ranked, filtered, counted, one page of hits with
snippets, facets with labels, a suggestion when nothing matched) and ``ids(params, limit)``. A
request flows params (``params.py``) → plan (``plan.py``: what the text means, engine-neutral)
→ the engine's ``execute`` → facet labels (``facets.py``) → snippets (``snippets.py``).
Writes — ``index``, ``remove``, ``index_on_commit``, ``batch``, ``rebuild``, ``clear``,
``check(repair=True)`` — each take the index's lock (Whoosh) or leave their articles to the
writer holding it. Nothing outside this package may reach an engine or write an index any other
way. Engines are imported on first use, so importing this package (Whoosh unpickles the schema's
analyzer from ``archive.search.analysis``) loads neither models nor an engine.
"""
import contextlib
import dataclasses
import functools
import time
from dataclasses import dataclass

from archive.search.facets import FACET_SIZE, FACETS
from archive.search.params import MAX_FILTER_VALUES, MAX_PAGE, MAX_QUERY, PAGE_SIZE, SearchParams, kept_pairs

ENGINES = {
    "whoosh": "archive.search.engines.whoosh.engine.WhooshEngine",
    "postgres": "archive.search.engines.postgres.PostgresEngine",
}

__all__ = [
    "FACETS", "FACET_SIZE", "MAX_FILTER_VALUES", "MAX_PAGE", "MAX_QUERY", "PAGE_SIZE", "SearchParams", "kept_pairs",
    "Hit", "SearchResult", "search", "ids", "index", "remove", "index_on_commit", "batch", "begin_run",
    "index_changed_since", "rebuild", "clear", "check", "engine", "forget_open_index", "SearchTooCostly", "warm",
]


@functools.cache
def engine():
    """The engine ARCHIVE_SEARCH_ENGINE names (checked at start-up by archive.checks)."""
    from django.conf import settings
    from django.utils.module_loading import import_string

    return import_string(ENGINES[settings.ARCHIVE_SEARCH_ENGINE])()


# --- reading -------------------------------------------------------------------------------------


@dataclass
class Hit:
    article: object
    snippet_html: str


@dataclass
class SearchResult:
    params: SearchParams
    count: int
    page: int
    pages: int
    hits: list
    facets: dict  # {facet: [{"value", "label", "count"}]}
    suggestion: str | None = None
    # The query typed with diacritics found nothing; these are the results of its folded form.
    folded: bool = False
    highlight: frozenset = frozenset()  # the index terms marked in snippets (for the article page)
    # the archive's codes nearest to a code typed that found nothing
    nearest_codes: list = dataclasses.field(default_factory=list)
    # {facet: whether the matching articles hold more values than shown}: the page links to them all
    facet_more: dict = dataclasses.field(default_factory=dict)
    # the people, documents, meetings and provinces the query names (search.entities.Card)
    entities: list = dataclasses.field(default_factory=list)


class SearchTooCostly(Exception):
    """A search ran longer than ARCHIVE_SEARCH_SECONDS allows; nothing was changed."""


def warm():
    """Load what every search needs once per process (pyvi's model, the engine's open index and
    its facet arrays), so that a search's budget counts the search's own work only."""
    from archive.search import plan

    plan.warm()
    engine().warm()


@contextlib.contextmanager
def _budget():
    from django.conf import settings

    from archive.budget import OverBudget, paused, wall_budget

    with paused():  # the request's own clock (archive.faults.RequestBudgetMiddleware) too
        warm()
    seconds = settings.ARCHIVE_SEARCH_SECONDS
    # Clock time, not CPU time: on a busy machine a search's 2 s of CPU held its worker for 5 s.
    # Clock time is at least the search's CPU, so the CPU is bounded too.
    started = time.thread_time()  # this request's own CPU, whatever other threads do
    try:
        with wall_budget(seconds):
            yield
    except OverBudget:
        raise SearchTooCostly(seconds) from None
    # Where no timer can be armed (a thread of a threaded dev server) the search is refused after
    # the fact, so the budget means the same everywhere; the timer's own resolution too.
    if seconds and seconds > 0 and time.thread_time() - started > seconds:
        raise SearchTooCostly(seconds)


def search(params, page_size=PAGE_SIZE, with_facets=True):
    """One page of results for params, with facets, snippets and (when nothing matched) a
    suggestion; SearchTooCostly past the time budget (ARCHIVE_SEARCH_SECONDS)."""
    with _budget():
        return _search(params, page_size, with_facets)


FACET_PAGE_SIZE = 200  # values per page of one facet's values


def facet_values(params, name):
    """(one page of facet ``name``'s values, labelled, most frequent first; the number of pages)
    under the search's text and every other filter: the page past a facet's first FACET_SIZE.
    ``params.page`` is the page of values. SearchTooCostly past the time budget."""
    import dataclasses

    from archive.search import facets, plan

    with _budget():
        the_plan = plan.of(dataclasses.replace(params, page=1))
        found = engine().execute(the_plan, params, 1, with_facets=True, facet_top=None)
        if found.count == 0 and the_plan.accented:  # as the results page: the folded form's values
            found = engine().execute(plan.of(params, folded=True), params, 1, with_facets=True, facet_top=None)
    counts = sorted(((v, c) for v, c in found.facets.get(name, {}).items() if v), key=lambda kv: (-kv[1], kv[0]))
    pages = max(1, -(-len(counts) // FACET_PAGE_SIZE))
    page = min(params.page, pages)
    shown = counts[(page - 1) * FACET_PAGE_SIZE:page * FACET_PAGE_SIZE]
    named = facets.labels(name, [v for v, _ in shown])
    return [{"value": v, "label": named.get(v, v), "count": c} for v, c in shown], pages


def _search(params, page_size, with_facets):
    from archive import twins
    from archive.models import Article
    from archive.search import facets, plan, snippets

    the_plan = plan.of(params)
    found = engine().execute(the_plan, params, page_size, with_facets)
    folded = False
    if found.count == 0 and the_plan.accented:
        # Nothing with these diacritics: show what the folded form finds, and say so (issue #25).
        retry = plan.of(params, folded=True)
        again = engine().execute(retry, params, page_size, with_facets)
        if again.count:
            the_plan, found, folded = retry, again, True
    pages = max(1, -(-found.count // page_size))
    # defer(None): for_listing() defers the body, which the snippets need (one query per hit otherwise).
    articles = Article.objects.for_listing().defer(None).only(
        "id", "title", "slug", "file_name", "published", "province", "source", "body", "meeting_date"
    ).in_bulk(found.ids)
    # Twins (one text in two files) have one score, so they stand side by side: one is shown.
    listed = twins.without_twins([articles[i] for i in found.ids if i in articles])
    hits = [Hit(a, snippets.snippet_html(a.body, the_plan.highlight)) for a in listed]
    suggestion, nearest = None, []
    if params.q:
        suggestion, nearest = _suggestions(params, the_plan, found.count, [h.article.body for h in hits])
    shown = facets.shown(found.facets, params.filters) if with_facets else {}
    from archive.search import entities

    cards = entities.cards(params.q) if params.q and with_facets else []
    return SearchResult(params, found.count, min(params.page, pages), pages, hits, shown, suggestion,
                        folded=folded, highlight=the_plan.highlight, nearest_codes=nearest,
                        facet_more=facets.more(found.facets) if with_facets else {}, entities=cards)


# Candidates checked for hits, at most: each check is a count of one more search.
MAX_SUGGESTION_CHECKS = 4


def _suggestions(params, the_plan, count, texts):
    """(a suggested query that has hits under the same filters, or None; the archive's codes
    nearest to a code typed that found nothing)."""
    import dataclasses

    from archive.search import plan, suggest

    nearest = suggest.nearest_codes(the_plan.codes) if count == 0 and the_plan.codes else []
    for candidate in suggest.candidates(params.q, texts, found_nothing=count == 0)[:MAX_SUGGESTION_CHECKS]:
        other = dataclasses.replace(params, q=candidate, page=1)
        if engine().matches_any(plan.of(other), other):
            return candidate, nearest
    return None, nearest


def ids(params, limit=None):
    """Matching article ids in result order: all of them (CSV export) or the first limit (feeds)."""
    from archive.search import plan

    with _budget():
        the_plan = plan.of(params)
        found = engine().ids(the_plan, limit)
        if not found and the_plan.accented:  # as the page does: the folded form's results
            found = engine().ids(plan.of(params, folded=True), limit)
        return found


def forget_open_index():
    """Drop the searcher this process keeps open: a forked child must open its own."""
    engine().forget_open_index()


# --- writing -------------------------------------------------------------------------------------


def index(ids):
    """(Re)index the articles with these ids now, waiting for other writers; return how many were
    written. An id no longer in the database is removed from the index."""
    return engine().write(ids)


def remove(ids):
    """Drop the articles with these ids from the index now, waiting for other writers."""
    return engine().delete(ids)


def index_on_commit(ids):
    """(Re)index — or, when they are gone from the database, remove — these articles once the
    current transaction commits: what an edit, merge or delete calls. Never waits for an ingest:
    its articles are left to the ingest's writer, which writes them before it commits."""
    engine().write_on_commit(list(ids))


def writes_in_transaction():
    """Whether the engine's writes belong in the caller's transaction (PostgreSQL: the article and
    its search document commit together), rather than after it (Whoosh: files under a lock)."""
    return engine().in_transaction


def batch(procs=1, size=0):
    """One index write fed batch by batch (``add(ids)``; ``written``), visible when the ``with``
    block ends: what an ingest uses. ``size``: how many articles it is expected to get."""
    eng = engine()
    return eng.batch(procs=procs, parallel=size >= eng.parallel_from())


def begin_run():
    """An ingest run's crash marker: a run killed mid-way is made good by the next one."""
    return engine().begin_run()


def index_changed_since(*, hours):
    """Re-index the articles changed in the last ``hours`` hours; return how many were written."""
    import datetime as dt

    from django.utils import timezone

    from archive.models import Article

    since = timezone.now() - dt.timedelta(hours=hours)
    return index(list(Article.objects.filter(updated__gte=since).values_list("pk", flat=True)))


def rebuild(procs=1):
    """Empty the index and index every article with ``procs`` writers, holding the lock throughout."""
    return engine().rebuild(procs=procs)


def clear():
    """Empty the index (the database is untouched), waiting for other writers."""
    engine().clear()


def check(repair=False):
    """The drift between database and index (missing, stale, orphaned); with repair, made good.
    Returns the drift found before any repair."""
    drift = engine().drift()
    if repair and drift:
        engine().repair(drift)
    return drift
