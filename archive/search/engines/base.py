"""What a search engine behind ``archive.search`` implements, and what it returns.

An engine executes a ``plan.Plan`` — it never decides what a query means — and keeps its index
in step with the database. The Whoosh engine (``engines/whoosh/``) is the embedded default; an
engine for several web machines (PostgreSQL, or Elasticsearch/OpenSearch one day) implements
this same class and is chosen by ``ARCHIVE_SEARCH_ENGINE``. Must never know about HTTP, forms,
labels or snippets: those are the same for every engine, above this line.
"""
from dataclasses import dataclass, field

from archive.search.facets import FACET_SIZE


@dataclass
class Execution:
    """What an engine found for one plan."""

    count: int  # documents that match the query and pass the filters
    page: int  # the page given, or the last page when the one asked for is past it
    ids: list  # the page's article ids, in result order
    # {facet: {value: documents}}, each facet counted under every filter but its own; at least the
    # FACET_SIZE most frequent values of each (more may come: ties are kept)
    facets: dict = field(default_factory=dict)


@dataclass
class Drift:
    """What differs between the database and the index (article ids; identifiers for orphans)."""

    articles: int = 0
    documents: int = 0
    missing: list = field(default_factory=list)  # in the database, not in the index
    stale: list = field(default_factory=list)  # in both, but the index holds an older version
    orphaned: list = field(default_factory=list)  # in the index, not in the database

    def __bool__(self):
        return bool(self.missing or self.stale or self.orphaned)

    def summary(self):
        return (f"{self.articles} articles, {self.documents} index documents: "
                f"{len(self.missing)} missing, {len(self.stale)} stale, {len(self.orphaned)} orphaned")


class Engine:
    """The interface. Ties in date orders go to the lower article id (the Whoosh engine's index
    order after a rebuild), so that engines agree on the order of the same hits."""

    name = "?"
    in_transaction = False  # whether writes belong in the caller's transaction (else after its commit)

    def execute(self, plan, params, page_size, with_facets=True, facet_top=FACET_SIZE):
        """Execution of the plan: the count, one page of ids, facet counts (at least the facet_top
        most frequent values of each facet, ties kept; None: every value)."""
        raise NotImplementedError

    def matches_any(self, plan, params):
        """Whether any article matches the plan (its query and filters), nothing else: what a
        suggestion's check asks. An engine that can tell without ranking overrides it."""
        return self.execute(plan, params, 1, with_facets=False).count > 0

    def ids(self, plan, limit=None):
        """The ids of every matching article in result order (CSV), or of the first limit (feeds)."""
        raise NotImplementedError

    def write(self, ids):
        """(Re)index the articles with these ids now, waiting for other writers; an id no longer
        in the database is removed. Returns how many documents were written."""
        raise NotImplementedError

    def delete(self, ids):
        """Remove the articles with these ids from the index now; returns how many were removed."""
        raise NotImplementedError

    def write_on_commit(self, ids):
        """Write (or remove) these articles once the caller's transaction commits, never waiting
        for a long writer (an ingest): what edits, merges and deletes call."""
        raise NotImplementedError

    def batch(self, procs=1, parallel=False):
        """A context manager with ``add(ids)`` and ``written``: one write of many articles fed as
        they come (an ingest's batches), visible at its end."""
        raise NotImplementedError

    def parallel_from(self):
        """How many articles make a write worth ``parallel`` writers."""
        return 1

    def begin_run(self):
        """An ingest run's crash marker (``finish()`` when done), or None when the engine needs none."""
        raise NotImplementedError

    def rebuild(self, procs=1):
        """Empty the index and index every article; returns how many were written."""
        raise NotImplementedError

    def clear(self):
        """Empty the index (the database is untouched)."""
        raise NotImplementedError

    def drift(self):
        """What differs between database and index: an object with missing, stale and orphaned
        lists, ``summary()``, and false when nothing differs."""
        raise NotImplementedError

    def repair(self, drift):
        """Make the index agree with the database, given what drift() found."""
        raise NotImplementedError

    def warm(self):
        """Open what every search reads, once per process and again after the index changed
        (outside a search's CPU budget); nothing to do for an engine that keeps nothing open."""

    def forget_open_index(self):
        """Drop what this process keeps open (a forked child must open its own)."""
