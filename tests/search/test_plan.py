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


def test_a_word_typed_with_diacritics_prefers_its_accented_form_and_requires_its_folded_one():
    assert required("tỉnh") == (AnyOf((Term("text", "tỉnh", 3.0), Term("text", "tinh"))),)
    assert required("tinh") == (Term("text", "tinh"),)


def test_quotes_make_a_phrase_and_kind_number_a_unit_with_slop():
    parts = required('"nông thôn mới" nghị quyết 27')
    assert Phrase("text", ("nong", "thon", "moi")) in parts
    assert Phrase("text", ("nghi", "quyet", "27"), slop=2) in parts


def test_an_abbreviation_and_its_expansion_answer_for_each_other():
    assert required("HĐND") == required("hội đồng nhân dân")
    (clause,) = required("HĐND")
    assert clause == AnyOf((Term("text", "hdnd"), Phrase("text", ("hoi", "dong", "nhan", "dan"))))


def test_codes_stay_whole_and_nothing_searchable_is_none():
    assert Term("text", "15-nq/tw") in required("15-NQ/TW")
    for text in ("- / ( ) *", "   ", '"'):
        assert plan.text_query(text) is None


def test_the_title_boost_and_the_whole_text_as_a_phrase_are_preferences_only():
    preferred = plan.text_query("chuyển đổi số").preferred.parts
    assert Phrase("text", ("chuyen", "doi", "so"), boost=2.0) in preferred
    assert AllOf(tuple(Term("title", w) for w in ("chuyen", "doi", "so")), boost=6.0) in preferred


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
