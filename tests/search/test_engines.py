"""Both engines on the same archive: the seeds and the test articles, indexed by Whoosh and by
PostgreSQL, give the same matches, counts, facet counts and date orders for the same searches.
Needs the PostgreSQL server of `make test-postgres` (skipped on SQLite). Relevance order is each
engine's own (BM25F in Whoosh, ts_rank_cd in PostgreSQL): compared as sets."""
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
         "nq 15", 'tinh:"Đồng Tháp" hội nghị', "nam:2024 -tỉnh", "tieude:hội", "chuyen doi so", "sơ kết"]


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
        assert facets.shown(a.facets) == facets.shown(b.facets), params
        all_a, all_b = whoosh.ids(the_plan), pg.ids(the_plan)
        assert sorted(all_a) == sorted(all_b), params
        if the_plan.sort != "relevance":
            assert all_a == all_b, params  # the same order by the article's date
        compared += a.count > 0
    assert compared > 20


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
