"""Reader pages through Django's test client: the seeds for content, 220 more articles for query counts.

The data is built once for the module inside an outer transaction that is rolled back at the
end (each test runs in a savepoint within it, as Django's TestCase.setUpTestData does), so
twenty page tests cost one ingest. Search itself is tested in tests/search and test_feeds.py.
"""
import datetime as dt
import re

import pytest
from django.core.cache import cache, caches
from django.db import connection, transaction
from django.db.models import Count, Q
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from archive.models import (
    Article,
    Document,
    DocumentMention,
    Meeting,
    MeetingMention,
    Person,
    PersonMention,
    Position,
    Province,
)
from archive.templatetags.archive_tags import vi_date, vi_date_long, vi_datetime
from tests import factories
from tests.conftest import SEEDS


@pytest.fixture(scope="module")
def archive_data(django_db_setup, django_db_blocker):
    """The five seeds through the real pipeline (no index needed here) and a 220-article archive."""
    from archive.ingest.pipeline import ingest_paths

    with django_db_blocker.unblock(), transaction.atomic():
        report = ingest_paths([str(SEEDS)], index=False)
        assert not report.failed, report.failed
        yield factories.build_archive(articles=220)
        transaction.set_rollback(True)


@pytest.fixture
def seeds(db, archive_data):
    return archive_data


@pytest.fixture
def big_archive(db, archive_data):
    return archive_data


@pytest.fixture(autouse=True)
def no_search_throttle(settings):
    """Every test client is one address: the per-client search throttle is tested in test_security."""
    settings.ARCHIVE_SEARCH_RATE_PER_MINUTE = 0


