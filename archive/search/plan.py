"""The query, engine-neutral: what the reader's text and filters ask for, as a tree of clauses.

The text is cut into syllables with the same analysis as the index (``analysis.spans``), never
split on spaces by a query parser (where "/" and "-" are syntax). Diacritics count as typed,
syllable by syllable: a syllable typed with them matches that syllable only (either tone-mark
placement, any case), one typed without them every syllable that folds to it (issue #25). The
query's words (pyvi's segmentation; for unaccented text the longest folded words of pyvi's
dictionary) must stand as adjacent syllables in the article, which the index keeps one by one,
so the article's own segmentation never costs a match. Quoted text must match as a phrase; a
document kind and its number ("nghị quyết 27", "nq 27") match as one unit; a code matches however
its parts are joined ("84-NQ/CP" = "84/NQ-CP", "15 NQ/TW", Telex's "15-NQ/TƯ"); a stretch that is a
known person's name must match as a phrase; an abbreviation and its expansion ("HĐND", "hội đồng
nhân dân") answer for each other. Operators: ``-item`` excludes, ``a OR b``, field prefixes
(``nguoi:``, ``vanban:``, ``tinh:``, ``tieude:``, ``nam:``, ``nguon:``). Filters are facet values
(each facet an OR of its values, the facets ANDed) and a date range on the article's date.

Each engine executes these clauses (``engines/``); none may give them another meaning, so this is
the one place where what a query means is decided. Must never import an engine nor build an
engine's query objects.
"""
import datetime as dt
import functools
import itertools
import re
from dataclasses import dataclass, replace

from django.db import models
from django.utils import timezone

from archive import text as vt
from archive.search.analysis import accent_token, fold_token, spans
from archive.search.facets import FACET_FIELDS

# --- the clauses -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Term:
    """The document holds this term in this field."""

    field: str
    text: str
    boost: float = 1.0


@dataclass(frozen=True)
class Phrase:
    """The words in this order, each next one 1..slop positions after the one before."""

    field: str
    words: tuple
    slop: int = 1
    boost: float = 1.0


@dataclass(frozen=True)
class AnyOf:
    parts: tuple
    boost: float = 1.0


@dataclass(frozen=True)
class AllOf:
    parts: tuple
    boost: float = 1.0


@dataclass(frozen=True)
class DateRange:
    """The article's date (the index's sort_date) from start to end, as naive UTC datetimes;
    end None: no upper bound."""

    field: str
    start: dt.datetime
    end: dt.datetime | None


@dataclass(frozen=True)
class Ranked:
    """Documents must match ``required``; those that also match ``preferred`` (None: nothing
    preferred) rank higher."""

    required: object
    preferred: object


@dataclass(frozen=True)
class Everything:
    """No text typed: every document."""


@dataclass(frozen=True)
class Plan:
    """One search, ready for an engine: what must match, the filters, the order, the page."""

    query: object  # Ranked, Everything, or None: text was typed but holds no searchable word
    filters: object  # AllOf / AnyOf / Term / DateRange, or None
    sort: str  # "relevance", "newest", "oldest"
    page: int
    highlight: frozenset  # index terms to mark in snippets (accented or folded, as typed)
    accented: bool = False  # some syllable must match its accented form: a folded retry may find more
    folded: bool = False  # every syllable read folded (the retry of an accented query that found nothing)
    codes: tuple = ()  # document codes the text names, canonical


# --- the reader's text -------------------------------------------------------------------------


@dataclass(frozen=True)
class Not:
    """Documents that do not match ``part`` (only ever inside an AllOf, or a whole required part)."""

    part: object


@functools.cache
def warm():
    """pyvi's model, loaded once per process (a second of CPU) before any search's budget runs."""
    from pyvi import ViTokenizer

    ViTokenizer.tokenize("hội nghị")


def _form(word, folded=False):
    """The index term a syllable typed this way matches: its accented form when typed with
    diacritics (either tone placement, any case: "Thuỷ" = "thủy"), else its folded form, which
    every accented form shares ("so": số, sở, sơ). ``folded``: every syllable folded (the
    fallback when an accented query finds nothing)."""
    if not folded and vt.has_diacritics(word) and not _CODE_TOKEN_RE.fullmatch(word):
        return accent_token(word)
    return fold_token(word)


def _term_clause(word, fieldname="text", folded=False):
    if _CODE_TOKEN_RE.fullmatch(word):
        return _code_clause(word, fieldname)
    return Term(fieldname, _form(word, folded))


