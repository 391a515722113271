"""Entity cards: the people, documents, meetings and provinces of the archive a query names, each
with a link to its page and what tells it apart from a namesake (issue #25, point 5).

A person is named by a stretch of two to five of the query's syllables equal to their name
(folded; typed with diacritics, the diacritics must agree too: "Lê Quốc Phong" is not "Lê Quốc
Phòng"); a document by a code however typed or by its kind and number ("nghị quyết 15"); a
province by its name or a name it had; a meeting by its whole label. Must never search the index
nor rank articles: it reads the database's entities, a bounded number of them.
"""
import functools
import re
from dataclasses import dataclass, field

from django.db.models import Count, Q

from archive import text as vt

MAX_CARDS = 6  # cards above the results, at most; homonyms count one each
MAX_POSITIONS = 3


@dataclass
class Card:
    kind: str  # "person", "document", "meeting", "province"
    label: str
    url: str
    facts: list = field(default_factory=list)  # short lines that tell it apart (positions, date, counts)
    articles: int = 0


def _stretches(words, shortest=1, longest=5):
    for size in range(min(longest, len(words)), shortest - 1, -1):
        for i in range(len(words) - size + 1):
            yield " ".join(words[i:i + size])


def _typed_words(q):
    from archive.search.plan import _items

    out = []
    for negated, field_, text, _quoted in _items(q):
        if not negated and field_ in (None, "person", "province", "document"):
            out.extend(w for w in re.split(r"\s+", text) if w and w not in ("OR", "HOẶC"))
    return out


def _people(words):
    from archive.models import Person, Position

    typed = {vt.fold(s): s for s in _stretches(words, shortest=2)}
    if not typed:
        return []
    people = (Person.objects.filter(name_folded__in=list(typed)).select_related("province")
              .annotate(n=Count("mentions__article", distinct=True, filter=Q(mentions__rejected=False)))
              .order_by("-n", "name")[:MAX_CARDS])
    out = []
    for p in people:
        stretch = typed[p.name_folded]
        if vt.has_diacritics(stretch) and vt.key(stretch) != vt.key(p.name):
            continue
        posts = (Position.objects.filter(person=p, rejected=False).values("normalized")
                 .annotate(n=Count("id")).order_by("-n", "normalized")[:MAX_POSITIONS])
        facts = [row["normalized"] for row in posts]
        if p.province:
            facts.append(p.province.display_name)
        out.append(Card("person", p.name, p.get_absolute_url(), facts, p.n))
    return out


def _article_counts(model, owner, ids):
    """{entity id: articles whose mentions (not rejected) name it}, for a handful of ids."""
    if not ids:
        return {}
    rows = (model.objects.filter(**{f"{owner}__in": ids}, rejected=False).values(owner)
            .annotate(n=Count("article_id", distinct=True)))
    return {row[owner]: row["n"] for row in rows}


def _documents(q):
    from archive.models import Document, DocumentMention
    from archive.search import plan

    parsed = plan.parse(q)
    codes = set(parsed.codes)
    numbers = {re.match(r"\d+", c).group(0) for c in codes}
    kind_numbers = [(plan._kind_words()[m.group(1)], m.group(2)) for m in plan._kind_number_re().finditer(vt.fold(q))]
    numbers |= {n for _, n in kind_numbers}
    if not numbers:
        return []
    condition = Q()
    for n in numbers:
        condition |= Q(number__startswith=f"{n}-") | Q(number__startswith=f"{n}/") | Q(number=n)
    # Matched first on the code's parts, counted after: counting the articles of every document
    # numbered 05 ("Chỉ thị 05") cost more than the search itself at 100,000 articles.
    candidates = Document.objects.filter(condition).select_related("province").order_by("number", "pk")[:200]
    docs = []
    for d in candidates:
        canonical = plan.canonical_code(d.number)
        lead = re.match(r"\d+", d.number)
        by_kind = any(d.kind == kind and lead and lead.group(0) == n for kind, n in kind_numbers)
        if canonical in codes or by_kind:
            docs.append(d)
    counts = _article_counts(DocumentMention, "document_id", [d.pk for d in docs])
    docs.sort(key=lambda d: (-counts.get(d.pk, 0), d.number))
    out = []
    for d in docs[:MAX_CARDS]:
        facts = [d.kind]
        if d.issued:
            facts.append(f"ban hành {d.issued:%d/%m/%Y}")
        if d.issuer:
            facts.append(d.issuer)
        if d.subject:
            facts.append(d.subject[:120])
        out.append(Card("document", d.label, d.get_absolute_url(), facts, counts.get(d.pk, 0)))
    return out[:MAX_CARDS]


def _provinces(words):
    from archive.models import Article, Province

    folded = f" {vt.fold(' '.join(words))} "
    out = []
    for p in Province.objects.all():
        names = {vt.fold(n) for n in (p.name, p.display_name, *(p.aliases or [])) if n}
        if any(len(n) > 2 and f" {n} " in folded for n in names):
            count = Article.objects.filter(Q(province=p) | Q(province__successor=p)).count()
            facts = ["tỉnh, thành trước 1/7/2025" if p.historical and not p.current else "tỉnh, thành"]
            if p.successor_id and p.successor_id != p.id:
                facts.append(f"nay thuộc {p.successor.display_name}")
            out.append(Card("province", p.display_name, p.get_absolute_url(), facts, count))
    return out[:MAX_CARDS]


@functools.lru_cache(maxsize=1)
def _meeting_kinds(state):
    """{folded kind: kind} of the archive's meetings (a handful), per archive state."""
    from archive.models import Meeting

    kinds = Meeting.objects.order_by().values_list("kind", flat=True).distinct()
    return {vt.fold(k): k for k in kinds if k}


def _meetings(q):
    """Meetings whose whole label the query is: only a query that starts with a kind of meeting
    the archive holds is looked up, so a topic query costs one cached lookup, not a scan."""
    from archive.aggregates import state
    from archive.models import Meeting

    folded = vt.fold(" ".join(q.split()))
    if len(folded.split()) < 3:
        return []
    kinds = [k for f, k in _meeting_kinds(state()).items() if folded.startswith(f + " ") or folded == f]
    if not kinds:
        return []
    out = []
    found = Meeting.objects.filter(kind__in=kinds, search_folded__icontains=folded).select_related("province")
    for m in found[:MAX_CARDS * 4]:
        if vt.fold(m.label) != folded:
            continue
        facts = [m.kind, *([f"{m.date:%d/%m/%Y}"] if m.date else []),
                 *([m.province.display_name] if m.province else [])]
        out.append(Card("meeting", m.label, m.get_absolute_url(), facts, m.mentions.count()))
    return out[:MAX_CARDS]


def cards(q):
    """The entity cards of a query, people first, then documents, meetings and provinces."""
    if not q or not q.strip():
        return []
    words = _typed_words(q)
    found = _people(words) + _documents(q) + _meetings(q) + _provinces(words)
    return found[:MAX_CARDS]
