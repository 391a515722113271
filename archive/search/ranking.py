"""Relevance, engine-neutral: the BM25F score of a plan's clauses, which every engine ranks by.

The Whoosh engine is the reference: its order is Whoosh's BM25F (K1 1.2, B 0.75, each field
scored on its own), and any other engine gives the same order by computing the same score from
the same statistics — the number of documents, each field's total length, each term's document
frequency, each candidate's field lengths *as Whoosh stores them* (one byte, ``length_byte``)
and its term frequencies. ``score`` walks the clauses as ``engines/whoosh/search.compile`` builds
them into Whoosh queries, with Whoosh's composition: a term scores BM25F times its boost, a
phrase the sum of its words' scores where it occurs, AnyOf and AllOf the sum of their parts
(their boost applied only when they have more than one part, as Whoosh's compound queries do),
an exclusion nothing, the preferred part of a Ranked query its score where it matches. Scores
are compared after ``rounded``, ties going to the lower article id (``order``), so that two
engines adding the same numbers in another order cannot disagree on floating noise.

An engine supplies the statistics as an ``Evidence`` over its candidates. Must never read an
index or a database itself, nor decide what a query means (``plan.py`` does).
"""
import math
from bisect import bisect_left

import numpy as np

from archive.search import plan as qp

K1 = 1.2
B = 0.75
# Scores are compared to this many decimals: BM25F scores here lie between ~0.01 and a few
# hundred, so this keeps 10 or more significant digits and drops the last bits, where two
# ways of adding the same terms differ.
DECIMALS = 9

# Whoosh's one-byte field lengths (whoosh.util.numeric._length_byte_cache): a length is stored as
# the index of the first entry at least as large (bisect_left), read back as that entry.
LENGTH_BYTES = (
    0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 13, 14, 16, 17, 18, 20, 21, 23, 25, 26, 28, 30, 32, 34, 36, 38, 40,
    42, 45, 47, 49, 52, 54, 57, 60, 63, 66, 69, 72, 75, 79, 82, 86, 89, 93, 97, 101, 106, 110, 114, 119, 124,
    129, 134, 139, 145, 150, 156, 162, 169, 175, 182, 189, 196, 203, 211, 219, 227, 235, 244, 253, 262, 271,
    281, 291, 302, 313, 324, 336, 348, 360, 373, 386, 399, 414, 428, 443, 459, 475, 491, 508, 526, 544, 563,
    583, 603, 623, 645, 667, 690, 714, 738, 763, 789, 816, 844, 873, 903, 933, 965, 998, 1032, 1066, 1103,
    1140, 1178, 1218, 1259, 1302, 1345, 1391, 1438, 1486, 1536, 1587, 1641, 1696, 1753, 1811, 1872, 1935,
    1999, 2066, 2135, 2207, 2280, 2356, 2435, 2516, 2600, 2687, 2777, 2869, 2965, 3063, 3165, 3271, 3380,
    3492, 3608, 3728, 3852, 3980, 4112, 4249, 4390, 4536, 4686, 4842, 5002, 5168, 5340, 5517, 5700, 5889,
    6084, 6286, 6494, 6709, 6932, 7161, 7398, 7643, 7897, 8158, 8428, 8707, 8995, 9293, 9601, 9918, 10247,
    10586, 10936, 11298, 11671, 12057, 12456, 12868, 13294, 13733, 14187, 14656, 15141, 15641, 16159, 16693,
    17244, 17814, 18403, 19011, 19640, 20289, 20959, 21652, 22367, 23106, 23869, 24658, 25472, 26314, 27183,
    28081, 29009, 29967, 30957, 31979, 33035, 34126, 35254, 36418, 37620, 38863, 40146, 41472, 42841, 44256,
    45717, 47227, 48786, 50397, 52061, 53780, 55556, 57390, 59285, 61242, 63264, 65352, 67510, 69739, 72041,
    74419, 76876, 79414, 82035, 84743, 87541, 90430, 93416, 96499, 99684, 102975, 106374,
)


def length_byte(length):
    """The byte a field length is stored as (Whoosh's ``length_to_byte``)."""
    if length is None:
        return 0
    return 255 if length >= LENGTH_BYTES[-1] else bisect_left(LENGTH_BYTES, length)


def stored_length(length):
    """A field length as BM25F reads it back from its byte."""
    return LENGTH_BYTES[length_byte(length)]


