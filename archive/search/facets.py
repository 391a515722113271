"""Search in one place: parameters → Whoosh query → ranked, faceted, highlighted results.

The search page, the JSON API and the CSV export all call ``run_search``. The
query never goes through Whoosh's query parser (where "/" and "-" are syntax
and Haystack splits on spaces before analysis): it is cut into syllables with
the same analysis as the index, every syllable is required in its folded form
(and preferred in its accented form when the reader typed diacritics), quoted
text must match as a phrase, and pyvi's grouping of the query into words only
adds phrase boosts, so segmentation can never cost recall. Facet counts for
each facet apply every other active filter.
"""
import bisect
import datetime as dt
import html
import itertools
import re
import threading
from dataclasses import dataclass, field, replace

import numpy as np
from django.utils import timezone
from haystack import connections
from whoosh import query as wq
from whoosh import sorting
from whoosh.util.times import datetime_to_long

from archive import text as vt
from archive.models import Article, Document, Meeting, Person, Province, Source
from archive.search import matching
from archive.search.analysis import TOKEN_RE, accent_token, fold_token, forms, spans

FACETS = ("province", "year", "kind", "person", "document", "source")
SORTS = ("relevance", "newest", "oldest")
PAGE_SIZE = 20
MAX_QUERY = 300
MAX_PAGE = 500
MAX_FILTER_VALUES = 5
FACET_SIZE = 30
DATE_RANGE = (dt.date(1900, 1, 1), dt.date(2100, 12, 31))
SNIPPET_WORDS = 36
# Relevance ranks the matches on their terms (numpy) and scores only this many with the full
# query (phrases, accents, titles): a page past RERANK_DEPTH / PAGE_SIZE is ranked the slow, exact way.
RERANK_DEPTH = 300

_local = threading.local()


@dataclass
class SearchParams:
    q: str = ""
    filters: dict = field(default_factory=dict)  # facet -> [slug, …]
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    sort: str = "relevance"
    page: int = 1
    errors: list = field(default_factory=list)

    @classmethod
    def from_querydict(cls, data):
        """Validate request parameters; problems are reported in .errors, never raised."""
        params, errors = cls(), []
        q = "".join(ch for ch in data.get("q", "") if ch.isprintable() or ch in " \t")
        if len(q) > MAX_QUERY:
            errors.append(f"Từ khóa dài quá {MAX_QUERY} ký tự nên đã được cắt ngắn.")
            q = q[:MAX_QUERY]
        params.q = " ".join(q.split())
        for name in FACETS:
            values = [v.strip() for v in data.getlist(name) if v.strip()][:MAX_FILTER_VALUES]
            values = [v for v in values if re.fullmatch(r"[a-z0-9-]{1,200}", v)]
            if values:
                params.filters[name] = values
        for key, attr, label in (("from", "date_from", "Từ ngày"), ("to", "date_to", "Đến ngày")):
            raw = data.get(key, "").strip()
            if raw:
                try:
                    value = dt.date.fromisoformat(raw)
                except ValueError:
                    errors.append(f"{label} ({key}) “{raw}” không hợp lệ (dạng YYYY-MM-DD), bộ lọc đã bỏ qua.")
                    continue
                if not DATE_RANGE[0] <= value <= DATE_RANGE[1]:  # year 1 or 9999 overflow in UTC
                    errors.append(f"{label} ({key}) “{raw}” nằm ngoài {DATE_RANGE[0].year}–{DATE_RANGE[1].year}, "
                                  "bộ lọc đã bỏ qua.")
                    continue
                setattr(params, attr, value)
        sort = data.get("sort", "")
        params.sort = sort if sort in SORTS else ("relevance" if params.q else "newest")
        try:
            params.page = min(max(int(data.get("page", 1)), 1), MAX_PAGE)
        except ValueError:
            params.page = 1
        params.errors = errors
        return params


def kept_pairs(querydict):
    """The request's (parameter, value) pairs in order, all but the page: what a link to another
    page, another facet value or a feed of the same search must carry."""
    return [(k, v) for k in querydict for v in querydict.getlist(k) if k != "page"]


@dataclass
class Hit:
    article: Article
    snippet_html: str


