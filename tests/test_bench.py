"""The benchmark's own code at a tiny size: the corpus generator, the parallel ingest and
index path it measures, facet counts from the facet table, and the FTS5 peer. Timings are
bench/'s business; these only check that what is timed is right."""
import sqlite3
from collections import Counter

import pytest

from archive.ingest.extract import extract
from archive.ingest.pipeline import ingest_paths
from archive.models import Article
from archive.search import plan
from archive.search.analysis import accent_token, fold_token, spans
from archive.search.engines.whoosh import bulk
from archive.text import fold, has_diacritics
from bench import corpus, fts5
from bench.queries import benchmark_queries


def test_corpus_is_deterministic_and_in_the_seeds_range():
    a, b = corpus.article(7), corpus.article(7)
    assert a.text == b.text and a.file_name == b.file_name
    assert corpus.article(7, seed=2).text != a.text
    arts = [corpus.article(i) for i in range(60)]
    assert len({x.file_name for x in arts}) == 60
    sizes = [len(x.text.encode()) for x in arts]
    assert min(sizes) >= 3000 and max(sizes) <= 14000
    assert len({x.province for x in arts}) > 30  # spread over the 63 provinces
    assert {x.year for x in arts} <= set(range(2010, 2026))


def test_topical_words_match_a_realistic_share():
    arts = [corpus.article(i) for i in range(300)]
    share = Counter(t for x in arts for t in x.topics)
    assert max(share.values()) / len(arts) < 0.2  # no topic is in every report
    texts = [x.text.lower() for x in arts]
    assert sum("chuyển đổi số" in t for t in texts) / len(texts) < 0.2


def test_extraction_reads_the_generated_facts():
    arts = [corpus.article(i) for i in range(15)]
    facts = [extract(x.text, x.file_name) for x in arts]
    assert sum(f.province.value == x.province for f, x in zip(facts, arts, strict=True)) >= 13
    assert all(f.persons for f in facts)
    # Portal pages carry no publication line; the meeting date in their lead stands in.
    assert all((f.published.value or f.meeting_date.value).year == x.year for f, x in zip(facts, arts, strict=True))


def test_benchmark_queries_cover_the_kinds():
    queries = benchmark_queries()
    assert len(queries) >= 30
    kinds = {q["kind"] for q in queries}
    assert {"topic", "folded", "phrase", "code", "name", "filter year"} <= kinds


@pytest.mark.django_db(transaction=True)
def test_parallel_ingest_and_bulk_index_match_the_single_process_path(tmp_path, client, monkeypatch):
    corpus.write(str(tmp_path / "a"), 0, 8)
    report = ingest_paths([str(tmp_path / "a")], workers=2)
    assert report.counts["ingested"] == 8 and report.indexed == 8
    again = ingest_paths([str(tmp_path / "a")], workers=2)
    assert again.counts["unchanged"] == 8  # the workers' digest check skips extraction
    # The multi-writer rebuild (forced at this size) indexes every article once.
    monkeypatch.setattr(bulk, "PARALLEL_FROM", 1)
    assert bulk.rebuild(procs=2) == 8
    art = corpus.article(3)
    topic = art.topics[0]
    # What each search must find, from the generated texts, read as the query means (issue #25):
    # each of pyvi's words of the query as adjacent syllables, a syllable typed with diacritics
    # as typed and one typed without them folded; quoted, the whole topic in a row. The same
    # sets, typed with and without diacritics, are what the single-process path finds.
    key = {k.rsplit("/", 1)[-1]: k for k in Article.objects.values_list("file_name", flat=True)}
    texts = {key[a.file_name]: list(spans(a.text)) for a in map(corpus.article, range(8))}

    def finding(q, quoted=False):
        typed = [w for w, _, _ in spans(q)]
        groups = [list(range(len(typed)))] if quoted else plan.word_groups(typed)
        form = [accent_token(w) if has_diacritics(w) else fold_token(w) for w in typed]

        def holds(toks):
            both = [(accent_token(w), fold_token(w)) for w, _, _ in toks]
            return all(any(all(form[g] in both[i + k] for k, g in enumerate(group))
                           for i in range(len(both) - len(group) + 1)) for group in groups)
        return {name for name, toks in texts.items() if holds(toks)}

    with_words, with_phrase = finding(topic), finding(topic, quoted=True)
    loose = {name for name, toks in texts.items()
             if {fold_token(w) for w, _, _ in spans(topic)} <= {fold_token(w) for w, _, _ in toks}}
    assert key[art.file_name] in with_phrase and with_words < loose  # adjacency counts here
    cases = ((topic, with_words), (f'"{topic}"', with_phrase), (fold(topic), finding(fold(topic))))
    for q, expected in cases:
        data = client.get("/api/search", {"q": q}).json()
        assert data["count"] == len(expected) and {r["file"] for r in data["results"]} == expected, q
        # Facet counts from the facet table agree with the database: an article counts under the
        # province it names and under the unit that province is part of now, when another.
        provinces = Counter(slug for a in Article.objects.filter(file_name__in=expected).select_related("province")
                            for slug in {a.province.slug, a.province.current_unit.slug})
        assert {f["value"]: f["count"] for f in data["facets"]["province"]} == dict(provinces), q
    everything = client.get("/api/search", {}).json()
    years = {f["value"]: f["count"] for f in everything["facets"]["year"]}
    expected = Counter(str(a.date.year) for a in Article.objects.all() if a.date)
    assert years == dict(expected)
    # Two more articles land in a new index segment; the facet table takes them in.
    corpus.write(str(tmp_path / "b"), 8, 2)
    assert ingest_paths([str(tmp_path / "b")], workers=2).indexed == 2
    everything = client.get("/api/search", {}).json()
    years = {f["value"]: f["count"] for f in everything["facets"]["year"]}
    assert everything["count"] == 10
    assert years == dict(Counter(str(a.date.year) for a in Article.objects.all() if a.date))