# --- codes as people type them: "84-NQ/CP" or "84/NQ-CP", "15 NQ/TW", "15-NQ/TƯ" (Telex's TW)

_L = "A-Za-zĐđƯư"
_CODE_TOKEN_RE = re.compile(rf"\d{{1,5}}(?:[-/][{_L}0-9]{{1,10}}){{1,4}}")
_SEP = r"(?:\s?[-/–]\s?|\s)"
_CODE_QUERY_RE = re.compile(
    rf"(?<![\w/-])(\d{{1,5}}(?:/\d{{4}})?){_SEP}([{_L}][{_L}0-9]{{0,9}}){_SEP}([{_L}0-9]{{1,10}})"
    rf"(?:\s?[-/]\s?([{_L}0-9]{{1,10}}))?(?![\w/-])"
)
# Spaced only ("15 NQ TW"), a code needs a known kind in the middle and an issuer that looks like one.
_ISSUERS = frozenset({"tw", "tu", "cp", "ttg", "ubnd", "hdnd", "qh", "bct", "btv", "vpcp"})
_CODE_PART_RE = re.compile(r"[-/]")


@functools.cache
def _code_kinds():
    from archive.ingest.extract.documents import CODE_KINDS

    return {fold_token(k): v for k, v in CODE_KINDS.items()}


def _telex(part):
    # Telex turns a typed "w" into "ư": "TW" comes out "TƯ", which folds to "tu" (Tỉnh ủy's code).
    return "tw" if part == "tư" else part


def code_terms(code):
    """Every index term a document code may be written as: its parts joined by "-" or "/" either
    way ("84-NQ/CP", "84/NQ-CP"), "TƯ" read as "TW", folded ("QĐ" = "QD")."""
    parts = [p for p in _CODE_PART_RE.split(vt.key(code).replace("–", "-").replace(" ", "")) if p]
    if not 2 <= len(parts) <= 5:
        return (fold_token(code),)
    parts = [fold_token(_telex(p)) for p in parts]
    found = set()
    for seps in itertools.product("-/", repeat=len(parts) - 1):
        found.add(parts[0] + "".join(s + p for s, p in zip(seps, parts[1:], strict=True)))
    return tuple(sorted(found))


def canonical_code(code):
    """The code as documents are labelled ("15-nq/tw" for "15/NQ-TƯ"): number, "-", kind, "/",
    issuer, with a year kept after the number ("202/2025/qh15")."""
    parts = [fold_token(_telex(p)) for p in _CODE_PART_RE.split(vt.key(code).replace(" ", "")) if p]
    if len(parts) >= 3 and parts[1].isdigit() and len(parts[1]) == 4:
        return "/".join(parts[:2]) + ("-" + "/".join(parts[2:]) if len(parts) > 3 else "/" + parts[2])
    if len(parts) == 3:
        return f"{parts[0]}-{parts[1]}/{parts[2]}"
    return "-".join(parts)


def _code_clause(code, fieldname="text"):
    terms = code_terms(code)
    if len(terms) == 1:
        return Term(fieldname, terms[0])
    return AnyOf(tuple(Term(fieldname, t) for t in terms))


def _codes_in(text):
    """(start, end, code as typed) of the document codes in text, spaced forms included."""
    for m in _CODE_QUERY_RE.finditer(text):
        between = text[m.end(1):m.start(2)] + text[m.end(2):m.start(3)]
        if "-" not in between and "/" not in between:
            if fold_token(m.group(2)) not in _code_kinds():
                continue
            if not (m.group(3).isupper() or fold_token(_telex(vt.key(m.group(3)))) in _ISSUERS):
                continue
        parts = [p for p in m.groups() if p]
        yield m.start(), m.end(), "-".join(parts[:-1]) + "/" + parts[-1] if len(parts) > 2 else "-".join(parts)


# "nghị quyết 27", "chỉ thị số 05", "nq 84": a document kind and its number as one unit.
@functools.cache
def _kind_words():
    """{folded way of naming a kind: the kind} ("nghi quyet", "nq": "Nghị quyết")."""
    from archive.ingest.extract.documents import CODE_KINDS, KINDS

    found = {fold_token(k) if " " not in k else vt.fold(k): v for k, v in KINDS.items()}
    found.update({fold_token(k): v for k, v in CODE_KINDS.items() if len(k) <= 3})
    return found


@functools.cache
def _kind_number_re():
    names = sorted(map(re.escape, _kind_words()), key=len, reverse=True)
    return re.compile(r"(?<!\w)(" + "|".join(names) + r")\s{1,3}(?:so\s{1,3})?(\d{1,5})(?![\w/-])")