@dataclass
class SearchResult:
    params: SearchParams
    count: int
    page: int
    pages: int
    hits: list
    facets: dict
    suggestion: str | None = None


def searcher():
    """One long-lived Whoosh searcher per thread, refreshed when the index changed."""
    backend = connections["default"].get_backend()
    if not backend.setup_complete:
        backend.setup()
    index = backend.index
    current = getattr(_local, "searcher", None)
    if current is None or getattr(_local, "index_path", None) != backend.path:
        _local.searcher, _local.index_path = index.refresh().searcher(), backend.path
    else:
        _local.searcher = current.refresh()
    return _local.searcher


def _term_clause(word, fieldname="text"):
    folded, accented = fold_token(word), accent_token(word)
    if folded != accented and vt.has_diacritics(word):
        return wq.Or([wq.Term(fieldname, accented, boost=3.0), wq.Term(fieldname, folded)])
    return wq.Term(fieldname, folded)


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
_ABBREVIATIONS = {
    fold_token(abbr): tuple(fold_token(w) for w, _, _ in spans(expansion))
    for abbr, expansion in vt.ABBREVIATIONS.items() if abbr not in ("TW", "TƯ", "NQ")
}


def _abbreviation_clauses(words):
    """(plain words, clauses): an abbreviation or its expansion in words matches either form."""
    folded = [fold_token(w) for w in words]
    plain, clauses, i = [], [], 0
    while i < len(words):
        for abbr, expansion in _ABBREVIATIONS.items():
            if folded[i] == abbr or tuple(folded[i:i + len(expansion)]) == expansion:
                clauses.append(wq.Or([wq.Term("text", abbr), wq.Phrase("text", list(expansion))]))
                i += 1 if folded[i] == abbr else len(expansion)
                break
        else:
            plain.append(words[i])
            i += 1
    return plain, clauses


def build_query(q):
    """The Whoosh query for the reader's text, or None when it holds no searchable word."""
    phrases = re.findall(r'"([^"]*)"', q)
    rest = re.sub(r'"[^"]*"', " ", q).replace('"', " ")
    units = []
    for m in _KIND_NUMBER_RE.finditer(rest):
        units.append(wq.Phrase("text", [fold_token(w) for w, _, _ in spans(m.group(1))] + [m.group(2)], slop=2))
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
            required.append(wq.Phrase("text", [fold_token(w) for w in words]))
            if vt.has_diacritics(phrase):
                boosts.append(wq.Phrase("text", [accent_token(w) for w in words], boost=3.0))
    words = [w for w, _, _ in spans(rest)]
    plain, abbreviations = _abbreviation_clauses(words)
    required.extend(_term_clause(w) for w in plain)
    required.extend(abbreviations)
    required.extend(units)
    if not required:
        return None
    all_words = words + [w for p in phrases for w, _, _ in spans(p)]
    for group in _pyvi_groups(rest):
        boosts.append(wq.Phrase("text", [fold_token(w) for w in group], boost=2.0))
    if len(words) > 1:
        boosts.append(wq.Phrase("text", [fold_token(w) for w in words], boost=2.0))
    boosts.append(wq.And([wq.Term("title", fold_token(w)) for w in all_words], boost=6.0))
    main = wq.And(required) if len(required) > 1 else required[0]
    return wq.AndMaybe(main, wq.Or(boosts))


def _utc(local):
    return timezone.make_aware(local).astimezone(dt.UTC).replace(tzinfo=None)


def _filter_query(params, skip=None):
    clauses = []
    for name, values in params.filters.items():
        if name == skip:
            continue
        if name == "province":
            options = [wq.Or([wq.Term("province", v), wq.Term("province_current", v)]) for v in values]
        else:
            options = [wq.Term(name, v) for v in values]
        clauses.append(wq.Or(options) if len(options) > 1 else options[0])
    if params.date_from or params.date_to:
        # On the article's date (publication, else meeting: the year facet's date), in the
        # archive's time zone: Whoosh keeps the UTC wall time, and 00:00 on 8/8 in Hà Nội is
        # 17:00 on 7/8 in UTC. Undated articles (sort_date 1900-01-01) fall outside any range.
        start = _utc(dt.datetime.combine(params.date_from or dt.date(1900, 1, 2), dt.time.min))
        end = _utc(dt.datetime.combine(params.date_to, dt.time.max)) if params.date_to else None
        clauses.append(wq.DateRange("sort_date", start, end))
    if not clauses:
        return None
    return wq.And(clauses) if len(clauses) > 1 else clauses[0]


