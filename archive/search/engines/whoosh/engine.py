"""The Whoosh engine as ``archive.search`` sees it: ``engines.base.Engine`` over this package.

Must never hold logic of its own: each method hands over to the module that does the work
(``search`` reads, ``bulk`` and ``indexing`` write under the index's lock).
"""
from archive.search.engines.base import Engine
from archive.search.facets import FACET_SIZE


class WhooshEngine(Engine):
    name = "whoosh"

    def execute(self, plan, params, page_size, with_facets=True, facet_top=FACET_SIZE):
        from archive.search.engines.whoosh import search

        return search.execute(plan, params, page_size, with_facets, facet_top)

    def warm(self):
        from archive.search.engines.whoosh import search

        search.warm()

    def ids(self, plan, limit=None):
        from archive.search.engines.whoosh import search

        return search.ids(plan, limit)

    def write(self, ids):
        from archive.search.engines.whoosh import indexing

        return indexing.index_articles(ids)

    def delete(self, ids):
        from archive.search.engines.whoosh import indexing

        return indexing.remove_articles(ids)

    def write_on_commit(self, ids):
        from archive.search.engines.whoosh import indexing

        indexing.index_on_commit(ids)

    def batch(self, procs=1, parallel=False):
        from archive.search.engines.whoosh import bulk

        return bulk.Indexer(procs=procs, parallel=parallel)

    def parallel_from(self):
        from archive.search.engines.whoosh import bulk

        return bulk.PARALLEL_FROM

    def begin_run(self):
        from archive.search.engines.whoosh import indexing

        return indexing.begin_run()

    def rebuild(self, procs=1):
        from archive.search.engines.whoosh import bulk

        return bulk.rebuild(procs=procs)

    def clear(self):
        from archive.search.engines.whoosh import indexing

        indexing.clear()

    def drift(self):
        from archive.search.engines.whoosh import indexing

        return indexing.find_drift()

    def repair(self, drift):
        from archive.search.engines.whoosh import indexing

        return indexing.repair(drift)

    def forget_open_index(self):
        from archive.search.engines.whoosh import search

        search.forget_open_index()
