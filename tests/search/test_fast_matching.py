"""The Whoosh engine's matching (engines/whoosh/matching.py) against Whoosh's own answers,
on a real multi-segment index.

The index has several segments (indexed in batches), deleted documents (removed articles,
and the old versions of updated ones) and undated articles, so every path of the numpy
matching meets what Whoosh itself has to handle.
"""
import datetime as dt
import os

import numpy as np
import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archive import search
from archive.models import Article
from archive.search import SearchParams
from archive.search import facets as declared
from archive.search.engines.whoosh import matching
from archive.search.engines.whoosh import search as facets
from archive.search.engines.whoosh.search import _DATED_FROM, build_query
from archive.search.engines.whoosh.search import filter_query as _filter_query
from tests import factories
from tests.conftest import module_search_index

search_index = module_search_index("fast")  # one real Whoosh index for the whole module


@pytest.fixture(scope="module", autouse=True)
def archive(search_index, django_db_setup, django_db_blocker):
    from archive.search.engines.whoosh.indexing import index_articles, remove_articles

    with django_db_blocker.unblock():
        with transaction.atomic():
            made = factories.build_archive(articles=220)
            ids = [a.pk for a in made["articles"]]
            for start in range(0, len(ids), 70):  # one segment per batch
                index_articles(ids[start:start + 70])
            # Undated articles: sort_date 1900-01-01, last in both date orders.
            Article.objects.filter(pk__in=ids[5:9]).update(published=None, meeting_date=None)
            # Updated articles: the old document is deleted in its segment, the new one added.
            Article.objects.filter(pk__in=ids[10:14]).update(title="Hội nghị chuyển đổi số khinh khí cầu")
            index_articles(ids[5:14])
            remove_articles(ids[100:106])
            Article.objects.filter(pk__in=ids[100:106]).delete()
            yield made
            transaction.set_rollback(True)


@pytest.fixture
def s(db):
    return facets.searcher()


QUERIES = [
    "chuyển đổi số", "chuyen doi so", '"nông thôn mới"', '"nong thon moi"', "hội nghị", "nông thôn mới bài 17",
    "khinh khí cầu", "nghị quyết 5", "5-NQ/TU", "12-NQ/TU", "HĐND", "hội đồng nhân dân", "Tỉnh Mẫu Cũ",
    "phóng viên 3", "quang cảnh hội nghị số 42", "zeppelin", "chuyển đổi số zeppelin", '"số chuyển đổi"',
]


def _filters():
    yield None
    yield _filter_query(SearchParams(filters={"province": ["tinh-mau-cu"]}))
    yield _filter_query(SearchParams(filters={"province": ["tinh-mau-hien-tai", "tinh-khac-mau"]}))
    yield _filter_query(SearchParams(filters={"year": ["2020"]}))
    yield _filter_query(SearchParams(date_from=dt.date(2020, 3, 1), date_to=dt.date(2021, 6, 30)))
    yield _filter_query(SearchParams(date_from=dt.date(2022, 1, 1)))
    yield _filter_query(SearchParams(date_to=dt.date(2019, 12, 31), filters={"source": ["bao-mau-cu"]}))


def _queries():
    from whoosh import query as wq

    for text in QUERIES:
        yield build_query(text)
    yield wq.Every()


def whoosh_date_order(s, hits):
    """Whoosh's own date order of hits, equal dates in order of article id (Whoosh leaves them in
    index order, which updates change; every engine of the archive orders them by id)."""
    import itertools

    stored = [(hit.docnum, s.stored_fields(hit.docnum)) for hit in hits]
    out = []
    for _, run in itertools.groupby(stored, key=lambda pair: pair[1].get("sort_date")):
        out.extend(d for d, _ in sorted(run, key=lambda pair: int(pair[1]["django_id"])))
    return out


def whoosh_relevance_order(s, hits):
    """Whoosh's own relevance order of hits, its scores compared as every engine of the archive
    compares them (ranking.rounded), equal ones in order of article id (Whoosh leaves them in
    index order, which updates change)."""
    from archive.search import ranking

    ids = [int(s.stored_fields(hit.docnum)["django_id"]) for hit in hits]
    return [hits[i].docnum for i in ranking.order([hit.score for hit in hits], ids)]


def test_the_index_has_segments_and_deletions(s):
    leaves = s.reader().leaf_readers()
    assert len(leaves) > 1
    assert any(leaf.has_deletions() for leaf, _ in leaves)


