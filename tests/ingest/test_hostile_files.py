"""Hostile article files: each is decoded or refused with a message naming the file and the reason.

The per-kind tests go through ``decode`` (pure, fast); one end-to-end test puts
every hostile file next to two good ones in a directory and runs the real
``ingest`` command: one message per file, nothing half-written, the good files
ingested and a non-zero exit code.
"""
import codecs
import io
import os
import shutil
import unicodedata

import pytest
from django.core.management import CommandError, call_command

from archive.ingest.read import MAX_BYTES, UnreadableFile, decode
from archive.models import Article, PersonMention
from tests.conftest import SEEDS

TEXT = ("Hội nghị Ban Chấp hành Đảng bộ tỉnh Đồng Tháp lần thứ 12, khóa XI\n\n"
        "Đồng chí Lê Quốc Phong, Bí thư Tỉnh ủy phát biểu chỉ đạo hội nghị về ưu tiên phát triển.\n")


def cp1258(text):
    """Windows-1258 bytes as Vietnamese software wrote them: base letter, then the tone as a combining mark."""
    out = b""
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", ch)
            tones = "".join(m for m in parts if m in "\u0300\u0301\u0309\u0303\u0323")
            base = unicodedata.normalize("NFC", "".join(m for m in parts if m not in tones))
            out += base.encode("cp1258") + tones.encode("cp1258")
    return out


# The same sentence as VNI Windows and TCVN3 (ABC) fonts stored it (each byte one Latin-1 glyph).
VNI = "Hoäi nghò Ban Chaáp haønh Ñaûng boä tænh Ñoàng Thaùp laàn thöù 12".encode("cp1252")
TCVN3 = "Héi nghÞ Ban ChÊp hµnh §¶ng bé tØnh §ång Th¸p lÇn thø 12".encode("latin-1")


@pytest.mark.parametrize("data", [
    codecs.BOM_UTF8 + TEXT.encode(),
    TEXT.encode("utf-16"),  # with its BOM
    cp1258(TEXT),
    unicodedata.normalize("NFD", TEXT).encode(),
    TEXT.replace("\n", "\r\n").encode(),
    TEXT.replace("\n", "\r").encode(),
], ids=["utf8-bom", "utf16-bom", "windows-1258", "nfd", "crlf", "cr"])
def test_decodable_files_give_the_same_nfc_text(data):
    decoded = decode(data)
    assert decoded.text == TEXT
    assert unicodedata.is_normalized("NFC", decoded.text)


def test_windows_1258_is_named_as_such():
    assert decode(cp1258(TEXT)).encoding == "windows-1258"


@pytest.mark.parametrize("data, reason", [
    (b"", "the file is empty"),
    (b" \r\n\t\n", "the file is empty"),
    (codecs.BOM_UTF8 + b"\r\n", "the file is empty"),
    (bytes(range(256)) * 4, "binary content"),
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "a PDF document"),
    (b"PK\x03\x04\x14\x00\x06\x00", "ZIP archive"),
    (TEXT.encode("utf-16-le"), "UTF-16-LE text without a byte-order mark"),
    (VNI, "legacy VNI"),
    (TCVN3, "legacy TCVN3"),
    ("Café crème, à la française, garçon".encode("cp1252"), "not valid UTF-8 text"),
    (b"<!DOCTYPE html>\n<html><head><title>Tin</title></head><body><p>" + TEXT.encode() + b"</p></body></html>",
     "an HTML page"),
    (("<div class=\"x\"><span>" + "<a href=\"/t\">tin</a> " * 30 + "</span></div>").encode(), "HTML markup"),
], ids=["empty", "blank", "bom-only", "binary", "pdf", "zip", "utf16-nobom", "vni", "tcvn3", "latin1", "html-page",
        "html-fragment"])
def test_refused_files_say_why(data, reason):
    with pytest.raises(UnreadableFile, match=reason):
        decode(data)


def test_a_few_tags_in_an_article_are_text_not_html():
    text = "Bài viết nói về thẻ <script>alert(1)</script> trong trang web.\n" + TEXT
    assert decode(text.encode()).text == text


def test_oversized_file_is_refused_with_its_size():
    with pytest.raises(UnreadableFile, match=r"the file is 50\.0 MB; an article file is at most 5 MB"):
        decode(b"a" * (50 * 1024 * 1024))
    assert MAX_BYTES == 5 * 1024 * 1024


