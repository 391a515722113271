"""Whoosh queries answered with numpy: the set of matching documents, a cheap first ranking.

Whoosh matches (and scores) one document at a time in Python, so a query that matches most
of the archive cost time in proportion to the archive. Here each posting list is read block
by block into arrays (kept per segment while the segment lives: segments never change, only
their deletion sets do), And/Or become intersections/unions, a phrase is checked by Whoosh's
own phrase matcher only on the documents holding all its words, and a date range is read from
the sort column. The result is the exact set ``searcher.docs_for_query`` gives, as a sorted
array of global document numbers. ``top`` bounds every match's score with numpy and has
Whoosh score exactly (``rescore``) only the few whose bound can still reach the page. This
module never writes the index and never decides what a query means (facets.py does).
"""
import threading
import zlib

import numpy as np
from whoosh import query as wq
from whoosh.codec.whoosh3 import W3LeafMatcher, _lenfield
from whoosh.reading import TermNotFound
from whoosh.util.numeric import byte_to_length
from whoosh.util.times import datetime_to_long

EMPTY = np.zeros(0, dtype=np.int64)
# Bytes of posting arrays kept per process (each server worker has its own); past it the
# cache starts again. A term in every article of a 100,000-article archive takes 1.6 MB.
POSTINGS_CACHE_BYTES = 128 << 20
# Phrase answers per segment, kept like postings (a phrase is checked position by position).
PHRASE_CACHE_SIZE = 4096
# Decoded blocks of positions kept per segment (a block is up to 128 postings).
VALUE_BLOCKS_CACHED = 2000
_LENGTH_TABLE = np.array([byte_to_length(b) for b in range(256)], dtype=np.float64)

_lock = threading.Lock()
_segments = {}  # segment id -> _Segment
_cache_bytes = [0]


class _Segment:
    """What is read once from an (immutable) segment: postings, phrase answers, columns."""

    def __init__(self):
        self.postings = {}
        self.phrases = {}
        self.columns = {}
        self.blocks = {}  # (field, text, block number) -> the block's encoded positions


def _segment_id(leaf):
    segment = leaf.segment() if hasattr(leaf, "segment") else None
    return segment.segment_id() if segment is not None else id(leaf)


def _segment(leaf):
    key = _segment_id(leaf)
    with _lock:
        seg = _segments.get(key)
        if seg is None:
            seg = _segments[key] = _Segment()
    return seg


def forget_segments_except(live):
    """Drop what was read from segments a merge or an optimize has retired."""
    with _lock:
        for key in [k for k in _segments if k not in live]:
            del _segments[key]


def live_segment_ids(s):
    return {_segment_id(leaf.reader()) for leaf, _ in s.leaf_searchers()}


def postings(leaf, fieldname, text):
    """(docnums, weights) of one term in one segment, deleted documents included."""
    return _postings(leaf, fieldname, text)[:2]


def posting_values(leaf, fieldname, text, indexes):
    """The encoded values (positions) of the postings at these indexes of the term's list."""
    _, _, blocks = _postings(leaf, fieldname, text)
    starts, where, inlined = blocks
    if inlined is not None:
        return [inlined[i] for i in indexes]
    from whoosh.compat import loads

    seg = _segment(leaf)
    values, loaded = [], seg.blocks
    postfile = leaf._terms._postfile if hasattr(leaf, "_terms") else None
    for i in indexes:
        b = int(np.searchsorted(starts, i, side="right")) - 1
        data = loaded.get((fieldname, text, b))
        if data is None:
            if len(loaded) >= VALUE_BLOCKS_CACHED:
                loaded.clear()
            offset, length, compressed = where[b]
            raw = postfile.get(offset, length)
            data = loaded[(fieldname, text, b)] = loads(zlib.decompress(raw) if compressed else raw)[2]
        values.append(data[i - starts[b]])
    return values