@pytest.mark.django_db
def test_match_sets_equal_docs_for_query(s):
    matcher = matching.Matcher(s)
    for q in _queries():
        for f in _filters():
            for query in [q] if f is None else [f, q & f]:
                got = matcher.docs(query)
                assert got.tolist() == sorted(s.docs_for_query(query)), query
    matcher_again = matching.Matcher(s)  # answers from the per-segment caches
    q = build_query("chuyển đổi số")
    assert matcher_again.docs(q).tolist() == sorted(s.docs_for_query(q))
    assert len(matcher_again.docs(q)) > 150


@pytest.mark.django_db
def test_ranking_equals_whoosh_when_all_matches_are_rescored(s):
    matcher = matching.Matcher(s)
    for q in _queries():
        docs = matcher.docs(q)
        assert len(docs) <= facets.RERANK_DEPTH
        ranked = facets._ordered(matcher, q, docs, "relevance", len(docs))
        assert ranked.tolist() == whoosh_relevance_order(s, s.search(q, limit=None)), q


@pytest.mark.django_db
@pytest.mark.parametrize("sort", ["newest", "oldest"])
def test_date_sorts_equal_whoosh_with_undated_last(s, sort):
    matcher = matching.Matcher(s)
    for q in _queries():
        docs = matcher.docs(q)
        ordered = facets._ordered(matcher, q, docs, sort, None)
        assert ordered.tolist() == whoosh_date_order(s, s.search(q, limit=None, **_sorting(sort))), (q, sort)
    every = facets._ordered(matcher, None, matcher.docs(build_query("hội nghị")), sort, None)
    undated = {s.stored_fields(int(d))["django_id"] for d in every[-4:]}
    assert undated == {str(a.pk) for a in Article.objects.filter(published=None, meeting_date=None)}


@pytest.mark.django_db
@pytest.mark.parametrize("text", ["chuyển đổi số", "hội nghị", '"nông thôn mới"', "nông thôn mới bài 17", "tỉnh mẫu"])
def test_a_page_of_a_large_match_set_is_whooshs_full_ranking(s, text):
    """Bounds let few documents be scored exactly, and the page is still Whoosh's order."""
    q = build_query(text)
    matcher = matching.Matcher(s)
    docs = matcher.docs(q)
    full = whoosh_relevance_order(s, s.search(q, limit=None))
    for needed in (1, 5, 20, 45):
        assert matcher.top(q, docs, needed, depth=len(docs)).tolist() == full[:needed], needed
    # A depth smaller than the match set still gives Whoosh's first documents here (this
    # archive's articles are alike, so the bounds are close and the stop comes late).
    assert matcher.top(q, docs, 3, depth=min(len(docs), 120)).tolist() == full[:3]


@pytest.mark.django_db
def test_deep_relevance_ranking_stops_at_the_depth(s, monkeypatch):
    monkeypatch.setattr(facets, "RERANK_DEPTH", 30)
    matcher = matching.Matcher(s)
    q = build_query("chuyển đổi số")
    docs = matcher.docs(q)
    assert len(docs) > 30
    top = facets._ordered(matcher, q, docs, "relevance", 20)
    scores = matcher.rescore(q, np.sort(top))
    by_doc = dict(zip(np.sort(top).tolist(), scores.tolist(), strict=True))
    assert [by_doc[d] for d in top.tolist()] == sorted(by_doc.values(), reverse=True)
    # The updated articles carry the words in their titles too: the first ones for Whoosh, and here.
    exact = whoosh_relevance_order(s, s.search(q, limit=None))
    assert top[:4].tolist() == exact[:4]
    # Past the depth: the first 30 in Whoosh's order, then the rest by the numpy score (Whoosh's
    # up to rounding), every match once, so a deep page never scores every match in Python.
    deep = facets._ordered(matcher, q, docs, "relevance", None)
    head = matcher.top(q, docs, 30, 30)
    assert deep[:30].tolist() == head.tolist()
    assert sorted(deep.tolist()) == docs.tolist()
    bounds = dict(zip(docs.tolist(), matcher.bounds(q, docs).tolist(), strict=True))
    rest = [bounds[d] for d in deep[30:].tolist()]
    assert rest == sorted(rest, reverse=True) and len(rest) == len(docs) - 30
    for page in (1, 2, 3):
        shown = search.search(SearchParams(q="chuyển đổi số", page=page), page_size=20, with_facets=False)
        expected = deep[(page - 1) * 20:page * 20].tolist()
        assert [hit.article.id for hit in shown.hits] == [int(s.stored_fields(d)["django_id"]) for d in expected]
    assert search.ids(SearchParams(q="chuyển đổi số")) == [int(s.stored_fields(d)["django_id"]) for d in deep.tolist()]


