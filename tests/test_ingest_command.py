"""The ingest and export commands end to end: real files, real SQLite, real Whoosh index."""
import io
import json
import shutil
import subprocess
import sys

import pytest
from django.core.management import CommandError, call_command

from archive import scoring
from archive.models import Article, Document, Meeting, Person, PersonMention, Position, Province
from tests.conftest import ROOT, SEEDS

GOLD = ROOT / "tests" / "data" / "seeds_gold.jsonl"  # the project's own copy of the seeds' facts
GOLD_KEYS = {"file", "title", "province", "source", "published", "meeting_date", "persons", "documents", "authors"}


def run_ingest(*paths, **options):
    out, err = io.StringIO(), io.StringIO()
    call_command("ingest", *map(str, paths), stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


def snapshot():
    models = (Article, Person, Position, PersonMention, Document, Meeting)
    counts = {m.__name__: m.objects.count() for m in models}
    stamps = {
        m.__name__: sorted(map(str, m.objects.values_list("updated", flat=True)))
        for m in (Article, Person, Document, Meeting)
    }
    return counts, stamps


@pytest.mark.django_db
def test_ingest_seeds_gives_five_articles_in_four_provinces():
    out, _ = run_ingest(SEEDS)
    assert out.count("ingested: ") == 5
    assert "5 files: 5 ingested" in out
    assert Article.objects.count() == 5
    per_province = {
        p.name: p.articles.count() for p in Province.objects.filter(articles__isnull=False).distinct()
    }
    assert per_province == {"Đồng Tháp": 2, "Bến Tre": 1, "Hậu Giang": 1, "Thái Bình": 1}


@pytest.mark.django_db
def test_second_ingest_changes_nothing():
    run_ingest(SEEDS)
    before = snapshot()
    out, _ = run_ingest(SEEDS)
    assert out.count("unchanged: ") == 5
    assert snapshot() == before


@pytest.mark.django_db
def test_raw_text_is_stored_exactly_as_decoded():
    run_ingest(SEEDS)
    for path in SEEDS.glob("*.txt"):
        article = Article.objects.get(file_name=path.name)
        assert article.raw_text == path.read_text(encoding="utf-8").replace("\r\n", "\n")
        assert len(article.sha256) == 64


@pytest.mark.django_db
def test_same_person_across_two_articles():
    run_ingest(SEEDS)
    people = Person.objects.filter(name="Lê Quốc Phong")
    assert people.count() == 1
    assert people.get().mentions.values("article").distinct().count() == 2


@pytest.mark.django_db
def test_changed_file_updates_its_article(tmp_path):
    seed = next(SEEDS.glob("000_*.txt"))
    copy = tmp_path / seed.name
    shutil.copy(seed, copy)
    run_ingest(copy)
    article = Article.objects.get(file_name=seed.name)
    copy.write_text(copy.read_text(encoding="utf-8").replace("Ngân Nguyễn", "Minh Anh"), encoding="utf-8")
    out, _ = run_ingest(copy)
    assert out.startswith("updated: ")
    article.refresh_from_db()
    assert article.authors == ["Minh Anh"]
    assert Article.objects.count() == 1


@pytest.mark.django_db
def test_bad_file_is_reported_and_others_still_ingested(tmp_path):
    shutil.copy(next(SEEDS.glob("001_*.txt")), tmp_path / "good.txt")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "latin.txt").write_bytes("Hội nghị".encode("utf-16-le"))
    with pytest.raises(CommandError) as exc:
        run_ingest(tmp_path)
    assert exc.value.returncode == 1
    assert Article.objects.filter(file_name="good.txt").exists()
    assert Article.objects.count() == 1


def test_ingest_cli_exit_code_and_messages(tmp_path, fresh_archive):
    """The real command line: one line per file naming it, non-zero exit on failure."""
    (tmp_path / "empty.txt").write_bytes(b"")
    env = {"ARCHIVE_DATA_DIR": str(fresh_archive(tmp_path / "data")), "PATH": "/usr/bin:/bin"}
    manage = [sys.executable, str(ROOT / "manage.py")]
    run = subprocess.run([*manage, "ingest", str(tmp_path / "empty.txt"), str(tmp_path / "missing")],
                         cwd=ROOT, env=env, capture_output=True, text=True)
    assert run.returncode == 1
    assert "failed: " + str(tmp_path / "empty.txt") + " — the file is empty" in run.stderr
    assert "failed: " + str(tmp_path / "missing") + " — no such file or directory" in run.stderr


@pytest.mark.django_db
def test_export_matches_gold_schema(tmp_path):
    run_ingest(SEEDS)
    out = tmp_path / "pred.jsonl"
    call_command("export_extractions", output=str(out), stderr=io.StringIO())
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 5
    gold = {json.loads(line)["file"]: json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines()}
    for row in rows:
        assert set(row) == GOLD_KEYS
        assert row["file"] in gold
        for person in row["persons"]:
            assert set(person) == {"name", "positions"} and all(isinstance(p, str) for p in person["positions"])
        for doc in row["documents"]:
            assert set(doc) == {"kind", "number", "issuer", "date"}
        assert all(isinstance(a, str) for a in row["authors"])
    scores = scoring.score(scoring.load_file(GOLD), scoring.load_file(out)).figures()
    assert scores["title"] == 1.0 and scores["province"] == 1.0


@pytest.mark.django_db
def test_two_reports_of_one_conference_are_one_meeting(tmp_path):
    lead = ("ĐTO - Chiều ngày 21/3, tại hội trường Sen Hồng, Hội nghị Ban Chấp hành (BCH) Đảng bộ tỉnh "
            "(khóa XI) lần thứ 12 {verb}. Đồng chí Lê Quốc Phong - Bí thư Tỉnh ủy phát biểu.\n")
    for name, verb in (("a.txt", "khai mạc"), ("b.txt", "bế mạc sau hai ngày làm việc")):
        (tmp_path / name).write_text(f"Tin hội nghị {verb}\n\nCập nhật ngày: 21/03/2023 18:00:00\n\n"
                                     + lead.format(verb=verb) + "\nNgân Nguyễn\n", encoding="utf-8")
    run_ingest(tmp_path)
    meeting = Meeting.objects.get()
    assert (meeting.term, meeting.session, str(meeting.date)) == ("XI", "12", "2023-03-21")
    assert meeting.location == "hội trường Sen Hồng"
    assert meeting.mentions.count() == 2


@pytest.mark.django_db
def test_every_fact_keeps_its_span_and_extractor_version():
    from archive.ingest.extract import EXTRACTOR_VERSION
    from archive.models import DocumentMention

    run_ingest(SEEDS)
    article = Article.objects.get(file_name__startswith="004_")
    start, end = article.spans["title"]
    assert article.raw_text[start:end].endswith(article.title)
    for mention in PersonMention.objects.filter(article=article):
        assert article.raw_text[mention.start:mention.end] == mention.person.name
        assert mention.extractor_version == EXTRACTOR_VERSION
    for position in Position.objects.filter(article=article):
        assert article.raw_text[position.start:position.end] == position.text
    codes = {article.raw_text[m.start:m.end] for m in DocumentMention.objects.filter(article=article)}
    assert "Nghị quyết số 15-NQ/TW" in codes
    assert article.extractor_version == EXTRACTOR_VERSION
