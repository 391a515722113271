"""Bytes of an article file → the text we store as the article's raw text.

Decoding is the only transformation: byte-order marks are honoured and dropped,
line ends become ``\\n`` and the text is composed to Unicode NFC. Files that are
not article text — empty, binary, PDF/Word/ZIP, HTML pages, absurdly large, or
in a legacy Vietnamese font encoding (VNI, TCVN3) we cannot decode faithfully —
are refused with a message saying what they look like. Windows-1258 (the one
legacy code page Python decodes exactly) is detected and decoded. Every
character span stored anywhere in the archive refers to this text, so this
module must never clean, trim or otherwise edit content, and must never guess a
decoding it cannot check. Pure: no Django.
"""
import codecs
import hashlib
import re
import unicodedata
from dataclasses import dataclass

# An article is a few kilobytes; 5 MB is a whole book. Bigger files are not one article.
MAX_BYTES = 5 * 1024 * 1024


class UnreadableFile(ValueError):
    """The bytes are not an article we can decode; the message says why."""


@dataclass(frozen=True)
class DecodedFile:
    text: str
    sha256: str
    encoding: str


_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Magic numbers of the documents people most often save with a .txt name by mistake.
_MAGIC = (
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or a Word .docx / OpenDocument file)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "a Microsoft Office document (.doc/.xls)"),
    (b"{\\rtf", "an RTF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x1f\x8b", "a gzip archive"),
)


def _vietnamese_letters():
    letters = set("đĐ")
    for base in "aăâeêioôơuưy":
        for tone in ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"):
            ch = unicodedata.normalize("NFC", base + tone)
            letters.update((ch, ch.upper()))
    return frozenset(letters)


VIETNAMESE_LETTERS = _vietnamese_letters()

# VNI writes a base ASCII vowel and then one or two bytes for its marks ("Vieät" for "Việt").
# These are the mark bytes (lower and upper case) as they appear after a vowel.
_VNI_MARKS = frozenset(b"\xf9\xf8\xfb\xf5\xef\xe2\xea\xe1\xe0\xe5\xe3\xe4\xe9\xe8\xfa\xfc\xeb"
                       b"\xd9\xd8\xdb\xd5\xcf\xc2\xca\xc1\xc0\xc5\xc3\xc4\xc9\xc8\xda\xdc\xcb")
_ASCII_VOWELS = frozenset(b"aeiouyAEIOUY")
_HTML_START_RE = re.compile(r"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]", re.I)
_TAG_RE = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?/?>")


def sha256_of(data):
    return hashlib.sha256(data).hexdigest()


def vietnamese_share(text):
    """Share of non-ASCII letters in text that are Vietnamese letters (1.0 when there are none)."""
    others = [ch for ch in text if ord(ch) > 127 and ch.isalpha()]
    if not others:
        return 1.0
    return sum(ch in VIETNAMESE_LETTERS for ch in others) / len(others)


def _legacy_guess(data):
    """'VNI', 'TCVN3' or None: which legacy Vietnamese font encoding these bytes look like."""
    high = [i for i, b in enumerate(data) if b >= 0x80]
    if len(high) < 5:
        return None
    after_vowel = sum(1 for i in high if i and data[i] in _VNI_MARKS and data[i - 1] in _ASCII_VOWELS)
    if after_vowel / len(high) >= 0.4:
        return "VNI"
    # TCVN3 (ABC) puts ă â ê ô ơ ư đ at 0xA1–0xAE and the toned letters at 0xB5–0xFE.
    # Vietnamese text is full of đ, ê, ô, ư, â, which other Latin code pages rarely put there.
    tcvn = sum(1 for i in high if 0xA1 <= data[i] <= 0xAE or 0xB5 <= data[i] <= 0xFE)
    letters = sum(1 for i in high if 0xA1 <= data[i] <= 0xAE)
    if tcvn / len(high) >= 0.9 and letters / len(high) >= 0.05:
        return "TCVN3"
    return None


