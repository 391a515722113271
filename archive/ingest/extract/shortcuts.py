"""Exact shortcuts the extractors share: the same answers as the plain code, for less work.

Nearly every line the extractors read is NFC Vietnamese, in Latin letters and the punctuation
newspapers print. On such a line some questions can be answered without the costly general
machinery: whether vt.unify_tones_in_place changes it, and where a case-insensitive regex can
match it. A line outside what a shortcut covers is answered the plain way. Each shortcut is
checked against the plain code in tests/ingest/test_extract_speed_equivalence.py. Pure: no Django.
"""
import re
import unicodedata
from collections import defaultdict
from functools import lru_cache

from archive import text as vt
from archive.ingest.read import VIETNAMESE_LETTERS

# Latin letters (Vietnamese among them) and the punctuation newspapers print.
LATIN = tuple(map(chr, (*range(0x250), *range(0x1E00, 0x1F00), *range(0x2000, 0x2070))))
LETTER_RE = re.compile(r"[^\W\d_]")  # a letter, as the extractors' regexes read one


def char_class(chars, negate=False):
    """A regex character class of chars."""
    return "[" + "^" * negate + "".join(f"\\u{ord(ch):04x}" for ch in sorted(set(chars))) + "]"


def starts_re(alternatives, after=""):
    """A regex matching one character where one of alternatives (regexes that open with a literal
    character) matches, if after (a look-around) holds past that character. One character long,
    so finditer reports starts inside another's match too; led by the opening characters, so the
    regex engine skips to them instead of trying the alternatives at every position."""
    by_first = defaultdict(list)
    for alternative in alternatives:
        assert alternative[0] not in "\\()[]{}.*+?|^$", alternative  # a literal opening character
        by_first[alternative[0]].append(alternative[1:])
    return re.compile(
        "(?:" + "|".join(re.escape(first) + "(?=" + "|".join(rests) + ")" for first, rests in by_first.items()) + ")"
        + after
    )


def finditer_from(regex, text, starts):
    """regex.finditer(text), given a sorted superset of the positions a match can start at
    (None: any): each search of finditer is a match at the next possible start past the previous match."""
    if starts is None:
        yield from regex.finditer(text)
        return
    pos = 0
    for start in starts:
        if start < pos:
            continue
        m = regex.match(text, start)
        if m:
            yield m
            pos = m.end()


# --- unify_tones_in_place ---------------------------------------------------------------
# vt.unify_tones_in_place decomposes the whole line to NFD, searches it and composes it back,
# though almost every line is NFC and in the stored spelling already, and so comes back as it
# is. On a line of "simple" characters (whose NFD is a starter and combining marks) the NFD of
# the line is the NFDs of its characters side by side, so vt's swap can only change it at a
# plain o followed by an a/e, or a plain u followed by a y, precomposed with a tone mark as its
# only mark, not after q and not before a letter: that is read off the line.

# The pairs vt.unify_tones swaps a tone in (its _OLD_TONE_RE, less what its swap() leaves alone).
_SWAPPED_PAIRS = (("oO", "aAeE"), ("uU", "yY"))
_NOT_BEFORE = "qQ"  # the regex's look-behind; its look-ahead is LETTER_RE


def _simple(ch):
    nfd = unicodedata.normalize("NFD", ch)
    return unicodedata.combining(nfd[0]) == 0 and all(unicodedata.combining(mark) for mark in nfd[1:])


_SIMPLE = [ch for ch in LATIN if _simple(ch)]


def _nfd_class(test):
    """A class of the simple characters whose NFD passes test."""
    return char_class(ch for ch in _SIMPLE if test(unicodedata.normalize("NFD", ch)))


def _old_tone(first, seconds):
    """first (a plain o/u, not after q), then one of seconds with a tone mark that no letter follows."""
    def toned(nfd):
        return len(nfd) >= 2 and nfd[0] in seconds and nfd[1] in vt.TONE_MARKS

    return (
        _nfd_class(lambda nfd: nfd == first) + "(?<!" + _nfd_class(lambda nfd: nfd[-1] in _NOT_BEFORE) + ".)"
        + _nfd_class(lambda nfd: toned(nfd) and len(nfd) == 2)  # a vowel with more marks (ặ) is never moved
        + "(?!" + _nfd_class(lambda nfd: LETTER_RE.match(nfd[0])) + ")"
    )


_NOT_SIMPLE_RE = re.compile(char_class(_SIMPLE, negate=True))
_OLD_TONE_RE = re.compile("|".join(_old_tone(first, seconds) for firsts, seconds in _SWAPPED_PAIRS for first in firsts))


@lru_cache(maxsize=256)  # places, people and meetings each read the same lines
def unify_tones_in_place(text):
    """vt.unify_tones_in_place(text): text itself when it is simple, NFC and has no old tone placement."""
    if _NOT_SIMPLE_RE.search(text) or not unicodedata.is_normalized("NFC", text) or _OLD_TONE_RE.search(text):
        return vt.unify_tones_in_place(text)
    return text


# --- plain_case ---------------------------------------------------------------------------
# Characters between which re.I matching is plain equality lowercased (the tests check every pair).
PLAIN_CASE = frozenset(map(chr, range(32, 127))) | VIETNAMESE_LETTERS
_NOT_PLAIN_CASE_RE = re.compile(char_class(PLAIN_CASE, negate=True))


@lru_cache(maxsize=4096)
def _caseless(ch):
    return ch.lower() == ch == ch.upper()


def plain_case(text):
    """Whether every character of text is PLAIN_CASE or has no case. Such a line, lowercased, keeps
    every offset and letter run, and a case-insensitive regex of PLAIN_CASE characters, classes
    of letters, digits and white space matches it where the regex lowercased, without re.I (three
    times faster), matches the line lowercased (the tests check every character re.I matches)."""
    return all(_caseless(m.group()) for m in _NOT_PLAIN_CASE_RE.finditer(text))
