"""Vietnamese analysis, the same at index and at query time, for every engine.

Text is composed to NFC, tone marks are placed one way (hoà = hòa), document
codes and dates are kept whole ("15-NQ/TW", "30/7/2007"), and every syllable
becomes a token with its character offsets in the original text (Whoosh needs
offsets to highlight). Each syllable is indexed twice at the
same position: accent-folded (đ → d), so "tinh uy" finds "Tỉnh ủy" and "Tỉnh
uỷ", and lowercase with its diacritics, so that a query typed with diacritics
can rank exact matches first (folding alone merges án/an, thể/thế). No pyvi
here: pyvi segments differently by case and context, so the index holds
syllables and the query side groups them into phrases. No engine here either:
the Whoosh analyzer and field built on these functions are in
``engines/whoosh/fields.py``; their old names here stay importable, because
indexes written before that move pickled them into their schema under this path.
"""
import re
from functools import lru_cache

from archive import text as vt

# Codes and dates first, so that they stay one token; then plain syllables. Every repetition is
# bounded: unbounded, a crafted "1.1.1.…" token of 120 KB was tried as a code from each of its
# digits to its end (quadratic: minutes per search that listed it, and at index time). No real
# code has more than a few parts of a few characters ("123/KH-BCĐ389", "202/2025/QH15"), and a
# word past MAX_TOKEN characters is cut into pieces rather than stored as one huge term.
MAX_TOKEN = 64
_PART = "[0-9A-Za-zĐđ]{1,16}"
TOKEN_RE = re.compile(
    rf"\d{{1,8}}(?:[-/.]{_PART}){{0,6}}[-/][A-Za-zĐđ][0-9A-Za-zĐđ]{{0,16}}(?:[-/]{_PART}){{0,6}}"  # 15-NQ/TW
    r"|\d{1,2}/\d{1,2}/\d{2,4}"  # 30/7/2007
    rf"|\w{{1,{MAX_TOKEN}}}",
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




# Schemas pickled before the Whoosh classes moved name them here (PEP 562: only looked up on demand,
# so importing this module loads no engine).
_MOVED = ("VietnameseTokenizer", "VietnameseAnalyzer", "VietnameseText")


def __getattr__(name):
    if name in _MOVED:
        from archive.search.engines.whoosh import fields

        return getattr(fields, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
