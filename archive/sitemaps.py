"""sitemap.xml: every reader page a search engine should know, at its canonical slug URL.

sitemap.xml is an index of the sections below; each section is served in files of at most
``limit`` URLs (the protocol allows 50,000, but a file of 50,000 articles took 3.5 s and 9.7 MB to
send). The index's lastmod of a section is one aggregate query, never a walk over its items. Only
pages with something to read are listed (provinces with articles, people and documents named by
an unrejected mention). Each section is one query per sitemap page; this module must never list
the admin, the search results or the raw-text views.
"""
from django.contrib.sitemaps import Sitemap
from django.db.models import Exists, Max, OuterRef
from django.urls import reverse

from archive.models import Article, Document, DocumentMention, Meeting, Person, PersonMention, Province


class ArchiveSitemap(Sitemap):
    limit = 5_000

    def get_latest_lastmod(self):
        # Django's default calls lastmod() on every item of the section: 100,000 rows read for the
        # index alone (3.2 s at 100,000 articles).
        if not hasattr(self, "lastmod"):
            return None
        return self.items().order_by().aggregate(latest=Max("updated"))["latest"]


class HomeSitemap(ArchiveSitemap):
    changefreq = "daily"
    priority = 1.0

    def items(self):
        return ["archive:home"]

    def location(self, item):
        return reverse(item)


class ArticleSitemap(ArchiveSitemap):
    changefreq = "monthly"
    priority = 0.8

    def items(self):
        return Article.objects.only("slug", "updated").order_by("pk")

    def lastmod(self, item):
        return item.updated


class ProvinceSitemap(ArchiveSitemap):
    changefreq = "weekly"
    priority = 0.6

    def items(self):
        return Province.objects.filter(
            Exists(Article.objects.filter(province=OuterRef("pk")))
            | Exists(Article.objects.filter(province__successor=OuterRef("pk")))
        ).only("slug").order_by("pk")


class PersonSitemap(ArchiveSitemap):
    changefreq = "weekly"
    priority = 0.5

    def items(self):
        return Person.objects.filter(
            Exists(PersonMention.objects.filter(person=OuterRef("pk"), rejected=False))
        ).only("slug", "updated").order_by("pk")

    def lastmod(self, item):
        return item.updated


class DocumentSitemap(ArchiveSitemap):
    changefreq = "weekly"
    priority = 0.5

    def items(self):
        return Document.objects.filter(
            Exists(DocumentMention.objects.filter(document=OuterRef("pk"), rejected=False))
        ).only("slug", "updated").order_by("pk")

    def lastmod(self, item):
        return item.updated


class MeetingSitemap(ArchiveSitemap):
    changefreq = "monthly"
    priority = 0.5

    def items(self):
        return Meeting.objects.only("slug", "updated").order_by("pk")

    def lastmod(self, item):
        return item.updated


SITEMAPS = {
    "home": HomeSitemap,
    "articles": ArticleSitemap,
    "provinces": ProvinceSitemap,
    "people": PersonSitemap,
    "documents": DocumentSitemap,
    "meetings": MeetingSitemap,
}
