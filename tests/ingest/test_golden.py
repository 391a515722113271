"""Golden articles: realistic files from other provinces and layouts, with the facts a careful
reader finds in them (tests/data/articles/*.json, the schema of shared/seeds/gold.jsonl)."""
import json

import pytest

from archive import text as vt
from archive.ingest.extract import as_record, extract
from archive.ingest.read import decode
from tests.conftest import ARTICLES

CASES = sorted(ARTICLES.glob("*.txt"))
MEETING_FIELDS = ("kind", "organ", "term", "session", "format", "location")


def norm(value):
    if value is None:
        return None
    return vt.key(vt.expand_abbreviations(str(value))).strip(" .,;:-–—\"'“”")


@pytest.fixture(scope="module", params=CASES, ids=[p.stem for p in CASES])
def case(request):
    path = request.param
    expected = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    facts = extract(decode(path.read_bytes()).text, path.name)
    got = as_record(facts)
    meeting = facts.meeting
    got["meeting"] = {f: getattr(meeting, f) for f in MEETING_FIELDS} if meeting else None
    return expected, got


def test_golden_set_is_large_and_varied():
    assert len(CASES) >= 10
    raw = {p.name: p.read_bytes() for p in CASES}
    assert any(b"\r\n" in data for data in raw.values())
    assert any(not data.decode().isascii() and data.decode() != vt.nfc(data.decode()) for data in raw.values())


@pytest.mark.parametrize("field", ["title", "province", "source", "published", "meeting_date"])
def test_scalar_fields(case, field):
    expected, got = case
    assert norm(got[field]) == norm(expected[field])


def test_people_and_positions(case):
    expected, got = case
    want = {norm(p["name"]): {norm(x) for x in p["positions"]} for p in expected["persons"]}
    have = {norm(p["name"]): {norm(x) for x in p["positions"]} for p in got["persons"]}
    assert have == want


def test_documents(case):
    expected, got = case
    assert {(norm(d["kind"]), norm(d["number"])) for d in got["documents"]} == {
        (norm(d["kind"]), norm(d["number"])) for d in expected["documents"]}
    issuers = {norm(d["number"]): norm(d["issuer"]) for d in got["documents"]}
    dates = {norm(d["number"]): d["date"] for d in got["documents"]}
    for d in expected["documents"]:
        assert issuers[norm(d["number"])] == norm(d["issuer"])
        assert dates[norm(d["number"])] == d["date"]


def test_authors(case):
    expected, got = case
    assert {norm(a) for a in got["authors"]} == {norm(a) for a in expected["authors"]}


def test_meeting(case):
    expected, got = case
    want = expected.get("meeting")  # a golden file that records no meeting expects none
    if want is None:
        assert got["meeting"] is None
        return
    have = got["meeting"] or {}
    assert {f: norm(have.get(f) or None) for f in MEETING_FIELDS} == {f: norm(want.get(f)) for f in MEETING_FIELDS}
