"""Rough edges of #30: one search landmark, compressed pages, the sort button, the CSV a researcher
needs, and an article never listed twice because its file was in another Unicode form."""
import csv
import gzip
import io
import shutil
import unicodedata

import pytest
from django.utils import timezone

from archive.ingest.pipeline import ingest_paths
from archive.models import Article, Meeting, MeetingMention
from tests.conftest import SEEDS


@pytest.fixture(autouse=True)
def no_search_throttle(settings):
    settings.ARCHIVE_SEARCH_RATE_PER_MINUTE = 0


@pytest.mark.django_db
def test_one_search_landmark_and_a_sort_button(client, ingested_seeds):
    article = Article.objects.first()
    for url in ("/", "/search/?q=t%E1%BB%89nh", article.get_absolute_url()):
        html = client.get(url).content.decode()
        assert html.count('role="search"') == 1, url
    html = client.get("/search/?q=t%E1%BB%89nh").content.decode()
    sort_field = html.split('<select id="sort"')[1].split("</div>")[0]
    assert '<button type="submit" class="secondary">Sắp xếp</button>' in sort_field
    newest = client.get("/search/", {"q": "tỉnh", "sort": "oldest"}).content.decode()
    assert '<option value="oldest" selected>' in newest


@pytest.mark.django_db
def test_public_pages_are_gzipped_the_admin_is_not(client, ingested_seeds):
    response = client.get("/", HTTP_ACCEPT_ENCODING="gzip, br")
    assert response["Content-Encoding"] == "gzip" and "Accept-Encoding" in response["Vary"]
    assert "Lưu trữ tin hội nghị" in gzip.decompress(response.content).decode()
    feed = client.get("/feed/", HTTP_ACCEPT_ENCODING="gzip")
    assert feed["Content-Encoding"] == "gzip"
    # BREACH: the admin (CSRF tokens, reflected input) and any response setting a cookie stay as they are.
    login = client.get("/admin/login/", HTTP_ACCEPT_ENCODING="gzip")
    assert login.status_code == 200 and not login.has_header("Content-Encoding")
    assert b"csrfmiddlewaretoken" in login.content


@pytest.mark.django_db
def test_static_files_are_compressed_but_fonts_are_not_twice(client):
    css = client.get("/static/archive/site.css", HTTP_ACCEPT_ENCODING="gzip")
    assert css.status_code == 200 and css["Content-Encoding"] == "gzip"
    assert b"@font-face" in gzip.decompress(b"".join(css.streaming_content) if css.streaming else css.content)
    font = client.get("/static/archive/fonts/noto-sans-vietnamese-wght-normal.woff2", HTTP_ACCEPT_ENCODING="gzip")
    assert font.status_code == 200 and font["Content-Type"] == "font/woff2" and not font.has_header("Content-Encoding")


def csv_rows(response):
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


@pytest.mark.django_db
def test_csv_is_in_local_time_with_vietnamese_headers_and_the_facts(client, ingested_seeds):
    response = client.get("/search/export.csv")
    rows = csv_rows(response)
    assert list(rows[0]) == ["Mã", "Tiêu đề", "Liên kết", "Tệp", "Ngày đăng (giờ Việt Nam)", "Ngày họp",
                             "Tỉnh, thành", "Loại hội nghị", "Hội nghị", "Nhân vật", "Văn bản", "Nguồn tin",
                             "Địa chỉ gốc"]
    assert len(rows) == Article.objects.count()
    by_file = {r["Tệp"]: r for r in rows}
    article = Article.objects.get(file_name__startswith="000_")
    row = by_file[article.file_name]
    # Stored in UTC, written as the clock read in Hà Nội.
    assert row["Ngày đăng (giờ Việt Nam)"] == f"{timezone.localtime(article.published):%Y-%m-%d %H:%M}"
    assert row["Ngày đăng (giờ Việt Nam)"] != f"{article.published:%Y-%m-%d %H:%M}"
    assert "Lê Quốc Phong" in row["Nhân vật"].split("; ")
    assert any(d.startswith("Nghị quyết số 27") for d in row["Văn bản"].split("; "))
    meeting = MeetingMention.objects.filter(article=article, rejected=False).first().meeting
    assert meeting.label in row["Hội nghị"] and meeting.kind in row["Loại hội nghị"]
    assert row["Tỉnh, thành"] == article.province.display_name
    assert row["Liên kết"].endswith(article.get_absolute_url())


@pytest.mark.django_db
def test_a_text_in_two_unicode_forms_is_listed_once(client, tmp_path):
    seed = next(SEEDS.glob("000_*.txt"))
    shutil.copy(seed, tmp_path / "nfc.txt")
    (tmp_path / "nfd.txt").write_bytes(unicodedata.normalize("NFD", seed.read_text(encoding="utf-8")).encode())
    report = ingest_paths([str(tmp_path)])
    assert not report.failed, report.failed
    assert Article.objects.count() == 2  # two files, two articles …
    meeting = Meeting.objects.get(mentions__article__file_name="nfd.txt")
    html = client.get(meeting.get_absolute_url()).content.decode()
    title = Article.objects.get(file_name="nfc.txt").title
    assert "Bài viết đưa tin (1)" in html and html.count(f">{title}</a>") == 1  # … one text listed once
    person = Article.objects.get(file_name="nfd.txt").personmention_set.first().person
    html = client.get(person.get_absolute_url()).content.decode()
    assert "Bài viết nhắc đến (1)" in html
    province = Article.objects.get(file_name="nfc.txt").province
    word = title.split()[0]
    for url in ("/", province.get_absolute_url(), f"/search/?q={word}", "/feed/",
                province.get_absolute_url() + "feed/", person.get_absolute_url() + "feed/",
                f"/search/feed/?q={word}"):
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert html.count(f">{title}</a>") + html.count(f"<title>{title}</title>") == 1, url
    assert [r["file"] for r in client.get("/api/search", {"q": word}).json()["results"]] == ["nfc.txt"]


@pytest.mark.django_db
def test_a_long_list_leaves_out_twins_page_by_page(client, tmp_path, monkeypatch):
    """Past TWIN_SCAN_MAX articles a list is not read whole: the twin beside its text on the
    same page, or first on the next page, is still left out."""
    from archive import views

    seed = next(SEEDS.glob("000_*.txt"))
    shutil.copy(seed, tmp_path / "nfc.txt")
    (tmp_path / "nfd.txt").write_bytes(unicodedata.normalize("NFD", seed.read_text(encoding="utf-8")).encode())
    assert not ingest_paths([str(tmp_path)]).failed
    monkeypatch.setattr(views, "TWIN_SCAN_MAX", 0)
    meeting = Meeting.objects.get(mentions__article__file_name="nfd.txt")
    title = Article.objects.get(file_name="nfc.txt").title
    assert client.get(meeting.get_absolute_url()).content.decode().count(f">{title}</a>") == 1
    monkeypatch.setattr(views, "PAGE_SIZE", 1)
    person = Article.objects.get(file_name="nfd.txt").personmention_set.first().person
    listed = [client.get(person.get_absolute_url() + f"?page={n}").context["page"].object_list for n in (1, 2)]
    assert [len(rows) for rows in listed] == [1, 0]  # the twin, first on page 2, is left out there