def idf(doc_frequency, documents):
    """Whoosh's inverse document frequency (``WeightingModel.idf``)."""
    return math.log(documents / (doc_frequency + 1)) + 1


def bm25(term_idf, tf, fl, avgfl):
    """Whoosh's ``scoring.bm25`` over arrays: tf and fl (stored lengths) per document."""
    return term_idf * ((tf * (K1 + 1)) / (tf + K1 * ((1 - B) + B * fl / avgfl)))


def rounded(scores):
    return np.round(np.asarray(scores, dtype=np.float64), DECIMALS)


def order(scores, ids):
    """Indexes into scores in relevance order: rounded score, highest first, then lowest id."""
    return np.lexsort((np.asarray(ids, dtype=np.int64), -rounded(scores)))


class Evidence:
    """What an engine knows of its candidates (a fixed list of documents) and of the whole index."""

    size = 0  # candidates
    documents = 0  # documents in the index

    def total_length(self, field):
        """The sum of every document's length of field (its terms' occurrences, all forms)."""
        raise NotImplementedError

    def lengths(self, field):
        """Each candidate's stored length of field (``stored_length``), as floats."""
        raise NotImplementedError

    def doc_frequency(self, field, text):
        raise NotImplementedError

    def frequencies(self, field, text):
        """How often the term occurs in each candidate's field (0 where it does not), as floats."""
        raise NotImplementedError

    def phrase(self, field, words, slop):
        """Which candidates hold the words in order, each next one 1..slop positions after the one before."""
        raise NotImplementedError


def score(clause, evidence):
    """(present, score): which candidates match the clause and their BM25F score, as arrays."""
    return _Scorer(evidence).walk(clause)


class _Scorer:
    def __init__(self, evidence):
        self.ev = evidence
        self.terms = {}

    def term(self, field, text):
        found = self.terms.get((field, text))
        if found is None:
            ev = self.ev
            tf = np.asarray(ev.frequencies(field, text), dtype=np.float64)
            present = tf > 0
            if present.any():
                avgfl = (ev.total_length(field) / (ev.documents or 1)) or 1
                value = bm25(idf(ev.doc_frequency(field, text), ev.documents), tf, ev.lengths(field), avgfl)
                found = present, np.where(present, value, 0.0)
            else:
                found = present, np.zeros(ev.size)
            self.terms[(field, text)] = found
        return found

    def walk(self, clause):
        n = self.ev.size
        if isinstance(clause, qp.Term):
            present, value = self.term(clause.field, clause.text)
            return present, value * clause.boost
        if isinstance(clause, qp.Phrase):
            present = np.asarray(self.ev.phrase(clause.field, clause.words, clause.slop), dtype=bool)
            total = sum(self.term(clause.field, w)[1] for w in clause.words)
            return present, np.where(present, total, 0.0) * clause.boost
        if isinstance(clause, qp.AnyOf):
            return self._compound(clause.parts, clause.boost, any_of=True)
        if isinstance(clause, qp.AllOf):
            positive = [p for p in clause.parts if not isinstance(p, qp.Not)]
            negative = [p.part for p in clause.parts if isinstance(p, qp.Not)]
            present, value = (self._compound(positive, clause.boost, any_of=False) if positive
                              else self.walk(qp.Everything()))
            if negative:
                present = present & ~np.logical_or.reduce([self.walk(p)[0] for p in negative])
                value = np.where(present, value, 0.0)
            return present, value
        if isinstance(clause, qp.Not):
            return ~self.walk(clause.part)[0], np.ones(n)  # Whoosh: every document but these, weight 1
        if isinstance(clause, qp.Ranked):
            present, value = self.walk(clause.required)
            if clause.preferred is not None:
                more, extra = self.walk(clause.preferred)
                value = value + np.where(more, extra, 0.0)
            return present, np.where(present, value, 0.0)
        if isinstance(clause, qp.Everything):  # Whoosh's Every: each document its weight, 1.0
            return np.ones(n, dtype=bool), np.ones(n)
        raise TypeError(f"no score for {clause!r}")

    def _compound(self, parts, boost, any_of):
        if len(parts) == 1:  # Whoosh answers a one-part compound with the part itself: no boost
            return self.walk(parts[0])
        walked = [self.walk(p) for p in parts]
        join = np.logical_or if any_of else np.logical_and
        present = join.reduce([p for p, _ in walked])
        return present, np.where(present, sum(v for _, v in walked), 0.0) * boost
