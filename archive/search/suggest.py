"""Suggestions that lead somewhere: another query the archive answers, from its own words,
people and documents (issue #25, point 3).

Candidates, in order: for a query typed without diacritics, the accented sequence the matching
articles write most often for it ("nong thon moi" → "nông thôn mới", read from the texts of the
page's hits); for a query that found nothing, a person's name of the archive close to a misspelt
one ("Lê Quốc Phonh" → "Lê Quốc Phong"), the nearest document codes the archive holds, and the
query without its diacritics. ``archive.search.search`` keeps only a candidate that has hits.
Must never search itself nor know an engine: it reads texts handed to it and the database's
entities.
"""
import collections
import difflib
import re

from archive import text as vt
from archive.search.analysis import TOKEN_RE, fold_token

_PLAIN_RE = re.compile(r"[^\W_]+(?: [^\W_]+){0,9}")
MAX_PEOPLE = 20_000  # names compared for a misspelt one; past it, only names of its first letter


def restored(q, texts):
    """The accented spelling of an unaccented query that texts use most often for it as adjacent
    syllables ("nong thon moi" → "nông thôn mới"), or None (the query has diacritics, operators,
    or no text writes it with any)."""
    if not q or vt.has_diacritics(q) or not _PLAIN_RE.fullmatch(q):
        return None
    wanted = q.split()
    folded_wanted = [fold_token(w) for w in wanted]
    n = len(wanted)
    seen, spelled = collections.Counter(), {}
    for text in texts:
        words = TOKEN_RE.findall(vt.unify_tones_in_place(text or ""))
        folded = [fold_token(w) for w in words]
        for i in range(len(words) - n + 1):
            if folded[i] == folded_wanted[0] and folded[i:i + n] == folded_wanted:
                original = " ".join(words[i:i + n])
                key = vt.key(original)
                seen[key] += 1
                spelled.setdefault(key, collections.Counter())[original] += 1
    if not seen:
        return None
    key, _ = max(seen.items(), key=lambda kv: (kv[1], kv[0]))
    if key == vt.key(q):
        return None
    # As the texts write it most: a name keeps its capitals ("Ninh Bình"); a capital that only
    # starts a sentence follows the reader's typing.
    best = spelled[key].most_common(1)[0][0]
    first, *rest = best.split(" ")
    if not any(vt.is_capitalized(w) for w in rest) and wanted[0][:1].islower():
        first = first.lower()
    return " ".join([first, *rest])


def corrected_names(q, limit=3):
    """The query with a misspelt stretch replaced by the closest names of the archive's people
    ("Lê Quốc Phonh" → "Lê Quốc Phong"), best first."""
    from archive.models import Person

    words = q.split()
    folded = [vt.fold(w) for w in words]
    out = []
    for size in (4, 3, 2):
        if size > len(words):
            continue
        for i in range(len(words) - size + 1):
            window = " ".join(folded[i:i + size])
            people = Person.objects.filter(name_folded__startswith=window[:1])
            names = {}
            for name, name_folded in people.values_list("name", "name_folded")[:MAX_PEOPLE]:
                if name_folded.count(" ") == size - 1 and name_folded != window:
                    names.setdefault(name_folded, name)
            for close in difflib.get_close_matches(window, list(names), n=limit, cutoff=0.8):
                out.append(" ".join(words[:i] + [names[close]] + words[i + size:]))
        if out:
            return out[:limit]
    return out


MAX_CODE_CANDIDATES = 2000  # codes compared by spelling for one code typed, at most


def nearest_codes(codes, limit=5):
    """The archive's document codes nearest to codes it does not hold: the same number under
    another kind or issuer first, then the closest by spelling among the codes of the same kind
    and issuer (canonical, as plan.canonical_code). Bounded: two indexed lookups and at most
    MAX_CODE_CANDIDATES codes compared per code, whatever the size of the archive."""
    from django.db.models import Q

    from archive.models import Document
    from archive.search.plan import canonical_code

    out = []
    for code in codes:
        number = re.match(r"\d+", code).group(0)
        parts = [p for p in re.split(r"[-/]", code) if p and not p.isdigit()]
        same_number = Document.objects.filter(Q(number__startswith=f"{number}-") | Q(number__startswith=f"{number}/"))
        by_code = {canonical_code(n): n for n in same_number.values_list("number", flat=True)[:200]}
        if code in by_code:
            continue
        alike = Document.objects.all()
        for part in parts:
            alike = alike.filter(number__icontains=part)
        others = {canonical_code(n): n for n in alike.values_list("number", flat=True)[:MAX_CODE_CANDIDATES]}
        if code in others:
            continue
        close = difflib.get_close_matches(code, list(others), n=limit, cutoff=0.6)
        for c in sorted(by_code) + close:
            label = by_code.get(c) or others[c]
            if label not in out:
                out.append(label)
    return out[:limit]


def candidates(q, texts=(), found_nothing=False):
    """Suggested queries for q, best first (each still to be checked for hits)."""
    out = []
    accented = restored(q, texts)
    if accented:
        out.append(accented)
    if found_nothing:
        out.extend(corrected_names(q))
        if vt.has_diacritics(q):
            out.append(vt.strip_accents(q))
    seen = set()
    return [c for c in out if not (c in seen or seen.add(c)) and c != q]


def suggestion_for(q):
    """The old interface: the diacritic-free variant of a query typed with diacritics."""
    return vt.strip_accents(q) if q and vt.has_diacritics(q) else None
