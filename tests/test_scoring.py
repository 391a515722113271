"""The project's own scorer (archive/scoring.py, manage.py score_extractions): matching rules,
figures, every miss listed, and the command end to end on the seeds' own gold copy."""
import io
import json
import subprocess
import sys

import pytest
from django.core.management import CommandError, call_command

from archive import scoring
from tests.conftest import ROOT, SEEDS

SEEDS_GOLD = ROOT / "tests" / "data" / "seeds_gold.jsonl"


def row(**fields):
    base = {"file": "a.txt", "title": "Hội nghị Tỉnh ủy", "province": "Nghệ An", "source": None,
            "published": "2024-05-02", "meeting_date": "2024-05-01", "persons": [], "documents": [], "authors": []}
    return {**base, **fields}


@pytest.mark.parametrize(("gold", "predicted"), [
    ("Ủy viên BCH Trung ương Đảng", "Ủy viên Ban Chấp hành Trung ương Đảng"),
    ("Phó Chủ tịch UBND tỉnh", "phó chủ tịch ủy ban nhân dân tỉnh"),
    ("Chủ tịch HĐND tỉnh", "Chủ tịch Hội đồng nhân dân tỉnh"),
    ("Ủy viên BTV Tỉnh ủy", "Ủy viên Ban Thường vụ Tỉnh uỷ"),
    ("Trưởng đoàn ĐBQH tỉnh", "Trưởng đoàn đại biểu Quốc hội tỉnh"),
    ("Chủ tịch Ủy ban MTTQ Việt Nam tỉnh", "Chủ tịch Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh"),
    ("Ủy viên TƯ Đảng", "Ủy viên Trung ương Đảng"),
    ("Bí thư Thành ủy TP. Hồ Chí Minh", "Bí thư Thành ủy Thành phố Hồ Chí Minh"),
    ("TP Cần Thơ", "Thành phố Cần Thơ"),
    ("khoá XIII", "khóa XIII"),
    ("  Bí thư   Tỉnh ủy. ", "Bí thư Tỉnh ủy"),
    ("Thanh Hoà", "Thanh Hòa"),
])
def test_strings_match_as_a_reader_reads_them(gold, predicted):
    assert scoring.norm(gold) == scoring.norm(predicted)


@pytest.mark.parametrize(("gold", "predicted"), [
    ("Hồ Chí Minh", "Thành phố Hồ Chí Minh"),  # a bare name is not the city
    ("Bí thư Tỉnh ủy", "Phó Bí thư Tỉnh ủy"),
    ("khóa", "khoa"),  # diacritics count
    ("15-NQ/TW", "15-Nghị quyết/Trung ương"),  # never inside a code
])
def test_strings_that_differ_stay_apart(gold, predicted):
    assert scoring.norm(gold) != scoring.norm(predicted)


def test_null_is_a_value():
    assert scoring.norm(None) is None
    result = scoring.score({"a.txt": row(meeting_date=None)}, {"a.txt": row(meeting_date="2024-05-01")})
    assert result.figures()["meeting_date"] == 0.0


@pytest.mark.parametrize(("gold", "predicted", "same"), [
    ("15-NQ/TW", "15-NQ/TƯ", True),
    ("09- NQ/TU", "09-NQ/TU", True),
    ("15-NQ/TW", "15", True),  # a suffix missing on one side matches
    ("05", "05-CT/TW", True),
    ("015-NQ/TW", "15-NQ/TW", True),
    ("15-NQ/TW", "15-NQ/TU", False),
    ("15-NQ/TW", "16-NQ/TW", False),
])
def test_documents_match_by_kind_digits_and_suffix(gold, predicted, same):
    g, p = {"kind": "Nghị quyết", "number": gold}, {"kind": "Nghị quyết", "number": predicted}
    assert scoring.documents_match(g, p) is same
    assert not scoring.documents_match(g, {**p, "kind": "Chỉ thị"})