def query_terms(q):
    """Folded syllables of the query, for highlighting (with the other form of an abbreviation)."""
    terms = {fold_token(w) for w, _, _ in spans(q.replace('"', " "))}
    # Not the other way: "HĐND" marking every "dân" of the text would drown the snippet.
    terms.update(abbr for abbr, expansion in _ABBREVIATIONS.items() if terms.issuperset(expansion))
    return terms


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


_KIND_LABELS = {}


def _labels(name, values):
    """Readable labels for facet slugs."""
    if name == "year":
        return {v: v for v in values}
    if name == "kind":
        # A handful of kinds over every meeting of the archive: read again only for a slug not seen yet.
        if not set(values) <= _KIND_LABELS.keys():
            kinds = Meeting.objects.values_list("kind", flat=True).distinct()
            _KIND_LABELS.update({vt.slugify(k): k for k in kinds})
        return {v: _KIND_LABELS.get(v, v) for v in values}
    model = {"province": Province, "person": Person, "document": Document, "source": Source}[name]
    objects = model.objects.filter(slug__in=values)
    return {o.slug: (o.display_name if name == "province" else o.label if name == "document" else o.name)
            for o in objects}


FACET_FIELDS = {name: ("province", "province_current") if name == "province" else (name,) for name in FACETS}


def _facet_fieldnames():
    return sorted({f for fields in FACET_FIELDS.values() for f in fields})


# Facet pairs per index segment, kept while the segment is live: after an ingest the new
# searcher reads the postings of the new (small) segments only, not the whole archive again.
# Deleted documents may stay in a segment's pairs; they never match a query, so never count.
def _segment_pairs(schema, leaf):
    """{field: (values, docnums, value codes)} of one segment, read once from its postings and,
    for a large segment, kept beside the index for every later process."""
    return matching.derived(leaf, "facet-pairs", lambda: _read_pairs(schema, leaf))


def _read_pairs(schema, leaf):
    fieldnames = _facet_fieldnames()
    kept = matching.load_kept(leaf, "facet-pairs")
    if kept is not None and [f for f, _ in kept[1]] == fieldnames:
        arrays, named = kept
        return {f: (values, arrays[2 * i], arrays[2 * i + 1]) for i, (f, values) in enumerate(named)}
    pairs = {}
    for fieldname in fieldnames:
        values, docs, codes = [], [], []
        if fieldname in schema.names():
            for text in leaf.field_terms(fieldname):
                ids = matching.term_docs(leaf, fieldname, text)
                docs.append(ids)
                codes.append(np.full(len(ids), len(values), dtype=np.int64))
                values.append(text)
        pairs[fieldname] = (values, np.concatenate([matching.EMPTY] + docs), np.concatenate([matching.EMPTY] + codes))
    matching.keep(leaf, "facet-pairs",
                  [a.astype(np.int32) for f in fieldnames for a in pairs[f][1:]],
                  [[f, pairs[f][0]] for f in fieldnames])
    return pairs


