"""The query, engine-neutral: what the reader's text and filters ask for, as a tree of clauses.

The text is cut into syllables with the same analysis as the index (``analysis.spans``), never
split on spaces by a query parser (where "/" and "-" are syntax). Every syllable is required in
its folded form and preferred in its accented form when the reader typed diacritics; quoted text
must match as a phrase; a document kind and its number ("nghị quyết 27") match as one unit; a
stretch that is a known person's name must match as a phrase; an abbreviation and its expansion
("HĐND", "hội đồng nhân dân") answer for each other. pyvi's grouping of the query into words only
adds phrase boosts, so segmentation can never cost recall. Filters are facet values (each facet
an OR of its values, the facets ANDed) and a date range on the article's date.

Each engine executes these clauses (``engines/``); none may give them another meaning, so this is
the one place where what a query means is decided (and where #25's relevance work lands). Must
never import an engine nor build an engine's query objects.
"""
import datetime as dt
import functools
import re
from dataclasses import dataclass, replace

from django.utils import timezone

from archive import text as vt
from archive.models import Person
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
    """Documents must match ``required``; those that also match ``preferred`` rank higher."""

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
    highlight: frozenset  # folded terms to mark in snippets


# --- the reader's text -------------------------------------------------------------------------


def _term_clause(word, fieldname="text"):
    folded, accented = fold_token(word), accent_token(word)
    if folded != accented and vt.has_diacritics(word):
        return AnyOf((Term(fieldname, accented, boost=3.0), Term(fieldname, folded)))
    return Term(fieldname, folded)


@functools.cache
def warm():
    """pyvi's model, loaded once per process (a second of CPU) before any search's budget runs."""
    from pyvi import ViTokenizer

    ViTokenizer.tokenize("hội nghị")


def _pyvi_groups(text):
    """Multi-syllable words pyvi reads in the query ("hội_đồng nhân_dân" → two groups)."""
    if not vt.has_diacritics(text):
        return []  # pyvi does not segment unaccented text
    from pyvi import ViTokenizer

    return [g.split("_") for g in ViTokenizer.tokenize(text).split() if "_" in g]


# "nghị quyết 27", "chỉ thị số 05": a document kind and its number match as one unit.
_KIND_NUMBER_RE = re.compile(
    r"\b(nghị quyết|nghi quyet|nq|chỉ thị|chi thi|kết luận|ket luan|kế hoạch|ke hoach|quyết định|quyet dinh|"
    r"chương trình hành động|chuong trinh hanh dong|chương trình|chuong trinh|quy định|quy dinh)"
    r"\s+(?:số\s+|so\s+)?(\d+)(?![\w/-])",
    re.I,
)


def _known_names(text):
    """Stretches of the query that are a known person's name: they must match as a phrase."""
    folded = vt.fold(text)
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


def _abbreviation_clauses(words):
    """(plain words, clauses): an abbreviation or its expansion in words matches either form."""
    folded = [fold_token(w) for w in words]
    plain, clauses, i = [], [], 0
    while i < len(words):
        for abbr, expansion in ABBREVIATIONS.items():
            if folded[i] == abbr or tuple(folded[i:i + len(expansion)]) == expansion:
                clauses.append(AnyOf((Term("text", abbr), Phrase("text", expansion))))
                i += 1 if folded[i] == abbr else len(expansion)
                break
        else:
            plain.append(words[i])
            i += 1
    return plain, clauses


def text_query(q):
    """The clauses for the reader's text, or None when it holds no searchable word."""
    phrases = re.findall(r'"([^"]*)"', q)
    rest = re.sub(r'"[^"]*"', " ", q).replace('"', " ")
    units = []
    for m in _KIND_NUMBER_RE.finditer(rest):
        units.append(Phrase("text", tuple([fold_token(w) for w, _, _ in spans(m.group(1))] + [m.group(2)]), slop=2))
    rest = _KIND_NUMBER_RE.sub(" ", rest)
    for name in _known_names(rest):
        folded_rest = vt.fold(rest)
        if name in folded_rest:
            phrases.append(name)
            start = folded_rest.index(name)
            rest = rest[:start] + " " + rest[start + len(name):]
    required, boosts = [], []
    for phrase in phrases:
        words = [w for w, _, _ in spans(phrase)]
        if len(words) == 1:
            required.append(_term_clause(words[0]))
        elif words:
            required.append(Phrase("text", tuple(fold_token(w) for w in words)))
            if vt.has_diacritics(phrase):
                boosts.append(Phrase("text", tuple(accent_token(w) for w in words), boost=3.0))
    words = [w for w, _, _ in spans(rest)]
    plain, abbreviations = _abbreviation_clauses(words)
    required.extend(_term_clause(w) for w in plain)
    required.extend(abbreviations)
    required.extend(units)
    if not required:
        return None
    all_words = words + [w for p in phrases for w, _, _ in spans(p)]
    for group in _pyvi_groups(rest):
        boosts.append(Phrase("text", tuple(fold_token(w) for w in group), boost=2.0))
    if len(words) > 1:
        boosts.append(Phrase("text", tuple(fold_token(w) for w in words), boost=2.0))
    boosts.append(AllOf(tuple(Term("title", fold_token(w)) for w in all_words), boost=6.0))
    main = AllOf(tuple(required)) if len(required) > 1 else required[0]
    return Ranked(main, AnyOf(tuple(boosts)))


def highlight_terms(q):
    """Folded syllables of the query, for highlighting (with the other form of an abbreviation)."""
    terms = {fold_token(w) for w, _, _ in spans(q.replace('"', " "))}
    # Not the other way: "HĐND" marking every "dân" of the text would drown the snippet.
    terms.update(abbr for abbr, expansion in ABBREVIATIONS.items() if terms.issuperset(expansion))
    return frozenset(terms)


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


def of(params):
    """The plan of one search: the text's clauses, the filters, the order, the page."""
    query = text_query(params.q) if params.q else Everything()
    # Without text there is no relevance: newest first unless the reader asked for the oldest.
    sort = params.sort if params.q else ("oldest" if params.sort == "oldest" else "newest")
    return Plan(query=query, filters=filters(params), sort=sort, page=params.page,
                highlight=highlight_terms(params.q) if params.q else frozenset())

