"""Our Vietnamese analysis: the traps Haystack and pyvi set, each with a test."""
import pytest
from whoosh.fields import KEYWORD, TEXT

from archive.search.analysis import forms, spans, tokens
from archive.search.engines.whoosh.backend import VietnameseWhooshBackend
from archive.search.engines.whoosh.fields import VietnameseAnalyzer
from archive.search.engines.whoosh.search import build_query
from archive.search.snippets import snippet_html


def texts(value):
    return [t.text for t in VietnameseAnalyzer()(value)]


def test_folded_and_accented_forms_share_a_position():
    toks = [(t.text, t.pos) for t in VietnameseAnalyzer()("Tỉnh uỷ", positions=True)]
    assert toks == [("tinh", 0), ("tỉnh", 0), ("uy", 1), ("ủy", 1)]


def test_old_and_new_tone_marks_index_alike():
    assert texts("Tỉnh uỷ khoá X") == texts("Tỉnh ủy khóa X")


def test_no_english_stop_words_or_stemming():
    assert texts("an ninh tổ chức") == ["an", "ninh", "to", "tổ", "chuc", "chức"]
    assert texts("thể") == ["the", "thể"]


def test_codes_and_dates_stay_whole():
    assert [t for t, _, _ in tokens("Nghị quyết số 15-NQ/TW ngày 30/7/2007")] == [
        "nghi", "quyet", "so", "15-nq/tw", "ngay", "30/7/2007"]
    assert [t for t, _, _ in tokens("Quyết định 1234/QĐ-UBND")][-1] == "1234/qd-ubnd"


def test_offsets_point_into_the_original_text():
    text = "Hội nghị Tỉnh uỷ 15-NQ/TW"
    pieces = [(t.text, text[t.startchar:t.endchar]) for t in VietnameseAnalyzer()(text, chars=True)]
    assert pieces == [("hoi", "Hội"), ("hội", "Hội"), ("nghi", "nghị"), ("nghị", "nghị"), ("tinh", "Tỉnh"),
                      ("tỉnh", "Tỉnh"), ("uy", "uỷ"), ("ủy", "uỷ"), ("15-nq/tw", "15-NQ/TW"), ("15", "15-NQ/TW")]
    assert [text[s:e] for _, s, e in spans(text)] == ["Hội", "nghị", "Tỉnh", "uỷ", "15-NQ/TW"]


def test_forms_of_plain_syllable_is_one():
    assert forms("an") == ("an",)
    assert forms("Đảng") == ("dang", "đảng")


def test_backend_schema_uses_our_analyzer_everywhere(search_index):
    from haystack import connections

    backend = connections["default"].get_backend()
    backend.setup()
    for name in backend.schema.names():
        field = backend.schema[name]
        if isinstance(field, TEXT):
            assert isinstance(backend, VietnameseWhooshBackend)
            assert [t.text for t in field.analyzer("toàn an")] == ["toan", "toàn", "an"]
    assert isinstance(backend.schema["person"], KEYWORD)
    assert not any(name.endswith("_exact") for name in backend.schema.names())


@pytest.mark.django_db
def test_query_builder_never_uses_query_syntax():
    assert build_query("- / ( ) *") is None
    assert build_query("   ") is None
    assert build_query('"') is None
    assert "15-nq/tw" in str(build_query("15-NQ/TW"))


def test_snippet_marks_whole_syllables_and_escapes():
    html = snippet_html("Toàn tỉnh bảo đảm an ninh <script>", {"an"})
    assert "<mark>an</mark> ninh" in html
    assert "To<mark>" not in html and "<script" not in html and "&lt;script" in html


def test_postings_are_the_ones_whooshs_text_field_makes():
    """VietnameseText.index (postings from each distinct word's positions) gives the tuples, in
    the order, that Whoosh's TEXT makes from the tokenizer's tokens: words spelt several ways that
    share a term (case, old tone placement, NFD), repeated words, codes and their numbers."""
    import unicodedata

    from whoosh.fields import TEXT

    from archive.search.engines.whoosh.fields import VietnameseAnalyzer, VietnameseText

    texts = [
        "Tỉnh ủy họp. Tỉnh uỷ, tỉnh ủy và TỈNH ỦY; tinh uy khóa XV, khoá XV, Khóa xv.",
        unicodedata.normalize("NFD", "Hội nghị lần thứ 15 Ban Chấp hành Đảng bộ tỉnh khóa XV (nhiệm kỳ 2020-2025)"),
        "Nghị quyết số 39-NQ/TW, Nghị quyết 39, 39-nq/tw và Quyết định 1234/QĐ-UBND ngày 30/7/2007: 39 39 39.",
        "hoặc hoặc Hoặc; Đà Nẵng, Da Nang, đà nẵng, ĐÀ NẴNG " * 3,
        "một",
        "",
    ]
    ours, plain = (VietnameseText(analyzer=VietnameseAnalyzer(), phrase=True),
                   TEXT(analyzer=VietnameseAnalyzer(), phrase=True))
    for text in texts:
        assert ours.index(text) == list(plain.index(text)), text
