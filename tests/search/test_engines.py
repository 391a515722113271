"""Both engines on the same archive: the seeds and the test articles, indexed by Whoosh and by
PostgreSQL, give the same matches, counts, facet counts and the same order — relevance too: both
rank by Whoosh's BM25F (archive/search/ranking.py), scores compared rounded, ties by article id.
Needs the PostgreSQL server of `make test-postgres` (skipped on SQLite)."""
import datetime as dt

import pytest
from django.db import connection

from archive import search
from archive.ingest.pipeline import ingest_paths
from archive.search import SearchParams, facets, plan
from archive.search.engines.postgres import PostgresEngine
from archive.search.engines.whoosh.engine import WhooshEngine
from tests.conftest import ARTICLES, SEEDS

on_postgres = pytest.mark.skipif(connection.vendor != "postgresql",
                                 reason="needs the PostgreSQL server of `make test-postgres` (DATABASE_URL is not set)")

TEXTS = ["tỉnh ủy", "tinh uy", "nông thôn mới", '"nông thôn mới"', "hội đồng nhân dân", "HĐND", "nghị quyết 15",
         "15-NQ/TW", "chuyển đổi số", "đại hội", "kỳ họp thứ", "Bí thư Tỉnh ủy", "ban thường vụ", "xyzzy",
         "- / *", "đồng tháp", "bầu cử", "phát triển kinh tế xã hội", "quy hoạch",
         # Issue #25's operators and code forms: the same meaning on both engines.
         "tỉnh ủy -biển", '"sơ kết" OR "tổng kết"', "biển OR đảo", '-"nông thôn mới" hội nghị', "15/NQ-TƯ",
         "nq 15", 'tinh:"Đồng Tháp" hội nghị', "nam:2024 -tỉnh", "tieude:hội", "chuyen doi so", "sơ kết",
         # Phrases the PostgreSQL engine narrows by its pairs index first: a code's number as the
         # next word, words typed with and without diacritics, three words, a quoted phrase.
         "nghị quyết 39", '"nghi quyet so 39"', "chuyển doi so", '"ban thường vụ tỉnh ủy"',
         '"chuyển đổi số"']


@pytest.fixture
def both(db, settings):
    settings.ARCHIVE_SEARCH_ENGINE = "whoosh"
    search.engine.cache_clear()
    assert not ingest_paths([str(SEEDS), str(ARTICLES)]).failed  # indexed by Whoosh
    pg = PostgresEngine()
    assert pg.rebuild() > 30
    yield WhooshEngine(), pg
    search.engine.cache_clear()


def _params():
    for text in TEXTS:
        for sort in ("relevance", "newest", "oldest"):
            yield SearchParams(q=text, sort=sort)
    years = [str(y) for y in range(2007, 2027)]
    yield SearchParams(q="hội nghị", filters={"year": years[-8:]}, sort="newest")
    yield SearchParams(q="tỉnh", date_from=dt.date(2020, 1, 1), sort="oldest")
    yield SearchParams(q="", sort="newest")
    yield SearchParams(q="", sort="oldest")
    yield SearchParams(q="", filters={"province": ["dong-thap"]})


@on_postgres
def test_both_engines_find_and_count_the_same(both):
    whoosh, pg = both
    compared = 0
    for params in _params():
        the_plan = plan.of(params)
        a, b = whoosh.execute(the_plan, params, 20), pg.execute(the_plan, params, 20)
        assert a.count == b.count, params
        assert whoosh.matches_any(the_plan, params) == pg.matches_any(the_plan, params) == (a.count > 0), params
        assert facets.shown(a.facets) == facets.shown(b.facets), params
        assert a.ids == b.ids, params  # the first page
        all_a, all_b = whoosh.ids(the_plan), pg.ids(the_plan)
        assert all_a == all_b, params  # every page: the same hits in the same order
        compared += a.count > 1 and the_plan.sort == "relevance"
    assert compared > 20


def test_postgres_pairs_hold_each_two_neighbours_folded_with_a_codes_number():
    """A phrase's neighbours, folded, are among the pairs of a text that holds it; a code's
    number (its second index term) pairs with its neighbours too."""
    from archive.search.engines.postgres import _analysed, tsquery

    literal, length, extra, pairs = _analysed("Theo Nghị quyết số 39-NQ/TW, chuyển đổi số.", with_pairs=True)
    assert set(pairs.strip("'").split("' '")) == {
        "theo nghi", "nghi quyet", "quyet so", "so 39-nq/tw", "so 39", "39-nq/tw chuyen", "39 chuyen",
        "chuyen doi", "doi so"}
    assert length == 15 and not extra  # "theo" one form; six syllables two; the code and its number
    assert "'39-nq/tw':5 '39':5" in literal and "'so':4,8" in literal
    assert tsquery(plan.Phrase("text", ("quyết", "39"), 1)) == "'quyết' <-> '39'"


