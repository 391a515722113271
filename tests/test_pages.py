"""Reader pages through Django's test client, on the ingested and indexed seeds."""
import pytest

from archive.models import Article, Person, Province


@pytest.mark.django_db
def test_home_lists_provinces_with_counts(client, ingested_seeds):
    html = client.get("/").content.decode()
    assert '<html lang="vi">' in html
    for name in ("Đồng Tháp", "Bến Tre", "Hậu Giang", "Thái Bình"):
        assert name in html
    assert "Tạo dư địa phát triển mới để tỉnh bứt phá vươn lên mạnh mẽ" in html


@pytest.mark.django_db
def test_province_page_lists_its_articles(client, ingested_seeds):
    province = Province.objects.get(name="Đồng Tháp")
    response = client.get(province.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "Bài viết (2)" in html
    for article in province.articles.all():
        assert article.title in html


@pytest.mark.django_db
def test_province_page_includes_merged_units(client, ingested_seeds):
    """After 1 July 2025 Bến Tre belongs to Vĩnh Long: its article is found there too."""
    html = client.get(Province.objects.get(name="Vĩnh Long").get_absolute_url()).content.decode()
    assert "Hội nghị sơ kết nửa nhiệm kỳ thực hiện Nghị quyết Đại hội XI Đảng bộ tỉnh" in html


@pytest.mark.django_db
def test_article_page_shows_clean_body_and_entities(client, ingested_seeds):
    article = Article.objects.get(file_name__startswith="000_")
    html = client.get(article.get_absolute_url()).content.decode()
    assert article.title in html
    assert "21/03/2023" in html
    assert "Báo Đồng Tháp" in html
    assert "Trở về trang trước" not in html
    assert "Lê Quốc Phong" in html and "Nghị quyết số 27" in html


@pytest.mark.django_db
def test_entity_pages_render(client, ingested_seeds):
    person = Person.objects.get(name="Lê Quốc Phong")
    html = client.get(person.get_absolute_url()).content.decode()
    assert "Bí thư Tỉnh ủy" in html
    article = Article.objects.get(file_name__startswith="004_")
    doc = article.documentmention_set.first().document
    assert client.get(doc.get_absolute_url()).status_code == 200
    meeting = article.meetingmention_set.first().meeting
    assert client.get(meeting.get_absolute_url()).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["nông thôn mới", "nong thon moi", "NÔNG THÔN MỚI"])
def test_search_finds_new_rural_seed(client, ingested_seeds, query):
    html = client.get("/search/", {"q": query}).content.decode()
    expected = Article.objects.filter(body__contains="nông thôn mới")
    assert expected.count() >= 1
    assert f"{expected.count()} kết quả" in html
    for article in expected:
        assert article.title in html
    assert "Cần tiếp tục nỗ lực" not in html  # the Hậu Giang seed never says it


@pytest.mark.django_db
def test_static_css_is_served(client):
    response = client.get("/static/archive/site.css")
    assert response.status_code == 200


@pytest.mark.django_db
def test_site_works_with_debug_off(client, ingested_seeds, settings):
    settings.DEBUG = False
    assert client.get("/").status_code == 200
    assert client.get("/static/archive/site.css").status_code == 200
    assert client.get("/tinh/khong-co-tinh-nay/").status_code == 404
