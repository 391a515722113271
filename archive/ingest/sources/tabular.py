"""Crawl exports (CSV, TSV, JSON Lines: one article a row) → one Item per row.

The columns are found from the header by their usual names (title, published/published_time,
content/body, author, url, …, in English or Vietnamese) or given on the command line
(``--columns body=noi_dung,title=tieu_de``). A row's identity is its URL when it has one, else
the file's key and the row's id column or its number ("crawl.csv#row-12"); its own bytes (the
row as JSON) are its digest, so a re-run is idempotent row by row and an edited row updates its
article. A row whose cells cannot be read is a failed item of its own; the other rows go on.
Pure: no Django; must never guess a column it was told, nor drop a row without saying so.
"""
import csv
import datetime as dt
import io
import json
import re

from archive import text as vt
from archive.ingest.read import UnreadableFile, sha256_of
from archive.ingest.sources import ROW, Decoded, Item, compose, original_json

MAX_TABLE_BYTES = 1024 * 1024 * 1024  # a crawl export; read whole, as its rows are kept until stored
MAX_CELL_BYTES = 5 * 1024 * 1024  # an article's body, as read.MAX_BYTES
FIELDS = ("title", "published", "body", "author", "url", "lead", "id")
# Header names seen in crawl exports, folded (lower case, no diacritics, _ for space and dash).
HEADERS = {
    "title": ("title", "headline", "tieu_de", "tieude", "ten_bai", "name"),
    "published": ("published", "published_time", "published_at", "publish_date", "pubdate", "date",
                  "datetime", "time", "created_at", "ngay_dang", "ngay", "thoi_gian", "date_published"),
    "body": ("content", "body", "text", "noi_dung", "noidung", "article", "article_body", "content_text",
             "html", "content_html"),
    "author": ("author", "authors", "tac_gia", "tacgia", "byline", "writer"),
    "url": ("url", "link", "source_url", "canonical", "canonical_url", "href", "duong_dan"),
    "lead": ("sapo", "description", "summary", "lead", "tom_tat", "abstract"),
    "id": ("id", "guid", "article_id", "uid", "docid", "doc_id"),
}
_FORMATS = ("%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d",
            "%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%d/%m/%Y", "%H:%M %d/%m/%Y", "%d-%m-%Y %H:%M", "%d-%m-%Y")
_TAG_RE = re.compile(r"<(?:p|br|div|h[1-6]|li|figcaption)[\s/>]", re.I)


def _fold(name):
    return re.sub(r"[\s\-.]{1,20}", "_", vt.fold(str(name)).strip().lower())


def parse_columns(spec):
    """{field: column name} of a --columns value "body=content,title=Tiêu đề"; ValueError naming what is wrong."""
    mapping = {}
    for part in filter(None, (p.strip() for p in (spec or "").split(","))):
        name, sep, column = part.partition("=")
        name = name.strip().lower()
        if not sep or not column.strip():
            raise ValueError(f"--columns: “{part}” is not FIELD=COLUMN")
        if name not in FIELDS:
            raise ValueError(f"--columns: unknown field “{name}” (known: {', '.join(FIELDS)})")
        mapping[name] = column.strip()
    return mapping


def map_columns(header, given=None):
    """{field: column} for a header: the columns given, else the usual names. ValueError when the
    body column is not found (or a given column is not in the header)."""
    given = given or {}
    by_fold = {}
    for col in header:
        by_fold.setdefault(_fold(col), col)
    mapping = {}
    for name, column in given.items():
        if column not in header and _fold(column) not in by_fold:
            raise ValueError(f"column “{column}” (--columns {name}=…) is not in the header: "
                             + ", ".join(map(str, header)))
        mapping[name] = column if column in header else by_fold[_fold(column)]
    for name, names in HEADERS.items():
        if name not in mapping:
            found = next((by_fold[n] for n in names if n in by_fold), None)
            if found is not None:
                mapping[name] = found
    if "body" not in mapping:
        raise ValueError("no column of article text found in the header (" + ", ".join(map(str, header))[:300]
                         + "); name it with --columns body=COLUMN")
    return mapping


def _decode(data, label):
    if len(data) > MAX_TABLE_BYTES:
        raise UnreadableFile(f"{label}: {len(data) / 1048576:.0f} MB is more than an export we read at once")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UnreadableFile(f"not UTF-8 (byte {exc.start}); save the export as UTF-8") from None


def _rows_csv(text, delimiter):
    csv.field_size_limit(MAX_CELL_BYTES)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = next(reader, None)
    if not header:
        raise UnreadableFile("the export is empty")
    header = [h.strip() for h in header]
    number = 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield header, reader.line_num, None, f"unreadable CSV: {exc}"
            return
        number += 1
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            yield header, number, None, f"{len(cells)} cells for a header of {len(header)}"
            continue
        yield header, number, dict(zip(header, cells, strict=True)), ""


