"""Web security: deploy checks, escaping everywhere, CSRF, headers, bounds, throttles, error pages.

Everything goes through Django's test client against the real pipeline's data;
the hostile article is ingested from a file like any other.
"""
import re
import secrets
import subprocess
import sys
from html import escape, unescape
from html.parser import HTMLParser
from urllib.parse import urlencode
from xml.etree import ElementTree

import pytest
from django.core.cache import caches
from django.http import QueryDict
from django.test import Client
from django.urls import path, reverse

from archive.ingest.pipeline import ingest_paths
from archive.models import Article, Person
from archive.search import FACET_SIZE, MAX_FILTER_VALUES, MAX_PAGE, MAX_QUERY, SearchParams
from tests.conftest import ROOT


def _boom(request):
    raise ZeroDivisionError("secret internals 42")


urlpatterns = [path("boom/", _boom)]  # for the 500 page test (pytest.mark.urls below)

XSS_QUERY = "<img src=x onerror=alert(1)>"
HOSTILE = (
    'Hội nghị Tỉnh ủy bàn về an ninh mạng <script>alert("xss-title")</script> ngày 21/3\n\n'
    "Cập nhật ngày: 21/03/2023 18:00:00\n\n"
    "ĐTO - Chiều ngày 21/3, Hội nghị Ban Chấp hành Đảng bộ tỉnh Đồng Tháp (khóa XI) lần thứ 12 bàn về "
    "an ninh mạng. Kẻ gian chèn <script>alert('xss-body')</script> và " + XSS_QUERY + " vào trang. "
    "Đồng chí Lê Quốc Phong - Bí thư Tỉnh ủy phát biểu chỉ đạo.\n\n"
    "Ngân Nguyễn\n"
)