def _kind_number_clause(kind_typed, number):
    from archive.models import Document

    kind = _kind_words()[kind_typed]
    words = tuple(fold_token(w) for w, _, _ in spans(kind)) + (number,)
    phrase = Phrase("text", words, slop=2)
    codes = (Document.objects.filter(kind=kind)
             .filter(models.Q(number__startswith=f"{number}-") | models.Q(number__startswith=f"{number}/"))
             .values_list("number", flat=True)[:20])
    terms = sorted({t for c in codes for t in code_terms(c)})
    return AnyOf((phrase, *(Term("text", t) for t in terms))) if terms else phrase


# --- names and abbreviations -----------------------------------------------------------------


def _known_names(folded):
    """Stretches of the (folded) text that are a known person's name: they must match as a phrase."""
    from archive.models import Person

    if len(folded.split()) < 2:
        return []
    names = Person.objects.filter(name_folded__in=_subsequences(folded.split())).values_list("name_folded", flat=True)
    return sorted(set(names), key=len, reverse=True)


def _subsequences(words, shortest=2, longest=5):
    return {" ".join(words[i:j])
            for i in range(len(words)) for j in range(i + shortest, min(len(words), i + longest) + 1)}


# "hội đồng nhân dân" finds "HĐND" and the other way round. Not TW/TƯ/NQ: those stand
# inside document codes, which are indexed whole.
ABBREVIATIONS = {
    fold_token(abbr): tuple(fold_token(w) for w, _, _ in spans(expansion))
    for abbr, expansion in vt.ABBREVIATIONS.items() if abbr not in ("TW", "TƯ", "NQ")
}


# --- words: pyvi's segmentation of the query, as adjacent syllables ---------------------------


@functools.cache
def _folded_compounds():
    """pyvi's dictionary of two- and three-syllable words, folded: how an unaccented query is
    cut into words (pyvi's own model does not segment text without diacritics)."""
    from pyvi import ViTokenizer

    words = ViTokenizer.ViTokenizer.bi_grams | ViTokenizer.ViTokenizer.tri_grams
    return frozenset(vt.fold(w) for w in words)


def word_groups(words, folded=False):
    """The query's syllables grouped into words: pyvi's segmentation when typed with diacritics
    ("chuyển_đổi số"), else (or ``folded``) the longest words of pyvi's dictionary, folded
    ("chuyen doi" so). Lists of indexes into words; a syllable pyvi does not keep as typed
    stands alone."""
    if not words:
        return []
    if not folded and any(vt.has_diacritics(w) for w in words):
        from pyvi import ViTokenizer

        # Lowercased: pyvi segments by case ("Kinh_Tế_Biển" as a name), and case must not
        # change what a query finds.
        out, i = [], 0
        for token in ViTokenizer.tokenize(" ".join(words).lower()).split():
            size = token.count("_") + 1
            if vt.fold(token.replace("_", " ")) != vt.fold(" ".join(words[i:i + size])):
                return [[j] for j in range(len(words))]  # pyvi changed the text: no grouping
            out.append(list(range(i, i + size)))
            i += size
        return out if i == len(words) else [[j] for j in range(len(words))]
    compounds, out, i = _folded_compounds(), [], 0
    folded = [fold_token(w) for w in words]
    while i < len(words):
        for size in (3, 2):
            if i + size <= len(words) and " ".join(folded[i:i + size]) in compounds:
                out.append(list(range(i, i + size)))
                i += size
                break
        else:
            out.append([i])
            i += 1
    return out


@dataclass
class _Unit:
    """One piece of the reader's text: where it starts, its clause, its syllables as typed."""

    start: int
    clause: object
    words: list  # syllables as typed, for the whole-query preferences
    highlight: set