def _rows_jsonl(text):
    header = []
    for number, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            yield header, number, None, f"not JSON: {exc.msg} at column {exc.colno}"
            continue
        if not isinstance(row, dict):
            yield header, number, None, "not a JSON object"
            continue
        for col in row:
            if col not in header:
                header.append(col)
        yield header, number, row, ""


def expand(path, key, data, columns=None, label=None):
    """(items, problems) of one export: an Item per row, a (label, reason) per row that cannot be read."""
    label = label or path
    text = _decode(data, label)
    low = key.lower()
    if low.endswith((".jsonl", ".ndjson")):
        rows = _rows_jsonl(text)
    else:
        delimiter = "\t" if low.endswith(".tsv") else _sniff(text)
        rows = _rows_csv(text, delimiter)
    items, problems, mapping, mapped_for = [], [], None, None
    for header, number, row, error in rows:
        where = f"{label}, {'line' if low.endswith(('.jsonl', '.ndjson')) else 'row'} {number}"
        if error:
            problems.append((where, error))
            continue
        if mapping is None or mapped_for != len(header):
            try:
                mapping, mapped_for = map_columns(header, columns), len(header)
            except ValueError as exc:
                if not low.endswith((".jsonl", ".ndjson")):
                    raise UnreadableFile(str(exc)) from None
                problems.append((where, str(exc)))
                mapping = None
                continue
        given = {name: row.get(col) for name, col in mapping.items() if row.get(col) not in (None, "")}
        url = str(given.get("url") or "").strip()
        if url.startswith(("http://", "https://")) and len(url) <= 255:
            item_key = url
        else:
            ident = str(given.get("id") or "").strip()
            item_key = f"{key}#{ident[:80]}" if ident else f"{key}#row-{number}"
        given = {name: value for name, value in given.items() if name != "id"}
        raw = original_json(row).encode("utf-8")
        items.append(Item(path, item_key[:255], ROW, raw, given, movable=False, label=where))
    return items, problems


def _sniff(text):
    sample = text[:65536]
    try:
        return csv.Sniffer().sniff(sample.split("\n", 1)[0], delimiters=",;\t|").delimiter
    except csv.Error:
        return ","


def parse_published(value):
    """A datetime of a date cell, or None when it is not in a form we read for certain."""
    if isinstance(value, (int, float)) and 10**8 < value < 10**11:  # a Unix time
        return dt.datetime.fromtimestamp(value, dt.UTC)
    text = " ".join(str(value).split())[:40]
    if text.endswith("Z"):
        text = text[:-1] + "+0000"
    for fmt in _FORMATS:
        try:
            return dt.datetime.strptime(text, fmt)
        except ValueError:
            continue
    try:
        return dt.datetime.fromisoformat(text)
    except ValueError:
        return None


def _paragraphs(body):
    body = str(body)
    if _TAG_RE.search(body[:20000]):
        import lxml.html

        fragment = lxml.html.fragment_fromstring(body, create_parent="div")
        blocks = []
        for el in fragment.iter("p", "div", "h1", "h2", "h3", "h4", "li", "figcaption", "blockquote"):
            if any(child.tag in ("p", "div", "li", "blockquote") for child in el):
                continue  # read in its children
            text = " ".join("".join(el.itertext()).split())
            if text:
                blocks.append(text)
        return blocks or ["".join(fragment.itertext())]
    return [p for p in body.replace("\r\n", "\n").split("\n") if p.strip()]


def _authors(value):
    if isinstance(value, list):
        return [str(a) for a in value if str(a).strip()]
    return [a for a in re.split(r"\s{0,3}[;|]\s{0,3}", str(value or "")[:500]) if a.strip()]


def decode_row(data, given):
    """Decoded article of a row: its cells laid out as an article text; the row kept as its original."""
    body = given.get("body")
    if not str(body or "").strip():
        raise UnreadableFile("the row's text cell is empty")
    if len(str(body).encode("utf-8", "replace")) > MAX_CELL_BYTES:
        raise UnreadableFile(f"the row's text is over {MAX_CELL_BYTES // 1048576} MB; not one article")
    published = parse_published(given["published"]) if given.get("published") not in (None, "") else None
    paragraphs = ([str(given["lead"])] if given.get("lead") else []) + _paragraphs(body)
    url = str(given.get("url") or "").strip()
    text, values = compose(
        title=str(given.get("title") or ""), published=published,
        published_text="" if published else str(given.get("published") or ""),
        paragraphs=paragraphs, authors=_authors(given.get("author")),
        url=url if url.startswith(("http://", "https://")) else "")
    return Decoded(text=text, sha256=sha256_of(data), encoding="utf-8", original=data.decode("utf-8"),
                   media_type="application/json", given=values)