def _refuse_legacy(name):
    raise UnreadableFile(
        f"looks like the legacy {name} Vietnamese font encoding, which cannot be decoded reliably; "
        "convert it to UTF-8 (e.g. Unikey's converter, source "
        f"{'VNI Windows' if name == 'VNI' else 'TCVN3 (ABC)'}) and ingest it again"
    )


def _decode_unmarked(data):
    """(text, encoding) of bytes without a BOM: UTF-8, else a checked legacy decoding, else refuse."""
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc
    if b"\x00" in data:
        # UTF-16 without a BOM: ASCII letters leave a NUL in every other byte. Its byte order
        # is only a guess, and a wrong guess still decodes, so it is named and refused.
        for enc in ("utf-16-le", "utf-16-be"):
            try:
                text = data.decode(enc)
            except UnicodeDecodeError:
                continue
            if "\x00" not in text and vietnamese_share(text) >= 0.95 and _mostly_text(text):
                raise UnreadableFile(
                    f"looks like {enc.upper()} text without a byte-order mark; save it as UTF-8 "
                    "(or UTF-16 with a BOM) and ingest it again"
                )
        raise UnreadableFile("binary content (NUL bytes), not an article text")
    try:
        text = data.decode("cp1258")
    except UnicodeDecodeError:
        text = None
    # Windows-1258 writes tones as combining marks after vowels: after NFC every mark has
    # composed and every non-ASCII letter is Vietnamese. VNI and TCVN3 bytes read this way
    # give stray Latin letters and marks on consonants, so they fail this check.
    if text is not None:
        composed = unicodedata.normalize("NFC", text)
        stray_marks = sum(1 for ch in composed if unicodedata.category(ch) == "Mn")
        if vietnamese_share(composed) >= 0.95 and stray_marks <= len(composed) // 1000:
            return text, "windows-1258"
    legacy = _legacy_guess(data)
    if legacy:
        _refuse_legacy(legacy)
    start = utf8_error.start
    raise UnreadableFile(
        f"not valid UTF-8 text (byte {start}: {data[start:start + 4]!r}) and not Windows-1258 Vietnamese; "
        "save it as UTF-8 and ingest it again"
    )


# Unicode's control characters (category Cc) but the line and page breaks and tabs of a text.
_CONTROL_RE = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def _mostly_text(text):
    return len(_CONTROL_RE.findall(text)) <= max(2, len(text) // 200)


def decode(data):
    """Decode an article file's bytes; raise UnreadableFile with the reason."""
    if len(data) > MAX_BYTES:
        raise UnreadableFile(
            f"the file is {len(data) / 1048576:.1f} MB; an article file is at most "
            f"{MAX_BYTES // 1048576} MB — is this the right file?"
        )
    if not data.strip():
        raise UnreadableFile("the file is empty")
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise UnreadableFile(f"binary content ({what}), not an article text")
    encoding = next((enc for bom, enc in _BOMS if data.startswith(bom)), None)
    if encoding:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            raise UnreadableFile(
                f"not valid {encoding} text (byte {exc.start}: {data[exc.start:exc.start + 4]!r})"
            ) from None
    else:
        text, encoding = _decode_unmarked(data)
    if "\x00" in text or not _mostly_text(text):
        raise UnreadableFile("binary content (NUL or control bytes), not an article text")
    if not text.strip("\ufeff \t\r\n"):
        raise UnreadableFile("the file is empty")
    _refuse_html(text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = unicodedata.normalize("NFC", text)
    return DecodedFile(text=text, sha256=sha256_of(data), encoding=encoding)


def _refuse_html(text):
    """An HTML page saved as .txt: its markup would be stored as the article's words."""
    head = text[:4096]
    if _HTML_START_RE.search(head):
        raise UnreadableFile("an HTML page, not article text; save the article's text (not the page) "
                             "and ingest it again")
    tags = _TAG_RE.findall(text[:65536])
    if len(tags) >= 20 and sum(map(len, tags)) > 0.1 * min(len(text), 65536):
        raise UnreadableFile("mostly HTML markup, not article text; save the article's text and ingest it again")