def _run_units(text, fieldname="text", folded=False):
    """The units of a stretch of plain text, in the order typed: codes, kind + number, known
    names, abbreviations, then pyvi's words (each a phrase of adjacent syllables)."""
    text = vt.unify_tones_in_place(text)
    units, masked = [], list(text)

    def mask(start, end):
        masked[start:end] = " " * (end - start)

    for start, end, code in _codes_in(text):
        terms = code_terms(code)
        units.append(_Unit(start, _code_clause(code, fieldname), [], set(terms)))
        mask(start, end)
    folded_text = vt.fold("".join(masked))
    if len(folded_text) == len(text) and fieldname == "text":
        for m in _kind_number_re().finditer(folded_text):
            clause = _kind_number_clause(m.group(1), m.group(2))
            highlight = {w for w in clause.words} if isinstance(clause, Phrase) else {
                t for p in clause.parts for t in ((p.text,) if isinstance(p, Term) else p.words)}
            units.append(_Unit(m.start(), clause, [], highlight))
            mask(m.start(), m.end())
    current = "".join(masked)
    folded_text = vt.fold(current)
    if len(folded_text) == len(current):
        for name in _known_names(" ".join(folded_text.split())):
            for m in re.finditer(r"(?<!\w)" + re.escape(name).replace(r"\ ", r"\s{1,3}") + r"(?!\w)", folded_text):
                typed = [w for w, _, _ in spans(current[m.start():m.end()])]
                forms_ = tuple(_form(w, folded) for w in typed)
                units.append(_Unit(m.start(), Phrase(fieldname, forms_), typed, set(forms_)))
                mask(m.start(), m.end())
                folded_text = vt.fold("".join(masked))
    words = list(spans("".join(masked)))
    # Runs of syllables not cut by a unit already taken: pyvi reads each run as a sentence.
    taken = sorted(u.start for u in units)
    runs, run = [], []
    for w in words:
        if run and any(run[-1][2] <= t < w[1] for t in taken):
            runs.append(run)
            run = []
        run.append(w)
    if run:
        runs.append(run)
    for run in runs:
        typed = [w for w, _, _ in run]
        i, plain = 0, []
        fold_run = [fold_token(w) for w in typed]
        while i < len(typed):
            for abbr, expansion in ABBREVIATIONS.items():
                if fold_run[i] == abbr or tuple(fold_run[i:i + len(expansion)]) == expansion:
                    size = 1 if fold_run[i] == abbr else len(expansion)
                    clause = AnyOf((Term(fieldname, abbr), Phrase(fieldname, expansion)))
                    units.append(_Unit(run[i][1], clause, typed[i:i + size], {abbr, *expansion}))
                    plain.append(None)
                    i += size
                    break
            else:
                plain.append(i)
                i += 1
        # pyvi over each stretch between abbreviations.
        stretch = []
        for item in plain + [None]:
            if item is not None:
                stretch.append(item)
                continue
            syllables = [typed[j] for j in stretch]
            for group in word_groups(syllables, folded):
                ws = [syllables[g] for g in group]
                if len(ws) == 1:
                    clause = _term_clause(ws[0], fieldname, folded)
                    highlight = set(code_terms(ws[0])) if _CODE_TOKEN_RE.fullmatch(ws[0]) else {_form(ws[0], folded)}
                else:
                    forms_ = tuple(_form(w, folded) for w in ws)
                    clause, highlight = Phrase(fieldname, forms_), set(forms_)
                units.append(_Unit(run[stretch[group[0]]][1], clause, ws, highlight))
            stretch = []
    return sorted(units, key=lambda u: u.start)


# --- operators: -word, OR, "quoted phrase", field:value ---------------------------------------

# A field prefix, as typed without diacritics ("nguoi:", "người:"), and the index fields it reads.
FIELD_PREFIXES = {
    "nguoi": "person", "vanban": "document", "tinh": "province", "tieude": "title", "nam": "year", "nguon": "source",
}
_ITEM_RE = re.compile(r'(-?)(?:([^\W_]{2,10}):)?("[^"]{0,300}"?|[^\s"]{1,300})')
_OR_WORDS = frozenset({"OR", "HOẶC"})


def _items(q):
    """(negated, field or None, text, quoted) for each whitespace-separated item of q."""
    for m in _ITEM_RE.finditer(q):
        negated, prefix, body = m.group(1) == "-", m.group(2), m.group(3)
        field = FIELD_PREFIXES.get(vt.fold(prefix)) if prefix else None
        if prefix and field is None:
            body = f"{prefix}:{body}"
        quoted = body.startswith('"')
        text = body.strip('"') if quoted else body
        if negated and not text.strip():
            continue
        yield negated, field, text, quoted


def _quoted_unit(text, fieldname="text", folded=False):
    words = [w for w, _, _ in spans(text)]
    if not words:
        return None
    if len(words) == 1:
        return _Unit(0, _term_clause(words[0], fieldname, folded), words, {_form(words[0], folded)})
    forms_ = tuple(_form(w, folded) for w in words)
    return _Unit(0, Phrase(fieldname, forms_), words, set(forms_))


