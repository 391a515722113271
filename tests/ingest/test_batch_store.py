"""Storing in batches (store.Lookups): the same rows as storing file by file, and a file that
fails inside a batch leaves nothing the batch's later files could lean on."""
import datetime as dt
import shutil
from types import SimpleNamespace

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from archive import text as vt
from archive.ingest import pipeline, store
from archive.ingest.pipeline import ingest_file, ingest_paths
from archive.models import (
    Article,
    Document,
    DocumentAlias,
    DocumentMention,
    Meeting,
    MeetingMention,
    Person,
    PersonMention,
    Position,
)
from bench import corpus
from tests import factories as f
from tests.conftest import ARTICLES, SEEDS


def _snapshot():
    """Every stored fact by natural keys (ids differ between runs)."""
    return {
        "articles": sorted(Article.objects.values_list("file_name", "slug", "title", "province__name", "source__name")),
        "people": sorted(Person.objects.values_list("slug", "name", "province__name")),
        "documents": sorted(Document.objects.values_list("key", "slug", "issuer", "term", "issued", "subject")),
        "meetings": sorted(Meeting.objects.values_list("key", "slug", "kind", "organ", "date", "location")),
        "meeting_documents": sorted(Meeting.documents.through.objects.values_list("meeting__key", "document__key")),
        "person_mentions": sorted(PersonMention.objects.values_list("article__file_name", "person__slug",
                                                                    "start", "end")),
        "positions": sorted(Position.objects.values_list("article__file_name", "person__slug", "normalized", "start")),
        "document_mentions": sorted(DocumentMention.objects.values_list("article__file_name", "document__slug",
                                                                        "start")),
        "meeting_mentions": sorted(MeetingMention.objects.values_list("article__file_name", "meeting__slug", "start")),
    }


def _clear_archive():
    for model in (Article, Person, Document, Meeting):
        model.objects.all().delete()
    # The review queue's tallies are derived from the rows just deleted (ingest refreshes them).
    from archive.models import ReviewCube, ReviewTally

    ReviewTally.objects.all().delete()
    ReviewCube.objects.all().delete()


@pytest.fixture(scope="module")
def mixed_corpus(tmp_path_factory):
    """Seeds, hand-written articles and generated ones: shared officials, repeated titles. One copy a
    module: a test that edits a file puts it back (test_store_rows)."""
    root = tmp_path_factory.mktemp("mixed") / "corpus"
    shutil.copytree(SEEDS, root / "a-seeds", ignore=shutil.ignore_patterns("*.jsonl"))
    shutil.copytree(ARTICLES, root / "b-articles", ignore=shutil.ignore_patterns("*.json", "*.md"))
    corpus.write(str(root / "c-generated"), 0, 60, seed=3)
    return root


@pytest.fixture(scope="module")
def stored_file_by_file(mixed_corpus, django_db_setup, django_db_blocker):
    """What ingesting mixed_corpus one file at a time stores, in file order (then rolled back): the
    reference each batched ingest below is compared with, made once for them."""
    with django_db_blocker.unblock(), transaction.atomic():
        for path, key in pipeline.find_files([str(mixed_corpus)])[0]:
            assert ingest_file(path, key=key).status == "ingested"
        snapshot = _snapshot()
        transaction.set_rollback(True)
    return snapshot


@pytest.mark.parametrize("workers", [1, 2])
def test_batched_ingest_stores_what_file_by_file_ingest_stores(db, mixed_corpus, stored_file_by_file, monkeypatch,
                                                                workers):
    monkeypatch.setattr(pipeline, "COMMIT_EVERY", 7)  # many batches, and people shared across them
    report = ingest_paths([str(mixed_corpus)], index=False, workers=workers)
    assert not report.failed, report.failed
    files, _ = pipeline.find_files([str(mixed_corpus)])
    assert [r.path for r in report.results] == [path for path, _ in files]  # in file order, 8 files a worker
    batched = _snapshot()
    assert len(batched["articles"]) == len(report.results) > 80
    # Repeated names and titles across batches really occur in this corpus.
    assert len({slug for _, slug, *_ in batched["articles"]}) == len(batched["articles"])
    assert any(slug.rsplit("-", 1)[-1].isdigit() for slug, _, _ in batched["people"])
    articles_of = {}
    for file_name, person, _, _ in batched["person_mentions"]:
        articles_of.setdefault(person, set()).add(file_name)
    assert sum(len(files) > 1 for files in articles_of.values()) > 20

    assert stored_file_by_file == batched


