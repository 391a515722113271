"""The PostgreSQL engine: the search index is a table of the archive's own database.

Each article has one row in ``archive_search_document`` (migration 0009): its text and title as
``tsvector``s built from our own tokens (``archive.search.analysis``: every syllable's folded and
accented forms at one position, codes and dates whole; the 'simple' configuration is never asked
to analyse anything), its facet values (``province:ha-noi``), its date (``Article.sort_date``),
the pairs of its body's neighbouring syllables, folded (``pair``: what narrows a phrase before
positions are read) and the digest of the text indexed. GIN indexes answer the plan's clauses; facets are counted
with SQL; snippets are cut by our own highlighter above this module. A row is written in the
caller's transaction, so an article and its search document change together (and a deleted
article takes its row with it: a trigger on delete): no index lock, no drift, and every web
machine reading the same database (a primary and its read replicas) sees the same index.

Ties in any order go to the lower article id (the Whoosh engine's index order after a rebuild).
Relevance is the Whoosh engine's BM25F (``archive.search.ranking``), computed here from the
matching rows — the query's terms' positions in each tsvector, the field lengths stored as Whoosh
stores them (migration 0017) — and the index-wide figures of ``archive_search_stats`` (kept by
triggers in the writer's transaction) with document frequencies counted from the GIN indexes, so
the two engines give the same hits in the same order.
Limits of tsvector: positions past 16,383 are all 16,383, and at most 255
positions of one lexeme are kept. Must never decide what a query means (``plan.py`` does),
nor know about HTTP.
"""
import functools
import hashlib
import json
import re

import numpy as np
from django.db import connection, transaction

from archive.models import UNDATED, Article
from archive.search import plan as qp
from archive.search import ranking
from archive.search.analysis import TOKEN_RE, fold_token, forms
from archive.search.engines.base import Drift, Engine, Execution
from archive.search.facets import FACET_FIELDS, FACET_SIZE, FACETS, fieldnames

TABLE = "archive_search_document"
TEXT_FIELDS = {"text": "body", "title": "title"}  # plan field -> tsvector column
MAX_POSITION = 16383
MAX_POSITIONS_PER_LEXEME = 255
BATCH = 200  # articles prepared and written per statement
_DATED_FROM = "1901-01-01T00:00:00+00:00"
# The fields Whoosh scores (its schema's scorable fields), in the order of the rows' ``lengths``.
SCORED_FIELDS = ("text", "title", *fieldnames())
_KEYWORD_PART_RE = re.compile(r"[^,]+")


# --- documents -----------------------------------------------------------------------------------


def _lexeme(term):
    # A tsvector / tsquery lexeme, quoted: backslashes and quotes escaped, nothing else parsed.
    return "'" + term.replace("\\", "\\\\").replace("'", "''") + "'"


def tsvector(value):
    """The tsvector literal of a text: each syllable's forms at its position (1-based)."""
    return _analysed(value)[0]


def _analysed(value, with_pairs=False):
    """(tsvector literal, the field's length as Whoosh counts it — every form of every syllable —,
    {term: occurrences} of the terms whose occurrences the tsvector cannot all keep, and with
    ``with_pairs`` the tsvector literal of its pairs: ``pair`` of each two neighbouring syllables'
    folded forms, without positions)."""
    from archive import text as vt

    positions, counts, length, pairs, before = {}, {}, 0, set(), ()
    for pos, word in enumerate(TOKEN_RE.findall(vt.unify_tones_in_place(value or "")), start=1):
        at = min(pos, MAX_POSITION)
        terms = forms(word)
        for term in terms:
            length += 1
            counts[term] = counts.get(term, 0) + 1
            found = positions.setdefault(term, [])
            if len(found) < MAX_POSITIONS_PER_LEXEME and (not found or found[-1] != at):
                found.append(at)
        if with_pairs:
            keys = _fold_keys(terms)
            if len(keys) == 1 == len(before):  # no code on either side: one pair
                pairs.add(f"{before[0]} {keys[0]}")
            else:
                pairs.update(f"{a} {b}" for a in before for b in keys)
            before = keys
    literal = " ".join(f"{_lexeme(t)}:{','.join(map(str, p))}" for t, p in positions.items())
    extra = {t: n for t, n in counts.items() if n != len(positions[t])}
    if not with_pairs:
        return literal, length, extra
    return literal, length, extra, " ".join(_lexeme(p) for p in sorted(pairs))