class FacetTable:
    """Every facet value of every document of one searcher, as arrays, to count facets fast.

    Counting with Whoosh's grouping ran the query again, scored, once per facet field (seven
    times a search, each over every match). Here the documents that match are found once
    (unscored) and each facet is a numpy bincount over (document, value) pairs read once
    from the postings of each segment (kept per segment while it lives, mapped from files
    beside the index for a large segment). Counted segment by segment, so the pairs are never
    copied into one process's memory; only each segment's value numbers are mapped to the
    searcher's. Built per searcher, so it is always the searcher's own view of the index.
    """

    def __init__(self, s):
        reader = s.reader()
        self.size = reader.doc_count_all()
        leaves = reader.leaf_readers()
        parts = [(_segment_pairs(s.schema, leaf), offset, leaf.doc_count_all()) for leaf, offset in leaves]
        matching.forget_segments_except(matching.live_segment_ids(s), s)
        self.fields = {}
        for fieldname in _facet_fieldnames():
            index, segments = {}, []
            for pairs, offset, size in parts:
                seg_values, seg_docs, seg_codes = pairs[fieldname]
                if len(seg_docs):
                    remap = np.array([index.setdefault(v, len(index)) for v in seg_values], dtype=np.int64)
                    segments.append((offset, size, seg_docs, seg_codes, remap))
            self.fields[fieldname] = (list(index), segments)

    @classmethod
    def of(cls, s):
        table = getattr(s, "_nghisu_facet_table", None)
        if table is None:
            table = s._nghisu_facet_table = cls(s)
        return table

    def mask(self, docnums):
        mask = np.zeros(self.size, dtype=bool)
        ids = docnums if isinstance(docnums, np.ndarray) else np.fromiter(docnums, dtype=np.int64)
        mask[ids[ids < self.size]] = True
        return mask

    def counts(self, fieldname, mask, top=None):
        """{value: documents of mask holding it}; with top, only values that may be among the
        `top` most frequent (every value counted at least as often as the top-th is kept)."""
        values, segments = self.fields[fieldname]
        if not values:
            return {}
        found = np.zeros(len(values), dtype=np.int64)
        for offset, size, docs, codes, remap in segments:
            counted = np.bincount(codes[mask[offset:offset + size][docs]], minlength=len(remap))
            found[remap] += counted  # a segment names each value once
        nonzero = np.flatnonzero(found)
        if top is not None and len(nonzero) > top:
            # A person or document facet has thousands of values: sorting them all in Python
            # cost more than the search.
            least = np.partition(found[nonzero], len(nonzero) - top)[len(nonzero) - top]
            nonzero = nonzero[found[nonzero] >= least]
        return {values[i]: int(found[i]) for i in nonzero}


def facet_counts(s, q, params, matcher=None, matched=None):
    """{facet: [{"value", "label", "count"}]}, each facet counted under all other filters.

    matched: the documents q matches (before filters), when the caller has them already."""
    table = FacetTable.of(s)
    matcher = matcher or matching.Matcher(s)
    matching_mask = table.mask(matcher.docs(q) if matched is None else matched)
    # One document set per active filter, so each facet can leave out its own.
    own = {name: table.mask(matcher.docs(_filter_query(replace(params, filters={name: values},
                                                               date_from=None, date_to=None))))
           for name, values in params.filters.items()}
    if params.date_from or params.date_to:
        matching_mask &= table.mask(matcher.docs(_filter_query(replace(params, filters={}))))
    facets = {}
    for name in FACETS:
        mask = matching_mask.copy()
        for other, other_mask in own.items():
            if other != name:
                mask &= other_mask
        counts = {}
        for fieldname in FACET_FIELDS[name]:
            # One more than FACET_SIZE: the empty value may be among them and is dropped.
            for value, count in table.counts(fieldname, mask, top=FACET_SIZE + 1).items():
                if value:
                    counts[value] = max(counts.get(value, 0), count)
        top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:FACET_SIZE]
        labels = _labels(name, [v for v, _ in top])
        facets[name] = [{"value": v, "label": labels.get(v, v), "count": c} for v, c in top]
        if name == "year":
            facets[name].sort(key=lambda f: f["value"], reverse=True)
    return facets


def suggestion_for(q):
    """The diacritic-free or diacritic-restored variant of a query, when it differs."""
    if not q:
        return None
    if vt.has_diacritics(q):
        return vt.strip_accents(q)
    restored = _add_accents(q)
    return restored if restored.lower() != q.lower() else None


def _add_accents(q):
    from pyvi import ViUtils

    try:
        return ViUtils.add_accents(q)
    except KeyError:
        # pyvi's model can predict a mark its own table lacks (KeyError 'WW' on "15-NQ/TW"):
        # restore word by word and keep the words it cannot handle as typed.
        words = []
        for word in q.split(" "):
            try:
                words.append(ViUtils.add_accents(word))
            except KeyError:
                words.append(word)
        return " ".join(words)


