"""Saved pages, crawl exports and zips through `manage.py ingest` into a real database and index,
and the article page's links to the original: identity, idempotence, per-item errors, moves."""
import io
import shutil
import zipfile

import pytest
from django.core.management import CommandError, call_command

from archive.models import Article, ArticleOriginal, PersonMention
from tests.ingest import pages

CSV = ("title,published_time,content,author,url\n"
       '"Hội nghị Ban Thường vụ Tỉnh ủy Hà Nam","2024-03-01T09:00:00+07:00",'
       '"Ngày 28/2, Ban Thường vụ Tỉnh ủy Hà Nam họp cho ý kiến về nhiều nội dung.\n'
       'Đồng chí Trương Minh Khôi, Bí thư Tỉnh ủy chủ trì hội nghị.","Thanh Tâm","https://baohanam.example/btv.html"\n'
       '"Một bài không có địa chỉ","","Sáng 2/3/2024, Hội đồng nhân dân tỉnh Hà Nam họp phiên thường kỳ.",,\n'
       '"Dòng hỏng","2024-03-03"\n')


def run(*paths, **options):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("ingest", *map(str, paths), stdout=out, stderr=err, workers=1, **options)
    except CommandError as exc:
        return out.getvalue(), err.getvalue(), exc
    return out.getvalue(), err.getvalue(), None


@pytest.fixture
def inputs(tmp_path):
    top = tmp_path / "luu"
    (top / "trang").mkdir(parents=True)
    (top / "trang" / "hoi-nghi-12.html").write_text(pages.article_page(), encoding="utf-8")
    (top / "trang" / "danh-sach.html").write_text(pages.list_page(), encoding="utf-8")
    (top / "crawl.csv").write_text(CSV, encoding="utf-8")
    return top


@pytest.mark.django_db
def test_pages_and_rows_are_ingested_each_with_its_identity_and_errors(inputs):
    out, err, failed = run(inputs)
    assert "ingested: " + str(inputs / "trang" / "hoi-nghi-12.html") in out
    assert f"failed: {inputs / 'crawl.csv'}, row 4 — 2 cells for a header of 5" in err
    assert "danh-sach.html — " in err and "not an article" in err
    assert failed and "2 item(s) failed" in str(failed)
    keys = set(Article.objects.values_list("file_name", flat=True))
    assert keys == {"trang/hoi-nghi-12.html", "https://baohanam.example/btv.html", "crawl.csv#row-3"}
    page = Article.objects.get(file_name="trang/hoi-nghi-12.html")
    assert page.title == pages.TITLE and page.authors == ["Ngọc Diệp"]
    assert page.url == "https://baohanam.example/thoi-su/hoi-nghi-12.html"
    assert page.raw_text[slice(*page.spans["title"])] == pages.TITLE
    mentions = list(PersonMention.objects.filter(article=page))
    assert {m.person.name for m in mentions} >= {"Trương Minh Khôi", "Lương Thị Thu Trang"}
    for m in mentions:  # the spans point into the text the article page and raw view show
        assert page.raw_text[m.start:m.end] == m.text
    assert ArticleOriginal.objects.get(article=page).content.startswith("<!DOCTYPE html>")
    row = Article.objects.get(file_name="https://baohanam.example/btv.html")
    assert row.published.isoformat() == "2024-03-01T02:00:00+00:00" and row.authors == ["Thanh Tâm"]
    # Again: nothing changes, row by row.
    stamps = dict(Article.objects.values_list("file_name", "updated"))
    out, _, _ = run(inputs)
    assert out.count("unchanged: ") == 3
    assert dict(Article.objects.values_list("file_name", "updated")) == stamps


@pytest.mark.django_db
def test_an_edited_row_updates_its_article_and_a_bad_run_loses_nothing(inputs):
    run(inputs)
    (inputs / "crawl.csv").write_text(CSV.replace("Thanh Tâm", "Thanh Tâm; Hoàng Long"), encoding="utf-8")
    big = inputs / "trang" / "to.html"
    big.write_bytes(b"<html><body>" + b"<p>x</p>" * (5 * 1024 * 1024) + b"</body></html>")  # 40 MB
    out, err, _ = run(inputs)
    assert "updated: " + f"{inputs / 'crawl.csv'}, row 2" in out
    assert "to.html — the page is 40.0 MB" in err
    assert Article.objects.get(file_name="https://baohanam.example/btv.html").authors == ["Thanh Tâm", "Hoàng Long"]
    assert Article.objects.count() == 3


@pytest.mark.django_db
def test_a_page_moved_to_another_folder_stays_the_same_article(inputs, tmp_path):
    run(inputs / "trang")
    before = Article.objects.get(file_name="hoi-nghi-12.html")
    moved = tmp_path / "noi-khac" / "2024"
    moved.mkdir(parents=True)
    shutil.move(inputs / "trang" / "hoi-nghi-12.html", moved / "bai.html")
    out, _, _ = run(tmp_path / "noi-khac")
    after = Article.objects.get(pk=before.pk)
    assert "unchanged: " in out and after.file_name == "2024/bai.html" and Article.objects.count() == 1


