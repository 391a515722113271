"""Writers, photographers and credited outlets from the credit lines that close an article.

"Ngân Nguyễn", "Tin, ảnh: Hữu Hiệp", "Minh Anh - Quốc Huy", "Đức Thọ (TTXVN)"
and "PV" are writers; "Ảnh: Thành Tâm" and "Ảnh: N.H" credit a photographer
only. "Đức Thọ (TTXVN)", "Theo Báo Cà Mau" and "Theo Hoàng Ái/Lamdongtv.vn" name
the outlet too (TTXVN, Báo Cà Mau, Lamdongtv.vn); "PV" beside a writer's name
("PV – Đoàn Quý") only says the writer is the paper's reporter. The grammar of a
credit is clean.parse_credit (the cleaner needs it to cut a byline off a body).
Pure: no Django.
"""
from archive import text as vt
from archive.ingest.clean import caption_credit, parse_credit
from archive.ingest.facts import Value

# "PV" (phóng viên, "reporter") stands for a writer not named; beside a name it is dropped.
_REPORTER_KEYS = {"pv", "p.v", "phóng viên"}


def credits(lines):
    """(authors, photographers): lists of Value(name, span) from the closing credit lines."""
    authors, photographers = [], []
    for line in lines:
        credit = parse_credit(line.text)
        if credit is None:
            continue
        names = [(line.text[s:e], (line.start + s, line.start + e)) for s, e in credit.names]
        if len(names) > 1:
            names = [n for n in names if vt.key(n[0]) not in _REPORTER_KEYS] or names[:1]
        for name, span in names:
            value = Value(vt.normalize(name), span)
            (photographers if credit.photo_only else authors).append(value)
            if credit.with_photos:
                photographers.append(value)
    return dedupe(authors), dedupe(photographers)


def credited_source(lines, glued=None):
    """Value(outlet) named by the closing credits, else Value(None): "Theo Báo Cà Mau" on any credit
    line; an agency's tag ("… Đức Thọ (TTXVN)") only on the byline glued to a one-line body (glued),
    where the crawl keeps no other trace of the outlet — on a byline line of its own a portal prints
    the tag of the agency it took the report from."""
    for line in reversed(lines):
        credit = parse_credit(line.text)
        if credit is None or credit.source is None or credit.photo_only:
            continue
        if credit.agency and line != glued:
            continue
        s, e = credit.source
        return Value(vt.normalize(line.text[s:e]), (line.start + s, line.start + e), 0.9)
    return Value(None)


def caption_credits(captions):
    """Value(photographer) for every caption that credits one ("Quang cảnh. Ảnh: Thành Duy")."""
    found = []
    for line in captions:
        _, credit = caption_credit(line.text)
        if credit:
            start = line.text.rfind(credit)
            found.append(Value(vt.normalize(credit), (line.start + start, line.start + start + len(credit))))
    return dedupe(found)


def dedupe(values):
    seen, out = set(), []
    for v in values:
        k = vt.key(v.value)
        if k not in seen:
            seen.add(k)
            out.append(v)
    return out
