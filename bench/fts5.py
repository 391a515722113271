"""The peer: the same articles and queries in SQLite FTS5 (unicode61, remove_diacritics 2).

Builds a throwaway FTS5 database next to the benchmark's archive from the
archive's own article rows (title, body and the facet values), and answers a
benchmark query the way /api/search does: a count, the top 20 by bm25 with a
highlighted snippet, and counts for the province, year and source facets.
It reads the archive database and must never write to it.
"""
import os
import re
import sqlite3
import time

from archive import text as vt

SNIPPET_TOKENS = 36
_CODE_RE = re.compile(r"\d+(?:[-/.][0-9A-Za-zĐđ]+)+")


def build(archive_db, path, batch=1000):
    """Create the FTS5 database at path from the archive's articles; return (seconds, rows)."""
    if os.path.exists(path):
        os.remove(path)
    src = sqlite3.connect(archive_db)
    dst = sqlite3.connect(path)
    start = time.perf_counter()
    dst.execute(
        "CREATE VIRTUAL TABLE doc USING fts5(title, body, province UNINDEXED, year UNINDEXED, source UNINDEXED,"
        " article_id UNINDEXED, tokenize = 'unicode61 remove_diacritics 2')"
    )
    rows = src.execute(
        "SELECT a.title, a.body, COALESCE(p.slug, ''),"
        " COALESCE(strftime('%Y', COALESCE(a.published, a.meeting_date)), ''),"
        " COALESCE(s.slug, ''), a.id FROM archive_article a LEFT JOIN archive_province p ON p.id = a.province_id"
        " LEFT JOIN archive_source s ON s.id = a.source_id ORDER BY a.id"
    )
    n = 0
    while True:
        chunk = rows.fetchmany(batch)
        if not chunk:
            break
        dst.executemany("INSERT INTO doc VALUES (?, ?, ?, ?, ?, ?)", chunk)
        n += len(chunk)
    dst.commit()
    dst.execute("INSERT INTO doc(doc) VALUES ('optimize')")
    dst.commit()
    seconds = time.perf_counter() - start
    src.close()
    dst.close()
    return seconds, n


def match_expression(q):
    """The reader's query as an FTS5 MATCH: every word required, quoted text and codes as phrases.

    Each term is asked for as typed and accent-stripped ("x OR y"). unicode61 removes tone
    marks but keeps đ (a letter of its own), so the peer cannot find "Đồng" from "dong":
    its counts for unaccented queries are lower than ours, and that is the peer as shipped.
    """
    phrases = re.findall(r'"([^"]*)"', q)
    rest = re.sub(r'"[^"]*"', " ", q).replace('"', " ")
    parts = []
    for code in _CODE_RE.findall(rest):
        parts.append(" ".join(re.findall(r"\w+", code)))
    rest = _CODE_RE.sub(" ", rest)
    parts.extend(phrases)
    parts.extend(re.findall(r"\w+", rest))
    terms = []
    for part in parts:
        words = re.findall(r"\w+", part)
        if not words:
            continue
        exact = '"' + " ".join(words) + '"'
        folded = '"' + " ".join(vt.strip_accents(w) for w in words) + '"'
        terms.append(exact if exact == folded else f"({exact} OR {folded})")
    return " AND ".join(terms)


def search(conn, query):
    """(count, hits, facets) for a benchmark query dict."""
    where, args = [], []
    match = match_expression(query.get("q", ""))
    if match:
        where.append("doc MATCH ?")
        args.append(match)
    for column in ("province", "year"):
        if query.get(column):
            where.append(f"{column} = ?")
            args.append(query[column])
    clause = (" WHERE " + " AND ".join(where)) if where else ""
    count = conn.execute(f"SELECT count(*) FROM doc{clause}", args).fetchone()[0]
    order = "rank" if match and query.get("sort", "relevance") == "relevance" else "year DESC"
    hits = conn.execute(
        f"SELECT article_id, snippet(doc, 1, '<mark>', '</mark>', '…', {SNIPPET_TOKENS}) FROM doc{clause}"
        f" ORDER BY {order} LIMIT 20", args,
    ).fetchall() if match else conn.execute(
        f"SELECT article_id, substr(body, 1, 200) FROM doc{clause} LIMIT 20", args,
    ).fetchall()
    facets = {
        column: conn.execute(
            f"SELECT {column}, count(*) FROM doc{clause} GROUP BY {column} ORDER BY 2 DESC LIMIT 30", args,
        ).fetchall()
        for column in ("province", "year", "source")
    }
    return count, hits, facets
