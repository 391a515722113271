"""URLs of the archive: reader pages by slug, search, admin."""
from django.contrib import admin
from django.urls import include, path

from archive import views

app_patterns = (
    [
        path("", views.home, name="home"),
        path("tinh/<slug:slug>/", views.province_detail, name="province"),
        path("bai-viet/<slug:slug>/", views.article_detail, name="article"),
        path("bai-viet/<slug:slug>/van-ban-goc/", views.article_raw, name="article_raw"),
        path("nhan-vat/<slug:slug>/", views.person_detail, name="person"),
        path("van-ban/<slug:slug>/", views.document_detail, name="document"),
        path("hoi-nghi/<slug:slug>/", views.meeting_detail, name="meeting"),
        path("search/", views.search, name="search"),
        path("search/export.csv", views.search_export, name="search_export"),
        path("api/search", views.search_api, name="search_api"),
    ],
    "archive",
)

urlpatterns = [
    path("", include(app_patterns)),
    path("admin/", admin.site.urls),
]
