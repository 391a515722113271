"""Vietnamese analysis for the Whoosh index, the same at index and at query time.

Text is composed to NFC, tone marks are placed one way (hoà = hòa), document
codes and dates are kept whole ("15-NQ/TW", "30/7/2007"), and every syllable
becomes a token with its character offsets in the original text (Whoosh needs
``startchar``/``endchar`` to highlight). Each syllable is indexed twice at the
same position: accent-folded (đ → d), so "tinh uy" finds "Tỉnh ủy" and "Tỉnh
uỷ", and lowercase with its diacritics, so that a query typed with diacritics
can rank exact matches first (folding alone merges án/an, thể/thế). No pyvi
here: pyvi segments differently by case and context, so the index holds
syllables and the query side groups them into phrases. This module must stay
importable by path: Whoosh pickles the analyzer into the index schema.
"""
import re
from functools import lru_cache
from operator import sub

from whoosh.analysis import Token, Tokenizer
from whoosh.compat import dumps
from whoosh.fields import TEXT
from whoosh.formats import Positions
from whoosh.system import pack_uint

from archive import text as vt

# Codes and dates first, so that they stay one token; then plain syllables.
TOKEN_RE = re.compile(
    r"\d+(?:[-/.][0-9A-Za-zĐđ]+)*[-/][A-Za-zĐđ][0-9A-Za-zĐđ]*(?:[-/][0-9A-Za-zĐđ]+)*"  # 15-NQ/TW, 1234/QĐ-UBND
    r"|\d{1,2}/\d{1,2}/\d{2,4}"  # 30/7/2007
    r"|\w+",
    re.UNICODE,
)
# The number a document code starts with: "39" of "39-nq/tw", "202" of "202/2025/qh15" (not dates).
_CODE_NUMBER_RE = re.compile(r"(\d+)[-/](?=.*[a-z])")


@lru_cache(maxsize=200_000)
def fold_token(token):
    return vt.fold(token)


def accent_token(token):
    return vt.key(token)


def spans(value):
    """(syllable as written, start, end) for the text; offsets into the original string."""
    # NFC and tone unification keep the length of composed Vietnamese text, so
    # offsets found in the normalised text are offsets in the original.
    for m in TOKEN_RE.finditer(vt.unify_tones_in_place(value)):
        yield m.group(0), m.start(), m.end()


def tokens(value):
    """(folded token, start, end) for the text."""
    for word, start, end in spans(value):
        yield fold_token(word), start, end


@lru_cache(maxsize=200_000)
def forms(word):
    """The index terms of one syllable: folded first, then the accented form if it differs."""
    # Cached: an archive uses some tens of thousands of distinct syllables, and
    # normalising every occurrence again was most of the analyzer's time.
    folded, accented = fold_token(word), accent_token(word)
    terms = (folded,) if folded == accented else (folded, accented)
    # A code also answers to its number at the same position, so that "nghị quyết 39"
    # finds "Nghị quyết số 39-NQ/TW" as a phrase; "39-nq/tw" itself stays exact.
    number = _CODE_NUMBER_RE.match(folded)
    return terms + (number.group(1),) if number else terms


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