def _sorting(sort):
    """Whoosh's own date sort, the reference the numpy date order is checked against."""
    from whoosh import sorting

    if sort == "newest":
        return {"sortedby": "sort_date", "reverse": True}
    if sort == "oldest":
        return {"sortedby": sorting.TranslateFacet(lambda key: (key < _DATED_FROM, key),
                                                   sorting.FieldFacet("sort_date"))}
    return {}


class _WhooshDocs:
    """Match sets from Whoosh itself, for the facet counts as they were computed before."""

    def __init__(self, s):
        self.s = s

    def docs(self, q):
        return np.array(sorted(self.s.docs_for_query(q)), dtype=np.int64)


@pytest.mark.django_db
def test_run_search_counts_and_facets_follow_whoosh(s):
    from whoosh import query as wq

    for params in [SearchParams(q="chuyển đổi số", filters={"province": ["tinh-mau-cu"]}),
                   SearchParams(q="hội nghị", filters={"year": ["2020", "2021"], "source": ["bao-mau-cu"]}),
                   SearchParams(q="hội nghị", date_from=dt.date(2020, 1, 1), date_to=dt.date(2020, 12, 31)),
                   SearchParams(q="", filters={"year": ["2021"]}, sort="newest")]:
        result = search.search(params)
        q = build_query(params.q) if params.q else wq.Every()
        expected = set(s.docs_for_query(q)) & set(s.docs_for_query(_filter_query(params)))
        assert result.count == len(expected)
        assert result.facets == declared.shown(facets.facet_counts(s, q, params, _WhooshDocs(s)))
    ids = search.ids(SearchParams(q="chuyển đổi số", sort="newest"), limit=5)
    assert ids == [int(hit["django_id"]) for hit in s.search(build_query("chuyển đổi số"), limit=5,
                                                            **_sorting("newest"))]


@pytest.mark.django_db
def test_cached_answers_follow_a_deletion_and_a_new_segment(archive):
    from archive.search.engines.whoosh.indexing import index_articles, remove_articles

    queries = [build_query('"nông thôn mới"'), build_query("chuyển đổi số"), build_query("Tỉnh Mẫu Cũ")]
    s = facets.searcher()
    before = [matching.Matcher(s).docs(q) for q in queries]  # fills the per-segment caches
    article = archive["articles"][50]
    remove_articles([article.pk])
    s = facets.searcher()
    for q, old in zip(queries, before, strict=True):
        got = matching.Matcher(s).docs(q)
        assert got.tolist() == sorted(s.docs_for_query(q))
        if q is not queries[-1]:  # every article holds these two
            assert len(got) == len(old) - 1
    index_articles([article.pk])
    s = facets.searcher()
    for q, old in zip(queries, before, strict=True):
        assert matching.Matcher(s).docs(q).tolist() == sorted(s.docs_for_query(q))
        assert len(matching.Matcher(s).docs(q)) == len(old)


def _phrases(seed=7, count=160):
    """Word runs of the archive's own articles (so most occur), and variants of them that
    may not: words swapped, a word dropped, a word repeated, folded and accented forms."""
    from archive.search.analysis import accent_token, fold_token, spans

    rng = np.random.default_rng(seed)
    bodies = list(Article.objects.order_by("pk").values_list("body", flat=True))
    out = []
    while len(out) < count:
        words = [w for w, _, _ in spans(bodies[int(rng.integers(len(bodies)))])]
        n = int(rng.integers(2, 6))
        start = int(rng.integers(0, max(1, len(words) - n)))
        run = words[start:start + n]
        form = accent_token if rng.random() < 0.3 else fold_token
        run = [form(w) for w in run]
        variant = int(rng.integers(4))
        if variant == 1 and len(run) > 2:
            run[0], run[1] = run[1], run[0]
        elif variant == 2 and len(run) > 2:
            del run[1]
        elif variant == 3:
            run.insert(1, run[0])
        out.append((run, int(rng.choice([0, 1, 1, 2, 3]))))
    return out