def _postings(leaf, fieldname, text):
    seg = _segment(leaf)
    key = (fieldname, text)
    found = seg.postings.get(key)
    if found is not None:
        return found
    found = _read_postings(leaf, fieldname, text)
    size = found[0].nbytes + found[1].nbytes
    with _lock:
        if _cache_bytes[0] + size > POSTINGS_CACHE_BYTES:
            for other in _segments.values():
                other.postings.clear()
            _cache_bytes[0] = 0
        seg.postings[key] = found
        _cache_bytes[0] += size
    return found


def _read_postings(leaf, fieldname, text):
    if fieldname not in leaf.schema or (fieldname, text) not in leaf:
        return EMPTY, np.zeros(0), (EMPTY, [], ())
    try:
        if hasattr(leaf, "_terms"):  # a segment: its postings before the deletions filter
            tbytes = leaf._text_to_bytes(fieldname, text)
            matcher = leaf._terms.matcher(fieldname, tbytes, leaf.schema[fieldname].format)
        else:
            matcher = leaf.postings(fieldname, text)
    except (KeyError, TermNotFound):
        return EMPTY, np.zeros(0), (EMPTY, [], ())
    if not isinstance(matcher, W3LeafMatcher) or matcher._byteids:
        ids, weights, values = [], [], []
        while matcher.is_active():  # inlined postings: a handful of documents
            ids.append(matcher.id())
            weights.append(matcher.weight())
            values.append(matcher.value() if matcher.supports("positions") else None)
            matcher.next()
        return np.array(ids, dtype=np.int64), np.array(weights, dtype=np.float64), (EMPTY, [], values)
    # The whoosh3 block layout: each block's data is (delta-coded ids, weights, values).
    ids, weights, starts, where, count = [], [], [], [], 0
    while True:
        starts.append(count)
        where.append((matcher._dataoffset, matcher._nextoffset - matcher._dataoffset, matcher._compression))
        count += matcher._blocklength
        matcher._read_data()
        block_ids, block_weights = matcher._data[0], matcher._data[1]
        n = matcher._blocklength
        ids.append(np.cumsum(np.asarray(block_ids, dtype=np.int64)))
        if block_weights is None:
            weights.append(np.ones(n))
        elif isinstance(block_weights, float):
            weights.append(np.full(n, block_weights))
        else:
            weights.append(np.asarray(block_weights, dtype=np.float64))
        if matcher._lastblock:
            break
        matcher._goto(matcher._nextoffset)
    return np.concatenate(ids), np.concatenate(weights), (np.array(starts, dtype=np.int64), where, None)


def column(leaf, fieldname):
    """A segment's column as an array (sort_date: Whoosh's long for each document)."""
    seg = _segment(leaf)
    values = seg.columns.get(fieldname)
    if values is None:
        if leaf.has_column(fieldname):
            values = np.array(list(leaf.column_reader(fieldname, translate=False)), dtype=np.int64)
        else:
            values = None
        seg.columns[fieldname] = values
    return values


def field_lengths(leaf, fieldname):
    seg = _segment(leaf)
    key = ("length", fieldname)
    values = seg.columns.get(key)
    if values is None:
        lengths = np.zeros(leaf.doc_count_all())
        perdoc = getattr(leaf, "_perdoc", None)
        reader = None
        if perdoc is not None and hasattr(perdoc, "_cached_reader"):
            from whoosh.codec.whoosh3 import LENGTHS_COLUMN

            reader = perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
        if reader is not None:
            lengths = _LENGTH_TABLE[np.array(list(reader), dtype=np.int64)]
        else:
            lengths = np.array([leaf.doc_field_length(d, fieldname, 0) or 0 for d in range(leaf.doc_count_all())],
                               dtype=np.float64)
        values = seg.columns[key] = lengths
    return values


def _deleted(leaf):
    if not leaf.has_deletions():
        return None
    perdoc = getattr(leaf, "_perdoc", None)
    if perdoc is not None:
        return np.fromiter(perdoc.deleted_docs(), dtype=np.int64)
    return np.array([d for d in range(leaf.doc_count_all()) if leaf.is_deleted(d)], dtype=np.int64)


