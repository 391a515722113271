"""Span re-anchoring: when an article's file changes, the rows curators own follow their text.

Curators' verdicts (curated, verified, rejected rows) are keyed by character span; an edit above a
rejected mention would otherwise bring it back. Also which spans such rows claim, so re-ingest
neither recreates a rejected mention nor adds a rival. Must never touch an unprotected row's span.
"""
import difflib

from archive.models import (
    DocumentMention,
    MeetingMention,
    PersonMention,
    Position,
    protected_rows,
)


def _offset_map(old, new):
    """old offset -> new offset for every character of old that survives unchanged in new.

    Lines are matched first (fast on long articles), then characters within replaced lines.
    """
    a, b = old.splitlines(keepends=True), new.splitlines(keepends=True)
    a_at, b_at = [0], [0]
    for line in a:
        a_at.append(a_at[-1] + len(line))
    for line in b:
        b_at.append(b_at[-1] + len(line))
    blocks = []  # (old start, new start, size) in characters
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            blocks.append((a_at[i1], b_at[j1], a_at[i2] - a_at[i1]))
        elif op == "replace":
            old_part, new_part = old[a_at[i1]:a_at[i2]], new[b_at[j1]:b_at[j2]]
            for x, y, size in difflib.SequenceMatcher(None, old_part, new_part, autojunk=False).get_matching_blocks():
                if size:
                    blocks.append((a_at[i1] + x, b_at[j1] + y, size))

    def moved(pos):
        for x, y, size in blocks:
            if x <= pos < x + size:
                return y + pos - x
        return None
    return moved


def _reanchor(article, old_raw, new_raw):
    """Move the spans of curated, verified and rejected rows to where their text now stands.

    A changed file shifts offsets; curators' verdicts are keyed by span, so without this
    an edit above a rejected mention would bring the mention back. Rows whose text was
    itself changed keep their old span (and their verdict).
    """
    rows = [(model, row) for model in (PersonMention, DocumentMention, MeetingMention, Position)
            for row in _protected(model, article)]
    if not rows:
        return
    moved = _offset_map(old_raw, new_raw)
    for model, row in rows:
        start, last = moved(row.start), moved(row.end - 1) if row.end > row.start else None
        if start is None or last is None or (start, last + 1) == (row.start, row.end):
            continue
        if model in (PersonMention, DocumentMention):
            owner = "person" if model is PersonMention else "document"
            # An extracted twin already at the new place yields to the curated row.
            model.objects.filter(article=article, start=start, **{f"{owner}_id": getattr(row, f"{owner}_id")}).exclude(
                protected_rows(model)).delete()
        row.start, row.end = start, last + 1
        row.save(update_fields=["start", "end"])


def _protected(model, article):
    """Curated, verified or rejected rows of this article: the extractor never competes with them."""
    return model.objects.filter(article=article).filter(protected_rows(model))


def _claimed_spans(model, owner, article):
    """{start: (owner id, rejected)} of protected mentions: a span a curator re-pointed or rejected
    stays theirs, so re-ingest neither recreates the rejected mention nor adds a rival one."""
    return {start: (owner_id, rejected) for start, owner_id, rejected
            in _protected(model, article).values_list("start", f"{owner}_id", "rejected")}


def _defers(claimed, start, owner_id):
    claim = claimed.get(start)
    return claim is not None and (claim[1] or claim[0] != owner_id)