@pytest.fixture
def arrays_on_disk(monkeypatch, search_index):
    """Every posting list kept as files beside the index (not only those of 1,024 postings or
    more), starting from none, in a process that has read nothing yet."""
    import os
    from pathlib import Path

    monkeypatch.setattr(matching, "ARRAYS_MIN_POSTINGS", 0)
    root = Path(str(search_index).rstrip(os.sep) + matching.ARRAYS_SUFFIX) / matching.ARRAYS_VERSION
    matching._segments.clear()
    yield root
    matching._segments.clear()


@pytest.mark.django_db
@pytest.mark.parametrize("on_disk", [False, True])
def test_numpy_phrases_equal_whooshs_phrase_matcher(s, on_disk, request):
    from whoosh import query as wq

    if on_disk:
        request.getfixturevalue("arrays_on_disk")
    found_some = 0
    for words, slop in _phrases():
        q = wq.Phrase("text", words, slop=slop)
        expected = set(s.docs_for_query(q))
        got = set()
        for leaf, offset in s.reader().leaf_readers():
            local = matching.phrase_docs(leaf, "text", words, slop)
            got.update(int(d) + offset for d in local if not leaf.is_deleted(int(d)))
        assert got == expected, (words, slop)
        found_some += bool(expected)
    assert found_some > 45  # many runs occur: the comparison is not only of empty sets
    if on_disk:  # the phrases' words were kept as files: a new process maps them
        leaf = s.reader().leaf_readers()[0][0]
        in_memory = matching.positions(leaf, "text", "nong")
        matching._segments.clear()
        mapped = matching.positions(leaf, "text", "nong")
        assert isinstance(mapped, np.memmap) and mapped.tolist() == in_memory.tolist()


def _replace_file(path, data):
    """A new file in path's place (this process may have the old one mapped)."""
    import os

    tmp = f"{path}.test"
    with open(tmp, "wb") as fh:
        fh.write(data)
    os.replace(tmp, path)


@pytest.mark.django_db
def test_arrays_on_disk_give_the_same_answers_and_go_with_their_segment(s, arrays_on_disk):
    import io
    import os
    import time

    root = arrays_on_disk
    params = SearchParams(q="chuyển đổi số", filters={"province": ["tinh-mau-cu"]})
    queries = list(_queries())
    first = [matching.Matcher(s).docs(q).tolist() for q in queries]
    s._nghisu_facet_table = None  # built again, from the postings
    facets_before = search.search(params).facets
    leaf = s.reader().leaf_readers()[0][0]
    assert list(root.glob("*/*.ids.npy")) and list(root.glob("*/*.positions.npy"))
    assert list(root.glob("*/*.strings.npy"))  # the facet pairs of each segment
    # Another process: everything from the files.
    matching._segments.clear()
    s._nghisu_facet_table = None
    assert search.search(params).facets == facets_before
    arrays, named = matching.load_kept(leaf, "facet-pairs")
    assert all(isinstance(a, np.memmap) for a in arrays) and [f for f, _ in named] == declared.fieldnames()
    matcher = matching.Matcher(s)
    for q, before in zip(queries, first, strict=True):
        assert matcher.docs(q).tolist() == before == sorted(s.docs_for_query(q)), q
        ranked = facets._ordered(matcher, q, matcher.docs(q), "relevance", 20)
        assert ranked.tolist() == whoosh_relevance_order(s, s.search(q, limit=None))[:20], q
    assert isinstance(matching.postings(leaf, "text", "so")[0], np.memmap)
    assert isinstance(matching.positions(leaf, "text", "so"), np.memmap)
    # A file cut short, or full of zeros (a crash before its bytes reached the disk), does not
    # fit the index: the term is read from the index again, and the file written again.
    path = matching._arrays_path(leaf, "text", "so", "ids")
    good = np.load(path)
    for bad in (open(path, "rb").read()[:20], np.zeros_like(good)):
        matching._segments.clear()
        if isinstance(bad, np.ndarray):
            buffer = io.BytesIO()
            np.save(buffer, bad)
            bad = buffer.getvalue()
        _replace_file(path, bad)
        assert [matching.Matcher(s).docs(q).tolist() for q in queries] == first
        assert np.load(path).tolist() == good.tolist()
    # Arrays of a segment no longer live, of another layout version, and temporary files
    # left by a killed process are removed; the live segments' arrays stay.
    (root / "retiredsegment00").mkdir()
    (root / "retiredsegment00" / "x.ids.npy").write_bytes(b"")
    (root.parent / "v0").mkdir()
    stale = next(root.glob("*/*.ids.npy")).with_suffix(".123-4.tmp")
    stale.write_bytes(b"")
    os.utime(stale, (time.time() - 7200, time.time() - 7200))
    matching.forget_segments_except(matching.live_segment_ids(s), s)
    assert not (root / "retiredsegment00").exists() and not (root.parent / "v0").exists()
    assert not stale.exists()
    assert {p.name for p in root.iterdir()} == matching.live_segment_ids(s)