class Matcher:
    """Match sets for one searcher (one view of the index); cheap to make per search."""

    def __init__(self, s):
        self.s = s
        self.leaves = [(sub, sub.reader(), offset) for sub, offset in s.leaf_searchers()]
        self.size = s.reader().doc_count_all()

    def docs(self, q):
        """Sorted global docnums of the live documents matching q (what docs_for_query gives)."""
        parts = []
        for sub, leaf, offset in self.leaves:
            local = self._leaf(sub, leaf, q)
            deleted = _deleted(leaf)
            if deleted is not None and len(local):
                local = local[~np.isin(local, deleted, assume_unique=True)]
            if len(local):
                parts.append(local + offset)
        return np.concatenate(parts) if parts else EMPTY

    def _leaf(self, sub, leaf, q):
        if isinstance(q, wq.Term):
            return postings(leaf, q.fieldname, q.text)[0]
        if isinstance(q, wq.And):
            result = None
            for child in q.subqueries:
                docs = self._leaf(sub, leaf, child)
                result = docs if result is None else np.intersect1d(result, docs, assume_unique=True)
                if not len(result):
                    return EMPTY
            return EMPTY if result is None else result
        if isinstance(q, (wq.Or, wq.DisjunctionMax)):
            parts = [self._leaf(sub, leaf, child) for child in q.subqueries]
            parts = [p for p in parts if len(p)]
            if not parts:
                return EMPTY
            return parts[0] if len(parts) == 1 else np.unique(np.concatenate(parts))
        if isinstance(q, wq.AndMaybe):
            return self._leaf(sub, leaf, q.a)
        if isinstance(q, wq.AndNot):
            return np.setdiff1d(self._leaf(sub, leaf, q.a), self._leaf(sub, leaf, q.b), assume_unique=True)
        if isinstance(q, wq.Phrase):
            return self._phrase(sub, leaf, q)
        if isinstance(q, wq.Every) and not q.fieldname:
            return np.arange(leaf.doc_count_all(), dtype=np.int64)
        if isinstance(q, wq.NumericRange) and q.fieldname == "sort_date":
            values = column(leaf, q.fieldname)
            if values is not None:
                return self._range(values, q)
        if q is wq.NullQuery:
            return EMPTY
        # Anything else: Whoosh's own matcher (deleted documents removed by the caller anyway).
        matcher = q.matcher(sub, sub.boolean_context())
        return np.fromiter(matcher.all_ids(), dtype=np.int64)

    @staticmethod
    def _range(values, q):
        start, end = q.start, q.end
        if hasattr(start, "year"):
            start = datetime_to_long(start)
        if hasattr(end, "year"):
            end = datetime_to_long(end)
        mask = np.ones(len(values), dtype=bool)
        if start is not None:
            mask &= values > start if q.startexcl else values >= start
        if end is not None:
            mask &= values < end if q.endexcl else values <= end
        return np.flatnonzero(mask).astype(np.int64)

    def _phrase(self, sub, leaf, q):
        seg = _segment(leaf)
        # Whoosh's phrase matcher leaves out the documents deleted in this view of the
        # segment: the answer is kept per number of deletions (they only ever grow).
        key = (q.fieldname, tuple(q.words), q.slop, leaf.doc_count_all() - leaf.doc_count())
        found = seg.phrases.get(key)
        if found is not None:
            return found
        candidates = None
        for word in q.words:
            docs = postings(leaf, q.fieldname, word)[0]
            candidates = docs if candidates is None else np.intersect1d(candidates, docs, assume_unique=True)
            if not len(candidates):
                break
        if candidates is None or not len(candidates) or len(q.words) < 2:
            found = EMPTY if candidates is None else candidates
        else:
            # Positions only on documents that hold every word, with Whoosh's phrase matcher
            # (its slop, its order) skipping from candidate to candidate.
            matcher = wq.Phrase(q.fieldname, q.words, slop=q.slop).matcher(sub, sub.boolean_context())
            kept = []
            for doc in candidates.tolist():
                if not matcher.is_active():
                    break
                matcher.skip_to(doc)
                if not matcher.is_active():
                    break
                if matcher.id() == doc:
                    kept.append(doc)
            found = np.array(kept, dtype=np.int64)
        with _lock:
            if len(seg.phrases) >= PHRASE_CACHE_SIZE:
                seg.phrases.clear()
            seg.phrases[key] = found
        return found

    def top(self, q, docs, needed, depth):
        """The first `needed` of docs (sorted global docnums) in Whoosh's order for q.

        Every document gets a numpy score that can only be higher than Whoosh's: BM25 per
        term as Whoosh computes it, and a phrase counted as present when all its words are.
        Documents are scored exactly (``rescore``) best bound first, in batches, until no
        bound left can reach the needed-th exact score, or `depth` documents were scored.
        So the order is Whoosh's own whenever the bounds stop the search before `depth`.
        """
        if needed <= 0 or not len(docs):
            return EMPTY
        bounds = np.zeros(len(docs))
        for sub, leaf, offset in self.leaves:
            lo, hi = np.searchsorted(docs, [offset, offset + leaf.doc_count_all()])
            if lo != hi:
                bounds[lo:hi] = self._approx(q, leaf, docs[lo:hi] - offset)[1]
        order = np.lexsort((docs, -bounds))
        scored_docs, scored = [], []
        start, batch = 0, max(needed, 40)
        while start < len(order) and start < depth:
            chosen = np.sort(docs[order[start:min(start + batch, depth)]])
            scored_docs.append(chosen)
            scored.append(self.rescore(q, chosen))
            start += len(chosen)
            batch *= 2  # each batch builds Whoosh's matchers again: few, growing batches
            if start >= len(order):
                break
            exact = np.concatenate(scored)
            if len(exact) >= needed:
                threshold = np.partition(-exact, needed - 1)[needed - 1] * -1
                if bounds[order[start]] < threshold - 1e-9 * max(abs(threshold), 1.0):
                    break
        if not scored_docs:
            return EMPTY
        found, scores = np.concatenate(scored_docs), np.concatenate(scored)
        return found[np.lexsort((found, -scores))][:needed]

    def _approx(self, q, leaf, local):
        """(present, score) arrays over local docnums for q, without positions."""
        boost = getattr(q, "boost", 1.0)
        if isinstance(q, wq.Term):
            present, score = self._bm25(leaf, q.fieldname, q.text, local)
        elif isinstance(q, wq.Phrase):
            parts = [self._bm25(leaf, q.fieldname, word, local) for word in q.words]
            present = np.logical_and.reduce([p for p, _ in parts])
            score = np.where(present, sum(s for _, s in parts), 0.0)
        elif isinstance(q, wq.AndMaybe):
            present, score = self._approx(q.a, leaf, local)
            b_present, b_score = self._approx(q.b, leaf, local)
            score = score + np.where(b_present, b_score, 0.0)
        elif isinstance(q, (wq.And, wq.Or, wq.DisjunctionMax)) and q.subqueries:
            parts = [self._approx(child, leaf, local) for child in q.subqueries]
            if isinstance(q, wq.And):
                present = np.logical_and.reduce([p for p, _ in parts])
            else:
                present = np.logical_or.reduce([p for p, _ in parts])
            score = np.where(present, sum(s for _, s in parts), 0.0)
        else:
            return np.ones(len(local), dtype=bool), np.zeros(len(local))
        return present, score * boost

    def _bm25(self, leaf, fieldname, text, local):
        ids, weights = postings(leaf, fieldname, text)
        if not len(ids):
            return np.zeros(len(local), dtype=bool), np.zeros(len(local))
        pos = np.searchsorted(ids, local)
        pos[pos >= len(ids)] = len(ids) - 1
        present = ids[pos] == local
        tf = np.where(present, weights[pos], 0.0)
        fl = field_lengths(leaf, fieldname)[local]
        avgfl = self.s.avg_field_length(fieldname) or 1
        idf = self.s.idf(fieldname, text)
        B, K1 = 0.75, 1.2
        return present, idf * (tf * (K1 + 1)) / (tf + K1 * ((1 - B) + B * fl / avgfl))

    def rescore(self, q, docs):
        """Whoosh's own score of q for each of docs (sorted global docnums), as an array.

        Whoosh's matchers run over postings cut down to these documents (the same weights,
        positions and scorers), so a phrase matcher cannot walk the rest of the archive
        between two candidates, and every score is the one a full search would give.
        """
        from whoosh.searching import Searcher

        scores = np.zeros(len(docs))
        phrase_terms = set()
        _collect_phrase_terms(q, phrase_terms)
        for sub, leaf, offset in self.leaves:
            lo, hi = np.searchsorted(docs, [offset, offset + leaf.doc_count_all()])
            if lo == hi:
                continue
            local = docs[lo:hi] - offset
            restricted = Searcher(_CandidateReader(leaf, local, phrase_terms), weighting=self.s.weighting,
                                  closereader=False, parent=self.s)
            matcher = q.matcher(restricted, self.s.context())
            found = {}
            while matcher.is_active():
                found[matcher.id()] = matcher.score()
                matcher.next()
            scores[lo:hi] = [found.get(d, 0.0) for d in local.tolist()]
        return scores

    def by_date(self, docs, reverse, undated_last_from=None):
        """docs by the sort_date column: newest first (reverse) or oldest first, undated last."""
        keys = np.zeros(len(docs), dtype=np.int64)
        for sub, leaf, offset in self.leaves:
            lo, hi = np.searchsorted(docs, [offset, offset + leaf.doc_count_all()])
            if lo != hi:
                keys[lo:hi] = column(leaf, "sort_date")[docs[lo:hi] - offset]
        if reverse:  # Whoosh reverses (key, docnum): equal dates come last docnum first
            return docs[np.lexsort((docs, keys))][::-1]
        undated = keys < undated_last_from if undated_last_from is not None else np.zeros(len(docs), dtype=bool)
        return docs[np.lexsort((docs, keys, undated))]