def test_figures_misses_and_extras():
    gold = {"a.txt": row(
        persons=[{"name": "Nguyễn Văn An", "positions": ["Bí thư Tỉnh ủy"]},
                 {"name": "Trần Thị Bình", "positions": ["Chủ tịch UBND tỉnh"]}],
        documents=[{"kind": "Nghị quyết", "number": "15-NQ/TW", "issuer": "Bộ Chính trị", "date": None}],
        authors=["Minh Anh"]),
        "b.txt": row(file="b.txt", title="Kỳ họp thứ 7")}
    predicted = {"a.txt": row(
        province="Hà Tĩnh",
        persons=[{"name": "Nguyễn Văn An", "positions": ["Bí thư Tỉnh uỷ", "Chủ tịch"]},
                 {"name": "Sở Công Thương", "positions": []}],
        documents=[{"kind": "Nghị quyết", "number": "15-NQ/TƯ", "issuer": "Ban Chấp hành Trung ương",
                    "date": None},
                   {"kind": "Chỉ thị", "number": "05-CT/TW", "issuer": None, "date": None}],
        authors=["Minh Anh"])}
    result = scoring.score(gold, predicted)
    figures = result.figures()
    assert figures["title"] == 0.5 and figures["province"] == 0.0
    assert figures["source"] is None  # a null gold source is not scored
    assert figures["persons"] == {"precision": 0.5, "recall": 0.5, "f1": 0.5, "tp": 1, "predicted": 2, "gold": 2}
    assert figures["positions"]["tp"] == 1 and figures["positions"]["predicted"] == 2
    assert figures["documents"]["precision"] == 0.5 and figures["documents"]["recall"] == 1.0
    assert figures["authors"]["f1"] == 1.0
    assert result.worst() == 0.0  # b.txt has no prediction: every scalar of it is a miss
    misses = set(result.misses)
    assert "b.txt: no prediction" in misses
    assert "a.txt: province gold='Nghệ An' got='Hà Tĩnh'" in misses
    assert "a.txt: missed person trần thị bình" in misses
    assert "a.txt: extra person sở công thương" in misses
    assert "a.txt: extra position ('nguyễn văn an', 'chủ tịch')" in misses
    assert "a.txt: extra document Chỉ thị 05-CT/TW" in misses
    assert "a.txt: document 15-NQ/TW issuer gold='Bộ Chính trị' got='Ban Chấp hành Trung ương'" in misses


def test_an_issuer_matches_with_or_without_its_term():
    doc = {"kind": "Nghị quyết", "number": "18-NQ/TW", "issuer": "Ban Chấp hành Trung ương Đảng khóa XII",
           "date": "2017-10-25"}
    result = scoring.score({"a.txt": row(documents=[doc])},
                           {"a.txt": row(documents=[{**doc, "issuer": "BCH Trung ương Đảng"}])})
    assert result.document_details == {"issuer": [1, 1], "date": [1, 1]}


def test_a_bad_gold_line_is_named(tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps(row()) + "\n{not json\n", encoding="utf-8")
    with pytest.raises(CommandError, match=r"gold\.jsonl, line 2: not a row"):
        call_command("score_extractions", str(gold), stdout=io.StringIO())


@pytest.mark.django_db
def test_scores_the_articles_already_in_the_archive(ingested_seeds):
    out = io.StringIO()
    call_command("score_extractions", str(SEEDS_GOLD), "--json", stdout=out)
    report = json.loads(out.getvalue())
    assert report["worst"] >= 0.95, report["misses"]
    assert set(report["scores"]) == {*scoring.SCALAR_FIELDS, *scoring.SET_FIELDS}
    assert report["scores"]["persons"]["gold"] == 12


@pytest.mark.django_db
def test_min_f1_fails_with_the_misses_listed(ingested_seeds, tmp_path):
    rows = [json.loads(line) for line in SEEDS_GOLD.read_text(encoding="utf-8").splitlines()]
    rows[0]["persons"].append({"name": "Hoàng Văn Thụ", "positions": ["Bí thư Xứ ủy"]})
    gold = tmp_path / "gold.jsonl"
    gold.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    out = io.StringIO()
    with pytest.raises(CommandError) as exc:
        call_command("score_extractions", str(gold), "--min-f1", "1.0", stdout=out)
    assert exc.value.returncode == 1
    assert f"  {rows[0]['file']}: missed person hoàng văn thụ" in out.getvalue()
    assert out.getvalue().splitlines()[-1].startswith("worst ")


def test_command_line_ingests_into_a_throwaway_archive(tmp_path):
    """--articles: a fresh archive of the seeds, scored against the project's own gold copy; the
    configured archive is left as it was."""
    env = {"ARCHIVE_DATA_DIR": str(tmp_path / "data"), "PATH": "/usr/bin:/bin"}
    manage = [sys.executable, str(ROOT / "manage.py")]
    run = subprocess.run([*manage, "score_extractions", str(SEEDS_GOLD), "--articles", str(SEEDS),
                          "--min-f1", "0.95", "--workers", "1"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
    lines = run.stdout.splitlines()
    assert lines[-1] == "worst         1.0000"
    assert any(line.startswith("persons ") and "12 gold" in line for line in lines)
    assert not (tmp_path / "data" / "archive.sqlite3").exists()


REAL = ROOT.parent / "shared" / "real"


@pytest.mark.skipif(not (REAL / "gold.jsonl").exists(),
                    reason="../shared/real (the real development articles) is not beside this checkout")
def test_extraction_on_the_real_development_articles_reaches_0_92(tmp_path):
    """The 40 real articles of ../shared/real, scored in a throwaway archive: every figure >= 0.92."""
    env = {"ARCHIVE_DATA_DIR": str(tmp_path / "data"), "PATH": "/usr/bin:/bin"}
    run = subprocess.run([sys.executable, str(ROOT / "manage.py"), "score_extractions", str(REAL / "gold.jsonl"),
                          "--articles", str(REAL / "articles"), "--json"],
                         cwd=ROOT, env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    report = json.loads(run.stdout)
    assert report["worst"] >= 0.92, (report["scores"], report["misses"])
