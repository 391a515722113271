"""Snippets: an escaped excerpt of an article's stored text around the densest run of the
query's terms, each marked — the same for every engine, read from the database's text.

Work is bounded by the excerpt's length (bisection over the hits, offsets computed only inside
the window), so a common word in a long report costs no more than a rare one. Must never read an
index: the terms come from the plan (``plan.highlight_terms``), the text from the database.
"""
import bisect
import html
import itertools

from archive.search.analysis import TOKEN_RE, forms

SNIPPET_WORDS = 36


def snippet_html(text, terms, words=SNIPPET_WORDS):
    """An escaped excerpt of text around the densest run of query terms, each marked."""
    # The same tokens as analysis.spans(), but only the window's get offsets, and each
    # distinct word is matched against the terms once: a page of 20 long reports no longer
    # pays for a Python loop over every syllable of every report.
    # No tone unification first (analysis.spans does it): it moves marks between vowels
    # of a syllable, never a token boundary, and forms() unifies each word anyway.
    found = TOKEN_RE.findall(text)
    if not found:
        return ""
    marked = {w for w in set(found) if not terms.isdisjoint(forms(w))}
    hits = [i for i, w in enumerate(found) if w in marked]
    if hits:
        # hits is sorted, so the hits in [i, i + words) are found by bisection (counting them
        # one by one was quadratic: a common word in a long report took tens of milliseconds).
        best = hits[max(range(len(hits)), key=lambda a: bisect.bisect_left(hits, hits[a] + words) - a)]
        first = max(0, best - words // 4)
    else:
        first = 0
    last = min(len(found), first + words) - 1
    tokens = [(m.group(0), m.start(), m.end()) for m in itertools.islice(TOKEN_RE.finditer(text), first, last + 1)]
    start, end = tokens[0][1], tokens[-1][2]
    out, cursor = [], start
    for w, s, e in tokens:
        if w in marked:  # "39-NQ/TW" is marked for "nghị quyết 39"
            out.append(html.escape(text[cursor:s]))
            out.append(f"<mark>{html.escape(text[s:e])}</mark>")
            cursor = e
    out.append(html.escape(text[cursor:end]))
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text.rstrip()) else ""
    return prefix + "".join(out) + suffix


def marked_segments(text, terms):
    """[(text, "q" or False)]: the whole text split around each syllable of the query's terms, for
    the article page a result leads to (the same marking as the snippets, over all the text)."""
    if not terms or not text:
        return [(text, False)]
    out, cursor = [], 0
    for m in TOKEN_RE.finditer(text):
        if not terms.isdisjoint(forms(m.group(0))):
            if m.start() > cursor:
                out.append((text[cursor:m.start()], False))
            out.append((m.group(0), "q"))
            cursor = m.end()
    if cursor < len(text):
        out.append((text[cursor:], False))
    return out
