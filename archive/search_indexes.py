"""Haystack index of articles: the text people search and the facets they narrow by.

Facet fields hold slugs, never labels: Whoosh's multi-value KEYWORD fields
split on commas, and a person's or document's label may contain one.
"""
import datetime as dt
import hashlib

from django.db.models import Prefetch
from haystack import indexes

from archive.models import Article, DocumentMention, MeetingMention, PersonMention


class ArticleIndex(indexes.SearchIndex, indexes.Indexable):
    # Not stored: results are read from the database, and storing every body doubled the index
    # and made each hit load its whole text. Its digest is stored, for the drift check.
    text = indexes.CharField(document=True, stored=False)
    text_digest = indexes.CharField(indexed=False)
    title = indexes.CharField(model_attr="title")
    published = indexes.DateTimeField(model_attr="published", null=True)
    # Sort key: publication, else the meeting date, else the distant past (undated last when newest first).
    sort_date = indexes.DateTimeField()
    file_name = indexes.CharField(model_attr="file_name", indexed=False)
    province = indexes.MultiValueField()  # the province as named then (historical)
    province_current = indexes.MultiValueField()  # the unit it belongs to after 1 July 2025
    year = indexes.MultiValueField()
    kind = indexes.MultiValueField()
    person = indexes.MultiValueField()
    document = indexes.MultiValueField()
    source = indexes.MultiValueField()

    def get_model(self):
        return Article

    def index_queryset(self, using=None):
        # Mentions come joined to their entity: prefetching "personmention_set__person" instead
        # sends "person.id = … OR …" with one term per person, which SQLite refuses past
        # 1,000 people (a batch of 200 articles reaches that), and costs a query more.
        # Only the columns the prepare methods read: building ~40 mentions per article with every
        # column (timestamps converted one by one) was most of reading an article for the index.
        return self.get_model().objects.select_related("province__successor", "source").prefetch_related(
            Prefetch("personmention_set", queryset=PersonMention.objects.select_related("person").only(
                "article", "rejected", "person__slug", "person__name")),
            Prefetch("documentmention_set", queryset=DocumentMention.objects.select_related("document").only(
                "article", "rejected", "document__slug", "document__kind", "document__number", "document__issuer")),
            Prefetch("meetingmention_set", queryset=MeetingMention.objects.select_related("meeting").only(
                "article", "rejected", "meeting__kind")),
        )

    def prepare_sort_date(self, obj):
        if obj.published:
            return obj.published
        if obj.meeting_date:
            return dt.datetime.combine(obj.meeting_date, dt.time.min)
        return dt.datetime(1900, 1, 1)

    def prepare_province(self, obj):
        return [obj.province.slug] if obj.province else []

    def prepare_province_current(self, obj):
        return [obj.province.current_unit.slug] if obj.province else []

    def prepare_year(self, obj):
        date = obj.date
        return [str(date.year)] if date else []

    def prepare_kind(self, obj):
        return sorted({m.meeting.kind_slug for m in obj.meetingmention_set.all() if not m.rejected})

    def prepare_person(self, obj):
        return sorted({m.person.slug for m in obj.personmention_set.all() if not m.rejected})

    def prepare_document(self, obj):
        return sorted({m.document.slug for m in obj.documentmention_set.all() if not m.rejected})

    def prepare_source(self, obj):
        return [obj.source.slug] if obj.source else []

    def prepare_text_digest(self, obj):
        return hashlib.sha256(self.prepare_text(obj).encode()).hexdigest()[:32]

    def prepare_text(self, obj):
        people = {m.person.name for m in obj.personmention_set.all() if not m.rejected}
        documents = {m.document.label for m in obj.documentmention_set.all() if not m.rejected}
        captions = [c["text"] for c in obj.captions]
        parts = [obj.title, obj.body, *captions, *sorted(people), *sorted(documents), " ".join(obj.authors)]
        if obj.province:
            parts.append(obj.province.display_name)
        return "\n".join(p for p in parts if p)