class _CandidateReader:
    """A segment reader whose postings hold only the candidate documents."""

    def __init__(self, leaf, candidates, phrase_terms):
        self._leaf = leaf
        self._candidates = candidates
        self._phrase_terms = phrase_terms

    def __getattr__(self, name):
        return getattr(self._leaf, name)

    def __contains__(self, term):
        return term in self._leaf

    def is_atomic(self):
        return True

    def doc_frequency(self, fieldname, text):
        # Whoosh orders a query's matchers by it; the segment's term table is slow to ask.
        cache = _segment(self._leaf).columns
        key = ("df", fieldname, text)
        found = cache.get(key)
        if found is None:
            found = cache[key] = self._leaf.doc_frequency(fieldname, text)
        return found

    def postings(self, fieldname, text, scorer=None):
        from whoosh.matching import ListMatcher

        if isinstance(text, bytes):
            text = self._leaf.schema[fieldname].from_bytes(text)
        ids, weights = postings(self._leaf, fieldname, text)
        local = self._candidates
        pos = np.searchsorted(ids, local)
        pos[pos >= len(ids)] = max(len(ids) - 1, 0)
        present = (ids[pos] == local) if len(ids) else np.zeros(len(local), dtype=bool)
        kept_ids, kept_weights = local[present].tolist(), weights[pos[present]].tolist()
        values = None
        if (fieldname, text) in self._phrase_terms and kept_ids:
            values = posting_values(self._leaf, fieldname, text, pos[present].tolist())
        fmt = self._leaf.schema[fieldname].format
        return ListMatcher(kept_ids, kept_weights, values, fmt, scorer=scorer, term=(fieldname, text))


def _collect_phrase_terms(q, out):
    if isinstance(q, wq.Phrase):
        out.update((q.fieldname, word) for word in q.words)
    elif isinstance(q, wq.AndMaybe):
        _collect_phrase_terms(q.a, out)
        _collect_phrase_terms(q.b, out)
    elif hasattr(q, "subqueries"):
        for child in q.subqueries:
            _collect_phrase_terms(child, out)


