"""The embedded default engine: Whoosh 2.7.4 files under ARCHIVE_DATA_DIR, written under an
inter-process lock, searched with numpy over the postings (``matching``), written by our own
segment writers (``segments``, ``bulk``), kept in step with the database (``indexing``).
Everything that knows Whoosh lives in this package; the private Whoosh names it relies on are
listed in ``private.py`` and checked at start-up. Must never decide what a query means
(``archive.search.plan`` does) nor write the database.
"""