@on_postgres
def test_both_engines_score_from_the_same_statistics(both):
    """What BM25F reads, as each engine holds it: the number of documents, each scored field's
    total length, each document's stored (one-byte) length, a term's document frequency."""
    from archive.search import ranking
    from archive.search.engines.postgres import SCORED_FIELDS
    from archive.search.engines.whoosh.search import searcher

    s = searcher()
    assert s.doc_count_all() == s.doc_count()  # no deleted documents: Whoosh counts them (see below)
    with connection.cursor() as cursor:
        cursor.execute("SELECT documents, lengths FROM archive_search_stats")
        documents, totals = cursor.fetchone()
        cursor.execute("SELECT article_id, lengths FROM archive_search_document")
        stored = dict(cursor.fetchall())
    assert documents == s.doc_count_all() == len(stored)
    assert dict(zip(SCORED_FIELDS, totals, strict=True)) == {f: s.field_length(f) for f in SCORED_FIELDS}
    assert s.field_length("text") > 10_000
    for docnum in s.reader().all_doc_ids():
        article = int(s.stored_fields(docnum)["django_id"])
        for i, field in enumerate(SCORED_FIELDS):
            whoosh_length = s.doc_field_length(docnum, field) or 0
            assert ranking.stored_length(stored[article][i]) == whoosh_length, (article, field)
    for field, text in [("text", "tinh"), ("text", "tỉnh"), ("title", "hội"), ("province", "dong-thap")]:
        pg = ranking.idf(_doc_frequency(field, text), documents)
        assert pg == s.idf(field, text) and s.doc_frequency(field, text) > 0, (field, text)


def _doc_frequency(field, text):
    from archive.search.engines.postgres import TEXT_FIELDS, _lexeme

    with connection.cursor() as cursor:
        if field in TEXT_FIELDS:
            cursor.execute(f"SELECT count(*) FROM archive_search_document WHERE {TEXT_FIELDS[field]} @@ %s::tsquery",
                           [_lexeme(text)])
        else:
            cursor.execute("SELECT count(*) FROM archive_search_document WHERE facets @> ARRAY[%s]",
                           [f"{field}:{text}"])
        return cursor.fetchone()[0]


@on_postgres
def test_postgres_statistics_follow_writes_deletes_and_rollbacks(both):
    from django.db import transaction

    from archive.models import Article

    _, pg = both

    def stats():
        with connection.cursor() as cursor:
            cursor.execute("SELECT documents, lengths, generation FROM archive_search_stats")
            return cursor.fetchone()

    def counted():
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*), sum(lengths[1]), sum(lengths[2]) FROM archive_search_document")
            return cursor.fetchone()

    before = stats()
    assert before[0] == counted()[0] and before[1][:2] == list(counted()[1:])
    two = list(Article.objects.order_by("pk").values_list("pk", flat=True)[:2])
    with pytest.raises(RuntimeError), transaction.atomic():
        Article.objects.filter(pk__in=two).delete()  # one statement for both: their rows go with them
        assert stats()[0] == before[0] - 2 and stats()[2] != before[2]
        raise RuntimeError("rolled back")
    assert stats()[:2] == before[:2]
    Article.objects.filter(pk=two[0]).update(title="Một tiêu đề khác hẳn, dài hơn nhiều so với trước đây")
    pg.write([two[0]])  # rewritten: the old row's lengths out, the new one's in
    after = stats()
    assert after[0] == before[0] and after[1][1] != before[1][1] and after[2] != before[2]
    assert after[1][:2] == list(counted()[1:])
    pg.clear()
    assert stats()[:2] == (0, [0] * len(before[1]))


@on_postgres
def test_postgres_documents_change_with_their_articles_in_one_transaction(both):
    from django.db import transaction

    from archive import curation
    from archive.models import Article

    _, pg = both

    def rows(pk):
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM archive_search_document WHERE article_id = %s", [pk])
            return cursor.fetchone()[0]

    first, second, third = Article.objects.order_by("pk")[:3]
    curation.delete_articles(articles=[first])  # through the interface: no on-commit wait
    assert rows(first.pk) == 0
    Article.objects.filter(pk=second.pk).delete()  # even past the interface: the trigger drops it
    assert rows(second.pk) == 0
    with pytest.raises(RuntimeError), transaction.atomic():  # rolled back: the article and its row stay
        Article.objects.filter(pk=third.pk).delete()
        raise RuntimeError("rolled back")
    assert rows(third.pk) == 1 and Article.objects.filter(pk=third.pk).exists()
    assert not pg.drift()


def test_the_postgres_engine_is_refused_without_a_postgresql_database(settings):
    from django.core import checks

    from archive.search.checks import check_search_engine

    settings.ARCHIVE_SEARCH_ENGINE = "postgres"
    settings.DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": "x"}}
    errors = [e for e in check_search_engine(None) if e.level >= checks.ERROR]
    assert errors and "DATABASE_URL" in errors[0].msg
    settings.ARCHIVE_SEARCH_ENGINE = "elastic"
    assert "elastic" in check_search_engine(None)[0].msg
