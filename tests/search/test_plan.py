"""The plan of each kind of query (archive/search/plan.py), with no index: what a query means is
decided there once, for every engine; and nothing above engines/ knows an engine."""
import ast
import datetime as dt
from pathlib import Path

import pytest

from archive.search import SearchParams, plan
from archive.search.plan import AllOf, AnyOf, DateRange, Everything, Phrase, Ranked, Term

ROOT = Path(__file__).resolve().parent.parent.parent
pytestmark = pytest.mark.django_db  # a query of several words looks known people's names up


def required(text):
    found = plan.text_query(text)
    assert isinstance(found, Ranked)
    return found.required.parts if isinstance(found.required, AllOf) else (found.required,)


def test_a_syllable_typed_with_diacritics_matches_that_syllable_only():
    assert required("tỉnh") == (Term("text", "tỉnh"),)
    assert required("tinh") == (Term("text", "tinh"),)  # every accented form folds to it
    # Either tone-mark placement, any case.
    assert required("thuỷ") == required("thủy") == required("THỦY") == (Term("text", "thủy"),)
    assert required("Đêm") == (Term("text", "đêm"),)


def test_a_query_mixing_accented_and_plain_syllables_is_read_syllable_by_syllable():
    parts = required("quy hoach tỉnh")
    assert Term("text", "tỉnh") in parts
    assert all(t.text.isascii() for p in parts if p != Term("text", "tỉnh") for t in _terms(p))
    assert plan.parse("sơ kết").accented and not plan.parse("so ket").accented
    assert not plan.parse("sơ kết", folded=True).accented
    assert required_of(plan.parse("sơ kết", folded=True)) == required("so ket")


def _terms(clause):
    if isinstance(clause, Term):
        return [clause]
    if isinstance(clause, Phrase):
        return [Term(clause.field, w) for w in clause.words]
    return [t for p in getattr(clause, "parts", ()) for t in _terms(p)]


def required_of(text_query):
    r = text_query.query.required
    return r.parts if isinstance(r, AllOf) else (r,)


def test_the_querys_words_must_be_adjacent_syllables():
    assert required("chuyển đổi số") == (Phrase("text", ("chuyển", "đổi")), Term("text", "số"))
    assert required("nông thôn mới") == (Phrase("text", ("nông", "thôn")), Term("text", "mới"))
    # Unaccented: the longest words of pyvi's dictionary, folded.
    assert required("chuyen doi so") == (Phrase("text", ("chuyen", "doi")), Term("text", "so"))
    assert required("nong thon moi") == (Phrase("text", ("nong", "thon")), Term("text", "moi"))
    assert required("sơ kết") == (Phrase("text", ("sơ", "kết")),)


def test_quotes_make_a_phrase_and_kind_number_a_unit_with_slop():
    parts = required('"nông thôn mới" nghị quyết 27')
    assert Phrase("text", ("nông", "thôn", "mới")) in parts
    assert Phrase("text", ("nghi", "quyet", "27"), slop=2) in parts
    assert Phrase("text", ("nghi", "quyet", "84"), slop=2) in required("nq 84")


def test_codes_match_however_their_parts_are_joined():
    one = required("84-NQ/CP")
    assert one == required("84/NQ-CP") == required("84 NQ/CP") == required("84/nq-cp")
    (clause,) = one
    assert {t.text for t in clause.parts} == {"84-nq/cp", "84/nq-cp", "84-nq-cp", "84/nq/cp"}
    # Telex turns the W of TW into Ư: "15-NQ/TƯ" is the Central Committee's code, not a Tỉnh ủy's.
    assert required("15-NQ/TƯ") == required("15/NQ-TW") == required("15 NQ/TW") == required("15 NQ TW")
    assert Term("text", "15-nq/tw") in required("15-NQ/TƯ")[0].parts
    assert Term("text", "15-nq/tu") not in required("15-NQ/TƯ")[0].parts
    assert Term("text", "15-nq/tu") in required("15-NQ/TU")[0].parts
    assert plan.parse("15/NQ-TƯ về đất đai").codes == ("15-nq/tw",)
    assert plan.canonical_code("202/2025/QH15") == "202/2025/qh15"
    # Two numbers and words are no code.
    assert plan.parse("2 ban ngành").codes == ()


def test_an_abbreviation_and_its_expansion_answer_for_each_other():
    assert required("HĐND") == required("hội đồng nhân dân")
    (clause,) = required("HĐND")
    assert clause == AnyOf((Term("text", "hdnd"), Phrase("text", ("hoi", "dong", "nhan", "dan"))))


def test_codes_stay_whole_and_nothing_searchable_is_none():
    assert Term("text", "15-nq/tw") in required("15-NQ/TW")[0].parts
    for text in ("- / ( ) *", "   ", '"'):
        assert plan.text_query(text) is None


