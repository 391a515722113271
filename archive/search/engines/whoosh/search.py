"""The Whoosh engine's searching: a plan's clauses as Whoosh queries, answered with numpy.

``compile`` turns the engine-neutral clauses of ``archive.search.plan`` into Whoosh query
objects one for one (so Whoosh's own search is the reference the numpy matching is tested
against); ``matching.Matcher`` finds and ranks the matches; facets are counted with numpy over
(document, value) pairs read once per segment. Must never decide what a query means nor label,
highlight or render anything.
"""
import datetime as dt
import threading

import numpy as np
from haystack import connections
from whoosh import query as wq
from whoosh.util.times import datetime_to_long

from archive.search import plan as qp
from archive.search.engines.base import Execution
from archive.search.engines.whoosh import matching
from archive.search.facets import FACET_FIELDS, FACET_SIZE, FACETS
from archive.search.facets import fieldnames as facet_fieldnames

# Relevance ranks the matches on their terms (numpy) and scores only this many with the full
# query (phrases, accents, titles), Whoosh's own order; matches past RERANK_DEPTH follow in the
# numpy order (Whoosh's score up to rounding), so a deep page costs no more than the first.
RERANK_DEPTH = 300

_local = threading.local()


def forget_open_index():
    _local.__dict__.clear()


def searcher():
    """One long-lived Whoosh searcher per thread, refreshed when the index changed."""
    backend = connections["default"].get_backend()
    if not backend.setup_complete:
        backend.setup()
    index = backend.index
    current = getattr(_local, "searcher", None)
    if current is None or getattr(_local, "index_path", None) != backend.path:
        _local.searcher, _local.index_path = index.refresh().searcher(), backend.path
    else:
        _local.searcher = current.refresh()
    return _local.searcher


def warm():
    """Open the searcher and derive what every search of it reads (facet pairs, article ids, the
    scored fields' lengths), so that the first search after an index change pays none of it inside
    its CPU budget."""
    s = searcher()
    FacetTable.of(s)
    scored = [name for name, field in s.schema.items() if field.scorable]
    for leaf, _offset in s.reader().leaf_readers():
        matching.article_ids(leaf)
        for name in scored:
            matching.field_lengths(leaf, name)
    return s


def compile(clause):
    """The Whoosh query of a plan clause (None stays None)."""
    if clause is None:
        return None
    if isinstance(clause, qp.Term):
        return wq.Term(clause.field, clause.text, boost=clause.boost)
    if isinstance(clause, qp.Phrase):
        return wq.Phrase(clause.field, list(clause.words), slop=clause.slop, boost=clause.boost)
    if isinstance(clause, qp.AnyOf):
        return wq.Or([compile(p) for p in clause.parts], boost=clause.boost)
    if isinstance(clause, qp.AllOf):
        positive = [compile(p) for p in clause.parts if not isinstance(p, qp.Not)]
        negative = [compile(p.part) for p in clause.parts if isinstance(p, qp.Not)]
        q = wq.And(positive, boost=clause.boost) if len(positive) > 1 else positive[0] if positive else wq.Every()
        return wq.AndNot(q, wq.Or(negative) if len(negative) > 1 else negative[0]) if negative else q
    if isinstance(clause, qp.Not):
        return wq.AndNot(wq.Every(), compile(clause.part))
    if isinstance(clause, qp.DateRange):
        return wq.DateRange(clause.field, clause.start, clause.end)
    if isinstance(clause, qp.Ranked):
        if clause.preferred is None:
            return compile(clause.required)
        return wq.AndMaybe(compile(clause.required), compile(clause.preferred))
    if isinstance(clause, qp.Everything):
        return wq.Every()
    raise TypeError(f"no Whoosh query for {clause!r}")


def build_query(text):
    """The Whoosh query for the reader's text, or None when it holds no searchable word."""
    return compile(qp.text_query(text))


def filter_query(params, skip=None):
    return compile(qp.filters(params, skip))