def page(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, url
    return response.content.decode()


def marks(html):
    return re.findall(r'<mark id="doan-trich"[^>]*>(.*?)</mark>', html, re.S)


# --- dates --------------------------------------------------------------------------------

def test_dates_are_written_the_vietnamese_way():
    assert vi_date(dt.date(2023, 3, 21)) == "Thứ Ba, 21/03/2023"
    assert vi_date(dt.date(2025, 6, 29)) == "Chủ Nhật, 29/06/2025"
    assert vi_date_long(dt.date(2023, 3, 1)) == "1 tháng 3 năm 2023"
    # An aware datetime is shown in the archive's time zone (UTC+7): 20:30 UTC is the next morning.
    late = dt.datetime(2023, 3, 20, 20, 30, tzinfo=dt.UTC)
    assert vi_datetime(late) == "Thứ Ba, 21/03/2023, 03:30"
    assert vi_date(None) == ""


# --- content on the seeds -----------------------------------------------------------------

@pytest.mark.django_db
def test_home_lists_provinces_with_counts(client, seeds):
    html = page(client, "/")
    assert '<html lang="vi">' in html
    assert "<title>Trang chủ · Nghị sự</title>" in html
    for name in ("Đồng Tháp", "Bến Tre", "Hậu Giang", "Thái Bình"):
        assert name in html
    assert "Tạo dư địa phát triển mới để tỉnh bứt phá vươn lên mạnh mẽ" in html
    # Bến Tre (merged into Vĩnh Long on 1/7/2025) is listed under Vĩnh Long, with its count.
    vinh_long = html.index(">Vĩnh Long</a>")
    assert vinh_long < html.index(">Bến Tre</a>") < html.index("trước 1/7/2025", vinh_long)
    assert 'role="search"' in html and 'for="q-home"' in html
    assert "Văn bản được trích dẫn nhiều" in html


@pytest.mark.django_db
def test_province_page_lists_articles_meetings_people_documents(client, seeds):
    province = Province.objects.get(name="Đồng Tháp")
    html = page(client, province.get_absolute_url())
    assert "Bài viết (2)" in html
    for article in province.articles.all():
        assert article.title in html
    assert "Dòng thời gian hội nghị" in html
    for meeting in Meeting.objects.filter(province=province):
        assert meeting.get_absolute_url() in html
    # People with the latest position an article gives them.
    assert re.search(r"Lê Quốc Phong</a> — <span class=\"position\">[^<]*Bí thư Tỉnh ủy", html)
    assert "Nghị quyết số 27" in html
    assert f'href="{province.get_absolute_url()}feed/"' in html


@pytest.mark.django_db
def test_latest_posts_are_those_of_the_newest_article_by_its_date(client, seeds):
    """The post a side list and a person's lead give is the one of the newest article by date
    (publication, else the meeting's day), not of the last article filed; an undated article
    counts last, and a rejected position not at all."""
    home = factories.province("Tỉnh Thử Ngày", slug="tinh-thu-ngay")
    chair = factories.person("Nguyễn Văn Thử", province=home)
    stated = [  # (published, meeting_date, post): filed in this order, so ids do not follow dates
        (dt.datetime(2024, 5, 2, 1, 0, tzinfo=dt.UTC), None, "Chủ tịch UBND tỉnh"),
        (dt.datetime(2021, 3, 9, 1, 0, tzinfo=dt.UTC), None, "Phó Chủ tịch UBND tỉnh"),
        (None, dt.date(2023, 7, 14), "Phó Bí thư Tỉnh ủy"),
        (None, None, "Giám đốc Sở Tài chính"),
    ]
    articles = []
    for i, (published, meeting_date, post) in enumerate(stated):
        line = f"Đồng chí Nguyễn Văn Thử, {post}, phát biểu tại hội nghị lần {i + 1}."
        art = factories.article(title=f"Hội nghị Ban Chấp hành Đảng bộ tỉnh lần {i + 1}", paragraphs=[line],
                                province=home, published=published, meeting_date=meeting_date)
        factories.mention(PersonMention, art, "Nguyễn Văn Thử", person=chair).save()
        factories.mention(Position, art, post, person=chair, normalized=post).save()
        articles.append(art)
    ids = [a.pk for a in articles]
    by_date = list(Article.objects.filter(pk__in=ids).newest_first().values_list("pk", flat=True))
    assert by_date == [ids[0], ids[2], ids[1], ids[3]]

    def lead():
        return re.search(r'<p class="lead">(.*?)</p>', page(client, chair.get_absolute_url()), re.S).group(1)

    def side():
        html = page(client, home.get_absolute_url())
        return re.search(r"Nguyễn Văn Thử</a> — <span class=\"position\">([^<]*)</span>", html).group(1)

    assert side() == "Chủ tịch UBND tỉnh"
    assert lead().startswith("Chủ tịch UBND tỉnh") and "(theo bài ngày 02/05/2024)" in lead()
    # Rejected, the 2024 post gives way to the meeting day of 2023, then to 2021, then to the undated one.
    for article, post in ((articles[0], "Phó Bí thư Tỉnh ủy"), (articles[2], "Phó Chủ tịch UBND tỉnh"),
                          (articles[1], "Giám đốc Sở Tài chính")):
        Position.objects.filter(article=article).update(rejected=True)
        # A curator's rejection logs an event, which changes the archive's state; here no event is logged.
        caches["pages"].clear()
        cache.clear()
        assert side() == post and lead().startswith(post)


@pytest.mark.django_db
def test_ids_newest_first_keeps_the_order_of_newest_first(seeds):
    """models.ids_newest_first (an index of the date by id on SQLite) orders as newest_first does:
    date, then the higher id on the same date, undated last; the ids may come in any order, twice."""
    from archive.models import ids_newest_first

    ids = list(Article.objects.values_list("pk", flat=True)[:150])
    Article.objects.filter(pk__in=ids[:3]).update(published=None, meeting_date=dt.date(2022, 1, 5))
    Article.objects.filter(pk__in=ids[3:5]).update(published=None, meeting_date=None)
    Article.objects.filter(pk__in=ids[5:8]).update(published=dt.datetime(2022, 1, 5, tzinfo=dt.UTC))
    expected = list(Article.objects.filter(pk__in=ids).newest_first().values_list("pk", flat=True))
    assert list(ids_newest_first(reversed(ids + ids[:10]))) == expected
    assert set(expected[-2:]) == set(ids[3:5])  # the undated ones last
    assert list(ids_newest_first([])) == []


@pytest.mark.django_db
def test_province_page_includes_merged_units(client, seeds):
    """After 1 July 2025 Bến Tre belongs to Vĩnh Long: its article is found there too."""
    html = page(client, Province.objects.get(name="Vĩnh Long").get_absolute_url())
    assert "Hội nghị sơ kết nửa nhiệm kỳ thực hiện Nghị quyết Đại hội XI Đảng bộ tỉnh" in html
    ben_tre = page(client, Province.objects.get(name="Bến Tre").get_absolute_url())
    assert "từ 1/7/2025 thuộc" in ben_tre


@pytest.mark.django_db
def test_article_page_shows_clean_body_entities_and_sources(client, seeds):
    article = Article.objects.get(file_name__startswith="000_")
    html = page(client, article.get_absolute_url())
    assert f"<title>{article.title} · Nghị sự</title>" in html
    assert "Thứ Ba, 21/03/2023" in html
    assert "Báo Đồng Tháp" in html
    assert "Trở về trang trước" not in html
    assert "Lê Quốc Phong" in html and "Nghị quyết số 27" in html
    for m in article.meetingmention_set.all():
        assert m.meeting.get_absolute_url() in html
    assert f'/bai-viet/{article.slug}/van-ban-goc/' in html
    # Open Graph for link previews.
    assert '<meta property="og:type" content="article">' in html
    assert f'<meta property="og:url" content="http://testserver{article.get_absolute_url()}">' in html
    assert f'<meta property="og:title" content="{article.title}">' in html
    assert '<meta property="article:published_time" content="2023-03-21' in html


@pytest.mark.django_db
def test_captions_are_set_apart_from_the_body(client, seeds):
    article = next(a for a in Article.objects.all() if a.captions)
    html = page(client, article.get_absolute_url())
    caption = article.captions[0]["text"]
    assert caption in html
    block = html[html.rindex("<p", 0, html.index(caption)):html.index(caption)]
    assert 'class="caption"' in block and "Chú thích ảnh" in block


@pytest.mark.django_db
def test_source_url_is_shown_when_known(client, seeds):
    article = Article.objects.get(file_name__startswith="000_")
    assert "Bài gốc:" not in page(client, article.get_absolute_url())
    article.url = "https://baodongthap.vn/chinh-tri/bai-1.aspx"
    article.save()  # as ingest and the admin write it: the page rendered before is not served again
    assert 'href="https://baodongthap.vn/chinh-tri/bai-1.aspx"' in page(client, article.get_absolute_url())


@pytest.mark.django_db
def test_following_a_person_highlights_the_supporting_text(client, seeds):
    person = Person.objects.get(name="Lê Quốc Phong")
    person_html = page(client, person.get_absolute_url())
    links = re.findall(r'href="(/bai-viet/[^"]+\?mention=(?:person|position)-\d+#doan-trich)"', person_html)
    assert links, "the person page links to the supporting passages"
    for link in links:
        html = page(client, link.replace("&amp;", "&"))
        marked = marks(html)
        assert len(marked) == 1
        kind, pk = re.search(r"mention=(\w+)-(\d+)", link).groups()
        model = PersonMention if kind == "person" else Position
        assert marked[0] == model.objects.get(pk=pk).text
        assert "được tô sáng" in html


@pytest.mark.django_db
def test_following_a_document_and_a_meeting_highlights_them(client, seeds):
    mention = DocumentMention.objects.select_related("document", "article").first()
    doc_html = page(client, mention.document.get_absolute_url())
    link = re.search(rf'href="({re.escape(mention.article.get_absolute_url())}\?mention=document-\d+#doan-trich)"',
                     doc_html)
    assert link
    html = page(client, link.group(1))
    mention = DocumentMention.objects.get(pk=re.search(r"document-(\d+)", link.group(1)).group(1))
    assert marks(html) == [mention.text] or "nằm ngoài phần nội dung" in html
    meeting_mention = MeetingMention.objects.first()
    html = page(client, f"{meeting_mention.article.get_absolute_url()}?mention=meeting-{meeting_mention.pk}")
    raw_url = f"{meeting_mention.article.get_absolute_url()}van-ban-goc/?mention=meeting-{meeting_mention.pk}"
    assert marks(html) or raw_url in html


@pytest.mark.django_db
def test_raw_view_marks_the_exact_span(client, seeds):
    mention = PersonMention.objects.select_related("article").first()
    article = mention.article
    html = page(client, f"/bai-viet/{article.slug}/van-ban-goc/?mention=person-{mention.pk}")
    assert marks(html) == [article.raw_text[mention.start:mention.end]]
    assert article.file_name in html
    text = client.get(f"/bai-viet/{article.slug}/van-ban-goc.txt")
    assert text["Content-Type"] == "text/plain; charset=utf-8"
    assert text.content.decode() == article.raw_text


@pytest.mark.django_db
def test_bad_mention_parameter_gets_a_clear_message(client, seeds):
    article = Article.objects.get(file_name__startswith="000_")
    html = page(client, f"{article.get_absolute_url()}?mention=<script>")
    assert "mention=“&lt;script&gt;”" in html and "không hợp lệ" in html
    assert "<script>" not in html
    other = PersonMention.objects.exclude(article=article).first()
    html = page(client, f"{article.get_absolute_url()}?mention=person-{other.pk}")
    assert "không có đoạn trích" in html and not marks(html)


@pytest.mark.django_db
def test_rejected_mentions_never_show(client, seeds):
    mention = PersonMention.objects.select_related("article", "person").filter(person__name="Lê Quốc Phong").first()
    article, person = mention.article, mention.person
    PersonMention.objects.filter(article=article, person=person).update(rejected=True)
    Position.objects.filter(article=article, person=person).update(rejected=True)
    html = page(client, article.get_absolute_url())
    assert person.get_absolute_url() not in html
    person_html = page(client, person.get_absolute_url())
    assert article.get_absolute_url() not in person_html
    html = page(client, f"{article.get_absolute_url()}?mention=person-{mention.pk}")
    assert not marks(html) and "không có đoạn trích" in html


@pytest.mark.django_db
def test_person_page_positions_over_time_with_sources(client, seeds):
    person = Person.objects.get(name="Lê Quốc Phong")
    html = page(client, person.get_absolute_url())
    assert "Chức vụ qua thời gian" in html and "Bí thư Tỉnh ủy" in html
    for pos in Position.objects.filter(person=person, rejected=False).select_related("article"):
        assert f"{pos.article.get_absolute_url()}?mention=position-{pos.pk}#doan-trich" in html
    assert "Đồng Tháp" in html  # the province he appears in
    # Over time: the 2022 review (dated by its meeting) before the 2023 conference.
    timeline = html[html.index('class="timeline positions tenures"'):html.index('id="h-articles"')]
    assert timeline.index("06/01/2022") < timeline.index("21/03/2023")
    # Careers as tenures: the post once, with its province and years, the articles under it.
    assert timeline.count("<strong>Bí thư Tỉnh ủy</strong>") == 1
    assert "<strong>Bí thư Tỉnh ủy</strong>, Đồng Tháp <span class=\"years\">(2022 – 2023)</span>" in timeline
    lead = re.search(r'<p class="lead">(.*?)</p>', html, re.S).group(1)
    assert "Bí thư Tỉnh ủy" in lead and "21/03/2023" in lead


@pytest.mark.django_db
def test_document_page_lists_citing_articles_and_meetings_in_date_order(client, seeds):
    doc = Document.objects.filter(mentions__rejected=False).distinct().first()
    html = page(client, doc.get_absolute_url())
    assert "Loại văn bản" in html and doc.kind in html and doc.number in html
    articles = Article.objects.filter(documentmention__document=doc).distinct().order_by("published")
    positions = [html.index(a.get_absolute_url()) for a in articles]
    assert positions == sorted(positions)
    for m in doc.meetings.all():
        assert m.get_absolute_url() in html


@pytest.mark.django_db
def test_meeting_page_shows_its_facts(client, seeds):
    article = Article.objects.get(file_name__startswith="004_")
    meeting = article.meetingmention_set.first().meeting
    html = page(client, meeting.get_absolute_url())
    for label in ("Loại", "Cơ quan", "Ngày họp", "Hình thức", "Địa điểm", "Đại biểu được nêu tên", "Bài viết đưa tin"):
        assert label in html
    assert article.get_absolute_url() in html
    for d in meeting.documents.all():
        assert d.get_absolute_url() in html


@pytest.mark.django_db
def test_every_page_has_title_breadcrumbs_canonical_and_no_inline_code(client, seeds):
    article = Article.objects.get(file_name__startswith="000_")
    urls = [
        "/", Province.objects.get(name="Đồng Tháp").get_absolute_url(), article.get_absolute_url(),
        f"/bai-viet/{article.slug}/van-ban-goc/", Person.objects.get(name="Lê Quốc Phong").get_absolute_url(),
        Document.objects.first().get_absolute_url(), Meeting.objects.first().get_absolute_url(),
        "/search/",
    ]
    for url in urls:
        html = page(client, url)
        assert re.search(r"<title>[^<]+ · Nghị sự</title>", html), url
        assert '<main id="noi-dung"' in html and "<header" in html and "<footer" in html
        if url != "/":
            assert 'aria-label="Đường dẫn"' in html and 'aria-current="page"' in html, url
        if "search" not in url:
            assert f'<link rel="canonical" href="http://testserver{url}">' in html, url
        # A Content-Security-Policy without 'unsafe-inline' must not break any page.
        assert "<script" not in html and "<style" not in html and " style=" not in html, url
        for src in re.findall(r'(?:href|src)="(https?://[^"]+\.(?:css|js|woff2?))"', html):
            pytest.fail(f"{url} loads {src} from outside static/")
        for field_id in re.findall(r'<input[^>]* id="([^"]+)"', html):
            assert f'for="{field_id}"' in html, f"{url}: input #{field_id} has no label"


@pytest.mark.django_db
def test_unknown_slugs_are_404(client, seeds):
    for url in ("/tinh/khong-co/", "/bai-viet/khong-co/", "/nhan-vat/khong-co/", "/van-ban/khong-co/",
                "/hoi-nghi/khong-co/", "/bai-viet/khong-co/van-ban-goc/"):
        page(client, url, status=404)


@pytest.mark.django_db
def test_article_text_is_escaped_except_our_mark(client):
    prov = factories.province("Tỉnh Thử")
    art = factories.article(title="Bài <b>thử</b>", province=prov, published=timezone.now(),
                            paragraphs=["Ông Nguyễn Văn <i>An</i> & cộng sự <script>alert(1)</script> dự họp."])
    person = factories.person("Nguyễn Văn An", prov)
    mention = factories.mention(PersonMention, art, "Nguyễn Văn <i>An</i>", person=person)
    mention.save()
    html = page(client, f"{art.get_absolute_url()}?mention=person-{mention.pk}")
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert marks(html) == ["Nguyễn Văn &lt;i&gt;An&lt;/i&gt;"]
    assert "Bài &lt;b&gt;thử&lt;/b&gt;" in html


@pytest.mark.django_db
def test_static_css_is_served(client):
    response = client.get("/static/archive/site.css")
    assert response.status_code == 200


@pytest.mark.django_db
def test_site_works_with_debug_off(client, seeds, settings):
    settings.DEBUG = False
    assert client.get("/").status_code == 200
    assert client.get("/static/archive/site.css").status_code == 200
    assert client.get("/tinh/khong-co-tinh-nay/").status_code == 404


# --- no query storms: a fixed number of queries on 220 articles ---------------------------

# One more on every page but the raw view: the archive's state, under which the page is cached
# (archive/aggregates.py cached_page); home and province read it again for their side lists.
# The home page's cited documents and a province's side lists read their entities by id after
# grouping the mentions (views._most_mentioned): one more query per list, each far cheaper.
# The home page counts the archive at a glance (first and last dates, articles by year, the counts
# of articles, meetings, people and documents, the latest meetings: four queries, once per archive
# state, one of them the article count the page read before: three more); a meeting page reads its
# reports' titles to leave out a text listed twice in two Unicode forms and its attendees' names to
# pick the first in Vietnamese order (two more, #30); a province page the titles and dates of
# its articles, for the same reason (one more). Person, document and meeting pages list their
# articles by EXISTS or by their mentions' ids, whichever is cheaper for the page (the list's
# length and the archive's last id decide), and read the page's first mentions apart (two more each).
# A side list's latest posts (province, meeting) and a career (person) read plain rows first, then
# the few models a page shows: a query or two more than reading every model, at a small part of the cost.
QUERY_BUDGET = {"home": 11, "province": 16, "article": 7, "raw": 3, "person": 12, "document": 9, "meeting": 13}


@pytest.mark.django_db
def test_pages_run_a_bounded_number_of_queries(client, big_archive, django_assert_max_num_queries):
    assert Article.objects.count() >= 200
    current = big_archive["provinces"][0]
    busiest_person = max(big_archive["people"], key=lambda p: p.mentions.count())
    busiest_doc = max(big_archive["documents"], key=lambda d: d.mentions.count())
    meeting = big_archive["meetings"][0]
    article = big_archive["articles"][5]
    mention = article.personmention_set.first()
    pages = {
        "home": "/",
        "province": current.get_absolute_url(),
        "article": f"{article.get_absolute_url()}?mention=person-{mention.pk}",
        "raw": f"/bai-viet/{article.slug}/van-ban-goc/?mention=person-{mention.pk}",
        "person": busiest_person.get_absolute_url(),
        "document": busiest_doc.get_absolute_url(),
        "meeting": meeting.get_absolute_url(),
    }
    for name, url in pages.items():
        with django_assert_max_num_queries(QUERY_BUDGET[name]):
            html = page(client, url)
        assert "<h1" in html
    # The data really is big: the merged province lists the old unit's articles too, over pages.
    html = page(client, current.get_absolute_url())
    assert (f"Bài viết ({len([a for a in big_archive['articles'] if a.province_id != big_archive['provinces'][2].pk])})"
            in html and 'rel="next"' in html)
    with django_assert_max_num_queries(QUERY_BUDGET["province"]):
        html = page(client, current.get_absolute_url() + "?page=3")
    assert "Trang 3 /" in html and 'rel="canonical" href="http://testserver/tinh/tinh-mau-hien-tai/?page=3"' in html
    assert marks(page(client, pages["article"])) == [mention.text]


@pytest.mark.django_db
def test_feeds_and_sitemap_run_a_bounded_number_of_queries(client, big_archive, django_assert_max_num_queries):
    person, doc, prov = big_archive["people"][0], big_archive["documents"][0], big_archive["provinces"][0]
    for url in ("/feed/", f"{prov.get_absolute_url()}feed/", f"{person.get_absolute_url()}feed/",
                f"{doc.get_absolute_url()}feed/"):
        with django_assert_max_num_queries(4):
            body = page(client, url)
        assert body.count("<entry>") >= 10, url
    index = page(client, "/sitemap.xml")
    sections = re.findall(r"<loc>http://testserver(/sitemap-[a-z]+\.xml)</loc>", index)
    assert len(sections) == 6, index
    urls = 0
    for url in sections:
        with django_assert_max_num_queries(3):
            urls += page(client, url).count("<url>")
    assert urls > 220 + 40


@pytest.mark.django_db
def test_cached_archive_lists_follow_ingest_and_curation_at_once(client, ingested_seeds, admin_user, tmp_path):
    """The home page's most cited documents and a province's most named people are computed once
    per state of the archive (archive/aggregates.py): a curator's rejection or a new article
    shows on the next visit, never after a delay."""
    from archive import curation
    from archive.ingest.pipeline import ingest_paths

    def side(html, heading):
        return html.split(f">{heading}<", 1)[1].split("</section>", 1)[0]

    top = max(Document.objects.all(), key=lambda d: d.mentions.filter(rejected=False).count())
    assert top.get_absolute_url() in side(page(client, "/"), "Văn bản được trích dẫn nhiều")
    page(client, "/")  # served from the cache now
    curation.reject(mentions=list(top.mentions.all()), user=admin_user)
    assert top.get_absolute_url() not in side(page(client, "/"), "Văn bản được trích dẫn nhiều")

    person = Person.objects.filter(mentions__article__province__isnull=False).first()
    province = person.mentions.exclude(article__province=None).first().article.province
    url = province.get_absolute_url()
    assert person.get_absolute_url() in side(page(client, url), "Nhân vật")
    curation.reject(mentions=list(person.mentions.all()), user=admin_user)
    assert person.get_absolute_url() not in side(page(client, url), "Nhân vật")

    # A new article citing the most cited document's code: the list is the fresh one on the next visit.
    def listed():
        return re.findall(r'href="(/van-ban/[^"]+)">[^<]*</a> <span class="count" aria-label="(\d+) bài"',
                          side(page(client, "/"), "Văn bản được trích dẫn nhiều"))

    def fresh():
        counted = Document.objects.annotate(n=Count("mentions__article", distinct=True,
                                                    filter=Q(mentions__rejected=False)))
        # Most cited first, equal counts in Vietnamese order (numbers as numbers: 24-KH before 153-KH).
        top = collation.by_count_then_name(counted.filter(n__gt=0), lambda d: d.n, collation.document_name, 12)
        return [(d.get_absolute_url(), str(d.n)) for d in top]

    from archive import aggregates, collation

    before, state = listed(), aggregates.state()
    assert before == fresh()
    cited = Document.objects.get(slug=before[0][0].split("/")[2])
    new = tmp_path / "moi.txt"
    new.write_text(
        f"Hội nghị Tỉnh ủy quán triệt {cited.kind} số {cited.number}\n\nNgày 3/3/2024, Ban Thường vụ Tỉnh ủy tổ "
        f"chức hội nghị quán triệt {cited.kind} số {cited.number} về phát triển du lịch đến năm 2030.\n",
        encoding="utf-8")
    assert not ingest_paths([str(new)]).failed
    assert aggregates.state() != state  # an ingest moves the state, so nothing computed before is served
    assert listed() == fresh()


@pytest.mark.django_db
def test_reader_pages_are_rendered_once_per_archive_state(client, ingested_seeds, admin_user,
                                                          django_assert_max_num_queries):
    """A prominent person's page is rendered once per state of the archive (archive/aggregates.py
    cached_page): the next visit costs one query, and a curator's edit or an admin deletion shows
    on the visit after it."""
    from django.test import Client

    from archive import curation

    person = max(Person.objects.all(), key=lambda p: p.mentions.count())
    url = person.get_absolute_url()
    first = page(client, url)
    with django_assert_max_num_queries(1):  # the archive's state only
        assert page(client, url) == first

    person.name = person.name + " Tuấn"
    curation.save_edit(obj=person, changed_fields=["name"], created=False, previous=None, user=admin_user)
    assert person.name in page(client, url)

    curator = Client()
    curator.force_login(admin_user)
    assert curator.post(f"/admin/archive/person/{person.pk}/delete/", {"post": "yes"}).status_code == 302
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_long_lists_read_by_either_form_give_every_article_once_in_date_order(client, big_archive, monkeypatch):
    """A person's or document's articles are read by EXISTS on the first pages of a long list and
    by the mentions' ids further on or for a short list (views._stating): every page together
    lists each citing article once, in the pages' date order."""
    from archive import views
    from archive.models import DocumentMention, PersonMention

    monkeypatch.setattr(views, "PAGE_SIZE", 4)
    monkeypatch.setattr(views, "REPORTS_PAGE_SIZE", 1)  # 22 citing articles of ~225: the walk wins first
    person = max(big_archive["people"], key=lambda p: p.mentions.count())
    document = max(big_archive["documents"], key=lambda d: d.mentions.count())
    seen = set()
    for owner, model, key, size, newest in ((person, PersonMention, "person", 4, True),
                                           (document, DocumentMention, "document", 1, False)):
        expected = list(Article.objects.filter(pk__in=model.objects.filter(rejected=False, **{key: owner})
                                               .values("article_id")).order_by(
            views.article_date().desc(nulls_last=True) if newest else views.article_date().asc(nulls_last=True),
            "-id" if newest else "id").values_list("pk", flat=True))
        assert len(expected) > size  # more than one page: both forms are used
        got, number, forms = [], 1, set()
        while True:
            with CaptureQueriesContext(connection) as queries:
                response = client.get(owner.get_absolute_url(), {"page": number})
            listing = [q["sql"] for q in queries if q["sql"].startswith('SELECT "archive_article"."id"')
                       and "ORDER BY" in q["sql"] and "LIMIT" in q["sql"]]
            forms.update("exists" if "EXISTS" in sql else "ids" for sql in listing)
            got += [a.pk for a in response.context["page"].object_list]
            if not response.context["page"].has_next():
                break
            number += 1
        assert got == expected, key
        seen |= forms
    # The index walk is SQLite's (its date index, migration 0010); PostgreSQL sorts the ids.
    assert seen == ({"exists", "ids"} if connection.vendor == "sqlite" else {"ids"})
