"""Search through /api/search on the seeds ingested for each test: facets, sorts, snippets, commands."""
import pytest


def files(client, **params):
    data = client.get("/api/search", params).json()
    return [r["file"][:3] for r in data["results"]], data


@pytest.mark.django_db
def test_council_phrase_finds_text_pyvi_would_segment(client, ingested_seeds):
    """Haystack splits on spaces before analysis; our query builder keeps the words together."""
    got, data = files(client, q="hội đồng nhân dân")
    assert set(got) >= {"004"}
    got, _ = files(client, q='"Hội đồng nhân dân thành phố Sa Đéc"')
    assert got == ["004"]


@pytest.mark.django_db
def test_title_match_ranks_first(client, ingested_seeds):
    got, _ = files(client, q="dư địa phát triển")
    assert got[0] == "003"
    got, _ = files(client, q="sơ kết nửa nhiệm kỳ")
    assert got[0] == "001"


@pytest.mark.django_db
def test_accented_query_ranks_exact_diacritics_first(client, ingested_seeds):
    got, _ = files(client, q="sen")
    assert "000" in got
    got, _ = files(client, q="Sen Hồng")
    assert got == ["000"]


@pytest.mark.django_db
def test_facets_have_counts_and_filter(client, ingested_seeds):
    _, data = files(client, q="tỉnh ủy")
    provinces = {f["value"]: f["count"] for f in data["facets"]["province"]}
    assert provinces["dong-thap"] == 2 and provinces["thai-binh"] == 1
    assert provinces["vinh-long"] == 1  # Bến Tre's article, filed under the merged province too
    years = {f["value"]: f["count"] for f in data["facets"]["year"]}
    assert years == {"2023": 3, "2022": 1, "2020": 1}
    got, data = files(client, q="tỉnh ủy", province="dong-thap")
    assert sorted(got) == ["000", "004"]
    got, data = files(client, q="tỉnh ủy", province="dong-thap", year="2023")
    assert got == ["000"]
    # Counts of one facet reflect the other active filters, not its own.
    years = {f["value"]: f["count"] for f in data["facets"]["year"]}
    assert years == {"2023": 1, "2022": 1}
    provinces = {f["value"]: f["count"] for f in data["facets"]["province"]}
    assert provinces["dong-thap"] == 1 and provinces["ben-tre"] == 1


@pytest.mark.django_db
def test_person_document_source_facets(client, ingested_seeds):
    _, data = files(client)
    persons = {f["label"]: f["count"] for f in data["facets"]["person"]}
    assert persons["Lê Quốc Phong"] == 2
    docs = {f["label"]: f for f in data["facets"]["document"]}
    assert "Nghị quyết số 15-NQ/TW" in docs
    got, _ = files(client, document=docs["Nghị quyết số 15-NQ/TW"]["value"])
    assert got == ["004"]
    sources = {f["label"]: f["count"] for f in data["facets"]["source"]}
    assert sources == {"Báo Đồng Tháp": 1, "Báo Đồng Khởi": 1}
    kinds = {f["label"] for f in data["facets"]["kind"]}
    assert "Hội nghị Ban Chấp hành Đảng bộ" in kinds


@pytest.mark.django_db
def test_empty_query_lists_newest_with_facets(client, ingested_seeds):
    got, data = files(client)
    assert data["count"] == 5 and got == ["001", "003", "000", "004", "002"]  # undated 004 by its meeting date
    assert data["facets"]["province"]


@pytest.mark.django_db
def test_sort_and_date_range(client, ingested_seeds):
    got, _ = files(client, q="tỉnh ủy", sort="oldest")
    assert got[0] == "002"
    got, _ = files(client, **{"from": "2023-04-01", "to": "2023-12-31"})
    assert sorted(got) == ["001", "003"]


@pytest.mark.django_db
def test_api_shape_and_escaped_snippets(client, ingested_seeds):
    data = client.get("/api/search", {"q": "nông thôn mới"}).json()
    assert set(data) >= {"query", "count", "page", "pages", "results", "facets"}
    first = data["results"][0]
    assert set(first) >= {"id", "title", "url", "file", "province", "published", "snippet_html"}
    assert "<mark>nông</mark>" in first["snippet_html"].lower()
    assert set(data["facets"]) == {"province", "year", "kind", "person", "document", "source"}


@pytest.mark.django_db
def test_no_hits_suggests_the_other_spelling_only_when_it_finds_something(client, ingested_seeds):
    # Issue #25 point 3: never a suggestion with no hits. The folded spelling finds nothing either.
    data = client.get("/api/search", {"q": "nông thôn cũ xyz"}).json()
    assert data["count"] == 0 and data["suggestion"] is None
    assert client.get("/api/search", {"q": "nong thon cu xyz"}).json()["count"] == 0
    # Typed without diacritics, the query gets the archive's own accents, which find articles.
    data = client.get("/api/search", {"q": "nong thon moi"}).json()
    assert data["suggestion"] == "nông thôn mới"
    assert client.get("/api/search", {"q": data["suggestion"]}).json()["count"] > 0


@pytest.mark.django_db
def test_search_page_renders_marks_filters_and_export(client, ingested_seeds):
    html = client.get("/search/", {"q": "nong thon moi", "province": "dong-thap"}).content.decode()
    assert "1 kết quả" in html and "<mark>" in html
    assert "Bỏ lọc Đồng Tháp" in html
    csv = client.get("/search/export.csv", {"q": "nong thon moi"}).content.decode("utf-8-sig")
    lines = csv.strip().splitlines()
    assert lines[0].startswith("Mã,Tiêu đề,Liên kết,Tệp") and len(lines) == 4


@pytest.mark.django_db
def test_rebuild_and_update_index_commands(client, ingested_seeds):
    from django.core.management import call_command

    call_command("clear_index", interactive=False, verbosity=0)
    assert client.get("/api/search", {"q": "nông thôn mới"}).json()["count"] == 0
    call_command("update_index", verbosity=0)
    assert client.get("/api/search", {"q": "nông thôn mới"}).json()["count"] == 3
    call_command("rebuild_index", interactive=False, verbosity=0)
    assert client.get("/api/search", {"q": "nong thon moi"}).json()["count"] == 3


@pytest.mark.django_db
def test_reingest_of_a_changed_file_reaches_the_index(client, tmp_path):
    import shutil

    from archive.ingest.pipeline import ingest_paths
    from tests.conftest import SEEDS

    seed = next(SEEDS.glob("002_*.txt"))
    copy = tmp_path / seed.name
    shutil.copy(seed, copy)
    ingest_paths([str(copy)])
    assert client.get("/api/search", {"q": "khinh khí cầu zeppelin"}).json()["count"] == 0
    changed = copy.read_text(encoding="utf-8").replace("Tỉnh ủy còn Tổng kết",
                                                        "Tỉnh ủy bàn về khinh khí cầu Zeppelin, Tổng kết")
    copy.write_text(changed, encoding="utf-8")
    ingest_paths([str(copy)])
    assert client.get("/api/search", {"q": "khinh khi cau zeppelin"}).json()["count"] == 1