@functools.lru_cache(maxsize=200_000)
def _fold_keys(terms):
    # A syllable's index terms folded: its folded form, and a code's number ("39" of "39-nq/tw").
    return tuple(dict.fromkeys(fold_token(t) for t in terms))


def pair(first, second):
    """The pair lexeme of two neighbouring syllables (index terms, folded here): a phrase's
    neighbours are in a document only where their pair is, so the GIN index of the pairs narrows a
    phrase to the documents worth checking position by position (tsvector phrases are checked on
    the row, never by the index)."""
    return f"{fold_token(first)} {fold_token(second)}"  # as _analysed writes them


def _keyword_tokens(value):
    """The terms Whoosh indexes for a facet field's value (Haystack joins a list with commas,
    Whoosh's KEYWORD field splits on them and strips each part)."""
    if value is None:
        return []
    text = ",".join(str(v) for v in value) if isinstance(value, (list, tuple)) else str(value)
    return [part.strip() for part in _KEYWORD_PART_RE.findall(text)]


def _documents(ids):
    """(article id, body tsvector, title tsvector, facets, sort_date, lengths, frequencies, the
    body's pairs, digest)
    of these articles, prepared as the Whoosh engine prepares its documents
    (ArticleIndex.full_prepare)."""
    from haystack import connections as haystack

    index = haystack["default"].get_unified_index().get_index(Article)
    for start in range(0, len(ids), BATCH):
        for obj in index.load(ids[start:start + BATCH]):
            doc = index.full_prepare(obj)
            facets = sorted({f"{field}:{v}" for name in FACETS for field in FACET_FIELDS[name]
                             for v in (doc.get(field) or []) if v})
            (body, body_length, body_extra, pairs), (title, title_length, title_extra) = (
                _analysed(doc["text"], with_pairs=True), _analysed(doc["title"]))
            lengths, extra = [body_length, title_length], {}
            if body_extra:
                extra["text"] = body_extra
            if title_extra:
                extra["title"] = title_extra
            for field in SCORED_FIELDS[2:]:
                tokens = _keyword_tokens(doc.get(field))
                lengths.append(len(tokens))
                repeated = {t: tokens.count(t) for t in set(tokens) if tokens.count(t) > 1}
                if repeated:
                    extra[field] = repeated
            when = obj.sort_date or UNDATED
            frequencies = json.dumps(extra, ensure_ascii=False, sort_keys=True)
            # Of everything the row holds: an edit to any of it makes the row stale for drift().
            digest = hashlib.sha256(repr((body, title, facets, when.isoformat(), lengths, frequencies, pairs))
                                    .encode()).hexdigest()[:32]
            yield obj.pk, body, title, facets, when, lengths, frequencies, pairs, digest


_COLUMNS = "article_id, body, title, facets, sort_date, lengths, frequencies, pairs, digest"
_ROW = "(%s, %s::tsvector, %s::tsvector, %s, %s, %s, %s::jsonb, %s::tsvector, %s)"


def write(ids):
    """Write the documents of these articles in the caller's transaction; drop those of ids no
    longer in the database. Returns how many were written."""
    ids = sorted({int(i) for i in ids})
    if not ids:
        return 0
    written = 0
    with transaction.atomic(), connection.cursor() as cursor:
        found, rows = set(), []

        def flush():
            # One statement per batch: the statistics triggers run once per statement.
            if rows:
                cursor.execute(
                    f"INSERT INTO {TABLE} ({_COLUMNS}) VALUES {', '.join([_ROW] * len(rows))} "
                    "ON CONFLICT (article_id) DO UPDATE SET body = EXCLUDED.body, title = EXCLUDED.title, "
                    "facets = EXCLUDED.facets, sort_date = EXCLUDED.sort_date, lengths = EXCLUDED.lengths, "
                    "frequencies = EXCLUDED.frequencies, pairs = EXCLUDED.pairs, digest = EXCLUDED.digest",
                    [v for row in rows for v in row])
                rows.clear()

        for row in _documents(ids):
            rows.append(row)
            found.add(row[0])
            written += 1
            if len(rows) >= BATCH:
                flush()
        flush()
        gone = [i for i in ids if i not in found]
        if gone:
            cursor.execute(f"DELETE FROM {TABLE} WHERE article_id = ANY(%s)", [gone])
    return written