def test_fts5_peer_builds_and_answers(tmp_path):
    src = tmp_path / "archive.sqlite3"
    conn = sqlite3.connect(src)
    conn.executescript(
        "CREATE TABLE archive_province (id INTEGER PRIMARY KEY, slug TEXT);"
        "CREATE TABLE archive_source (id INTEGER PRIMARY KEY, slug TEXT);"
        "CREATE TABLE archive_article (id INTEGER PRIMARY KEY, title TEXT, body TEXT, published TEXT,"
        " meeting_date TEXT, province_id INTEGER, source_id INTEGER);"
        "INSERT INTO archive_province VALUES (1, 'dong-thap');"
        "INSERT INTO archive_article VALUES (1, 'Hội nghị', 'Đẩy mạnh chuyển đổi số và Nghị quyết số 27-NQ/TW',"
        " '2023-03-21 10:00:00', NULL, 1, NULL);"
        "INSERT INTO archive_article VALUES (2, 'Kỳ họp', 'Nông thôn mới', '2019-01-02 10:00:00', NULL, NULL, NULL);"
    )
    conn.commit()
    seconds, rows = fts5.build(str(src), str(tmp_path / "fts.sqlite3"))
    assert rows == 2 and seconds >= 0
    peer = sqlite3.connect(tmp_path / "fts.sqlite3")
    count, hits, facets = fts5.search(peer, {"q": "chuyển đổi số"})
    assert count == 1 and "<mark>" in hits[0][1]
    assert fts5.search(peer, {"q": "chuyen so"})[0] == 1  # tone marks folded …
    assert fts5.search(peer, {"q": "chuyen doi so"})[0] == 0  # … but not đ: the peer as shipped
    assert fts5.search(peer, {"q": "27-NQ/TW"})[0] == 1
    assert fts5.search(peer, {"q": '"nông thôn mới"', "year": "2019"})[0] == 1
    assert dict(facets["province"]) == {"dong-thap": 1}


@pytest.mark.django_db
def test_ingest_refuses_a_worker_count_below_one(tmp_path):
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="--workers must be at least 1"):
        call_command("ingest", str(tmp_path), workers=0)


def test_the_benchmark_reads_the_ingest_commands_summary():
    from archive.ingest.pipeline import RunReport
    from bench.run import _ingest_phases

    report = RunReport(indexed=12, store_s=3.25, index_s=0.5)
    assert _ingest_phases(report.summary()) == {"indexed": 12, "store_s": 3.2, "index_s": 0.5}


def test_the_benchmark_tells_the_ingests_processes_apart(tmp_path):
    """CPU by process: the extraction workers and the index writers are told apart by name (both
    run niced, so niceness no longer tells them apart)."""
    from bench import run

    corpus.write(str(tmp_path / "corpus"), 0, 120)
    env = dict(run._env(tmp_path), ARCHIVE_INDEX_PARALLEL_FROM="100")  # enough for the parallel writers
    manage = [run.PY, "manage.py"]
    with open(tmp_path / "steps.log", "w") as log:
        run.run_step("migrate", manage + ["migrate", "--noinput", "-v0"], env, log)
        run.run_step("ingest", manage + ["ingest", str(tmp_path / "corpus"), "--workers", "2", "-v0"], env, log)
    roles = run.cpu_by_role("ingest")
    assert roles["main"] > 0 and roles["extraction"] > 0 and roles["index_writers"] > 0, roles
    assert roles["other"] == 0, roles
