"""The kinds of input an ingest takes besides article text files, as items of one shape.

An ``Item`` is one future article: where its bytes come from (a file, a member of a zip, a row
of a crawl export, a fetched URL), its identity (``key``: a path inside the folder given, a
URL, or file + row key; never a base name alone when it came from inside something), and what
its source states in structure (title, date, authors, URL). ``decode_item`` turns an item into
a ``Decoded``: the text the extractor reads and every span points into (composed by
``compose``), the original as it came (HTML, the row as JSON) to keep beside it, and the
structured values with their spans in that text, which ``apply_given`` puts over the
extractor's guesses. Pure: no Django, no network; must never change the extractor's rules, only
what text it is given.
"""
import datetime as dt
import hashlib
import json
import unicodedata
from dataclasses import dataclass, field

from archive.ingest.facts import Value
from archive.ingest.read import DecodedFile, UnreadableFile, decode

TEXT, HTML, ROW, URL = "text", "html", "row", "url"
HTML_SUFFIXES = (".html", ".htm")
TABLE_SUFFIXES = (".csv", ".tsv", ".jsonl", ".ndjson")
ZIP_SUFFIX = ".zip"
TEXT_SUFFIX = ".txt"
SUFFIXES = (TEXT_SUFFIX, *HTML_SUFFIXES, *TABLE_SUFFIXES, ZIP_SUFFIX)


@dataclass
class Item:
    """One article to be: path (the file, or the URL, it came from), key (its identity), kind
    (TEXT, HTML or ROW), data (its bytes when they are not the whole file at path), given
    (what its source states in structure: title, published, authors, url, lead, body, encoding)
    and movable (a file of its own, which may be found again by its bytes in another folder)."""

    path: str
    key: str
    kind: str = TEXT
    data: bytes | None = None
    given: dict = field(default_factory=dict)
    movable: bool = True
    label: str = ""  # how messages name it: "a.csv, row 7", "x.zip: a/b.html"

    def __str__(self):
        return self.label or self.path


@dataclass(frozen=True)
class Decoded(DecodedFile):
    """A DecodedFile with the original it was made from and the values its source states."""

    original: str = ""
    media_type: str = ""
    given: dict = field(default_factory=dict)  # name -> Value with a span in text (authors: a list)


def kind_of(name):
    low = name.lower()
    if low.endswith(HTML_SUFFIXES):
        return HTML
    if low.endswith(TEXT_SUFFIX):
        return TEXT
    return None


def read_bytes(item):
    if item.data is not None:
        return item.data
    with open(item.path, "rb") as fh:
        return fh.read()


def decode_item(item, data=None):
    """Decoded (or UnreadableFile) of an item; data: its bytes when already read."""
    from archive.ingest.sources import html, tabular

    data = read_bytes(item) if data is None else data
    if item.kind == TEXT:
        return decode(data)
    if item.kind == HTML:
        return html.decode_page(data, given=item.given)
    if item.kind == ROW:
        return tabular.decode_row(data, item.given)
    raise UnreadableFile(f"unknown kind of input {item.kind!r}")


def sha256_of(data):
    return hashlib.sha256(data).hexdigest()


def _one_line(text):
    return " ".join(str(text).split())


def date_line(when):
    """How the composed text writes a publication time (a form the extractor reads as a stamp)."""
    if isinstance(when, dt.datetime):
        if when.hour or when.minute:
            return when.strftime("%d/%m/%Y %H:%M")
        return when.strftime("%d/%m/%Y")
    return when.strftime("%d/%m/%Y")


def compose(*, title, published=None, published_text="", paragraphs=(), authors=(), url=""):
    """(text, given): the article as the text files the extractor knows (headline, stamp line,
    paragraphs, byline, "Nguồn:" line, blank lines between) and the structured values with their
    spans in it. published: a datetime (written as a stamp); published_text: a date as the source
    wrote it when it could not be read (left to the extractor)."""
    parts, given = [], {}
    at = 0

    def add(line):
        nonlocal at
        line = unicodedata.normalize("NFC", line)
        start = at + (2 if parts else 0)
        parts.append(line)
        at = start + len(line)
        return start, at

    title = _one_line(title)
    if title:
        given["title"] = Value(title, add(title))
    if published is not None:
        given["published"] = Value(published, add(date_line(published)))
    elif published_text:
        add(_one_line(published_text))
    paragraphs = [p for p in (_one_line(p) for p in paragraphs) if p]
    if paragraphs and title and paragraphs[0] == title:
        paragraphs = paragraphs[1:]
    for para in paragraphs:
        add(para)
    authors = [a for a in (_one_line(a) for a in authors) if a]
    if authors:
        line = " - ".join(authors)
        glued = _glued_byline(paragraphs[-1], authors) if paragraphs else None
        if paragraphs and paragraphs[-1] == line:  # the page's own byline, already the last paragraph
            start = at - len(line)
        elif glued:  # the byline closes the last paragraph ("… năm 2030. Thu Hà (TTXVN)")
            given["authors"] = [Value(name, (at - len(paragraphs[-1]) + s, at - len(paragraphs[-1]) + e))
                                for name, (s, e) in zip(authors, glued, strict=True)]
        else:
            start = add(line)[0]
        if not glued:
            values, offset = [], start
            for name in authors:
                values.append(Value(name, (offset, offset + len(name))))
                offset += len(name) + 3
            given["authors"] = values
    if url:
        start, end = add(f"Nguồn: {url}")
        given["url"] = Value(url, (start + len("Nguồn: "), end))
    return "\n\n".join(parts) + "\n", given


# How far from a paragraph's end a byline run into it may stand: the names, and an agency or
# outlet after them ("Xuân Triệu (TTXVN)", "Theo Hương Giang/Baothaibinh.com.vn").
GLUED_BYLINE_TAIL = 120


def _glued_byline(paragraph, authors):
    """The spans of authors in the closing words of paragraph, in order, each at a word's start
    after a sentence's end, or None when they are not all there."""
    tail_start = max(0, len(paragraph) - GLUED_BYLINE_TAIL - sum(map(len, authors)))
    spans, at = [], tail_start
    for name in authors:
        found = paragraph.find(name, at)
        if found < 0 or (found > 0 and paragraph[found - 1].isalnum()):
            return None
        spans.append((found, found + len(name)))
        at = found + len(name)
    first = spans[0][0]
    before = paragraph[:first].rstrip()
    # A byline follows a sentence ("…2030. Thu Hà", "…/. Xuân Triệu") or opens with "Theo".
    if not (before.endswith((".", "!", "?", "/.", "”", '"')) or before.endswith(("Theo", "theo"))):
        return None
    return spans


def apply_given(facts, decoded):
    """Put what the source states in structure over what the extractor guessed from the text."""
    given = getattr(decoded, "given", None) or {}
    for name in ("title", "published", "url"):
        if name in given and given[name].value:
            setattr(facts, name, given[name])
    if given.get("authors"):
        facts.authors = list(given["authors"])
    return facts


def original_json(row):
    return json.dumps(row, ensure_ascii=False, indent=1)