# --- queries -------------------------------------------------------------------------------------


def _fields(clause):
    """The set of fields a clause reads."""
    if isinstance(clause, (qp.Term, qp.Phrase)):
        return {clause.field}
    if isinstance(clause, (qp.AnyOf, qp.AllOf)):
        return set().union(*(_fields(p) for p in clause.parts))
    if isinstance(clause, qp.Not):
        return _fields(clause.part)
    if isinstance(clause, qp.DateRange):
        return {clause.field}
    return set()


def _phrase(words, slop):
    """A tsquery for words in order, each next one 1..slop positions after the one before."""
    lexemes = [_lexeme(w) for w in words]
    if len(lexemes) == 1:
        return lexemes[0]
    if slop <= 1:
        return " <-> ".join(lexemes)
    options = [""]
    for lexeme in lexemes[1:]:
        options = [f"{o} <{d}> {lexeme}" for o in options for d in range(1, slop + 1)]
    return "(" + " | ".join(f"{lexemes[0]}{o}" for o in options) + ")"


def tsquery(clause):
    """The tsquery text of a clause that reads one text field only."""
    if isinstance(clause, qp.Term):
        return _lexeme(clause.text)
    if isinstance(clause, qp.Phrase):
        return _phrase(clause.words, clause.slop)
    if isinstance(clause, (qp.AnyOf, qp.AllOf)):
        joiner = " | " if isinstance(clause, qp.AnyOf) else " & "
        return "(" + joiner.join(tsquery(p) for p in clause.parts) + ")"
    if isinstance(clause, qp.Not):
        return f"!({tsquery(clause.part)})"
    raise TypeError(f"no tsquery for {clause!r}")


def _narrowing(clause, lexemes):
    """A tsquery every document matching the clause matches, which a GIN index answers without
    reading positions; None when nothing narrows it (an exclusion, a part that narrows nothing).
    ``lexemes(term or phrase)``: lexemes all of which a document holding it holds."""
    if isinstance(clause, (qp.Term, qp.Phrase)):
        found = lexemes(clause)
        if len(found) < 2:  # one lexeme bare: a term's narrowing is its own tsquery, nothing to check after
            return found[0] if found else None
        return "(" + " & ".join(found) + ")"
    if isinstance(clause, (qp.AnyOf, qp.AllOf)):
        parts = [_narrowing(p, lexemes) for p in clause.parts]
        if isinstance(clause, qp.AnyOf):
            return None if None in parts else "(" + " | ".join(parts) + ")"
        parts = [p for p in parts if p is not None]
        return "(" + " & ".join(parts) + ")" if parts else None
    return None  # qp.Not: what an exclusion lets through is not narrowed by a word


def _word_lexemes(clause):
    return [_lexeme(w) for w in (clause.words if isinstance(clause, qp.Phrase) else (clause.text,))]


def _pair_lexemes(clause):
    # Neighbours only: a term, or a phrase with room between its words, has no pairs to require.
    if not isinstance(clause, qp.Phrase) or clause.slop != 1 or len(clause.words) < 2:
        return []
    return [_lexeme(pair(a, b)) for a, b in zip(clause.words, clause.words[1:], strict=False)]


def _text_condition(clause, field, exact):
    """SQL for a clause on one text field: the GIN index narrows by words and (body) by pairs,
    then the tsquery itself is checked — on ``exact[field]`` when given (ranked(): a column holding
    the row's query terms with their positions, so the row's whole text is read once)."""
    column = f"d.{TEXT_FIELDS[field]}"
    full = tsquery(clause)
    parts, params = [], []
    words = _narrowing(clause, _word_lexemes)
    if words is not None:
        parts.append(f"{column} @@ %s::tsquery")
        params.append(words)
    pairs = _narrowing(clause, _pair_lexemes) if field == "text" else None
    if pairs is not None:
        parts.append("d.pairs @@ %s::tsquery")
        params.append(pairs)
    if full != words:  # phrases, exclusions: checked on positions, row by row
        parts.append(f"{(exact or {}).get(field, column)} @@ %s::tsquery")
        params.append(full)
    return "(" + " AND ".join(parts) + ")", params


