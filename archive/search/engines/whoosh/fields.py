"""The Whoosh side of Vietnamese analysis: the tokenizer, the analyzer and the text field.

Built on ``archive.search.analysis`` (the engine-neutral syllables, forms and offsets), so
that Whoosh indexes exactly the terms every other engine indexes. Whoosh pickles the
analyzer into the index schema, so these names must stay importable where they are (and
``archive.search.analysis`` still answers to them for indexes written before they moved).
Must never decide what a syllable's forms are: ``analysis.forms`` does.
"""
from functools import lru_cache
from operator import sub

from whoosh.analysis import Token, Tokenizer
from whoosh.compat import dumps
from whoosh.fields import TEXT
from whoosh.formats import Positions
from whoosh.system import pack_uint

from archive import text as vt
from archive.search.analysis import TOKEN_RE, fold_token, forms, spans


class VietnameseTokenizer(Tokenizer):
    """Whoosh tokenizer emitting folded Vietnamese syllables and whole codes."""

    def __eq__(self, other):
        return other.__class__ is self.__class__

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True,
                 start_pos=0, start_char=0, tokenize=True, mode="", **kwargs):
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            t.original = t.text = fold_token(value)
            t.boost = 1.0
            if positions:
                t.pos = start_pos
            if chars:
                t.startchar, t.endchar = start_char, start_char + len(value)
            yield t
            return
        for pos, (word, start, end) in enumerate(spans(value)):
            for text in forms(word):
                t.text = text
                t.boost = 1.0
                if keeporiginal:
                    t.original = value[start:end]
                t.stopped = False
                if positions:
                    t.pos = start_pos + pos
                if chars:
                    t.startchar, t.endchar = start_char + start, start_char + end
                yield t


def VietnameseAnalyzer():
    return VietnameseTokenizer()


class VietnameseText(TEXT):
    """Whoosh's TEXT field, whose ``index()`` makes the postings of VietnameseTokenizer directly.

    Whoosh asks the format for (term, frequency, weight, encoded positions) and the format
    runs the analyzer, one Token object per syllable and form, through generators and two
    dictionaries: a third of the CPU of indexing an article. Here the syllables' forms (cached)
    go straight into one dictionary of positions, encoded as ``Positions.encode`` does: the same
    tuples in the same order, so the same index (``tests/search/test_index_files.py`` compares
    it with TEXT's, posting by posting). Any other analyzer, format or argument takes TEXT's path.
    """

    def index(self, value, **kwargs):
        if (kwargs.keys() - {"mode"} or not isinstance(value, str) or type(self.format) is not Positions
                or type(self.analyzer) is not VietnameseTokenizer):
            return super().index(value, **kwargs)
        return postings(value, self.format.field_boost)


def postings(value, field_boost=1.0):
    """[(term as UTF-8, frequency, weight, encoded positions)] of the text, in first-seen order."""
    # The positions of each word as written first (one dictionary step per occurrence), then
    # those of its forms: an article has ~1,500 occurrences of ~400 distinct words, and each
    # occurrence looked its forms up and stepped once per form. Words are taken in first-seen
    # order, so a term comes first from the word of its first occurrence: the order is kept.
    by_word = {}
    get = by_word.get
    for pos, word in enumerate(TOKEN_RE.findall(vt.unify_tones_in_place(value))):
        found = get(word)
        if found is None:
            by_word[word] = [pos]
        else:
            found.append(pos)
    positions, merged = {}, []
    for word, found in by_word.items():
        for term in forms(word):
            have = positions.get(term)
            if have is None:
                positions[term] = found  # shared by a word's forms: never changed in place
            else:  # another spelling of the same term ("Tỉnh", "tỉnh"): a new list, sorted below
                positions[term] = have + found
                merged.append(term)
    for term in merged:
        positions[term].sort()
    # Whoosh's weight is the sum of the tokens' boosts (1.0 each) times the field's boost. Most
    # terms of an article occur once: their value is a shared object. A word's forms share one
    # list of positions, encoded once (an article has ~380 terms of several positions, ~270 lists).
    one, utf8, values, out = _one_position, _utf8, {}, []
    for term, found in positions.items():
        n = len(found)
        if n == 1:
            out.append((utf8(term), 1, 1.0 * field_boost, one(found[0])))
            continue
        value = values.get(id(found))  # the lists stay alive (in positions) until the return
        if value is None:
            value = values[id(found)] = _encoded(found)
        out.append((utf8(term), n, float(n) * field_boost, value))
    return out


def _encoded(found):
    # Positions.encode of more than one position: their number, then the list of gaps, pickled.
    return pack_uint(len(found)) + dumps([found[0], *map(sub, found[1:], found)], 2)


@lru_cache(maxsize=200_000)
def _utf8(term):
    # The same bytes object for a term every time: its hash is computed once (the writer's pool
    # looks every term of every article up by it), and it is encoded once.
    return term.encode("utf-8")


@lru_cache(maxsize=100_000)
def _one_position(pos):
    return pack_uint(1) + dumps([pos], 2)
