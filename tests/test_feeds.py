"""Atom feeds, the search page's feed link, and sitemap.xml on the ingested seeds."""
import re
import xml.etree.ElementTree as ET
from urllib.parse import parse_qsl, urlsplit

import pytest

from archive.models import Article, Document, Person, PersonMention, Province

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(autouse=True)
def no_search_throttle(settings):
    """Every test client is one address: the per-client search throttle is tested in test_security."""
    settings.ARCHIVE_SEARCH_RATE_PER_MINUTE = 0


def atom(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/atom+xml")
    return ET.fromstring(response.content)


def entry_links(feed):
    return [e.find(f"{ATOM}link").get("href") for e in feed.iter(f"{ATOM}entry")]


def absolute(article):
    return f"http://testserver{article.get_absolute_url()}"


@pytest.mark.django_db
def test_latest_feed_lists_every_article_newest_first(client, ingested_seeds):
    feed = atom(client, "/feed/")
    assert feed.find(f"{ATOM}title").text == "Nghị sự — bài mới nhất"
    links = entry_links(feed)
    assert sorted(links) == sorted(absolute(a) for a in Article.objects.all())
    dated = [absolute(a) for a in Article.objects.exclude(published=None).order_by("-published")]
    assert [link for link in links if link in dated] == dated
    entry = next(feed.iter(f"{ATOM}entry"))
    assert entry.find(f"{ATOM}summary").text  # the article's opening paragraph
    assert entry.find(f"{ATOM}updated").text


@pytest.mark.django_db
def test_province_feed_includes_merged_units(client, ingested_seeds):
    feed = atom(client, Province.objects.get(name="Vĩnh Long").get_absolute_url() + "feed/")
    assert "Vĩnh Long" in feed.find(f"{ATOM}title").text
    expected = Article.objects.in_province(Province.objects.get(name="Vĩnh Long"))
    assert expected.exists()
    assert sorted(entry_links(feed)) == sorted(absolute(a) for a in expected)
    categories = {c.get("term") for c in feed.iter(f"{ATOM}category")}
    assert "Bến Tre" in categories


@pytest.mark.django_db
def test_person_and_document_feeds(client, ingested_seeds):
    person = Person.objects.get(name="Lê Quốc Phong")
    feed = atom(client, person.get_absolute_url() + "feed/")
    expected = Article.objects.filter(personmention__person=person).distinct()
    assert sorted(entry_links(feed)) == sorted(absolute(a) for a in expected)
    # A rejected mention takes the article out of the person's feed.
    article = expected.first()
    PersonMention.objects.filter(article=article, person=person).update(rejected=True)
    assert absolute(article) not in entry_links(atom(client, person.get_absolute_url() + "feed/"))

    doc = Document.objects.filter(mentions__isnull=False).distinct().first()
    feed = atom(client, doc.get_absolute_url() + "feed/")
    assert doc.label in feed.find(f"{ATOM}title").text
    expected = Article.objects.filter(documentmention__document=doc).distinct()
    assert sorted(entry_links(feed)) == sorted(absolute(a) for a in expected)


@pytest.mark.django_db
def test_unknown_feed_is_404(client, ingested_seeds):
    assert client.get("/nhan-vat/khong-co-ai/feed/").status_code == 404
    assert client.get("/tinh/khong-co/feed/").status_code == 404


@pytest.mark.django_db
def test_search_page_links_the_feed_of_its_own_query_and_filters(client, ingested_seeds,
                                                                 django_assert_max_num_queries):
    html = client.get("/search/", {"q": "nong thon moi", "province": "dong-thap"}).content.decode()
    link = re.search(r'<a class="feed" href="(/search/feed/\?[^"]+)"', html)
    assert link, "the search page links its feed"
    url = link.group(1).replace("&amp;", "&")
    assert dict(parse_qsl(urlsplit(url).query)) == {"q": "nong thon moi", "province": "dong-thap"}
    assert f'type="application/atom+xml" title="Theo dõi tìm kiếm này" href="{link.group(1)}"' in html
    with django_assert_max_num_queries(6):
        feed = atom(client, url)
    assert "nong thon moi" in feed.find(f"{ATOM}title").text
    expected = Article.objects.filter(body__contains="nông thôn mới", province__slug="dong-thap")
    assert expected.exists()
    assert sorted(entry_links(feed)) == sorted(absolute(a) for a in expected)
    # Without the filter the feed follows every matching article, with or without diacritics.
    everywhere = entry_links(atom(client, "/search/feed/?q=nông+thôn+mới"))
    assert sorted(everywhere) == sorted(absolute(a) for a in Article.objects.filter(body__contains="nông thôn mới"))
    assert len(everywhere) > len(expected)


@pytest.mark.django_db
def test_search_page_finds_with_and_without_diacritics(client, ingested_seeds):
    expected = Article.objects.filter(body__contains="nông thôn mới")
    assert expected.count() >= 2
    for query in ("nông thôn mới", "nong thon moi", "NÔNG THÔN MỚI"):
        html = client.get("/search/", {"q": query}).content.decode()
        assert f"{expected.count()} kết quả" in html, query
        for article in expected:
            assert article.title in html
        assert "Cần tiếp tục nỗ lực" not in html  # the Hậu Giang seed never says it


SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def sitemap_locations(client):
    """Every URL of sitemap.xml: an index whose sections each list at most 50,000."""
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    index = ET.fromstring(response.content)
    assert index.tag == f"{SITEMAP_NS}sitemapindex"
    for section in index.iter(f"{SITEMAP_NS}sitemap"):
        part = client.get(section.find(f"{SITEMAP_NS}loc").text.removeprefix("http://testserver"))
        assert part.status_code == 200
        urls = list(ET.fromstring(part.content).iter(f"{SITEMAP_NS}url"))
        assert len(urls) <= 50_000
        yield from (u.find(f"{SITEMAP_NS}loc").text for u in urls)


@pytest.mark.django_db
def test_sitemap_lists_reader_pages(client, ingested_seeds):
    locs = set(sitemap_locations(client))
    assert "http://testserver/" in locs
    for article in Article.objects.all():
        assert absolute(article) in locs
    assert absolute(Person.objects.get(name="Lê Quốc Phong")) in locs
    assert absolute(Province.objects.get(name="Vĩnh Long")) in locs  # through its merged unit
    assert not any("/admin/" in loc or "/search/" in loc or "van-ban-goc" in loc for loc in locs)