def where(clause, exact=None):
    """(SQL condition on the documents ``d``, parameters) of a plan clause; ``exact``: see
    ``_text_condition``."""
    if clause is None:
        return "TRUE", []
    if isinstance(clause, qp.Everything):
        return "TRUE", []
    if isinstance(clause, qp.Ranked):
        return where(clause.required, exact)
    fields = _fields(clause)
    if len(fields) == 1 and next(iter(fields)) in TEXT_FIELDS:
        return _text_condition(clause, next(iter(fields)), exact)
    if isinstance(clause, qp.Not):
        sql, params = where(clause.part, exact)
        return f"NOT {sql}", params
    if isinstance(clause, qp.Term):  # a facet value
        return "d.facets @> ARRAY[%s]::text[]", [f"{clause.field}:{clause.text}"]
    if isinstance(clause, qp.DateRange):
        if clause.end is None:
            return "d.sort_date >= %s", [_aware(clause.start)]
        return "d.sort_date BETWEEN %s AND %s", [_aware(clause.start), _aware(clause.end)]
    if isinstance(clause, (qp.AnyOf, qp.AllOf)):
        parts = [where(p, exact) for p in clause.parts]
        joiner = " OR " if isinstance(clause, qp.AnyOf) else " AND "
        return "(" + joiner.join(sql for sql, _ in parts) + ")", [v for _, params in parts for v in params]
    raise TypeError(f"no SQL for {clause!r}")


def _aware(naive_utc):
    import datetime as dt

    return naive_utc.replace(tzinfo=dt.UTC)


def _order(plan):
    """(ORDER BY, parameters)."""
    if plan.sort == "newest" or isinstance(plan.query, qp.Everything) and plan.sort != "oldest":
        return "d.sort_date DESC, d.article_id ASC", []
    if plan.sort == "oldest":
        return f"(d.sort_date < '{_DATED_FROM}'), d.sort_date ASC, d.article_id ASC", []
    raise ValueError("relevance is ranked in Python (ranked())")


def _matching(plan, filters):
    query_sql, query_params = where(plan.query)
    filter_sql, filter_params = where(filters)
    return f"{query_sql} AND {filter_sql}", query_params + filter_params