def _entity_terms(field, text):
    """The facet values a field prefix names (people, provinces, documents, sources by name or
    code, folded), as Terms; none when the archive holds no such entity."""
    from archive.models import Document, Person, Province, Source

    folded = vt.fold(text)
    if field == "year":
        return [Term("year", folded)] if re.fullmatch(r"\d{4}", folded) else []
    if field == "person":
        slugs = Person.objects.filter(name_folded=folded).values_list("slug", flat=True)[:20]
        return [Term("person", s) for s in slugs]
    if field == "province":
        slugs = [p.slug for p in Province.objects.all()
                 if folded in {vt.fold(p.name), vt.fold(p.display_name), *map(vt.fold, p.aliases or [])}]
        return [Term(f, s) for s in slugs for f in FACET_FIELDS["province"]]
    if field == "source":
        return [Term("source", s) for s in Source.objects.filter(slug=vt.slugify(text)).values_list("slug", flat=True)]
    if field == "document":
        codes = code_terms(text) if _CODE_TOKEN_RE.fullmatch(text.replace(" ", "")) else ()
        slugs = [d.slug for d in Document.objects.filter(number__iregex=r"^\d").only("slug", "number")
                 if codes and fold_token(d.number) in codes] if codes else []
        return [Term("document", s) for s in slugs[:20]]
    return []


def _field_unit(field, text, folded=False):
    """The unit of ``field:text``: the title's words, or the entities the text names (else the
    text itself as a phrase, so that a name the archive does not know still finds its articles)."""
    if field == "title":
        units = _run_units(text, "title", folded)
        if not units:
            return None
        clause = AllOf(tuple(u.clause for u in units)) if len(units) > 1 else units[0].clause
        return _Unit(0, clause, [], set().union(*(u.highlight for u in units)))
    terms = _entity_terms(field, text)
    words = [w for w, _, _ in spans(text)]
    highlight = {fold_token(w) for w in words} if field in ("person", "province", "document") else set()
    if terms:
        return _Unit(0, AnyOf(tuple(terms)) if len(terms) > 1 else terms[0], [], highlight)
    if field == "year":
        return _Unit(0, Term("year", vt.fold(text)), [], set())
    if field == "document" and _CODE_TOKEN_RE.fullmatch(text.replace(" ", "")):
        return _Unit(0, _code_clause(text.replace(" ", "")), [], set(code_terms(text)))
    return _quoted_unit(text, "text", folded)


@dataclass(frozen=True)
class TextQuery:
    """The reader's text as clauses, with what the rest of the search needs to know of it."""

    query: object  # Ranked, or None when nothing searchable was typed
    highlight: frozenset  # index terms to mark in snippets and on the article page
    accented: bool  # whether some syllable must match its accented form (a folded retry may find more)
    codes: tuple  # the document codes typed, canonical ("84/nq-cp")
    words: tuple  # the positive syllables as typed


