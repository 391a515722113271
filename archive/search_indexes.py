"""Haystack index of articles: the text people search and the fields they filter on."""
from haystack import indexes

from archive.models import Article


class ArticleIndex(indexes.SearchIndex, indexes.Indexable):
    text = indexes.CharField(document=True)
    title = indexes.CharField(model_attr="title")
    province = indexes.CharField(null=True)
    published = indexes.DateTimeField(model_attr="published", null=True)
    file_name = indexes.CharField(model_attr="file_name", indexed=False)

    def get_model(self):
        return Article

    def index_queryset(self, using=None):
        return self.get_model().objects.select_related("province", "source").prefetch_related(
            "personmention_set__person", "documentmention_set__document"
        )

    def prepare_province(self, obj):
        return obj.province.name if obj.province else None

    def prepare_text(self, obj):
        people = {m.person.name for m in obj.personmention_set.all() if not m.rejected}
        documents = {m.document.label for m in obj.documentmention_set.all() if not m.rejected}
        captions = [c["text"] for c in obj.captions]
        parts = [obj.title, obj.body, *captions, *sorted(people), *sorted(documents), " ".join(obj.authors)]
        if obj.province:
            parts.append(obj.province.display_name)
        return "\n".join(p for p in parts if p)
