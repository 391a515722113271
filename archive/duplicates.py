"""Possible duplicates: pairs of people, and of documents, that may be one record written twice.

People: names equal or close (rapidfuzz's ratio on accent-folded names, compared within
blocks of the same given name, the last syllable, which a misspelling rarely changes)
and sharing a province or a post. Documents: the same kind and a code that differs only
in punctuation or spelling (15-NQ/TW, 15/NQ-TW, 15-NQ/TƯ). Pairs a curator recorded as
different (DistinctPair) are never proposed. This module only reads and proposes: it
must never merge anything (the curator does, from the merge confirmation).
"""
import re
from collections import defaultdict
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from archive import text as vt
from archive.models import DistinctPair, Document, Person, PersonMention, Position, Province

NAME_CUTOFF = 88  # ratio (0–100) of folded full names; "tran ngoc tam" / "tran ngoc tam" = 100
MAX_PAIRS = 500  # per kind; the page shows them 50 at a time
_CODE_JUNK = re.compile(r"[^0-9a-z]+")


@dataclass
class Pair:
    a: object
    b: object
    score: float
    reasons: list = field(default_factory=list)

    @property
    def ids(self):
        return sorted((self.a.pk, self.b.pk))


def _distinct(model_name):
    return set(DistinctPair.objects.filter(model=model_name).values_list("low_id", "high_id"))


def person_pairs(limit=MAX_PAIRS):
    """Candidate pairs of people, the likeliest first."""
    people = list(Person.objects.only("pk", "name", "name_folded", "province_id", "slug"))
    blocks = defaultdict(list)
    for p in people:
        words = p.name_folded.split()
        if len(words) >= 2:
            blocks[words[-1]].append(p)
    close = []
    for block in blocks.values():
        if len(block) < 2:
            continue
        names = [p.name_folded for p in block]
        scores = process.cdist(names, names, scorer=fuzz.ratio, score_cutoff=NAME_CUTOFF, workers=1)
        for i in range(len(block)):
            for j in range(i + 1, len(block)):
                if scores[i][j]:
                    close.append((block[i], block[j], float(scores[i][j])))
    if not close:
        return []
    wanted = {p.pk for a, b, _ in close for p in (a, b)}
    provinces, posts = defaultdict(set), defaultdict(set)
    for p in people:
        if p.pk in wanted and p.province_id:
            provinces[p.pk].add(p.province_id)
    ids = sorted(wanted)
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        rows = (PersonMention.objects.filter(person_id__in=chunk, rejected=False).exclude(article__province=None)
                .order_by().values_list("person_id", "article__province_id").distinct())
        for person_id, province_id in rows:
            provinces[person_id].add(province_id)
        for person_id, post in (Position.objects.filter(person_id__in=chunk, rejected=False).order_by()
                                .values_list("person_id", "normalized").distinct()):
            posts[person_id].add(vt.key(post))
    names = dict(Province.objects.filter(pk__in={i for s in provinces.values() for i in s})
                 .values_list("pk", "name"))
    distinct = _distinct("person")
    pairs = []
    for a, b, score in close:
        if tuple(sorted((a.pk, b.pk))) in distinct:
            continue
        shared_provinces = provinces[a.pk] & provinces[b.pk]
        shared_posts = posts[a.pk] & posts[b.pk]
        if not shared_provinces and not shared_posts:
            continue
        reasons = ["cùng tên" if a.name_folded == b.name_folded else f"tên gần giống ({score:.0f}/100)"]
        if shared_provinces:
            reasons.append("cùng tỉnh: " + ", ".join(sorted(names.get(i, "?") for i in shared_provinces)))
        if shared_posts:
            reasons.append(f"cùng {len(shared_posts)} chức vụ")
        pairs.append(Pair(a, b, score + 5 * bool(shared_provinces) + 5 * bool(shared_posts), reasons))
    pairs.sort(key=lambda p: (-p.score, p.a.name_folded, p.ids))
    return pairs[:limit]


def code_key(kind, number):
    """A document's kind and code with spelling and punctuation set aside (TƯ = TW)."""
    # TƯ (Trung ương) is TW; TU without the horn is Tỉnh ủy and stays apart: replace before folding.
    code = vt.normalize(number).upper().replace("TƯ", "TW")
    return vt.fold(kind), _CODE_JUNK.sub("", vt.fold(code).lower())


def document_pairs(limit=MAX_PAIRS):
    """Documents whose codes differ only in spelling, within one province (or both national)."""
    groups = defaultdict(list)
    for d in Document.objects.only("pk", "kind", "number", "issuer", "province_id", "slug"):
        groups[(*code_key(d.kind, d.number), d.province_id)].append(d)
    distinct = _distinct("document")
    pairs = []
    for docs in groups.values():
        for i in range(len(docs)):
            for j in range(i + 1, len(docs)):
                a, b = docs[i], docs[j]
                if tuple(sorted((a.pk, b.pk))) in distinct:
                    continue
                reasons = ["cùng số, khác cách viết ký hiệu" if a.number != b.number else "cùng số và ký hiệu"]
                pairs.append(Pair(a, b, 100.0, reasons))
    pairs.sort(key=lambda p: (p.a.kind, p.a.number, p.ids))
    return pairs[:limit]
