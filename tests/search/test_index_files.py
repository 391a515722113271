"""Segments are separate files: Whoosh reads a compound segment's parts through in-memory
copies, so every search process held its own copy of the postings."""
import pytest

from archive.models import Article
from archive.search.engines.whoosh import bulk, indexing


def test_every_index_write_leaves_separate_segment_files(ingested_seeds, search_index, monkeypatch):
    ids = list(Article.objects.values_list("pk", flat=True))
    indexing.index_articles(ids[:2])  # single writer, replacing
    monkeypatch.setattr(bulk, "PARALLEL_FROM", 1)
    bulk.index_articles_bulk(ids, procs=2)  # parallel writers, replacing
    indexing.remove_articles(ids[:1])  # a deleting commit (it may merge)
    names = [p.name for p in search_index.iterdir()]
    assert any(name.endswith(".pst") for name in names), names
    assert not any(name.endswith(".seg") for name in names), names


def test_rebuild_index_takes_the_same_path(ingested_seeds, search_index):
    from django.core.management import call_command

    from archive.search import SearchParams
    from archive.search import search as run_search

    call_command("rebuild_index", interactive=False, verbosity=0)
    names = [p.name for p in search_index.iterdir()]
    assert not any(name.endswith(".seg") for name in names), names
    assert run_search(SearchParams(q="Tỉnh ủy")).count == Article.objects.count() > 0


def _schemas(backend):
    """Our schema, and the same with Whoosh's own TEXT for each of our VietnameseText fields."""
    import copy

    from whoosh.fields import TEXT

    from archive.search.engines.whoosh.fields import VietnameseText

    backend.setup()
    ours = backend.schema
    plain = copy.deepcopy(ours)
    for name in plain.names():
        if isinstance(plain[name], VietnameseText):
            plain[name].__class__ = TEXT
    assert any(isinstance(ours[name], VietnameseText) for name in ours.names())
    return ours, plain


def _write(docs, schema, path, open_writer, runs):
    """docs written in two commits (the second merges the first's segment); what the index holds."""
    from whoosh.filedb.filestore import FileStorage

    ix = FileStorage(str(path)).create().create_index(schema)
    half = len(docs) // 2
    for part, optimize in ((docs[:half], False), (docs[half:], True)):  # optimize: merge the segments
        writer = open_writer(ix)
        for doc in part:
            writer.add_document(**doc)
        runs.append(len(writer.pool.runs))
        writer.commit(optimize=optimize)
    assert ix.doc_count() == len(docs)
    with ix.reader() as reader:  # Whoosh's files are not byte-stable (hash order): compare what they hold
        fields = sorted(reader.indexed_field_names())
        terms = [(f, t, reader.term_info(f, t)) for f, t in reader.all_terms()]
        return {
            "postings": list(reader.iter_postings()),
            "terms": [(f, t, i.weight(), i.doc_frequency(), i.min_length(), i.max_length(), i.max_weight(),
                       i.min_id(), i.max_id()) for f, t, i in terms],
            "lengths": [[reader.doc_field_length(d, f) for f in fields] for d in range(reader.doc_count_all())],
            "stored": list(reader.all_stored_fields()),
            "segments": [s.doc_count_all() for s in ix._segments()],
        }


@pytest.fixture(scope="module")
def whooshs_own_write(tmp_path_factory, django_db_setup, django_db_blocker):
    """The seeds and test articles' index documents, each five times (> 128 postings a term), and
    what Whoosh's own TEXT, W3Codec and SegmentWriter write of them: made once (the articles rolled
    back) for both pool sizes below, which do not change it."""
    from django.db import transaction

    from archive.ingest.pipeline import ingest_paths
    from tests.conftest import ARTICLES, SEEDS, index_at

    top = tmp_path_factory.mktemp("whooshs-own")
    with index_at(top / "whoosh_index"), django_db_blocker.unblock(), transaction.atomic():
        assert not ingest_paths([str(SEEDS), str(ARTICLES)], index=False).failed
        backend = indexing._backend()
        ids = sorted(Article.objects.values_list("pk", flat=True))
        docs = [doc for _, doc in indexing.prepared_documents(indexing.article_index(), backend, ids)]
        _, plain = _schemas(backend)
        transaction.set_rollback(True)
    docs = [{**doc, "id": f"{doc['id']}.{copy_}"} for copy_ in range(5) for doc in docs]
    return docs, _write(docs, plain, top / "plain", lambda ix: ix.writer(compound=False), [])


@pytest.mark.parametrize("limitmb", [128, 1])  # 1 MB: the pool spills runs to disk and merges them
def test_the_writers_shortcuts_write_the_index_whooshs_own_classes_write(db, tmp_path, limitmb, whooshs_own_write):
    """segments.Writer (VietnameseText.index, WritingCodec's field lengths and term-at-a-time
    postings, TermPool and its spilled runs) writes what Whoosh's TEXT, W3Codec and SegmentWriter write: over
    two commits (the second merges the first's segment), with posting lists of several blocks,
    and with the pool spilling runs."""
    docs, whooshs = whooshs_own_write
    ours, _ = _schemas(indexing._backend())
    runs = []
    written = _write(docs, ours, tmp_path / "ours", lambda ix: indexing.open_writer(ix, limitmb=limitmb), runs)
    assert all(runs) if limitmb == 1 else not any(runs)  # spilled in both writes, or not at all
    assert len(written["segments"]) == 1 and len(written["postings"]) > 10_000
    assert max(term[3] for term in written["terms"]) > 128
    assert written == whooshs


def test_index_documents_are_read_in_a_fixed_number_of_queries(db, django_assert_max_num_queries):
    """Reading articles for the index takes the same few queries for 1 or 32 articles: no
    column the documents need is left out of the (narrowed) prefetch and read per mention."""
    from archive.ingest.pipeline import ingest_paths
    from tests.conftest import ARTICLES, SEEDS

    assert not ingest_paths([str(SEEDS), str(ARTICLES)], index=False).failed
    index, backend = indexing.article_index(), indexing._backend()
    ids = sorted(Article.objects.values_list("pk", flat=True))
    with django_assert_max_num_queries(4):
        docs = [doc for _, doc in indexing.prepared_documents(index, backend, ids)]
    assert len(docs) == len(ids) > 30
    assert sum(len(doc["person"]) for doc in docs) > 30 and sum(len(doc["kind"]) for doc in docs) > 10
    assert all(doc["text"] and doc["text_digest"] for doc in docs)