@pytest.fixture
def hostile_dir(tmp_path):
    root = tmp_path / "in"
    root.mkdir()
    good = sorted(SEEDS.glob("*.txt"))[:2]
    for path in good:
        shutil.copy(path, root / path.name)
    files = {
        "empty.txt": b"",
        "binary.txt": bytes(range(256)) * 8,
        "vni.txt": VNI,
        "tcvn3.txt": TCVN3,
        "page.txt": b"<!doctype html><html><body>" + TEXT.encode() + b"</body></html>",
        "big.txt": b"x" * (50 * 1024 * 1024),
        "bom.txt": codecs.BOM_UTF8 + TEXT.replace("\n", "\r\n").encode(),
        "utf16.txt": TEXT.encode("utf-16"),
        "win1258.txt": cp1258(TEXT.replace("Đồng Tháp", "Bến Tre")),
        "nfd.txt": unicodedata.normalize("NFD", TEXT.replace("Đồng Tháp", "Hậu Giang")).encode(),
        "cr.txt": TEXT.replace("Đồng Tháp", "Thái Bình").replace("\n", "\r").encode(),
        "notitle.txt": ("Đồng chí Lê Văn Hai phát biểu tại hội nghị về kinh tế xã hội,"
                        " không có tiêu đề hay ngày.\n").encode(),
        "copy.txt": (SEEDS / good[0].name).read_bytes(),  # the same content under a second name
    }
    for name, data in files.items():
        (root / name).write_bytes(data)
    (root / "gone.txt").symlink_to(root / "does-not-exist")  # unreadable: a dangling link
    (root / "loop").mkdir()
    (root / "loop" / "back").symlink_to(root, target_is_directory=True)  # a directory symlink loop
    return root, [p.name for p in good]


@pytest.mark.django_db
def test_ingest_of_a_hostile_directory(hostile_dir):
    root, good = hostile_dir
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError) as exc:
        call_command("ingest", str(root), stdout=out, stderr=err)
    assert exc.value.returncode == 1
    err, out = err.getvalue(), out.getvalue()
    expect_failed = {
        "empty.txt": "the file is empty",
        "binary.txt": "binary content",
        "vni.txt": "legacy VNI",
        "tcvn3.txt": "legacy TCVN3",
        "page.txt": "an HTML page",
        "big.txt": "the file is 50.0 MB",
        "gone.txt": "cannot read the file",
    }
    for name, reason in expect_failed.items():
        line = next((ln for ln in err.splitlines() if ln.startswith(f"failed: {root / name} — ")), "")
        assert reason in line, (name, err)
    assert f"duplicate: {root / 'copy.txt'} — same content as {good[0]}" in out
    # Each file is reported exactly once, even though the loop reaches the directory twice.
    assert out.count(f"{root / good[0]}") == 1 and f"{root / 'loop'}" not in out + err
    stored = set(Article.objects.values_list("file_name", flat=True))
    assert stored == {*good, "bom.txt", "utf16.txt", "win1258.txt", "nfd.txt", "cr.txt", "notitle.txt"}
    assert not stored & set(expect_failed)  # nothing half-written for a refused file
    for name in ("bom.txt", "utf16.txt", "win1258.txt", "nfd.txt", "cr.txt"):
        article = Article.objects.get(file_name=name)
        assert "\r" not in article.raw_text and unicodedata.is_normalized("NFC", article.raw_text)
        assert article.title.startswith("Hội nghị Ban Chấp hành Đảng bộ tỉnh")
    assert PersonMention.objects.filter(article__file_name="win1258.txt", person__name="Lê Quốc Phong").exists()
    untitled = Article.objects.get(file_name="notitle.txt")
    assert untitled.published is None and untitled.title  # the first line stands in for a title
    assert f"ingested: {root / 'notitle.txt'} — warning: no date found" in out  # stored, and the reader told
    assert "warning" not in next(ln for ln in out.splitlines() if str(root / good[0]) in ln)
    # Running again changes nothing and still says which files are bad.
    out2, err2 = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError):
        call_command("ingest", str(root), stdout=out2, stderr=err2)
    assert err2.getvalue().count("failed: ") == len(expect_failed)
    assert set(Article.objects.values_list("file_name", flat=True)) == stored