@pytest.mark.django_db
def test_a_zip_of_pages_and_an_export(inputs, tmp_path):
    path = tmp_path / "kho.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.write(inputs / "trang" / "hoi-nghi-12.html", "2024/hoi-nghi-12.html")
        zf.write(inputs / "crawl.csv", "crawl.csv")
        zf.writestr("../thoat-ra.html", pages.article_page())
    out, err, failed = run(path)
    keys = set(Article.objects.values_list("file_name", flat=True))
    assert keys == {"kho.zip/2024/hoi-nghi-12.html", "https://baohanam.example/btv.html", "kho.zip/crawl.csv#row-3"}
    assert "../thoat-ra.html — a member whose path leaves the zip" in err
    assert "kho.zip: crawl.csv, row 4" in err
    out, _, _ = run(path)
    assert out.count("unchanged: ") == 3


@pytest.mark.django_db
def test_columns_flag_maps_an_export_and_a_bad_flag_is_named(tmp_path):
    tsv = "tieu_de\tnd\nHội nghị tỉnh\tSáng 4/3/2024, Tỉnh ủy Hà Nam họp.\n"
    (tmp_path / "x.tsv").write_text(tsv, encoding="utf-8")
    _, err, failed = run(tmp_path)
    assert "no column of article text" in err and "--columns body=COLUMN" in err
    out, _, failed = run(tmp_path, columns="body=nd")
    assert failed is None and Article.objects.get(file_name="x.tsv#row-2").title == "Hội nghị tỉnh"
    _, _, failed = run(tmp_path, columns="nd")
    assert "“nd” is not FIELD=COLUMN" in str(failed)


@pytest.mark.django_db
def test_the_article_page_links_its_source_and_shows_the_saved_page_as_text(inputs, client):
    run(inputs / "trang")
    article = Article.objects.get(file_name="hoi-nghi-12.html")
    page = client.get(article.get_absolute_url()).content.decode()
    assert '<a href="https://baohanam.example/thoi-su/hoi-nghi-12.html" rel="nofollow noopener">Xem bài gốc</a>' in page
    assert "Trang web đã lưu (HTML)" in page
    original = client.get(f"/bai-viet/{article.slug}/ban-goc/")
    body = original.content.decode()
    assert original.status_code == 200
    assert "&lt;script&gt;document.title" in body and "<script>document.title" not in body
    plain = client.get(f"/bai-viet/{article.slug}/ban-goc.txt")
    assert plain["Content-Type"] == "text/plain; charset=utf-8" and plain.content.startswith(b"<!DOCTYPE html>")
    raw = client.get(f"/bai-viet/{article.slug}/van-ban-goc/").content.decode()
    assert pages.PARAGRAPHS[1][:60] in raw
    text_only = Article.objects.exclude(pk=article.pk).first()
    assert text_only is None or client.get(f"/bai-viet/{text_only.slug}/ban-goc/").status_code == 404


@pytest.mark.django_db
def test_hostile_pages_and_zips_in_a_real_ingest_lose_nothing_stored(inputs):
    """Issue #28, 7: scripts, a lying charset, broken markup and a zip bomb beside articles stored
    already: each hostile item is read safely or fails naming itself, the run goes on, and every
    article stored before is still there, unchanged."""
    run(inputs)
    before = dict(Article.objects.values_list("file_name", "updated"))
    assert len(before) == 3
    hostile = inputs / "la"
    hostile.mkdir()
    (hostile / "kich-ban.html").write_text(pages.article_page(
        title="Hội nghị Tỉnh ủy bàn kế hoạch năm 2025", url="https://baohanam.example/thoi-su/kich-ban.html",
        extra_body="<script>alert('x')</script><p onclick=\"alert(1)\"><img src=x onerror=alert(2)>"),
        encoding="utf-8")
    (hostile / "ma-sai.html").write_bytes(pages.article_page(
        title="Hội nghị Ban Thường vụ Tỉnh ủy mở rộng", url="https://baohanam.example/thoi-su/ma-sai.html",
        charset="iso-8859-1").encode("utf-8"))
    broken = pages.article_page(title="Kỳ họp Hội đồng nhân dân tỉnh",
                                url="https://baohanam.example/thoi-su/vo.html").replace("</p>", "", 3)
    (hostile / "vo.html").write_text(broken + "<p unclosed <<>", encoding="utf-8")
    with zipfile.ZipFile(hostile / "bom.zip", "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        with zf.open("bom.html", "w", force_zip64=True) as fh:
            for _ in range(48):  # 48 MB of zeros in 47 KB
                fh.write(b"\0" * (1024 * 1024))
    out, err, failed = run(inputs)
    assert "bom.zip" in err and "expands more than 200 times" in err
    assert failed and "3 item(s) failed" in str(failed)  # the bomb, and the fixture's list page and short row
    after = dict(Article.objects.values_list("file_name", "updated"))
    assert {k: after[k] for k in before} == before  # nothing stored before is lost or rewritten
    new = Article.objects.exclude(file_name__in=before)
    assert sorted(new.values_list("title", flat=True)) == [
        "Hội nghị Ban Thường vụ Tỉnh ủy mở rộng", "Hội nghị Tỉnh ủy bàn kế hoạch năm 2025",
        "Kỳ họp Hội đồng nhân dân tỉnh"]
    for article in new:
        assert "alert" not in article.raw_text and "<" not in article.title