# Undated articles carry sort_date 1900-01-01 (search_indexes.py): last when newest first, and
# kept last when oldest first too — a reader asking for the oldest wants the oldest dated ones.
_DATED_FROM = datetime_to_long(dt.datetime(1901, 1, 1))


def _sorting(sort):
    if sort == "newest":
        return {"sortedby": "sort_date", "reverse": True}
    if sort == "oldest":
        return {"sortedby": sorting.TranslateFacet(lambda key: (key < _DATED_FROM, key),
                                                   sorting.FieldFacet("sort_date"))}
    return {}


def _ordered(matcher, q, docs, sort, needed):
    """The first `needed` of docs (sorted docnums) in result order, or None past RERANK_DEPTH."""
    if sort == "newest":
        return matcher.by_date(docs, reverse=True)[:needed]
    if sort == "oldest":
        return matcher.by_date(docs, reverse=False, undated_last_from=_DATED_FROM)[:needed]
    if needed is None or needed > RERANK_DEPTH:
        return None
    # Whoosh scores every match in Python; here a numpy upper bound of each match's score
    # orders them and Whoosh scores them in that order until no bound can reach the page,
    # at most RERANK_DEPTH of them.
    return matcher.top(q, docs, needed, RERANK_DEPTH)


def _matches(matcher, q, filters):
    """(documents q matches, those of them that pass the filters), as sorted docnums."""
    matched = matcher.docs(q)
    if filters is None:
        return matched, matched
    return matched, np.intersect1d(matched, matcher.docs(filters), assume_unique=True)


def _django_ids(s, docnums):
    return [int(s.stored_fields(int(d))["django_id"]) for d in docnums]


def run_search(params, page_size=PAGE_SIZE, with_facets=True):
    s = searcher()
    q = build_query(params.q) if params.q else None
    whoosh_q = q or wq.Every()
    filters = _filter_query(params)
    sort = params.sort if q is not None else ("oldest" if params.sort == "oldest" else "newest")
    matcher = matching.Matcher(s)
    matched = None
    if params.q and q is None:
        count, ids = 0, []
    else:
        matched, filtered = _matches(matcher, whoosh_q, filters)
        count = len(filtered)
        # Whoosh's pages: one past the last gives the last.
        page = min(params.page, max(1, -(-count // page_size)))
        first = (page - 1) * page_size
        ordered = _ordered(matcher, whoosh_q, filtered, sort, first + page_size)
        if ordered is not None:
            ids = _django_ids(s, ordered[first:first + page_size])
        else:
            total_page = s.search_page(whoosh_q, params.page, pagelen=page_size, filter=filters, **_sorting(sort))
            ids = [int(hit["django_id"]) for hit in total_page]
    pages = max(1, -(-count // page_size))
    # defer(None): for_listing() defers the body, which the snippets need (one query per hit otherwise).
    articles = Article.objects.for_listing().defer(None).only(
        "id", "title", "slug", "file_name", "published", "province", "source", "body", "meeting_date"
    ).in_bulk(ids)
    terms = query_terms(params.q)
    hits = [Hit(articles[i], snippet_html(articles[i].body, terms)) for i in ids if i in articles]
    facets = facet_counts(s, whoosh_q, params, matcher, matched) if with_facets else {}
    suggestion = suggestion_for(params.q) if params.q and count == 0 else None
    return SearchResult(params, count, min(params.page, pages), pages, hits, facets, suggestion)


def all_article_ids(params, limit=None):
    """Matching article ids in result order: all of them (CSV export) or the first limit (feeds)."""
    s = searcher()
    q = build_query(params.q) if params.q else wq.Every()
    if q is None:
        return []
    sort = params.sort if params.q else ("oldest" if params.sort == "oldest" else "newest")
    filters = _filter_query(params)
    matcher = matching.Matcher(s)
    _, filtered = _matches(matcher, q, filters)
    ordered = _ordered(matcher, q, filtered, sort, limit)
    if ordered is not None:
        return _django_ids(s, ordered)
    kwargs = {"filter": filters, "limit": limit, **_sorting(sort)}
    return [int(hit["django_id"]) for hit in s.search(q, **kwargs)]