@pytest.mark.django_db
@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode; the dangling link covers it")
def test_file_without_read_permission(tmp_path):
    path = tmp_path / "secret.txt"
    path.write_text(TEXT, encoding="utf-8")
    path.chmod(0)
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("ingest", str(path), stdout=io.StringIO(), stderr=err)
    assert f"failed: {path} — cannot read the file: Permission denied" in err.getvalue()


@pytest.mark.timeout(60)
@pytest.mark.parametrize("unit", ["1.1.", "1,2.3-", "Số lần xem: 1.", "Ủy viên Ban Chấp hành, ", "Hà Nội Hoàng Trung "])
def test_extraction_of_a_huge_one_line_body_is_linear(unit):
    """A crafted 500 KB body line of one repeated unit: every pattern is bounded on long lines (a
    view counter read "1.1.1.…" from every digit to the line's end: some 10^11 steps here, far
    past the timeout, against a second or two when linear)."""
    from archive.ingest.extract import extract

    body = unit * (500_000 // len(unit))
    facts = extract(f"Tiêu đề bài báo về hội nghị\nMột đoạn mở đầu ngắn.\n{body}\n", "huge.txt")
    assert facts.title.value == "Tiêu đề bài báo về hội nghị"
    assert sum(len(p.text) for p in facts.paragraphs + facts.captions) >= len(body.strip()) - 100


def test_the_cpu_budget_stops_work_that_runs_past_it():
    from archive.budget import OverBudget, cpu_budget

    spins = 0
    with pytest.raises(OverBudget), cpu_budget(0.05) as armed:
        assert armed
        while True:  # without the budget this never ends (the test's own timeout would fail it)
            spins += 1
    assert spins > 0
    with cpu_budget(0) as armed:  # 0: no limit
        assert not armed


@pytest.mark.django_db
def test_a_file_past_the_extraction_budget_fails_alone(tmp_path, settings):
    """A crafted 2.4 MB list of names costs seconds of CPU: past a budget of half a second it fails with
    a message naming the file and the budget, and the good files of the run are stored."""
    root = tmp_path / "in"
    root.mkdir()
    good = sorted(SEEDS.glob("*.txt"))[:2]
    for path in good:
        shutil.copy(path, root / path.name)
    (root / "zz-crafted.txt").write_text("Tiêu đề\nMở đầu.\n" + "Nguyễn Văn An; " * 160_000 + "\n", encoding="utf-8")
    call_command("ingest", str(root / good[0].name), stdout=io.StringIO())  # pyvi loaded outside the budget
    settings.ARCHIVE_EXTRACT_SECONDS = 0.5
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("ingest", str(root), stdout=io.StringIO(), stderr=err)
    line = next(ln for ln in err.getvalue().splitlines() if "zz-crafted.txt" in ln)
    assert "extraction took more than 0.5 s of CPU (ARCHIVE_EXTRACT_SECONDS)" in line
    assert set(Article.objects.values_list("file_name", flat=True)) == {p.name for p in good}


@pytest.mark.timeout(60)
@pytest.mark.parametrize("body", [
    "Chủ tịch UBND tỉnh" + " " * 300_000 + "Nguyễn Văn An phát biểu.",  # a credit's name split scanned the run
    "\n".join(["\t" * 2000] * 2000) + "\nNguồn: https://example.vn/tin",  # "^\s*" ran across every blank line
    "\n".join(["\u00a0" * 2000] * 2000),
    "Nguyễn Văn An; " * 30_000,  # one person named 30,000 times: each mention was checked against all
    "Nguyễn Văn An, Chủ tịch UBND tỉnh, " * 6_000,
    "Nghị quyết số 15-NQ/TW của Ban Chấp hành Trung ương về phát triển, " * 3_000,  # the rest copied per code
], ids=["spaces-before-name", "blank-tab-lines", "blank-nbsp-lines", "one-name-many-times", "name-comma-post",
        "many-codes"])
def test_extraction_of_crafted_shapes_is_linear(body):
    from archive.ingest.extract import extract

    facts = extract(f"Tiêu đề bài báo về hội nghị\nMột đoạn mở đầu ngắn.\n{body}\n", "crafted.txt")
    assert facts.title.value == "Tiêu đề bài báo về hội nghị"
    assert len(facts.persons) <= 2 and all(len(p.positions) <= 40 for p in facts.persons)


def _find_files_as_nobody(folder, data_dir):
    """find_files(folder) run where permissions hold: as this user, or, for root (who reads every folder),
    in a child that became the unprivileged user nobody."""
    import json
    import subprocess
    import sys

    code = ("import django, json, sys; django.setup(); from archive.ingest.pipeline import find_files;"
            "files, problems = find_files([sys.argv[1]]);"
            "print(json.dumps([files, [(p.path, p.reason) for p in problems]]))")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "archive.settings", "ARCHIVE_DATA_DIR": str(data_dir)}
    env.pop("DATABASE_URL", None)
    demote = (lambda: (os.setgid(65534), os.setuid(65534))) if os.geteuid() == 0 else None
    out = subprocess.run([sys.executable, "-c", code, str(folder)], env=env, cwd=os.getcwd(), capture_output=True,
                         text=True, preexec_fn=demote, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_an_unreadable_folder_is_reported_not_skipped(tmp_path_factory):
    from tests.conftest import skip_unless_nobody_can_run_python

    skip_unless_nobody_can_run_python()
    import tempfile

    top = tempfile.mkdtemp(prefix="unreadable-")  # not under pytest's 0700 tmp dir: nobody must reach it
    try:
        os.chmod(top, 0o755)
        os.makedirs(os.path.join(top, "in", "open"))
        os.makedirs(os.path.join(top, "in", "shut"))
        data = os.path.join(top, "data")
        os.makedirs(data)
        os.chmod(data, 0o777)
        for sub in ("open", "shut"):
            with open(os.path.join(top, "in", sub, "bai.txt"), "w", encoding="utf-8") as fh:
                fh.write(TEXT)
        os.chmod(os.path.join(top, "in", "shut"), 0)
        files, problems = _find_files_as_nobody(os.path.join(top, "in"), data)
        assert files == [[os.path.join(top, "in", "open", "bai.txt"), "open/bai.txt"]]
        assert problems == [[os.path.join(top, "in", "shut"), "cannot read the folder: Permission denied"]]
    finally:
        os.chmod(os.path.join(top, "in", "shut"), 0o755)
        shutil.rmtree(top)


@pytest.mark.django_db
def test_two_files_of_one_name_in_two_folders_are_two_articles(tmp_path):
    for folder, province in (("a", "Bến Tre"), ("b", "Hậu Giang")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "bai-1.txt").write_text(TEXT.replace("Đồng Tháp", province), encoding="utf-8")
    out = io.StringIO()
    call_command("ingest", str(tmp_path), stdout=out)
    assert out.getvalue().count("ingested: ") == 2 and "updated" not in out.getvalue()
    assert sorted(Article.objects.values_list("file_name", flat=True)) == ["a/bai-1.txt", "b/bai-1.txt"]
    assert {a.province.name for a in Article.objects.all()} == {"Bến Tre", "Hậu Giang"}
    # A rerun changes nothing: each file is its own article still.
    again = io.StringIO()
    call_command("ingest", str(tmp_path), stdout=again)
    assert again.getvalue().count("unchanged: ") == 2
    # The two folders given side by side: both files would be "bai-1.txt"; the second is refused, named.
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("ingest", str(tmp_path / "a"), str(tmp_path / "b"), stdout=io.StringIO(), stderr=err)
    assert (f"failed: {tmp_path / 'b' / 'bai-1.txt'} — same path inside its folder (bai-1.txt) as "
            f"{tmp_path / 'a' / 'bai-1.txt'} of this run") in err.getvalue()
    # A file moved to another folder stays the same article, found by its content.
    (tmp_path / "c").mkdir()
    (tmp_path / "a" / "bai-1.txt").rename(tmp_path / "c" / "bai-1.txt")
    moved = io.StringIO()
    call_command("ingest", str(tmp_path), stdout=moved)
    assert moved.getvalue().count("unchanged: ") == 2 and Article.objects.count() == 2
    assert Article.objects.get(province__name="Bến Tre").file_name == "c/bai-1.txt"


def test_the_wall_budget_stops_work_that_waits_past_it():
    """A search's budget is clock time (archive.budget.wall_budget): work that sleeps or waits for
    the CPU is stopped too, where a CPU timer would never fire."""
    import time

    from archive.budget import OverBudget, wall_budget

    with pytest.raises(OverBudget), wall_budget(0.05) as armed:
        assert armed
        time.sleep(5)
    with wall_budget(0) as armed:  # 0: no limit
        assert not armed
