"""Writers and photographers from the credit lines that close an article.

"Ngân Nguyễn", "Tin, ảnh: Hữu Hiệp", "Minh Anh - Quốc Huy", "Đức Thọ (TTXVN)"
and "PV" are writers; "Ảnh: Thành Tâm" and "Ảnh: N.H" credit a photographer
only. Pure: no Django.
"""
import re

from archive import text as vt
from archive.ingest.clean import CREDIT_PREFIX_RE, caption_credit
from archive.ingest.facts import Value

_AGENCY_RE = re.compile(r"\s*\((?:TTXVN|VNA|TTXVN/VNA|[A-ZĐ]{2,8})\)\s*$")
_SPLIT_RE = re.compile(r"\s*(?:[-–—,;/]|\bvà\b)\s*")


def credits(lines):
    """(authors, photographers): lists of Value(name, span) from the closing credit lines."""
    authors, photographers = [], []
    for line in lines:
        text = line.text
        m = CREDIT_PREFIX_RE.match(text)
        label = vt.key(m.group("label")) if m else ""
        if label.startswith("theo"):
            continue  # "Theo Báo X": a source, not a writer
        names_start = m.end() if m else 0
        photo_only = label in {"ảnh", "video", "clip"}
        target = photographers if photo_only else authors
        cursor = names_start
        for piece in _SPLIT_RE.split(text[names_start:]):
            idx = text.find(piece, cursor)
            name = _AGENCY_RE.sub("", piece).strip()
            if name:
                piece = name  # "Đức Thọ (TTXVN)": the writer is Đức Thọ, the agency is not an author
            if piece.strip():
                target.append(Value(vt.normalize(piece), (line.start + idx, line.start + idx + len(piece))))
                if label and "ảnh" in label and not photo_only:
                    photographers.append(Value(vt.normalize(piece), (line.start + idx, line.start + idx + len(piece))))
            cursor = idx + len(piece) if idx >= 0 else cursor
    return dedupe(authors), dedupe(photographers)


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
