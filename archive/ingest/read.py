"""Bytes of an article file → the text we store as the article's raw text.

Decoding is the only transformation: byte-order marks are honoured and dropped,
line ends become ``\\n`` and the text is composed to Unicode NFC. Every
character span stored anywhere in the archive refers to this text, so this
module must never clean, trim or otherwise edit content. Pure: no Django.
"""
import codecs
import hashlib
import unicodedata
from dataclasses import dataclass


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


def sha256_of(data):
    return hashlib.sha256(data).hexdigest()


def decode(data):
    """Decode an article file's bytes; raise UnreadableFile with the reason."""
    if not data.strip():
        raise UnreadableFile("the file is empty")
    encoding = next((enc for bom, enc in _BOMS if data.startswith(bom)), None)
    try:
        text = data.decode(encoding or "utf-8")
    except UnicodeDecodeError as exc:
        raise UnreadableFile(
            f"not valid {encoding or 'UTF-8'} text (byte {exc.start}: {data[exc.start:exc.start + 4]!r})"
        ) from None
    if "\x00" in text:
        raise UnreadableFile("binary content (NUL bytes), not an article text")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = unicodedata.normalize("NFC", text)
    return DecodedFile(text=text, sha256=sha256_of(data), encoding=encoding or "utf-8")
