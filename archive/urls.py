"""URLs of the archive: reader pages by slug, their Atom feeds, search, sitemap, admin."""
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path

from archive import feeds, views, views_original, views_search
from archive.models import Document, Person
from archive.sitemaps import SITEMAPS

app_patterns = (
    [
        path("", views.home, name="home"),
        path("feed/", feeds.LatestArticlesFeed(), name="feed"),
        path("tinh/<slug:slug>/", views.province_detail, name="province"),
        path("tinh/<slug:slug>/feed/", feeds.ProvinceFeed(), name="province_feed"),
        path("bai-viet/<slug:slug>/", views.article_detail, name="article"),
        path("bai-viet/<slug:slug>/van-ban-goc/", views.article_raw, name="article_raw"),
        path("bai-viet/<slug:slug>/van-ban-goc.txt", views.article_raw_text, name="article_raw_text"),
        path("bai-viet/<slug:slug>/ban-goc/", views_original.article_original, name="article_original"),
        path("bai-viet/<slug:slug>/ban-goc.txt", views_original.article_original_file, name="article_original_file"),
        path("nhan-vat/<slug:slug>/", views.person_detail, name="person"),
        path("nhan-vat/<slug:slug>/feed/", views.follows_merges(Person)(feeds.PersonFeed()), name="person_feed"),
        path("van-ban/<slug:slug>/", views.document_detail, name="document"),
        path("van-ban/<slug:slug>/feed/", views.follows_merges(Document)(feeds.DocumentFeed()), name="document_feed"),
        path("hoi-nghi/<slug:slug>/", views.meeting_detail, name="meeting"),
        path("search/", views.search, name="search"),
        path("search/feed/", feeds.SearchFeed(), name="search_feed"),
        path("search/help/", views_search.search_help, name="search_help"),
        path("search/bo-loc/<slug:name>/", views_search.facet_page, name="search_facet"),
        path("search/export.csv", views.search_export, name="search_export"),
        path("api/search", views.search_api, name="search_api"),
        path("thong-bao/", include("archive.alerts.urls")),
        # An index of sections, each cut in files of at most 50,000 URLs (?p=2…): the protocol's limit.
        path("sitemap.xml", sitemap_views.index, {"sitemaps": SITEMAPS, "sitemap_url_name": "archive:sitemap_section"},
             name="sitemap"),
        path("sitemap-<section>.xml", sitemap_views.sitemap, {"sitemaps": SITEMAPS}, name="sitemap_section"),
    ],
    "archive",
)

urlpatterns = [
    path("", include(app_patterns)),
    path("admin/", admin.site.urls),
]
