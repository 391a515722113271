"""The curators' admin reads Vietnamese whatever language the browser asks for."""
import re

from archive.models import Article, Person, PersonMention, Position

ENGLISH = ("Skip to main content", "Toggle theme", "Add link", "Model name", "Show counts", "Breadcrumbs",
           "Sidebar", "Select all objects", "Django administration", "Extractor version", ">Origin<", ">Verified<",
           ">Rejected<", "Slug:", ">Province<", "Save and continue", "Filter navigation items")


def test_admin_pages_speak_vietnamese_to_an_english_browser(admin_client, ingested_seeds):
    pages = ["/admin/", "/admin/archive/person/", f"/admin/archive/person/{Person.objects.first().pk}/change/",
             f"/admin/archive/article/{Article.objects.first().pk}/change/",
             f"/admin/archive/personmention/{PersonMention.objects.first().pk}/change/",
             f"/admin/archive/position/{Position.objects.first().pk}/change/",
             "/admin/archive/personmention/review/", "/admin/archive/person/duplicates/",
             "/admin/archive/mergerecord/", "/admin/archive/curationevent/", "/admin/archive/tenurecorrection/add/"]
    for url in pages:
        response = admin_client.get(url, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
        html = response.content.decode()
        assert response.status_code == 200, url
        assert re.search(r'<html lang="vi"', html), url
        found = [word for word in ENGLISH if word in html]
        assert not found, f"{url}: English left: {found}"
        assert "Bỏ qua, đến nội dung" in html
