"""Our Haystack Whoosh backend: Haystack's, with Vietnamese analysis on every text field.

Haystack gives each CharField an English StemmingAnalyzer with English stop
words, which would drop folded Vietnamese syllables such as "to" and "an";
here every TEXT field of the schema uses VietnameseAnalyzer instead, at index
and query time alike. Haystack also stores every text field and indexes those
marked ``indexed=False``; here ``stored`` and ``indexed`` are obeyed (an
unindexed field is only stored). Registered in settings.HAYSTACK_CONNECTIONS.
"""
import os

from haystack.backends.whoosh_backend import WhooshEngine, WhooshSearchBackend
from whoosh.fields import STORED, TEXT

from archive.search.engines.whoosh.fields import VietnameseAnalyzer, VietnameseText


class VietnameseWhooshBackend(WhooshSearchBackend):
    def setup(self):
        """Haystack's, but an index folder this process may not write (a read-only data directory) is
        opened read-only instead of refused: searches go on, writes fail where they are tried."""
        if not (self.use_file_storage and os.path.isdir(self.path) and not os.access(self.path, os.W_OK)):
            return super().setup()
        from haystack import connections
        from whoosh.filedb.filestore import FileStorage
        from whoosh.qparser import FuzzyTermPlugin, QueryParser

        self.storage = FileStorage(self.path, readonly=True)
        self.content_field_name, self.schema = self.build_schema(
            connections[self.connection_alias].get_unified_index().all_searchfields())
        self.parser = QueryParser(self.content_field_name, schema=self.schema)
        self.parser.add_plugins([FuzzyTermPlugin])
        self.index = self.storage.open_index(schema=self.schema)
        self.setup_complete = True

    def build_schema(self, fields):
        content_field_name, schema = super().build_schema(fields)
        ours = {f.index_fieldname: f for f in fields.values()}
        for name in list(schema.names()):
            field = schema[name]
            if isinstance(field, TEXT):
                if name in ours and not ours[name].indexed:
                    schema.remove(name)
                    schema.add(name, STORED())
                    continue
                replacement = VietnameseText(
                    stored=ours[name].stored if name in ours else field.stored, analyzer=VietnameseAnalyzer(),
                    field_boost=getattr(field.format, "field_boost", 1.0), phrase=True, sortable=False,
                )
                replacement.spelling = False
                schema.remove(name)
                schema.add(name, replacement)
        return content_field_name, schema

    def update(self, index, iterable, commit=True):
        """Haystack's update_index and rebuild_index write through our one write path (bulk.py):
        the index's lock, separate segment files, old versions deleted with one searcher."""
        from archive.search.engines.whoosh.bulk import index_articles_bulk

        index_articles_bulk([obj.pk for obj in iterable])

    def remove(self, obj_or_string, commit=True):
        """Haystack's remove_object, through the index's lock (Whoosh's own LockError was swallowed)."""
        from haystack.utils import get_identifier

        from archive.search.engines.whoosh.indexing import remove_documents

        remove_documents([get_identifier(obj_or_string)])

    def clear(self, models=None, commit=True):
        """Haystack's clear_index, through the index's lock; this index holds articles only."""
        from archive.search.engines.whoosh.indexing import clear

        clear()


class VietnameseWhooshEngine(WhooshEngine):
    backend = VietnameseWhooshBackend