# Facet pairs per index segment, kept while the segment is live: after an ingest the new
# searcher reads the postings of the new (small) segments only, not the whole archive again.
# Deleted documents may stay in a segment's pairs; they never match a query, so never count.
def _segment_pairs(schema, leaf):
    """{field: (values, docnums, value codes)} of one segment, read once from its postings and,
    for a large segment, kept beside the index for every later process."""
    return matching.derived(leaf, "facet-pairs", lambda: _read_pairs(schema, leaf))


def _read_pairs(schema, leaf):
    fieldnames = facet_fieldnames()
    kept = matching.load_kept(leaf, "facet-pairs")
    if kept is not None and [f for f, _ in kept[1]] == fieldnames:
        arrays, named = kept
        return {f: (values, arrays[2 * i], arrays[2 * i + 1]) for i, (f, values) in enumerate(named)}
    pairs = {}
    for fieldname in fieldnames:
        values, docs, codes = [], [], []
        if fieldname in schema.names():
            for text in leaf.field_terms(fieldname):
                ids = matching.term_docs(leaf, fieldname, text)
                docs.append(ids)
                codes.append(np.full(len(ids), len(values), dtype=np.int64))
                values.append(text)
        pairs[fieldname] = (values, np.concatenate([matching.EMPTY] + docs), np.concatenate([matching.EMPTY] + codes))
    matching.keep(leaf, "facet-pairs",
                  [a.astype(np.int32) for f in fieldnames for a in pairs[f][1:]],
                  [[f, pairs[f][0]] for f in fieldnames])
    return pairs


class FacetTable:
    """Every facet value of every document of one searcher, as arrays, to count facets fast.

    Counting with Whoosh's grouping ran the query again, scored, once per facet field (seven
    times a search, each over every match). Here the documents that match are found once
    (unscored) and each facet is a numpy bincount over (document, value) pairs read once
    from the postings of each segment (kept per segment while it lives, mapped from files
    beside the index for a large segment). Counted segment by segment, so the pairs are never
    copied into one process's memory; only each segment's value numbers are mapped to the
    searcher's. Built per searcher, so it is always the searcher's own view of the index.
    """

    def __init__(self, s):
        reader = s.reader()
        self.size = reader.doc_count_all()
        leaves = reader.leaf_readers()
        parts = [(_segment_pairs(s.schema, leaf), offset, leaf.doc_count_all()) for leaf, offset in leaves]
        matching.forget_segments_except(matching.live_segment_ids(s), s)
        self.fields = {}
        for fieldname in facet_fieldnames():
            index, segments = {}, []
            for pairs, offset, size in parts:
                seg_values, seg_docs, seg_codes = pairs[fieldname]
                if len(seg_docs):
                    remap = np.array([index.setdefault(v, len(index)) for v in seg_values], dtype=np.int64)
                    segments.append((offset, size, seg_docs, seg_codes, remap))
            self.fields[fieldname] = (list(index), segments)

    @classmethod
    def of(cls, s):
        table = getattr(s, "_nghisu_facet_table", None)
        if table is None:
            table = s._nghisu_facet_table = cls(s)
        return table

    def mask(self, docnums):
        mask = np.zeros(self.size, dtype=bool)
        ids = docnums if isinstance(docnums, np.ndarray) else np.fromiter(docnums, dtype=np.int64)
        mask[ids[ids < self.size]] = True
        return mask

    def counts(self, fieldname, mask, top=None):
        """{value: documents of mask holding it}; with top, only values that may be among the
        `top` most frequent (every value counted at least as often as the top-th is kept)."""
        values, segments = self.fields[fieldname]
        if not values:
            return {}
        found = np.zeros(len(values), dtype=np.int64)
        for offset, size, docs, codes, remap in segments:
            counted = np.bincount(codes[mask[offset:offset + size][docs]], minlength=len(remap))
            found[remap] += counted  # a segment names each value once
        nonzero = np.flatnonzero(found)
        if top is not None and len(nonzero) > top:
            # A person or document facet has thousands of values: sorting them all in Python
            # cost more than the search.
            least = np.partition(found[nonzero], len(nonzero) - top)[len(nonzero) - top]
            nonzero = nonzero[found[nonzero] >= least]
        return {values[i]: int(found[i]) for i in nonzero}


