"""The one search function behind the search page (and later the JSON API)."""
from haystack.inputs import AutoQuery
from haystack.query import SearchQuerySet

from archive.models import Article


class ArticleHits:
    """A lazy, sliceable list of the Article objects a query finds, in rank order."""

    def __init__(self, sqs):
        self.sqs = sqs

    def count(self):
        return self.sqs.count()

    def __len__(self):
        return self.count()

    def __getitem__(self, item):
        hits = self.sqs[item]
        if not isinstance(item, slice):
            hits = [hits]
        ids = [int(h.pk) for h in hits]
        by_id = Article.objects.for_listing().in_bulk(ids)
        found = [by_id[i] for i in ids if i in by_id]
        return found if isinstance(item, slice) else found[0]


def search_articles(query):
    """Articles matching the query, best first; the newest articles for an empty query."""
    if not query:
        return Article.objects.for_listing()
    sqs = SearchQuerySet().models(Article).filter(content=AutoQuery(query))
    return ArticleHits(sqs)