def test_reingest_in_batches_changes_nothing(db, mixed_corpus, monkeypatch):
    monkeypatch.setattr(pipeline, "COMMIT_EVERY", 9)
    ingest_paths([str(mixed_corpus)], index=False)
    before = _snapshot()
    report = ingest_paths([str(mixed_corpus)], index=False, force=True)
    assert {r.status for r in report.results} == {"updated"}
    assert _snapshot() == before


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the refusing trigger is written for SQLite")
def test_file_failing_inside_a_batch_leaves_no_stale_rows_for_later_files(transactional_db, tmp_path):
    """A: new people, then a document the database refuses (a trigger): A's savepoint is rolled
    back, people included. B, later in the same batch, names the same people: they must be
    created again, not taken from what A had made (that would break the batch's commit)."""
    text = (ARTICLES / "binh_dinh_btv_2024.txt").read_text(encoding="utf-8")
    refused = "Kế hoạch số 999-KH/TU ngày 1/7/2024 của Ban Thường vụ Tỉnh ủy"
    lead = "Tham dự hội nghị có các đồng chí:"
    assert lead in text
    (tmp_path / "a.txt").write_text(text.replace(lead, f"Hội nghị bàn việc thực hiện {refused}. {lead}"),
                                    encoding="utf-8")
    (tmp_path / "b.txt").write_text(text + "\nHội nghị kết thúc trong ngày.\n", encoding="utf-8")
    with connection.cursor() as cursor:
        cursor.execute("CREATE TRIGGER refuse_999 BEFORE INSERT ON archive_document WHEN NEW.number = '999-KH/TU' "
                       "BEGIN SELECT RAISE(ABORT, 'refused by the test'); END")
    try:
        report = ingest_paths([str(tmp_path)], index=False)
    finally:
        with connection.cursor() as cursor:
            cursor.execute("DROP TRIGGER refuse_999")
    status = {r.path.rsplit("/", 1)[-1]: r for r in report.results}
    assert status["a.txt"].status == "failed" and "refused by the test" in status["a.txt"].reason
    assert status["b.txt"].status == "ingested"
    assert not Article.objects.filter(file_name="a.txt").exists()
    assert Person.objects.filter(name="Hồ Quốc Thành").count() == 1
    assert PersonMention.objects.filter(article__file_name="b.txt", person__name="Hồ Quốc Thành").exists()
    assert Document.objects.filter(number="271-KH/TU").count() == 1


# --- found by review: what one batch's cache must not get wrong -----------------------------------

TITLE = "Ban Thường vụ Tỉnh ủy cho ý kiến vào dự thảo Báo cáo chính trị trình Đại hội XXI Đảng bộ tỉnh"


@pytest.mark.parametrize("titles", [("lần thứ", "lần thứ", "lần thứ 2"), ("lần thứ 2", "lần thứ", "lần thứ")])
def test_titles_ending_in_a_number_get_distinct_slugs_in_one_batch(db, tmp_path, titles):
    """The second "X" gets x-2, which is also the own slug of "X 2": neither may take it twice."""
    text = (ARTICLES / "binh_dinh_btv_2024.txt").read_text(encoding="utf-8")
    for name, title in zip("abc", titles, strict=True):
        body = text.replace(TITLE, f"Hội nghị Ban Chấp hành Đảng bộ tỉnh {title}") + f"\nGhi chú {name}.\n"
        (tmp_path / f"{name}.txt").write_text(body, encoding="utf-8")
    report = ingest_paths([str(tmp_path)], index=False)
    assert not report.failed, [str(r) for r in report.failed]
    slugs = list(Article.objects.values_list("slug", flat=True))
    assert len(slugs) == len(set(slugs)) == 3


def _document_fact(number, **values):
    fact = dict(kind="Nghị quyết", number=number, issuer="", term="", date=None, subject="",
                spans=[(0, 5)], confidence=1.0)
    return SimpleNamespace(**{**fact, **values})


def test_a_document_reached_by_its_key_and_a_merged_alias_keeps_what_each_filled(db):
    a, b = f.province("Tỉnh Thử A"), f.province("Tỉnh Thử B")
    key_a, key_b = (store.document_key("Nghị quyết", "15-NQ/TU", "", p) for p in (a, b))
    survivor = Document.objects.create(kind="Nghị quyết", number="15-NQ/TU", key=key_b, slug="nq-15", province=b)
    DocumentAlias.objects.create(key=key_a, document=survivor)  # a curator merged A's copy into it
    lookups = store.Lookups()
    lookups._prefetch_keyed(lookups._documents, Document.objects.all(), DocumentAlias, "document", {key_a, key_b})
    first = f.article(title="Bài một", paragraphs=["Nghị quyết 15-NQ/TU"], province=a)
    second = f.article(title="Bài hai", paragraphs=["Nghị quyết 15-NQ/TU"], province=b)
    store._store_documents(first, [_document_fact("15-NQ/TU", issuer="Tỉnh ủy", date=dt.date(2024, 1, 5))],
                           lookups, True)
    store._store_documents(second, [_document_fact("15-NQ/TU", subject="về phát triển du lịch")], lookups, True)
    survivor.refresh_from_db()
    assert (survivor.issuer, survivor.issued, survivor.subject) == (
        "Tỉnh ủy", dt.date(2024, 1, 5), "về phát triển du lịch")