def execute(plan, params, page_size, with_facets=True, facet_top=FACET_SIZE):
    if plan.query is None:  # text typed, nothing searchable in it: as the Whoosh engine answers
        return Execution(count=0, page=1, ids=[],
                         facets=_facet_counts(where(qp.Everything()), params, facet_top) if with_facets else {})
    if _by_relevance(plan):
        # One pass over the query's matches: ranked, and (their ids) the facets' base.
        found, matched = ranked(plan, with_matches=with_facets)
        count = len(found)
        page = min(plan.page, max(1, -(-count // page_size)))
        ids = found[(page - 1) * page_size:page * page_size]
        base = ("d.article_id = ANY(%s)", [matched]) if with_facets else None
    else:
        condition, values = _matching(plan, plan.filters)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM {TABLE} d WHERE {condition}", values)
            count = cursor.fetchone()[0]
            page = min(plan.page, max(1, -(-count // page_size)))
            order, order_params = _order(plan)
            cursor.execute(f"SELECT d.article_id FROM {TABLE} d WHERE {condition} ORDER BY {order} "
                           "LIMIT %s OFFSET %s", values + order_params + [page_size, (page - 1) * page_size])
            ids = [row[0] for row in cursor.fetchall()]
        base = where(plan.query)
    return Execution(count=count, page=page, ids=ids,
                     facets=_facet_counts(base, params, facet_top) if with_facets else {})


def matches_any(plan):
    if plan.query is None:
        return False
    condition, values = _matching(plan, plan.filters)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {TABLE} d WHERE {condition})", values)
        return cursor.fetchone()[0]


def ids(plan, limit=None):
    if plan.query is None:
        return []
    if _by_relevance(plan):
        found, _ = ranked(plan)
        return found if limit is None else found[:limit]
    condition, values = _matching(plan, plan.filters)
    order, order_params = _order(plan)
    sql = f"SELECT d.article_id FROM {TABLE} d WHERE {condition} ORDER BY {order}"
    if limit is not None:
        sql, order_params = sql + " LIMIT %s", order_params + [limit]
    with connection.cursor() as cursor:
        cursor.execute(sql, values + order_params)
        return [row[0] for row in cursor.fetchall()]


def _by_relevance(plan):
    return plan.sort == "relevance" and not isinstance(plan.query, qp.Everything)


# --- relevance: Whoosh's BM25F (archive/search/ranking.py) from the rows of the candidates -------

_df_cache = {}  # (generation, field, term) -> documents holding it
_KEPT = {"text": "b", "title": "t"}  # plan field -> the lateral column of the row's query terms


def _query_terms(clause, out=None):
    """{field: {term}} of every Term and phrase word of a clause tree, exclusions included."""
    out = {} if out is None else out
    if isinstance(clause, qp.Term):
        out.setdefault(clause.field, set()).add(clause.text)
    elif isinstance(clause, qp.Phrase):
        out.setdefault(clause.field, set()).update(clause.words)
    elif isinstance(clause, qp.Ranked):
        _query_terms(clause.required, out)
        _query_terms(clause.preferred, out)
    elif isinstance(clause, qp.Not):
        _query_terms(clause.part, out)
    elif isinstance(clause, (qp.AnyOf, qp.AllOf)):
        for part in clause.parts:
            _query_terms(part, out)
    return out


_STRIDE = 1 << 15  # a candidate's positions as keys: its row * _STRIDE + position (< 16,384)


class _Candidates(ranking.Evidence):
    """The matching rows' lengths and the query terms' positions, with the index-wide figures."""

    def __init__(self, rows, stats, cursor, kept):
        """rows: (id, lengths, frequencies, facets, then the positions of each ``kept`` (field,
        term) — None where the row has none)."""
        self.ids = [r[0] for r in rows]
        self.size = len(rows)
        self.documents, totals, self.generation = stats
        self.totals = dict(zip(SCORED_FIELDS, totals, strict=False))
        self._lengths = [r[1] for r in rows]
        self._extra = [json.loads(r[2]) if r[2] != "{}" else {} for r in rows]
        self._facets = [r[3] or () for r in rows]
        self._kept = {key: [r[4 + i] for r in rows] for i, key in enumerate(kept)}
        self._keys, self._stored = {}, {}
        self._cursor = cursor

    def total_length(self, field):
        return self.totals.get(field, 0)

    def lengths(self, field):
        found = self._stored.get(field)
        if found is None:
            i = SCORED_FIELDS.index(field)
            found = self._stored[field] = np.array(
                [ranking.stored_length(ls[i] if i < len(ls) else 0) for ls in self._lengths], dtype=np.float64)
        return found

    def doc_frequency(self, field, text):
        key = (self.generation, field, text)
        found = _df_cache.get(key)
        if found is None:
            if field in TEXT_FIELDS:
                sql, param = f"d.{TEXT_FIELDS[field]} @@ %s::tsquery", _lexeme(text)
            else:
                sql, param = "d.facets @> ARRAY[%s]::text[]", f"{field}:{text}"
            self._cursor.execute(f"SELECT count(*) FROM {TABLE} d WHERE {sql}", [param])
            found = self._cursor.fetchone()[0]
            if len(_df_cache) > 100_000:
                _df_cache.clear()
            _df_cache[key] = found
        return found

    def frequencies(self, field, text):
        if field in TEXT_FIELDS:
            out = np.fromiter((len(p) if p else 0 for p in self._kept[(field, text)]), dtype=np.float64,
                              count=self.size)
        else:
            value = f"{field}:{text}"
            out = np.fromiter((value in f for f in self._facets), dtype=np.float64, count=self.size)
        for i, extra in enumerate(self._extra):  # occurrences a tsvector cannot all keep
            if extra and text in extra.get(field, ()):
                out[i] = extra[field][text]
        return out

    def _positions_of(self, field, text):
        """Every candidate's positions of a term, as sorted keys (row * _STRIDE + position)."""
        found = self._keys.get((field, text))
        if found is None:
            parts = [i * _STRIDE + np.asarray(p, dtype=np.int64)
                     for i, p in enumerate(self._kept.get((field, text), ())) if p]
            found = self._keys[(field, text)] = np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)
        return found

    def phrase(self, field, words, slop):
        out = np.zeros(self.size, dtype=bool)
        if field not in TEXT_FIELDS or (len(words) > 1 and slop < 1):
            return out
        # Where each next word can stand: 1..slop positions after a place the words before reached.
        # Keys of one row never reach another's: positions lie below 16,384, far from _STRIDE.
        reach = self._positions_of(field, words[0])
        for word in words[1:]:
            if not reach.size:
                break
            after = self._positions_of(field, word)
            near = np.zeros(after.size, dtype=bool)
            for distance in range(1, slop + 1):
                near |= np.isin(after - distance, reach, assume_unique=True)
            reach = after[near]
        out[np.unique(reach // _STRIDE)] = True
        return out


def ranked(plan, with_matches=False):
    """(every matching article id in relevance order, the ids the query matches before the
    filters — with_matches, else None): ``ranking.score`` of the plan's query over the matching
    rows, as the Whoosh engine scores it, equal scores by article id.

    Each row's query terms are kept with their positions once (a lateral ``ts_filter``: the row's
    text is read once), the query's required phrases checked on them there."""
    terms = _query_terms(plan.query)
    kept, kept_params = [], []
    for field, column in TEXT_FIELDS.items():
        if terms.get(field):
            # Only the query's terms of each row's tsvector: marked, then kept (ts_filter).
            kept.append(f"ts_filter(setweight(setweight(d.{column}, 'D'), 'A', %s::text[]), '{{a}}') "
                        f"AS {_KEPT[field]}")
            kept_params.append(sorted(terms[field]))
        else:
            kept.append(f"NULL::tsvector AS {_KEPT[field]}")
    columns = ["d.article_id", "d.lengths", "d.frequencies::text",
               "d.facets" if terms.keys() - TEXT_FIELDS.keys() else "NULL"]
    column_params, positions = [], [(f, t) for f in TEXT_FIELDS for t in sorted(terms.get(f, ()))]
    for field, text in positions:  # each term's positions in the row, as an array
        columns.append(f"(SELECT u.positions FROM unnest(f.{_KEPT[field]}) u WHERE u.lexeme = %s)")
        column_params.append(text)
    exact = {field: f"f.{name}" for field, name in _KEPT.items() if terms.get(field)}
    condition, params = where(plan.query, exact)
    filter_sql, filter_params = where(plan.filters)
    if with_matches:  # the filters as a column: the query's other matches count in the facets
        columns.append(f"({filter_sql})")
        column_params += filter_params
    else:
        condition, params = f"{condition} AND {filter_sql}", params + filter_params
    params = column_params + kept_params + params
    with connection.cursor() as cursor:
        cursor.execute("SELECT documents, lengths, generation FROM archive_search_stats WHERE id = 1")
        stats = cursor.fetchone()
        # OFFSET 0 keeps the lateral a subquery of its own, computed once per row.
        cursor.execute(f"SELECT {', '.join(columns)} FROM {TABLE} d CROSS JOIN LATERAL "
                       f"(SELECT {', '.join(kept)} OFFSET 0) f WHERE {condition}", params)
        rows = cursor.fetchall()
        matched = [r[0] for r in rows] if with_matches else None
        if with_matches:
            rows = [r for r in rows if r[-1]]
        evidence = _Candidates(rows, stats, cursor, positions)
        if not evidence.size:
            return [], matched
        _, scores = ranking.score(plan.query, evidence)
    return [evidence.ids[i] for i in ranking.order(scores, evidence.ids)], matched


def _facet_counts(base, params, top=FACET_SIZE):
    """{facet: {value: count}} over the documents of ``base`` ((SQL, parameters): the query's
    matches), each facet under every filter but its own: every value counted at least as often as
    the (top + 1)-th (None: every value), so ties at the cut are kept as the Whoosh engine keeps
    them.

    The facets without a filter of their own share one condition (the query and every filter), so
    they are counted together in one pass over the matching rows; each facet with its own filter
    takes one more pass."""
    own, dates = qp.facet_filters(params)
    out = {name: {} for name in FACETS}
    shared = [name for name in FACETS if name not in own]
    groups = ([(shared, None)] if shared else []) + [([name], name) for name in FACETS if name in own]
    query_sql, query_params = base
    with connection.cursor() as cursor:
        for names, skip in groups:
            others = [clause for other, clause in own.items() if other != skip] + ([dates] if dates else [])
            filter_sql, filter_params = where(qp.AllOf(tuple(others)) if others else None)
            condition, values = f"{query_sql} AND {filter_sql}", query_params + filter_params
            fields = [field for name in names for field in FACET_FIELDS[name]]
            prefixes = [f"{field}:" for field in fields]
            cursor.execute(
                f"WITH c AS (SELECT split_part(v, ':', 1) AS field, substr(v, strpos(v, ':') + 1) AS value, "
                f"count(*) AS n FROM {TABLE} d, unnest(d.facets) v WHERE {condition} "
                "AND split_part(v, ':', 1) = ANY(%s) GROUP BY v), "
                "r AS (SELECT field, value, n, row_number() OVER (PARTITION BY field ORDER BY n DESC) AS place "
                "FROM c), "
                "cut AS (SELECT field, max(n) FILTER (WHERE place > %s) AS least FROM r GROUP BY field) "
                "SELECT r.field, r.value, r.n FROM r JOIN cut USING (field) "
                "WHERE cut.least IS NULL OR r.n >= cut.least",
                values + [[p[:-1] for p in prefixes], 2**31 - 1 if top is None else top])
            facet_of = {field: name for name in names for field in FACET_FIELDS[name]}
            for field, value, n in cursor.fetchall():
                counts = out[facet_of[field]]
                counts[value] = max(counts.get(value, 0), n)
    return out


# --- the engine ----------------------------------------------------------------------------------


class _Batch:
    """An ingest's write: each batch's documents written as they come, in the ingest's transaction."""

    def __init__(self):
        self.written = 0

    def __enter__(self):
        return self

    def add(self, ids):
        self.written += write(ids)

    def __exit__(self, *exc):
        return False


class PostgresEngine(Engine):
    name = "postgres"
    in_transaction = True  # writes belong in the caller's transaction (the ingest writes inside each batch's)

    def execute(self, plan, params, page_size, with_facets=True, facet_top=FACET_SIZE):
        return execute(plan, params, page_size, with_facets, facet_top)

    def matches_any(self, plan, params):
        return matches_any(plan)

    def ids(self, plan, limit=None):
        return ids(plan, limit)

    def write(self, ids):
        return write(ids)

    def delete(self, ids):
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {TABLE} WHERE article_id = ANY(%s)", [sorted({int(i) for i in ids})])
            return cursor.rowcount

    def write_on_commit(self, ids):
        write(ids)  # now, in the edit's own transaction: the article and its document commit together

    def batch(self, procs=1, parallel=False):
        return _Batch()

    def parallel_from(self):
        return 1 << 62  # one writer: the database is the index

    def begin_run(self):
        return None  # nothing to recover: a killed run's documents rolled back with its articles

    def rebuild(self, procs=1):
        # One transaction: readers keep the old rows until the new ones commit.
        with transaction.atomic():
            self.clear()
            return write(list(Article.objects.values_list("pk", flat=True)))

    def clear(self):
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {TABLE}")

    def drift(self):
        drift = Drift()
        expected = {pk: digest for pk, *_, digest in _documents(sorted(Article.objects.values_list("pk", flat=True)))}
        drift.articles = len(expected)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT article_id, digest FROM {TABLE}")
            stored = dict(cursor.fetchall())
        drift.documents = len(stored)
        drift.missing = sorted(expected.keys() - stored.keys())
        drift.stale = sorted(pk for pk in expected.keys() & stored.keys() if expected[pk] != stored[pk])
        drift.orphaned = sorted(stored.keys() - expected.keys())
        return drift

    def repair(self, drift):
        write(drift.missing + drift.stale)
        self.delete(drift.orphaned)
        return drift

