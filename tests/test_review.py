"""The review queue at scale: filters with counts, bulk and per-article decisions, counts that follow writes."""
from django.urls import reverse

from archive import review
from archive.models import Article, PersonMention, Position, Province
from tests.conftest import ARTICLES, SEEDS
from tests.test_curation import reingest

QUEUE = "/admin/archive/personmention/review/"


def facet(response, title):
    return {v["label"]: v["count"] for f in response.context["facets"] if f["title"] == title for v in f["values"]}


def test_filters_count_what_is_pending_and_narrow_the_list(admin_client, ingested_seeds):
    pending_people = PersonMention.objects.filter(verified=False, rejected=False).count()
    response = admin_client.get(QUEUE)
    kinds = facet(response, "Loại")
    assert kinds["Nhân vật"] == pending_people > 0
    assert kinds["Chức vụ"] == Position.objects.filter(verified=False, rejected=False).count()
    assert kinds["Tác giả"] == sum(1 for a in Article.objects.all() if a.authors)
    assert response.context["total"] == sum(kinds.values())
    assert review.cube_drift() == {}

    ben_tre = Province.objects.get(name="Bến Tre")
    in_ben_tre = PersonMention.objects.filter(verified=False, rejected=False, article__province=ben_tre).count()
    response = admin_client.get(QUEUE, {"kind": "person", "province": ben_tre.pk})
    assert response.context["total"] == in_ben_tre > 0
    assert {r.article.province_id for r in response.context["rows"]} == {ben_tre.pk}
    assert {r.kind for r in response.context["rows"]} == {"person"}
    # Counts of one dimension are taken under the other filters: the kinds in Bến Tre only.
    assert facet(response, "Loại")["Nhân vật"] == in_ben_tre
    assert facet(response, "Tỉnh, thành")["Bến Tre"] == in_ben_tre
    year = Article.objects.filter(province=ben_tre).first().date.year
    response = admin_client.get(QUEUE, {"province": ben_tre.pk, "year": year, "sort": "date"})
    assert all(r.article.date.year == year for r in response.context["rows"])
    created = [r.created for r in response.context["rows"]]
    assert created == sorted(created, reverse=True)
    response = admin_client.get(QUEUE, {"band": "high", "kind": "person"})
    assert all(r.confidence >= 0.9 for r in response.context["rows"])

    response = admin_client.get(QUEUE, {"kind": "bogus", "province": "x1"})
    assert response.status_code == 200
    errors = [str(m) for m in response.context["messages"]]
    assert any("kind=“bogus”" in e for e in errors) and any("province=“x1”" in e for e in errors)


def test_bulk_verify_and_every_pending_fact_of_one_article(admin_client, ingested_seeds, tmp_path):
    response = admin_client.get(QUEUE, {"kind": "person"})
    before = facet(response, "Loại")["Nhân vật"]
    chosen = response.context["rows"][:3]
    tokens = [r.token for r in chosen]
    response = admin_client.post(reverse("admin:archive_review_bulk"),
                                 {"fact": tokens, "verdict": "verify", "next": "kind=person"})
    assert response.status_code == 302 and response["Location"] == QUEUE + "?kind=person"
    assert PersonMention.objects.filter(pk__in=[r.pk for r in chosen], verified=True).count() == 3
    after = admin_client.get(QUEUE, {"kind": "person"})
    assert facet(after, "Loại")["Nhân vật"] == before - 3
    assert not {r.token for r in after.context["rows"]} & set(tokens)

    article = Article.objects.get(file_name="000_206ab32a4b857f35.txt")
    response = admin_client.get(QUEUE, {"article": article.pk})
    total = response.context["total"]
    assert total > 5 and {r.article.pk for r in response.context["rows"]} == {article.pk}
    url = reverse("admin:archive_review_article", args=[article.pk, "verify"])
    assert url in response.content.decode()
    admin_client.post(url, {"next": f"article={article.pk}"})
    assert admin_client.get(QUEUE, {"article": article.pk}).context["total"] == 0
    assert not PersonMention.objects.filter(article=article, verified=False, rejected=False).exists()
    article.refresh_from_db()
    assert "authors" in article.curated_fields
    assert review.cube_drift() == {}
    # The verdicts and the counts survive a forced re-ingest of every seed, and a batch of the test
    # articles (one batch moving more cube rows than the one-by-one path takes).
    reingest(SEEDS, ARTICLES, force=True)
    assert not PersonMention.objects.filter(article=article, verified=False, rejected=False).exists()
    assert admin_client.get(QUEUE, {"article": article.pk}).context["total"] == 0
    assert review.cube_drift() == {}