def parse(q, folded=False):
    """The TextQuery of the reader's text. Items: words (read syllable by syllable, grouped into
    pyvi's words, which must be adjacent), "quoted phrases", ``-item`` (excluded), ``a OR b``
    (either: the word before and the word after), ``field:value`` (FIELD_PREFIXES)."""
    sequence = []  # ("units", [unit]), ("or",), ("not", unit)
    plain = []

    def flush():
        if plain:
            sequence.append(("units", _run_units(" ".join(plain), folded=folded)))
            plain.clear()

    codes = []
    for negated, field, text, quoted in _items(q):
        if not negated and field is None and not quoted and text in _OR_WORDS:
            flush()
            sequence.append(("or",))
            continue
        if not negated and field is None and not quoted:
            plain.append(text)
            codes.extend(c for _, _, c in _codes_in(text))
            continue
        flush()
        if field is not None:
            unit = _field_unit(field, text, folded)
        elif quoted:
            unit = _quoted_unit(text, folded=folded)
        else:
            units = _run_units(text, folded=folded)
            unit = (None if not units else units[0] if len(units) == 1 else
                    _Unit(0, AllOf(tuple(u.clause for u in units)), [], set().union(*(u.highlight for u in units))))
        if unit is not None:
            sequence.append(("not", unit) if negated else ("units", [unit]))
    flush()
    for _, _, c in _codes_in(q):
        if c not in codes:
            codes.append(c)
    # OR joins the last unit before it with the first unit after it.
    positives, excluded = [], []
    pending_or = False
    for entry in sequence:
        if entry[0] == "or":
            pending_or = bool(positives)
            continue
        if entry[0] == "not":
            excluded.append(entry[1].clause)
            pending_or = False
            continue
        units = list(entry[1])
        if pending_or and units:
            left, right = positives.pop(), units.pop(0)
            parts = (left.clause.parts if isinstance(left.clause, AnyOf) and getattr(left, "ored", False)
                     else (left.clause,))
            merged = _Unit(left.start, AnyOf(parts + (right.clause,)), [], left.highlight | right.highlight)
            merged.ored = True
            positives.append(merged)
        positives.extend(units)
        pending_or = False
    if not positives and not excluded:
        return TextQuery(None, frozenset(), False, (), ())
    required = [u.clause for u in positives] + [Not(c) for c in excluded]
    words = [w for u in positives if not getattr(u, "ored", False) for w in u.words]
    boosts = []
    forms_ = tuple(_form(w, folded) for w in words)
    if len(words) > 1:
        # The query's words together, then near each other, then all in the title.
        boosts.append(Phrase("text", forms_, boost=2.0))
        boosts.append(Phrase("text", forms_, slop=6, boost=1.0))
    if words:
        boosts.append(AllOf(tuple(Term("title", f) for f in forms_), boost=6.0))
    main = AllOf(tuple(required)) if len(required) > 1 else required[0]
    highlight = frozenset().union(*(u.highlight for u in positives)) if positives else frozenset()
    accented = not folded and any(vt.has_diacritics(w) and not _CODE_TOKEN_RE.fullmatch(w)
                                  for u in positives for w in u.words)
    accented = accented or (not folded and any(vt.has_diacritics(t) for t in highlight))
    query = Ranked(main, AnyOf(tuple(boosts)) if boosts else None)
    return TextQuery(query, highlight, accented, tuple(canonical_code(c) for c in codes), tuple(words))


def text_query(q, folded=False):
    """The clauses for the reader's text, or None when it holds no searchable word."""
    return parse(q, folded).query


def highlight_terms(q):
    """The index terms of the query to mark: each syllable as typed (accented or folded)."""
    return parse(q).highlight

# --- filters -------------------------------------------------------------------------------------


def _utc(local):
    return timezone.make_aware(local).astimezone(dt.UTC).replace(tzinfo=None)


def filters(params, skip=None):
    """The filters of params (all but facet ``skip``): each facet one of its values, all facets,
    and the date range; None when there are none."""
    clauses = []
    for name, values in params.filters.items():
        if name == skip:
            continue
        options = []
        for value in values:
            terms = [Term(fieldname, value) for fieldname in FACET_FIELDS[name]]
            options.append(AnyOf(tuple(terms)) if len(terms) > 1 else terms[0])
        clauses.append(AnyOf(tuple(options)) if len(options) > 1 else options[0])
    if params.date_from or params.date_to:
        # On the article's date (publication, else meeting: the year facet's date), in the
        # archive's time zone: the index keeps UTC wall time, and 00:00 on 8/8 in Hà Nội is
        # 17:00 on 7/8 in UTC. Undated articles (sort_date 1900-01-01) fall outside any range.
        start = _utc(dt.datetime.combine(params.date_from or dt.date(1900, 1, 2), dt.time.min))
        end = _utc(dt.datetime.combine(params.date_to, dt.time.max)) if params.date_to else None
        clauses.append(DateRange("sort_date", start, end))
    if not clauses:
        return None
    return AllOf(tuple(clauses)) if len(clauses) > 1 else clauses[0]


def facet_filters(params):
    """{facet: the filter of that facet's own values} and the date range alone (or None): what
    counting each facet under every *other* filter needs."""
    own = {name: filters(replace(params, filters={name: values}, date_from=None, date_to=None))
           for name, values in params.filters.items()}
    dates = filters(replace(params, filters={})) if params.date_from or params.date_to else None
    return own, dates


# --- the whole plan ------------------------------------------------------------------------------


def of(params, folded=False):
    """The plan of one search: the text's clauses, the filters, the order, the page. ``folded``:
    every syllable read without its diacritics (what an accented query that found nothing retries)."""
    text = parse(params.q, folded) if params.q else None
    query = text.query if text else Everything()
    # Without text there is no relevance: newest first unless the reader asked for the oldest.
    sort = params.sort if params.q else ("oldest" if params.sort == "oldest" else "newest")
    return Plan(query=query, filters=filters(params), sort=sort, page=params.page,
                highlight=text.highlight if text else frozenset(), accented=bool(text and text.accented),
                folded=folded, codes=text.codes if text else ())
