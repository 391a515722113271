"""Atom feeds of the newest articles: overall, per province, per person, per document, per search.

A reader follows a place, a person, a resolution or a whole search ("nông thôn mới" in
Đồng Tháp) in a feed reader. The search feed runs the very search of the search page
(archive.search), newest first unless the reader asked otherwise. Feeds list
a bounded number of entries with a fixed number of queries, and never include a
mention a curator rejected. Every text goes out as XML 1.0 allows (control characters
an article or a query may hold are dropped) and as plain text (type="text"), never as
markup; every entry's id is its absolute URL.
"""
import datetime as dt
import re

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.http import urlencode
from django.utils.text import Truncator

from archive import search, twins
from archive.models import Article, Document, Person, Province
from archive.search import SearchParams, kept_pairs

FEED_SIZE = 30
SITE = "Nghị sự"
# What XML 1.0 forbids: C0 controls but tab and line ends, surrogates, U+FFFE and U+FFFF.
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(value):
    """value with every character XML 1.0 cannot carry removed (strings, also inside lists)."""
    if isinstance(value, str):
        return _NOT_XML.sub("", value)
    if isinstance(value, (list, tuple)):
        return type(value)(xml_text(v) for v in value)
    return value


class PlainTextAtomFeed(Atom1Feed):
    """Atom whose texts are all XML-safe, whose summaries are plain text and whose ids are absolute."""

    def __init__(self, *args, **kwargs):
        super().__init__(*map(xml_text, args), **{k: xml_text(v) for k, v in kwargs.items()})

    def add_item(self, *args, **kwargs):
        kwargs = {k: xml_text(v) for k, v in kwargs.items()}
        args = tuple(map(xml_text, args))
        link = kwargs.get("link", args[1] if len(args) > 1 else None)
        kwargs.setdefault("unique_id", link)  # the absolute URL the Feed view built: a permanent id
        super().add_item(*args, **kwargs)

    def add_item_elements(self, handler, item):
        # Django's Atom1Feed always labels the summary type="html"; ours is the article's text.
        super().add_item_elements(handler, {**item, "description": None})
        if item["description"]:
            handler.addQuickElement("summary", item["description"], {"type": "text"})


class ArticleFeed(Feed):
    """Shared item rendering: an article, its date, place, authors and opening paragraph."""

    feed_type = PlainTextAtomFeed
    language = "vi"

    def _articles(self):
        # The body gives the summary; the raw text is never needed in a feed.
        return Article.objects.select_related("province", "source").defer("raw_text").newest_first()

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        lead = item.paragraphs[0] if item.body else ""
        return Truncator(lead).words(80)

    def item_link(self, item):
        return item.get_absolute_url()

    def item_pubdate(self, item):
        if item.published:
            return item.published
        if item.meeting_date:
            return timezone.make_aware(dt.datetime.combine(item.meeting_date, dt.time(12)))
        return item.ingested

    def item_updateddate(self, item):
        return item.updated

    def item_author_name(self, item):
        return ", ".join(item.authors) or (item.source.name if item.source else None)

    def item_categories(self, item):
        return [item.province.display_name] if item.province else []


class LatestArticlesFeed(ArticleFeed):
    title = f"{SITE} — bài mới nhất"
    subtitle = "Tin hội nghị mới nạp vào lưu trữ, từ báo Đảng và cổng thông tin các tỉnh, thành."

    def link(self):
        return reverse("archive:home")

    def items(self):
        return twins.first(self._articles(), FEED_SIZE)


class ProvinceFeed(ArticleFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Province, slug=slug)

    def title(self, obj):
        return f"{SITE} — {obj.display_name}"

    def subtitle(self, obj):
        return f"Bài mới nhất về {obj.display_name}, gồm cả các đơn vị đã sáp nhập vào."

    def link(self, obj):
        return obj.get_absolute_url()

    def items(self, obj):
        return twins.first(self._articles().in_province(obj), FEED_SIZE)


class PersonFeed(ArticleFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Person, slug=slug)

    def title(self, obj):
        return f"{SITE} — {obj.name}"

    def subtitle(self, obj):
        return f"Bài mới nhất nhắc đến {obj.name}."

    def link(self, obj):
        return obj.get_absolute_url()

    def items(self, obj):
        return twins.first(self._articles().filter(personmention__person=obj, personmention__rejected=False).distinct(),
                           FEED_SIZE)


class DocumentFeed(ArticleFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Document, slug=slug)

    def title(self, obj):
        return f"{SITE} — {obj.label}"

    def subtitle(self, obj):
        return f"Bài mới nhất trích dẫn {obj.label}."

    def link(self, obj):
        return obj.get_absolute_url()

    def items(self, obj):
        return twins.first(self._articles().filter(
            documentmention__document=obj, documentmention__rejected=False
        ).distinct(), FEED_SIZE)


class SearchFeed(ArticleFeed):
    """The search page's own query and filters as a feed (the page links it)."""

    def get_object(self, request):
        data = request.GET.copy()
        data.pop("page", None)
        if not data.get("sort"):
            data["sort"] = "newest"  # a feed follows what is new, not what ranks first
        params = SearchParams.from_querydict(data)
        return params, urlencode(kept_pairs(request.GET))

    def title(self, obj):
        params, _ = obj
        return f"{SITE} — tìm “{params.q}”" if params.q else f"{SITE} — tìm kiếm"

    def subtitle(self, obj):
        params, _ = obj
        filters = ", ".join(f"{k}: {' / '.join(v)}" for k, v in params.filters.items())
        return "Kết quả mới nhất" + (f" (lọc {filters})" if filters else "") + "."

    def link(self, obj):
        _, query = obj
        return reverse("archive:search") + (f"?{query}" if query else "")

    def items(self, obj):
        params, _ = obj
        ids = search.ids(params, limit=FEED_SIZE)  # ids only: no snippets, no facets
        articles = self._articles().in_bulk(ids)
        return twins.without_twins([articles[i] for i in ids if i in articles])
