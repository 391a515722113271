"""Our Haystack Whoosh backend: Haystack's, with Vietnamese analysis on every text field.

Haystack gives each CharField an English StemmingAnalyzer with English stop
words, which would drop folded Vietnamese syllables such as "to" and "an";
here every TEXT field of the schema uses VietnameseAnalyzer instead, at index
and query time alike. Registered in settings.HAYSTACK_CONNECTIONS.
"""
from haystack.backends.whoosh_backend import WhooshEngine, WhooshSearchBackend
from whoosh.fields import TEXT

from archive.search.analysis import VietnameseAnalyzer


class VietnameseWhooshBackend(WhooshSearchBackend):
    def build_schema(self, fields):
        content_field_name, schema = super().build_schema(fields)
        for name in list(schema.names()):
            field = schema[name]
            if isinstance(field, TEXT):
                replacement = TEXT(
                    stored=field.stored, analyzer=VietnameseAnalyzer(), field_boost=getattr(field.format, "field_boost", 1.0),
                    phrase=True, sortable=False,
                )
                replacement.spelling = False
                schema.remove(name)
                schema.add(name, replacement)
        return content_field_name, schema


class VietnameseWhooshEngine(WhooshEngine):
    backend = VietnameseWhooshBackend
