"""Segments are separate files: Whoosh reads a compound segment's parts through in-memory
copies, so every search process held its own copy of the postings."""
from archive.models import Article
from archive.search import bulk, indexing


def test_every_index_write_leaves_separate_segment_files(ingested_seeds, search_index, monkeypatch):
    ids = list(Article.objects.values_list("pk", flat=True))
    indexing.index_articles(ids[:2])  # single writer, replacing
    monkeypatch.setattr(bulk, "PARALLEL_FROM", 1)
    bulk.index_articles_bulk(ids, procs=2)  # parallel writers, replacing
    indexing.remove_articles(ids[:1])  # a deleting commit (it may merge)
    names = [p.name for p in search_index.iterdir()]
    assert any(name.endswith(".pst") for name in names), names
    assert not any(name.endswith(".seg") for name in names), names


def test_haystack_rebuild_index_takes_the_same_path(ingested_seeds, search_index):
    from django.core.management import call_command

    from archive.search.facets import SearchParams, run_search

    call_command("rebuild_index", interactive=False, verbosity=0)
    names = [p.name for p in search_index.iterdir()]
    assert not any(name.endswith(".seg") for name in names), names
    assert run_search(SearchParams(q="Tỉnh ủy")).count == Article.objects.count() > 0
