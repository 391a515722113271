"""Haystack index of articles: the text people search and the facets they narrow by.

Facet fields hold slugs, never labels: Whoosh's multi-value KEYWORD fields
split on commas, and a person's or document's label may contain one.
"""
import hashlib
from typing import NamedTuple

from haystack import indexes

from archive.models import UNDATED, Article, Document, DocumentMention, Meeting, MeetingMention, PersonMention

# Article columns no prepare method reads.
_UNREAD = ("raw_text", "spans", "curated_fields", "photographers", "path", "search_folded", "url", "category")
_CHUNK = 500  # article ids per mention query


class MentionFacts(NamedTuple):
    """What an article's mentions that are not rejected give its index document."""

    people: set  # (slug, name)
    documents: set  # (slug, label)
    kinds: set  # meeting kind slugs


class ArticleIndex(indexes.SearchIndex, indexes.Indexable):
    # Not stored: results are read from the database, and storing every body doubled the index
    # and made each hit load its whole text. Its digest is stored, for the drift check.
    text = indexes.CharField(document=True, stored=False)
    text_digest = indexes.CharField(indexed=False)
    title = indexes.CharField(model_attr="title")
    published = indexes.DateTimeField(model_attr="published", null=True)
    # Article.sort_date, the one definition of an article's date; undated: models.UNDATED (last).
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
        # Only the columns the prepare methods read (the raw text, spans and curation columns are
        # as long as the rest together). Mentions are read by load(), as columns.
        return self.get_model().objects.select_related("province__successor", "source").defer(*_UNREAD)

    def load(self, ids):
        """The articles with these ids, each with what its mentions give the index, in four queries.

        Prefetching the mentions built a model instance per mention and per entity (~35 per
        article): two thirds of preparing an article for the index. Their columns are enough.
        """
        articles = list(self.index_queryset().filter(pk__in=ids))
        facts = self.mention_facts([a.pk for a in articles])
        for article in articles:
            article._index_facts = facts[article.pk]
        return articles

    @staticmethod
    def mention_facts(ids):
        """{article id: MentionFacts} of the articles' mentions that are not rejected."""
        facts = {pk: MentionFacts(set(), set(), set()) for pk in ids}
        for chunk in (ids[i:i + _CHUNK] for i in range(0, len(ids), _CHUNK)):
            mentions = PersonMention.objects.filter(article_id__in=chunk, rejected=False).order_by()
            for pk, slug, name in mentions.values_list("article_id", "person__slug", "person__name"):
                facts[pk].people.add((slug, name))
            mentions = DocumentMention.objects.filter(article_id__in=chunk, rejected=False).order_by()
            for pk, slug, kind, number, issuer in mentions.values_list(
                    "article_id", "document__slug", "document__kind", "document__number", "document__issuer"):
                facts[pk].documents.add((slug, Document.label_of(kind, number, issuer)))
            mentions = MeetingMention.objects.filter(article_id__in=chunk, rejected=False).order_by()
            for pk, kind in mentions.values_list("article_id", "meeting__kind"):
                facts[pk].kinds.add(Meeting.slug_of_kind(kind))
        return facts

    def prepare(self, obj):
        # An article not from load() has its mentions read once for all the prepare methods.
        alone = getattr(obj, "_index_facts", None) is None
        if alone:
            obj._index_facts = self._facts(obj)
        try:
            data = super().prepare(obj)
        finally:
            if alone:
                del obj._index_facts
        data["text_digest"] = hashlib.sha256(data["text"].encode()).hexdigest()[:32]  # of the text just prepared
        return data

    def _facts(self, obj):
        facts = getattr(obj, "_index_facts", None)  # set by load() and prepare()
        return facts if facts is not None else self.mention_facts([obj.pk])[obj.pk]

    def prepare_sort_date(self, obj):
        return obj.sort_date or UNDATED

    def prepare_province(self, obj):
        return [obj.province.slug] if obj.province else []

    def prepare_province_current(self, obj):
        return [obj.province.current_unit.slug] if obj.province else []

    def prepare_year(self, obj):
        date = obj.date
        return [str(date.year)] if date else []

    def prepare_kind(self, obj):
        return sorted(self._facts(obj).kinds)

    def prepare_person(self, obj):
        return sorted({slug for slug, _ in self._facts(obj).people})

    def prepare_document(self, obj):
        return sorted({slug for slug, _ in self._facts(obj).documents})

    def prepare_source(self, obj):
        return [obj.source.slug] if obj.source else []

    def prepare_text(self, obj):
        facts = self._facts(obj)
        people = {name for _, name in facts.people}
        documents = {label for _, label in facts.documents}
        captions = [c["text"] for c in obj.captions]
        parts = [obj.title, obj.body, *captions, *sorted(people), *sorted(documents), " ".join(obj.authors)]
        if obj.province:
            parts.append(obj.province.display_name)
        return "\n".join(p for p in parts if p)