def facet_counts(s, q, params, matcher=None, matched=None, top=FACET_SIZE):
    """{facet: {value: documents}}, each facet counted under all other filters, at least its
    ``top`` most frequent values (None: every value).

    matched: the documents q matches (before filters), when the caller has them already."""
    table = FacetTable.of(s)
    matcher = matcher or matching.Matcher(s)
    matching_mask = table.mask(matcher.docs(q) if matched is None else matched)
    own, dates = qp.facet_filters(params)
    # One document set per active filter, so each facet can leave out its own.
    own = {name: table.mask(matcher.docs(compile(clause))) for name, clause in own.items()}
    if dates is not None:
        matching_mask &= table.mask(matcher.docs(compile(dates)))
    facets = {}
    for name in FACETS:
        mask = matching_mask.copy()
        for other, other_mask in own.items():
            if other != name:
                mask &= other_mask
        counts = {}
        for fieldname in FACET_FIELDS[name]:
            # Two more than top: the empty value may be among them and is dropped, and one past
            # the cut tells the page that there are more values than it shows.
            for value, count in table.counts(fieldname, mask, top=None if top is None else top + 2).items():
                if value:
                    counts[value] = max(counts.get(value, 0), count)
        facets[name] = counts
    return facets


# Undated articles carry sort_date 1900-01-01 (search_indexes.py): last when newest first, and
# kept last when oldest first too — a reader asking for the oldest wants the oldest dated ones.
_DATED_FROM = datetime_to_long(dt.datetime(1901, 1, 1))


def _ordered(matcher, q, docs, sort, needed):
    """The first `needed` of docs (sorted docnums; all of them when None) in result order."""
    if sort == "newest":
        return matcher.by_date(docs, reverse=True)[:needed]
    if sort == "oldest":
        return matcher.by_date(docs, reverse=False, undated_last_from=_DATED_FROM)[:needed]
    # Whoosh scores every match in Python; here a numpy upper bound of each match's score
    # orders them and Whoosh scores them in that order until no bound can reach the page,
    # at most RERANK_DEPTH of them.
    return matcher.ranked(q, docs, needed, RERANK_DEPTH)


def _matches(matcher, q, filters):
    """(documents q matches, those of them that pass the filters), as sorted docnums."""
    matched = matcher.docs(q)
    if filters is None:
        return matched, matched
    return matched, np.intersect1d(matched, matcher.docs(filters), assume_unique=True)


def _django_ids(matcher, docnums):
    return [int(i) or None for i in matcher.article_ids(docnums)]


def execute(plan, params, page_size, with_facets=True, facet_top=FACET_SIZE):
    s = searcher()
    if plan.query is None:  # text typed, nothing searchable in it
        return Execution(count=0, page=1, ids=[], facets=_none_facets(s, params, with_facets, facet_top))
    q = compile(plan.query)
    filters = compile(plan.filters)
    matcher = matching.Matcher(s)
    matched, filtered = _matches(matcher, q, filters)
    count = len(filtered)
    # Whoosh's pages: one past the last gives the last.
    page = min(plan.page, max(1, -(-count // page_size)))
    first = (page - 1) * page_size
    ordered = _ordered(matcher, q, filtered, plan.sort, first + page_size)
    ids = _django_ids(matcher, ordered[first:first + page_size])
    facets = facet_counts(s, q, params, matcher, matched, facet_top) if with_facets else {}
    return Execution(count=count, page=page, ids=ids, facets=facets)


def _none_facets(s, params, with_facets, top=FACET_SIZE):
    # As before the interface: a text with no searchable word shows the facets of every document.
    return facet_counts(s, wq.Every(), params, top=top) if with_facets else {}


def ids(plan, limit=None):
    """Matching article ids in result order: all of them (CSV export) or the first limit (feeds)."""
    if plan.query is None:
        return []
    s = searcher()
    q, filters = compile(plan.query), compile(plan.filters)
    matcher = matching.Matcher(s)
    _, filtered = _matches(matcher, q, filters)
    return _django_ids(matcher, _ordered(matcher, q, filtered, plan.sort, limit))