class _Unsafe(HTMLParser):
    """Collects what a CSP without 'unsafe-inline' would block, or what injected markup would run."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        names = {name for name, _ in attrs}
        if tag == "script" and "src" not in names:
            self.found.append("inline <script>")
        if tag == "style":
            self.found.append("<style> block")
        if tag == "img" and ("src", "x") in attrs:
            self.found.append("injected <img src=x>")
        self.found.extend(f"{name}= attribute on <{tag}>" for name in names if name == "style" or name.startswith("on"))


def unsafe(html):
    parser = _Unsafe()
    parser.feed(html)
    return parser.found


@pytest.fixture(autouse=True)
def fresh_throttle(settings):
    caches["throttle"].clear()
    yield
    caches["throttle"].clear()


@pytest.fixture
def hostile_article(db, tmp_path):
    (tmp_path / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    report = ingest_paths([str(tmp_path)])
    assert not report.failed, report.failed
    return Article.objects.get(file_name="hostile.txt")


def test_check_deploy_with_production_settings_reports_nothing(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "ARCHIVE_DATA_DIR": str(tmp_path), "DJANGO_DEBUG": "0",
           "DJANGO_SECRET_KEY": secrets.token_urlsafe(50)}
    run = subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
                         cwd=ROOT, env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "System check identified no issues" in run.stdout
    env.pop("DJANGO_SECRET_KEY")
    run = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert run.returncode != 0 and "DJANGO_SECRET_KEY must be set" in run.stderr


def _pages(article):
    person = Person.objects.filter(mentions__article=article).first()
    pages = ["/", article.get_absolute_url(), "/search/?q=an+ninh+mạng", "/search/?q=" + XSS_QUERY,
             "/search/?q=alert", "/search/", f"/tinh/{article.province.slug}/"]
    if person:
        pages.append(person.get_absolute_url())
    return pages


@pytest.mark.django_db
def test_hostile_article_and_query_are_escaped_on_every_page(client, hostile_article):
    assert "<script>" in hostile_article.raw_text and "<script>" in hostile_article.title
    for url in _pages(hostile_article):
        response = client.get(url)
        assert response.status_code == 200, url
        assert not unsafe(response.content.decode()), (url, unsafe(response.content.decode()))
    article_page = client.get(hostile_article.get_absolute_url()).content.decode()
    assert "&lt;script&gt;alert(&quot;xss-title&quot;)&lt;/script&gt;" in article_page
    assert "&lt;img src=x onerror=alert(1)&gt;" in client.get("/search/", {"q": XSS_QUERY}).content.decode()


@pytest.mark.django_db
def test_snippets_and_json_escape_markup(client, hostile_article):
    data = client.get("/api/search", {"q": "an ninh mạng"}).json()
    hit = next(r for r in data["results"] if r["id"] == hostile_article.pk)
    assert "&lt;script&gt;" in hit["snippet_html"] and "<script" not in hit["snippet_html"]
    assert "<mark>" in hit["snippet_html"]  # only our own markup survives
    response = client.get("/api/search", {"q": XSS_QUERY})
    assert response.status_code == 200 and response["Content-Type"].startswith("application/json")
    assert response["X-Content-Type-Options"] == "nosniff"  # JSON never sniffed as HTML
    for r in response.json()["results"]:
        assert "<img" not in r["snippet_html"] and "<script" not in r["snippet_html"]


@pytest.mark.django_db
def test_raw_text_is_plain_text_never_html(client, hostile_article):
    response = client.get(reverse("archive:article_raw_text", args=[hostile_article.slug]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "<script>alert('xss-body')</script>" in response.content.decode()  # the file as it came, as text


ATOM = "{http://www.w3.org/2005/Atom}"


def _hostile_feed_entries(client, article):
    """(url, the hostile article's Atom entry) for every kind of feed that lists it."""
    person = Person.objects.get(mentions__article=article, name="Lê Quốc Phong")
    urls = [reverse("archive:feed"), reverse("archive:search_feed") + "?" + urlencode({"q": "an ninh mạng"}),
            reverse("archive:search_feed") + "?" + urlencode({"q": XSS_QUERY}),
            reverse("archive:province_feed", args=[article.province.slug]),
            reverse("archive:person_feed", args=[person.slug])]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Type"].startswith("application/atom+xml"), url
        body = response.content.decode()
        assert "<script" not in body and "<img" not in body, url  # no markup of the article's in the XML
        entries = [e for e in ElementTree.fromstring(body).iter(f"{ATOM}entry")
                   if e.find(f"{ATOM}link").get("href").endswith(article.get_absolute_url())]
        assert len(entries) == 1, url
        yield url, entries[0]


@pytest.mark.django_db
def test_feeds_escape_markup(client, hostile_article):
    for url, entry in _hostile_feed_entries(client, hostile_article):
        title = entry.find(f"{ATOM}title")
        assert title.get("type", "text") == "text", url  # a reader shows it as text, markup and all
        assert title.text == hostile_article.title, url
        # type="html": the article's markup arrives escaped, so a reader shows it as text
        assert "&lt;script&gt;alert(&#x27;xss-body&#x27;)&lt;/script&gt;" in entry.find(f"{ATOM}summary").text, url


@pytest.mark.django_db
def test_feed_summaries_render_the_articles_markup_as_text(client, hostile_article):
    for url, entry in _hostile_feed_entries(client, hostile_article):
        summary = entry.find(f"{ATOM}summary")
        rendered = summary.text if summary.get("type") == "html" else escape(summary.text)  # what a reader renders
        assert not unsafe(rendered), (url, unsafe(rendered))
        assert "<script>alert('xss-body')</script>" in unescape(rendered), url  # shown as text


def test_search_parameters_are_bounded():
    long = QueryDict(mutable=True)
    long.update({"q": "x" * 2000, "page": str(10**12)})
    params = SearchParams.from_querydict(long)
    assert len(params.q) == MAX_QUERY and params.page == MAX_PAGE
    assert any("dài quá" in e for e in params.errors)
    many = QueryDict(mutable=True)
    for facet in ("province", "person", "document", "kind", "source", "year"):
        many.setlist(facet, [f"gia-tri-{i}" for i in range(50)])
    params = SearchParams.from_querydict(many)
    assert all(len(v) <= MAX_FILTER_VALUES for v in params.filters.values())
    assert sum(map(len, params.filters.values())) <= 6 * MAX_FILTER_VALUES
    for bad in ("-5", "abc", "1e9", ""):
        assert 1 <= SearchParams.from_querydict(QueryDict(f"page={bad}")).page <= MAX_PAGE


@pytest.mark.django_db
def test_malicious_search_requests_answer_without_error(client, ingested_seeds):
    many = "&".join(f"person=p-{i}" for i in range(200))
    for url in ("/api/search?q=" + "đ" * 5000, "/api/search?page=99999999999999999999", "/api/search?" + many,
                "/api/search?q=%00%01%02", "/api/search?from=2020-99-99&to=x", '/api/search?q="unbalanced'):
        response = client.get(url)
        assert response.status_code == 200, url
        data = response.json()
        assert data["page"] <= MAX_PAGE
        assert all(len(items) <= FACET_SIZE for items in data["facets"].values())


@pytest.mark.django_db
def test_security_headers(client, admin_client, ingested_seeds):
    article = Article.objects.first()
    for c, url in ((client, "/"), (client, "/search/?q=tinh+uy"), (client, article.get_absolute_url()),
                   (client, "/api/search?q=x"), (client, "/admin/login/"), (admin_client, "/admin/")):
        response = c.get(url)
        assert response.status_code == 200, url
        csp = response["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "style-src 'self'" in csp and "unsafe-inline" not in csp
        assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "same-origin"
        assert response["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_pages_and_admin_need_no_inline_script_or_style(client, admin_client, ingested_seeds):
    """The CSP forbids inline code; every page we (and Django's admin) serve must work under it."""
    article = Article.objects.first()
    urls = [(client, u) for u in ("/", "/search/?q=tinh+uy", article.get_absolute_url(), "/admin/login/")]
    urls += [(admin_client, u) for u in ("/admin/auth/user/", "/admin/archive/article/",
                                         f"/admin/archive/article/{article.pk}/change/", "/admin/auth/user/add/")]
    for c, url in urls:
        response = c.get(url)
        if response.status_code == 404 and url.startswith("/admin/archive/"):
            continue  # that model's admin is not registered (yet)
        assert response.status_code == 200, url
        assert not unsafe(response.content.decode()), (url, unsafe(response.content.decode()))


def test_templates_hold_no_inline_script_or_style():
    """Our own templates (pages, errors, admin overrides) must work under the CSP too."""
    offenders = {}
    for template in sorted((ROOT / "templates").rglob("*.html")):
        found = unsafe(template.read_text(encoding="utf-8"))
        if found:
            offenders[str(template.relative_to(ROOT))] = found
    assert not offenders


@pytest.mark.django_db
def test_every_post_form_carries_a_csrf_token(client, admin_client, ingested_seeds):
    article = Article.objects.first()
    pages = [(client, "/"), (client, "/search/"), (client, article.get_absolute_url()), (client, "/admin/login/"),
             (admin_client, "/admin/auth/user/add/"), (admin_client, f"/admin/archive/article/{article.pk}/change/")]
    posts = 0
    for c, url in pages:
        body = c.get(url).content.decode()
        for form in re.findall(r"<form\b[^>]*>.*?</form>", body, re.S | re.I):
            if re.search(r"method=[\"']?post", form, re.I):
                posts += 1
                assert 'name="csrfmiddlewaretoken"' in form, url
    assert posts >= 2
    strict = Client(enforce_csrf_checks=True)
    response = strict.post("/admin/login/", {"username": "a", "password": "b"})
    assert response.status_code == 403
    assert "Không được phép" in response.content.decode()


@pytest.mark.django_db
def test_search_is_throttled_per_client(client, settings, ingested_seeds):
    settings.ARCHIVE_SEARCH_RATE_PER_MINUTE, settings.ARCHIVE_SEARCH_BURST = 6, 3
    statuses = [client.get("/api/search", {"province": "dong-thap", "year": str(y)}).status_code
                for y in range(2019, 2025)]
    assert statuses[:3] == [200, 200, 200] and statuses[3:] == [429, 429, 429]
    refused = client.get("/api/search", {"q": "x"})
    assert int(refused["Retry-After"]) >= 1 and "quá nhanh" in refused.json()["error"]
    page = client.get("/search/", {"q": "x"})
    assert page.status_code == 429 and "Bạn tìm kiếm quá nhanh" in page.content.decode()
    assert client.get("/").status_code == 200  # reading is never throttled
    assert client.get(Article.objects.first().get_absolute_url()).status_code == 200
    other = Client(REMOTE_ADDR="10.1.2.3")  # another reader is not starved by the crawler
    assert other.get("/api/search", {"q": "tinh uy"}).status_code == 200


@pytest.mark.django_db
def test_forwarded_for_counts_only_behind_a_trusted_proxy(settings, ingested_seeds):
    settings.ARCHIVE_SEARCH_RATE_PER_MINUTE, settings.ARCHIVE_SEARCH_BURST = 6, 1
    spoofer = Client(REMOTE_ADDR="10.9.9.9")
    assert spoofer.get("/api/search", HTTP_X_FORWARDED_FOR="1.1.1.1").status_code == 200
    assert spoofer.get("/api/search", HTTP_X_FORWARDED_FOR="2.2.2.2").status_code == 429  # not trusted
    settings.ARCHIVE_TRUSTED_PROXIES = ("127.0.0.1",)
    proxy = Client()
    assert proxy.get("/api/search", HTTP_X_FORWARDED_FOR="3.3.3.3").status_code == 200
    assert proxy.get("/api/search", HTTP_X_FORWARDED_FOR="4.4.4.4").status_code == 200
    assert proxy.get("/api/search", HTTP_X_FORWARDED_FOR="3.3.3.3").status_code == 429


@pytest.mark.django_db
def test_admin_login_is_throttled_after_repeated_failures(client, django_user_model, settings):
    settings.ARCHIVE_LOGIN_MAX_FAILURES = 3
    django_user_model.objects.create_superuser("quantri", "q@example.org", "mat-khau-dung-1")
    for _ in range(3):
        response = client.post("/admin/login/", {"username": "quantri", "password": "sai"})
        assert response.status_code == 200  # the form again, with Django's error
    refused = client.post("/admin/login/", {"username": "quantri", "password": "mat-khau-dung-1"})
    assert refused.status_code == 429 and "Đăng nhập sai quá nhiều lần" in refused.content.decode()
    assert int(refused["Retry-After"]) > 0
    assert "_auth_user_id" not in client.session  # even the right password is refused while locked
    other = Client(REMOTE_ADDR="10.0.0.7")
    assert other.post("/admin/login/", {"username": "quantri", "password": "x"}).status_code == 429  # per account
    fresh = Client(REMOTE_ADDR="10.0.0.8")
    django_user_model.objects.create_superuser("bientap", "b@example.org", "mat-khau-dung-2")
    ok = fresh.post("/admin/login/", {"username": "bientap", "password": "mat-khau-dung-2"})
    assert ok.status_code == 302 and "_auth_user_id" in fresh.session


@pytest.mark.django_db
def test_404_page_is_vietnamese_without_internals(client, settings):
    settings.DEBUG = False
    response = client.get("/khong-co-trang-nay/<script>")
    assert response.status_code == 404
    body = response.content.decode()
    assert "Không tìm thấy trang" in body and 'lang="vi"' in body
    assert "Traceback" not in body and "urlpatterns" not in body and "<script>" not in body


@pytest.mark.django_db
@pytest.mark.urls("tests.test_security")
def test_500_page_is_vietnamese_without_internals(settings):
    settings.DEBUG = False
    response = Client(raise_request_exception=False).get("/boom/")
    assert response.status_code == 500
    body = response.content.decode()
    assert "Đã có lỗi xảy ra" in body and 'lang="vi"' in body
    assert "Traceback" not in body and "ZeroDivisionError" not in body and "secret internals" not in body