def test_a_curators_edit_saved_while_a_batch_runs_is_kept(db):
    """PostgreSQL lets a curator save while a batch holds its cached copy (SQLite's lock does not)."""
    a = f.province("Tỉnh Thử A")
    key = store.document_key("Nghị quyết", "15-NQ/TU", "", a)
    doc = Document.objects.create(kind="Nghị quyết", number="15-NQ/TU", key=key, slug="nq-15", province=a)
    lookups = store.Lookups()
    lookups._prefetch_keyed(lookups._documents, Document.objects.all(), DocumentAlias, "document", {key})
    Document.objects.filter(pk=doc.pk).update(subject="về du lịch (biên tập)", curated_fields=["subject"])
    art = f.article(title="Bài", paragraphs=["Nghị quyết 15-NQ/TU"], province=a)
    store._store_documents(art, [_document_fact("15-NQ/TU", issuer="Tỉnh ủy", subject="khác")], lookups, True)
    doc.refresh_from_db()
    assert (doc.subject, doc.curated_fields, doc.issuer) == ("về du lịch (biên tập)", ["subject"], "Tỉnh ủy")


def test_same_named_candidates_are_chosen_as_a_fresh_read_would(db):
    """Two spellings of one name both hold a wanted position: the batch picks the one a fresh
    read of the database (in name order) picks, whichever was created in the batch."""
    a, b, c = f.province("Tỉnh Thử A"), f.province("Tỉnh Thử B"), f.province("Tỉnh Thử C")
    art = f.article(title="t", paragraphs=["p"], province=a)
    old = f.person("Nguyễn Văn Bình", a)
    Position.objects.create(person=old, article=art, text="Bí thư", normalized="Bí thư Tỉnh ủy", start=0, end=1)
    lookups = store.Lookups()
    new = store.resolve_person("NGUYỄN VĂN BÌNH", b, [SimpleNamespace(normalized="Chủ tịch UBND tỉnh")], lookups)
    assert new is not old and new.pk is None
    store._create_new(Person, [new])
    Position.objects.create(person=new, article=art, text="Chủ tịch", normalized="Chủ tịch UBND tỉnh", start=0, end=1)
    lookups.positions_added([{"person_id": new.pk, "normalized": "Chủ tịch UBND tỉnh"}])
    wanted = [SimpleNamespace(normalized="Bí thư Tỉnh ủy"), SimpleNamespace(normalized="Chủ tịch UBND tỉnh")]
    assert store.resolve_person("Nguyễn Văn Bình", c, wanted, lookups) == \
        store.resolve_person("Nguyễn Văn Bình", c, wanted, store.Lookups())


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's query plan")
@pytest.mark.parametrize("model", [Article, Person, Document, Meeting])
def test_slug_lookups_probe_the_slug_index_never_scan(db, model):
    """Under the Article ordering SQLite walked the whole table for every batch (quadratic ingest)."""
    bases = [f"hoi-nghi-{i}" for i in range(store.SLUG_CHUNK)]
    sql, params = store._colliding_slugs(model, bases)
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        plan = [row[-1] for row in cursor.fetchall()]
    assert not any(step.startswith("SCAN") for step in plan), plan
    assert any("INDEX" in step and "slug" in step for step in plan), plan


def test_titles_held_are_read_without_touching_articles(db):
    """The Position ordering put the article's date into the DISTINCT: every position row of a
    person named in thousands of reports read its article."""
    a = f.province("Tỉnh Thử A")
    person = f.person("Nguyễn Văn Bình", a)
    for i in range(3):
        art = f.article(title=f"Bài {i}", paragraphs=["p"], province=a)
        Position.objects.create(person=person, article=art, text="Bí thư", normalized="Bí thư Tỉnh ủy",
                                start=i, end=i + 1)
    lookups = store.Lookups()
    with CaptureQueriesContext(connection) as queries:
        assert lookups.held(person) == {vt.key("Bí thư Tỉnh ủy")}
    assert len(queries) == 1 and "archive_article" not in queries[0]["sql"]


def test_titles_held_by_the_batchs_candidates_are_read_in_one_query(db):
    """The candidates a batch has read are asked about in turn: their titles come in one query,
    and titles the batch adds afterwards are seen as a fresh read would see them."""
    a, b = f.province("Tỉnh Thử A"), f.province("Tỉnh Thử B")
    art = f.article(title="Bài", paragraphs=["p"], province=a)
    first, second = f.person("Nguyễn Văn Bình", a), f.person("Nguyễn Văn Bình", b)
    Position.objects.create(person=first, article=art, text="Bí thư", normalized="Bí thư Tỉnh ủy", start=0, end=1)
    lookups = store.Lookups()
    assert {p.pk for p in lookups.persons(vt.key("Nguyễn Văn Bình"))} == {first.pk, second.pk}
    with CaptureQueriesContext(connection) as queries:
        assert lookups.held(first) == {vt.key("Bí thư Tỉnh ủy")}
        assert lookups.held(second) == set()
    assert len(queries) == 1
    Position.objects.create(person=second, article=art, text="Chủ tịch", normalized="Chủ tịch UBND tỉnh",
                            start=2, end=3)
    lookups.positions_added([{"person_id": second.pk, "normalized": "Chủ tịch UBND tỉnh"}])
    assert lookups.held(second) == store.Lookups().held(second) == {vt.key("Chủ tịch UBND tỉnh")}