@pytest.mark.django_db
def test_arrays_go_to_their_own_directory_and_stay_under_their_cap(s, settings, tmp_path, monkeypatch):
    """ARCHIVE_SEARCH_ARRAYS_DIR moves the arrays; past ARCHIVE_SEARCH_ARRAYS_MAX_MB the least
    recently used files go, and every answer is still Whoosh's."""
    import os

    monkeypatch.setattr(matching, "ARRAYS_MIN_POSTINGS", 0)
    settings.ARCHIVE_SEARCH_ARRAYS_DIR = str(tmp_path / "arrays")
    matching._segments.clear()
    queries = list(_queries())
    try:
        for q in queries:
            matching.Matcher(s).docs(q)
        root = matching.arrays_root_of(s.reader().leaf_readers()[0][0]._storage.folder)
        assert root.startswith(str(tmp_path / "arrays"))
        files = [os.path.join(d, f) for d, _, names in os.walk(root) for f in names]
        assert files  # kept there, not beside the index
        total = sum(os.path.getsize(f) for f in files)
        oldest = min(files, key=os.path.getmtime)
        os.utime(oldest, (1, 1))  # used longest ago
        deleted = matching.trim(root, limit=total // 2)
        left = [os.path.join(d, f) for d, _, names in os.walk(root) for f in names]
        assert deleted >= total - total // 2 * 0.9 - 1 and sum(os.path.getsize(f) for f in left) <= total // 2
        assert oldest not in left
        matching._segments.clear()  # another process: what was deleted is read from the index again
        matcher = matching.Matcher(s)
        for q in queries:
            assert matcher.docs(q).tolist() == sorted(s.docs_for_query(q)), q
    finally:
        matching._segments.clear()


# Words of this archive's articles (tests/factories.py), typed with and without diacritics, a
# code, numbers, a word found nowhere, and what readers type between words.
_WORDS = ["chuyển", "chuyen", "đổi", "doi", "số", "so", "hội", "hoi", "nghị", "nghi", "nông", "thôn", "mới",
          "moi", "bài", "17", "5", "khinh", "khí", "cầu", "quyết", "5-NQ/TU", "HĐND", "hội đồng nhân dân",
          "tỉnh", "Mẫu", "Cũ", "phóng", "viên", "quang", "cảnh", "zeppelin", "thường", "vụ"]


@st.composite
def _searches(draw):
    words = draw(st.lists(st.sampled_from(_WORDS), min_size=1, max_size=4))
    if len(words) > 1 and draw(st.booleans()):
        cut = draw(st.integers(1, len(words) - 1))
        text = f'"{" ".join(words[:cut])}" {" ".join(words[cut:])}'  # a quoted phrase and the rest
    else:
        text = " ".join(words)
    filters = {}
    if draw(st.booleans()):
        filters["province"] = draw(st.lists(st.sampled_from(["tinh-mau-cu", "tinh-mau-hien-tai", "tinh-khac-mau"]),
                                            min_size=1, max_size=2, unique=True))
    if draw(st.booleans()):
        filters["year"] = [draw(st.sampled_from(["2019", "2020", "2021", "2022"]))]
    date_from = draw(st.one_of(st.none(), st.dates(dt.date(2019, 1, 1), dt.date(2022, 12, 31))))
    sort = draw(st.sampled_from(["relevance", "newest", "oldest"]))
    return text, SearchParams(q=text, filters=filters, date_from=date_from, sort=sort)


@pytest.mark.django_db
@settings(max_examples=60, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(search=_searches())
def test_random_queries_match_and_order_as_whooshs_own_search(s, search):
    """Any mix of words, phrases, codes, filters and sorts: the same matches as Whoosh's
    docs_for_query and the same order as Whoosh's search (every match scored: < RERANK_DEPTH)."""
    text, params = search
    q, f = build_query(text), _filter_query(params)
    if q is None:
        return
    matcher = matching.Matcher(s)
    whole = q if f is None else q & f
    docs = matcher.docs(whole)
    assert docs.tolist() == sorted(s.docs_for_query(whole)), text
    assert len(docs) <= facets.RERANK_DEPTH
    ordered = facets._ordered(matcher, q, docs, params.sort, len(docs))
    hits = s.search(q, filter=f, limit=None, **_sorting(params.sort))
    expected = whoosh_date_order(s, hits) if params.sort != "relevance" else whoosh_relevance_order(s, hits)
    assert ordered.tolist() == expected, (text, params.sort)


@pytest.mark.django_db
def test_a_search_past_its_cpu_budget_is_refused_with_a_message(client, settings):
    """Issue #27, 2: no search holds a worker past ARCHIVE_SEARCH_SECONDS."""
    url = "/search/?q=h%E1%BB%99i+ngh%E1%BB%8B"  # most of this module's 214 articles, facets and snippets
    assert client.get(url).status_code == 200
    # A budget no search of hundreds of matches can meet (a microsecond of CPU): refused with a
    # message, never a 500; the page, the API and the CSV export alike (a feed reads ids the same way).
    settings.ARCHIVE_SEARCH_SECONDS = 1e-6
    page = client.get(url + "&page=3")
    assert page.status_code == 503 and page["Retry-After"] == "60"
    text = page.content.decode()
    assert "Tìm kiếm này cần quá nhiều thời gian" in text and 'value="hội nghị"' in text
    api = client.get(url.replace("/search/", "/api/search"))
    assert api.status_code == 503 and "quá nhiều thời gian" in api.json()["error"]
    assert client.get(url.replace("/search/", "/search/export.csv")).status_code == 503
    assert client.get("/").status_code == 200  # pages that do not search are not affected
    settings.ARCHIVE_SEARCH_SECONDS = 0  # 0: no limit
    assert client.get(url.replace("/search/", "/api/search")).status_code == 200


@pytest.mark.django_db
def test_documents_repeating_a_phrase_word_past_the_cap_get_their_numpy_score(s, monkeypatch):
    """Issue #27, 2 and 3: Whoosh's span matcher walks every position of a phrase's words in
    Python, so an article of 60,000 "1"s cost 0.12 s per candidate of the query "1.1.1.1"; past
    RESCORE_MAX_POSITIONS occurrences a document gets its numpy score (Whoosh's up to rounding,
    the phrase's presence exact) and the others Whoosh's own."""
    q = build_query('"nông thôn mới"')
    matcher = matching.Matcher(s)
    docs = matcher.docs(q)
    assert len(docs) > 20
    exact = matcher.rescore(q, docs)
    monkeypatch.setattr(matching, "RESCORE_MAX_POSITIONS", 0)  # every candidate repeats them "too often"
    approx = matcher.rescore(q, docs)
    assert np.allclose(approx, matcher.bounds(q, docs))
    assert (approx > 0).tolist() == (exact > 0).tolist()  # the same documents hold the phrase
    assert np.all(approx >= exact - 1e-9) and np.allclose(approx, exact, rtol=0.05)
    monkeypatch.setattr(matching, "RESCORE_MAX_POSITIONS", 4096)
    assert matcher.rescore(q, docs).tolist() == exact.tolist()


@pytest.mark.django_db
def test_a_phrase_found_by_one_process_is_read_by_the_next_from_beside_the_index(s, monkeypatch):
    """A segment never changes, so a phrase's documents are kept in a file beside the index and
    read back (a new web worker, here a process cache emptied) instead of being walked again."""
    monkeypatch.setattr(matching, "PHRASE_FILE_MIN_DOCS", 1)
    q = build_query('"nông thôn mới"')
    phrase = next(part for part in q.leaves() if hasattr(part, "words") and len(part.words) == 3)
    leaves = [leaf for leaf, _offset in s.reader().leaf_readers()]

    def forget():
        for leaf in leaves:
            matching._segment(leaf).phrases.clear()

    forget()
    first = matching.Matcher(s).docs(q)
    files = [matching._arrays_path(leaf, phrase.fieldname, "\0".join(phrase.words) + f"\0{phrase.slop}", "phrase")
             for leaf in leaves]
    kept = [np.load(path) for path in files if os.path.exists(path)]
    assert kept and all(len(k) for k in kept)
    forget()
    assert matching.Matcher(s).docs(q).tolist() == first.tolist() == sorted(s.docs_for_query(q))
    assert all(len(matching._segment(leaf).phrases) for leaf in leaves)  # read back, kept again
