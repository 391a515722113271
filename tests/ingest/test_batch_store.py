"""Storing in batches (store.Lookups): the same rows as storing file by file, and a file that
fails inside a batch leaves nothing the batch's later files could lean on."""
import shutil

import pytest
from django.db import connection

from archive.ingest import pipeline
from archive.ingest.pipeline import ingest_file, ingest_paths
from archive.models import (
    Article, Document, DocumentMention, Meeting, MeetingMention, Person, PersonMention, Position,
)
from bench import corpus
from tests.conftest import ARTICLES, SEEDS


def _snapshot():
    """Every stored fact by natural keys (ids differ between runs)."""
    return {
        "articles": sorted(Article.objects.values_list("file_name", "slug", "title", "province__name", "source__name")),
        "people": sorted(Person.objects.values_list("slug", "name", "province__name")),
        "documents": sorted(Document.objects.values_list("key", "slug", "issuer", "term", "issued", "subject")),
        "meetings": sorted(Meeting.objects.values_list("key", "slug", "kind", "organ", "date", "location")),
        "meeting_documents": sorted(Meeting.documents.through.objects.values_list("meeting__key", "document__key")),
        "person_mentions": sorted(PersonMention.objects.values_list("article__file_name", "person__slug", "start", "end")),
        "positions": sorted(Position.objects.values_list("article__file_name", "person__slug", "normalized", "start")),
        "document_mentions": sorted(DocumentMention.objects.values_list("article__file_name", "document__slug", "start")),
        "meeting_mentions": sorted(MeetingMention.objects.values_list("article__file_name", "meeting__slug", "start")),
    }


def _clear_archive():
    for model in (Article, Person, Document, Meeting):
        model.objects.all().delete()


@pytest.fixture
def mixed_corpus(tmp_path):
    """Seeds, hand-written articles and generated ones: shared officials, repeated titles."""
    root = tmp_path / "corpus"
    shutil.copytree(SEEDS, root / "a-seeds", ignore=shutil.ignore_patterns("*.jsonl"))
    shutil.copytree(ARTICLES, root / "b-articles", ignore=shutil.ignore_patterns("*.json", "*.md"))
    corpus.write(str(root / "c-generated"), 0, 60, seed=3)
    return root


def test_batched_ingest_stores_what_file_by_file_ingest_stores(db, mixed_corpus, monkeypatch):
    monkeypatch.setattr(pipeline, "COMMIT_EVERY", 7)  # many batches, and people shared across them
    report = ingest_paths([str(mixed_corpus)], index=False)
    assert not report.failed, report.failed
    batched = _snapshot()
    assert len(batched["articles"]) == len(report.results) > 80
    # Repeated names and titles across batches really occur in this corpus.
    assert len({slug for _, slug, *_ in batched["articles"]}) == len(batched["articles"])
    assert any(slug.rsplit("-", 1)[-1].isdigit() for slug, _, _ in batched["people"])
    articles_of = {}
    for file_name, person, _, _ in batched["person_mentions"]:
        articles_of.setdefault(person, set()).add(file_name)
    assert sum(len(files) > 1 for files in articles_of.values()) > 20

    _clear_archive()
    files, _ = pipeline.find_files([str(mixed_corpus)])
    for path in files:
        assert ingest_file(path).status == "ingested"
    assert _snapshot() == batched


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
    (tmp_path / "a.txt").write_text(text.replace(lead, f"Hội nghị bàn việc thực hiện {refused}. {lead}"), encoding="utf-8")
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
