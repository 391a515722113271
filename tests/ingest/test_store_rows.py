"""store._insert writes mention, position, person and document rows without model instances: the
rows must be exactly those that bulk_create of model instances writes, every column (defaults,
timestamps, derived columns), on SQLite and on PostgreSQL (run the suite via .ci/with-postgres)."""
import datetime as dt

import pytest
from django.apps import apps
from django.utils import timezone
from django.utils.translation import gettext_lazy

from archive.ingest import store
from archive.ingest.pipeline import ingest_paths
from archive.models import PersonMention, Position
from tests import factories as f
from tests.ingest.test_batch_store import _clear_archive, mixed_corpus  # noqa: F401 (a fixture)

NOW = dt.datetime(2025, 3, 4, 5, 6, 7, 891011, tzinfo=dt.UTC)


def _insert_with_instances(model, rows, returning=False):
    """The model-instance path _insert replaces: bulk_create of instances made from the rows."""
    objs = [model(**row) for row in rows]
    model.objects.bulk_create(objs)
    return [obj.pk for obj in objs]


# The review queue's tallies (archive/models/curation.py): counts summed from the facts by a query
# whose row order the database chooses (PostgreSQL's differs from run to run).
DERIVED = {"archive_reviewtally", "archive_reviewcube"}


def _all_rows():
    """Every column of every row of every archive table, in pk order; ids (own and foreign)
    replaced by their rank in their table, so two runs into one database compare."""
    models = list(apps.get_app_config("archive").get_models(include_auto_created=True))
    rank = {m: {pk: i for i, pk in enumerate(m.objects.order_by("pk").values_list("pk", flat=True))} for m in models}
    rows = {}
    for model in models:
        fields = model._meta.concrete_fields
        rows[model._meta.db_table] = [
            tuple(rank[model][v] if fl.primary_key
                  else rank[fl.related_model][v] if fl.is_relation and v is not None else v
                  for fl, v in zip(fields, values, strict=True))
            for values in model.objects.order_by("pk").values_list(*[fl.attname for fl in fields])
        ]
        if model._meta.auto_created:  # many-to-many rows go in in the order of a set of ids: theirs varies
            rows[model._meta.db_table] = sorted(row[1:] for row in rows[model._meta.db_table])
        elif model._meta.db_table in DERIVED:  # sums kept beside the facts: which row holds a sum is no fact
            rows[model._meta.db_table] = sorted(row[1:] for row in rows[model._meta.db_table])
    return rows


NEW_PARAGRAPH = ("Đồng chí Trần Văn Thử, Phó Chủ tịch UBND tỉnh, phát biểu về Nghị quyết số 99-NQ/TU "
                 "ngày 2/3/2024 của Ban Thường vụ Tỉnh ủy.\n\n")


def _ingest_then_edit(corpus):
    """A fresh ingest, then a re-ingest after one file gained a person (a changed article: new
    rows, and mentions moved, among kept ones); the rows after each."""
    ingest_paths([str(corpus)], index=False)
    fresh = _all_rows()
    edited = corpus / "b-articles" / "binh_dinh_btv_2024.txt"
    original = edited.read_text(encoding="utf-8")
    edited.write_text(original.replace("Kết luận hội nghị,", NEW_PARAGRAPH + "Kết luận hội nghị,"), encoding="utf-8")
    try:
        report = ingest_paths([str(corpus)], index=False)
    finally:
        edited.write_text(original, encoding="utf-8")
    assert [r.status for r in report.results if r.status != "unchanged"] == ["updated"]
    return fresh, _all_rows()


def _save_each(model, objs):
    """The path _create_new replaces for new articles and meetings: each instance's save()."""
    for obj in {id(obj): obj for obj in objs if obj is not None and obj.pk is None}.values():
        obj.save()


def test_rows_written_without_instances_are_those_bulk_create_writes(db, mixed_corpus, monkeypatch):  # noqa: F811
    """... and, for new articles, meetings and people, those each instance's save() writes."""
    monkeypatch.setattr(timezone, "now", lambda: NOW)  # created / updated / ingested alike in every run
    fast = _ingest_then_edit(mixed_corpus)
    assert PersonMention.objects.filter(person__name="Trần Văn Thử").count() == 1
    assert Position.objects.filter(person__name="Trần Văn Thử", normalized="Phó Chủ tịch Ủy ban nhân dân tỉnh").exists()
    _clear_archive()
    with monkeypatch.context() as patched:
        patched.setattr(store, "_insert", _insert_with_instances)
        with_instances = _ingest_then_edit(mixed_corpus)
    _clear_archive()
    monkeypatch.setattr(store, "_create_new", _save_each)
    saved = _ingest_then_edit(mixed_corpus)
    for other in (with_instances, saved):
        for fast_rows, other_rows in zip(fast, other, strict=True):
            assert fast_rows.keys() == other_rows.keys()
            for table in fast_rows:
                assert fast_rows[table] == other_rows[table], table
    fresh = fast[0]
    assert len(fresh["archive_personmention"]) > 200 and len(fresh["archive_position"]) > 100
    assert fresh["archive_person"] and fresh["archive_document"] and fresh["archive_meetingmention"]


@pytest.mark.parametrize("path", ["fast", "instances"])
def test_values_of_other_types_are_prepared_as_their_fields_prepare_them(db, monkeypatch, path):
    """int for a float column, a str subclass, a lazy string: what bulk_create makes of them."""
    monkeypatch.setattr(timezone, "now", lambda: NOW)
    insert = store._insert if path == "fast" else _insert_with_instances
    art = f.article(title="Bài", paragraphs=["Nguyễn Văn Bình"], province=f.province("Tỉnh Thử A"))
    person = f.person("Nguyễn Văn Bình", art.province)

    class Text(str):
        pass

    insert(PersonMention, [{"article_id": art.pk, "person_id": person.pk, "start": 0, "end": 15,
                            "text": Text("Nguyễn Văn Bình"), "confidence": 1, "extractor_version": gettext_lazy("x")}])
    row = PersonMention.objects.values().get()
    row.pop("id")
    assert row == {"article_id": art.pk, "person_id": person.pk, "start": 0, "end": 15, "text": "Nguyễn Văn Bình",
                   "confidence": 1.0, "origin": "extracted", "verified": False, "rejected": False,
                   "extractor_version": "x", "created": NOW, "updated": NOW}
    assert type(row["confidence"]) is float


@pytest.mark.parametrize("returning_rows", [True, False])  # False: a database without INSERT … RETURNING
def test_returning_gives_the_ids_in_row_order(db, monkeypatch, returning_rows):
    from django.db import connection

    if not returning_rows and connection.vendor != "sqlite":
        pytest.skip("only SQLite (before 3.35) lacks INSERT … RETURNING among our databases")
    monkeypatch.setattr(type(connection.features), "can_return_rows_from_bulk_insert",
                        property(lambda self: returning_rows))
    art = f.article(title="Bài", paragraphs=["p"], province=f.province("Tỉnh Thử A"))
    person = f.person("Nguyễn Văn Bình", art.province)
    rows = [{"article_id": art.pk, "person_id": person.pk, "start": start, "end": start + 1, "text": str(start)}
            for start in (5, 1, 9, 3)]
    ids = store._insert(PersonMention, rows, returning=True)
    assert [PersonMention.objects.get(pk=pk).start for pk in ids] == [5, 1, 9, 3]
    assert store._insert(PersonMention, [], returning=True) == []
