"""Vietnamese text normalisation: the one place for it.

Extraction, search and the admin all compare Vietnamese text through these
functions, so that "Tỉnh uỷ" equals "Tỉnh ủy", "KHOÁ" equals "khóa" and a reader
typing "tinh uy" without diacritics finds both. Pure functions on ``str``: no
Django, no I/O, and never anything that changes the meaning of the text (we
only re-encode, re-place tone marks, fold case and accents, expand the
abbreviations every newspaper uses).
"""
import re
import unicodedata
from functools import lru_cache

# The five tone marks as combining characters (NFD).
TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")

ABBREVIATIONS = {
    "BCH": "Ban Chấp hành",
    "HĐND": "Hội đồng nhân dân",
    "UBND": "Ủy ban nhân dân",
    "BTV": "Ban Thường vụ",
    "MTTQ": "Mặt trận Tổ quốc",
    "TW": "Trung ương",
    "TƯ": "Trung ương",
    "NQ": "Nghị quyết",
    "ĐBQH": "đại biểu Quốc hội",
    "UBMTTQ": "Ủy ban Mặt trận Tổ quốc",
}
# An abbreviation stands alone: not inside a code such as 15-NQ/TW or a longer word.
_ABBR_RE = re.compile(
    r"(?<![\w/-])(" + "|".join(sorted(map(re.escape, ABBREVIATIONS), key=len, reverse=True)) + r")(?![\w/-])"
)

# Any of the five, to find one in NFD text in one C-level scan.
_TONE_MARK_RE = re.compile("[" + "".join(sorted(TONE_MARKS)) + "]")
_SPACES_RE = re.compile(r"[ \t\u200b]+")
_WHITE_SPACE_RE = re.compile(r"\s+")

# A syllable ending in oa/oe/uy with its tone on the last vowel (hoà, khoẻ, uỷ)
# is written the other way (hòa, khỏe, ủy) in the spelling we store. "qu" is a
# consonant, so quá/quý keep their tone where it is.
# The tone must be the vowel's only mark and end the syllable: the ặ of "hoặc" (a, dot
# below, breve) is not an old placement, and moving its dot made "họăc".
_OLD_TONE_RE = re.compile(
    r"(?<![qQ])([oOuU])([aAeEyY])([\u0300\u0301\u0303\u0309\u0323])(?![^\W\d_]|[\u0300-\u036f])"
)


# The three characters in a row that _OLD_TONE_RE needs: a charset-led pattern that the
# regex engine scans fast, to skip the (look-behind-led, slow) substitution on most text.
_OLD_TONE_HINT_RE = re.compile(r"[oOuU][aAeEyY][\u0300\u0301\u0303\u0309\u0323]")


def nfc(text):
    return unicodedata.normalize("NFC", text)


# What unify_tones moves, as it can show in NFC text: o then a precomposed à/è… (a, e and a
# tone mark only), u then ỳ/ý…, not after q, at the end of a word. NFC text without it comes
# out of unify_tones as it went in; the hint may find more than that, never less.
def _toned(bases):
    return "".join(sorted(
        ch for ch in map(chr, range(0xC0, 0x1F00))
        if len(d := unicodedata.normalize("NFD", ch)) == 2 and d[0] in bases and d[1] in TONE_MARKS
    ))


# Led by a character set, which the regex engine scans for in C; led by the look-behind, it
# would try the pattern at every position of the text.
_COMPOSED_OLD_TONE_HINT_RE = re.compile(
    f"[oOuU](?<![qQ][oOuU])(?:(?<=[oO])[{_toned('aAeE')}]|(?<=[uU])[{_toned('yY')}])(?![^\\W\\d_])"
)


def unify_tones(text):
    """Move tone marks to the placement we store: hoà → hòa, khoá → khóa, uỷ → ủy."""
    if unicodedata.is_normalized("NFC", text) and not _COMPOSED_OLD_TONE_HINT_RE.search(text):
        return text  # most text: decomposing and composing it again would change nothing
    decomposed = unicodedata.normalize("NFD", text)
    if not _TONE_MARK_RE.search(decomposed) or not _OLD_TONE_HINT_RE.search(decomposed):
        return nfc(decomposed)

    def swap(match):
        first, second, tone = match.groups()
        # Only oa/oe + tone and uy + tone are the ambiguous pairs.
        if first.lower() == "o" and second.lower() == "y":
            return match.group(0)
        if first.lower() == "u" and second.lower() != "y":
            return match.group(0)
        return first + tone + second

    return nfc(_OLD_TONE_RE.sub(swap, decomposed))


def unify_tones_in_place(text):
    """unify_tones, but only when it keeps every character offset (NFC text always does);
    extractors and the analyzer match on it and report spans in the original."""
    unified = unify_tones(text)
    return unified if len(unified) == len(text) else text


def normalize(text):
    """NFC, unified tone marks, collapsed white space: the stored spelling."""
    # unify_tones decomposes first, and NFD(NFC(x)) == NFD(x): no NFC pass needed before it.
    text = unify_tones(text).replace("\u00a0", " ")
    return _SPACES_RE.sub(" ", text).strip()


class _StripTable(dict):
    """str.translate table deleting combining marks and folding đ/Đ, filled per code point
    on first sight (a C-level lookup afterwards instead of a Python test per character)."""

    def __missing__(self, code):
        value = None if unicodedata.combining(chr(code)) else code
        self[code] = value
        return value


_STRIP_TABLE = _StripTable({ord("đ"): "d", ord("Đ"): "D"})


def strip_accents(text):
    """Remove every diacritic and fold đ to d, keeping case."""
    return nfc(unicodedata.normalize("NFD", text).translate(_STRIP_TABLE))


# fold and key are called on the same words and lines over and over (extraction,
# gazetteer look-ups, search); they are pure functions of a str, so cache them.
@lru_cache(maxsize=16384)
def fold(text):
    """Accent- and case-insensitive key: "Tỉnh Uỷ" and "tinh uy" fold alike."""
    return _WHITE_SPACE_RE.sub(" ", strip_accents(normalize(text)).casefold()).strip()


@lru_cache(maxsize=16384)
def key(text):
    """Case-insensitive key that keeps diacritics: "Tỉnh uỷ" == "tỉnh ủy" != "tinh uy"."""
    return _WHITE_SPACE_RE.sub(" ", normalize(text).casefold()).strip()


def expand_abbreviations(text):
    """BCH → Ban Chấp hành, HĐND → Hội đồng nhân dân … but never inside 15-NQ/TW."""
    return _ABBR_RE.sub(lambda m: ABBREVIATIONS[m.group(1)], text)


def has_diacritics(text):
    return strip_accents(text) != text


def slugify(text, max_length=80):
    """ASCII slug of Vietnamese text: "Lê Quốc Phong" → "le-quoc-phong"."""
    slug = re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")
    return slug[:max_length].rstrip("-") or "x"


def is_capitalized(word):
    """A syllable written with a capital first letter and lowercase rest (Lê, Đức)."""
    return bool(word) and word[0].isupper() and (len(word) == 1 or word[1:].islower())
