"""Exact shortcuts the extractors share: the same answers as the plain code, for less work.

Nearly every line the extractors read is NFC Vietnamese, in Latin letters and the punctuation
newspapers print. On such a line some questions can be answered without the costly general
machinery: where a case-insensitive regex can match it, for one (vt.unify_tones_in_place has
its own shortcut for NFC text; its answers are kept here for the lines read again). A line \
outside what a shortcut covers is answered the plain way. Each shortcut is
checked against the plain code in tests/ingest/test_extract_speed_equivalence.py. Pure: no Django.
"""
import re
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
# vt.unify_tones_in_place returns an NFC line with no old tone placement as it is, without
# decomposing it; places, people and meetings each read the same lines, so the last are kept.
unify_tones_in_place = lru_cache(maxsize=256)(vt.unify_tones_in_place)


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
    of letters, digits and white space matches it where the regex lowercased, without re.I (which
    is slower), matches the line lowercased (the tests check every character re.I matches)."""
    return all(_caseless(m.group()) for m in _NOT_PLAIN_CASE_RE.finditer(text))