def test_operators_exclude_or_and_quote():
    parts = required("kinh tế -biển")
    assert parts == (Phrase("text", ("kinh", "tế")), plan.Not(Term("text", "biển")))
    assert required("biển OR đảo") == (AnyOf((Term("text", "biển"), Term("text", "đảo"))),)
    # OR joins the word before and the word after, pyvi's words included.
    assert required("nông thôn OR đô thị mới") == (
        AnyOf((Phrase("text", ("nông", "thôn")), Phrase("text", ("đô", "thị")))), Term("text", "mới"))
    assert required('"nông thôn" OR "đô thị"') == required("nông thôn OR đô thị")
    # Inside quotes, operator characters are text.
    assert required('"biển -đảo OR tiêu:đề"') == (Phrase("text", ("biển", "đảo", "or", "tiêu", "đề")),)
    assert required("-biển") == (plan.Not(Term("text", "biển")),)
    assert plan.parse("kinh tế -biển").highlight == {"kinh", "tế"}


def test_field_prefixes():
    # A prefix reads the item after it: one word, or a quoted phrase.
    assert required("tieude:chuyển đổi") == (Term("title", "chuyển"), Term("text", "đổi"))
    assert required('tieude:"chuyển đổi số"') == (Phrase("title", ("chuyển", "đổi")), Term("title", "số"))
    assert required("nam:2024 sơ kết") == (Term("year", "2024"), Phrase("text", ("sơ", "kết")))
    # A name the archive does not know is still looked for in the text, as a phrase.
    assert required('nguoi:"Lê Văn Không Có"') == (Phrase("text", ("lê", "văn", "không", "có")),)
    assert required("vanban:84/NQ-CP") == required("84-NQ/CP")


def test_the_title_boost_and_the_whole_text_as_a_phrase_are_preferences_only():
    preferred = plan.text_query("chuyển đổi số").preferred.parts
    assert Phrase("text", ("chuyển", "đổi", "số"), boost=2.0) in preferred
    assert Phrase("text", ("chuyển", "đổi", "số"), slop=6) in preferred  # near each other
    assert AllOf(tuple(Term("title", w) for w in ("chuyển", "đổi", "số")), boost=6.0) in preferred


def test_filters_sort_and_page_of_a_plan():
    params = SearchParams(filters={"province": ["ha-noi", "hue"], "year": ["2020"]},
                          date_from=dt.date(2020, 8, 8), sort="relevance", page=3)
    p = plan.of(params)
    assert p.query == Everything() and p.sort == "newest" and p.page == 3  # no text: no relevance
    province, year, dates = p.filters.parts
    assert province == AnyOf((AnyOf((Term("province", "ha-noi"), Term("province_current", "ha-noi"))),
                              AnyOf((Term("province", "hue"), Term("province_current", "hue")))))
    assert year == Term("year", "2020")
    # 00:00 on 8/8 in Hà Nội is 17:00 on 7/8 in UTC.
    assert dates == DateRange("sort_date", dt.datetime(2020, 8, 7, 17, 0), None)
    own, only_dates = plan.facet_filters(params)
    assert own["year"] == Term("year", "2020") and only_dates == DateRange("sort_date", dates.start, None)


CALLERS = ["archive/views.py", "archive/feeds.py", "archive/exports.py", "archive/admin.py", "archive/curation.py",
           "archive/sitemaps.py", *map(str, (ROOT / "archive" / "ingest").rglob("*.py")),
           *map(str, (ROOT / "archive" / "management").rglob("*.py")), *map(str, (ROOT / "bench").glob("*.py"))]
ABOVE_ENGINES = ["__init__.py", "params.py", "plan.py", "facets.py", "snippets.py", "suggest.py", "analysis.py"]


def _imports(path):
    tree = ast.parse(Path(path).read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            yield node.module


# The benchmark measures the Whoosh engine's files on disk (segments, arrays) from a parent process
# without Django: a measurement of the engine, not a use of search.
MEASURES_ENGINE_FILES = {("bench/run.py", "archive.search.engines.whoosh.matching"),
                         ("bench/run.py", "whoosh.filedb.filestore")}


def test_callers_and_the_neutral_modules_reach_no_engine():
    for path in CALLERS:
        for name in _imports(ROOT / path):
            if (str(Path(path).relative_to(ROOT) if Path(path).is_absolute() else path), name) in MEASURES_ENGINE_FILES:
                continue
            assert not name.startswith(("whoosh", "haystack", "archive.search.engines")), (path, name)
    for name in ABOVE_ENGINES:
        for module in _imports(ROOT / "archive" / "search" / name):
            # analysis.py names the engine's module only for schemas pickled under its old path.
            allowed = name == "analysis.py" and module == "archive.search.engines.whoosh"
            assert allowed or not module.startswith(("whoosh", "haystack", "archive.search.engines")), (name, module)
