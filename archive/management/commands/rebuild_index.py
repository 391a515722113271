"""python manage.py rebuild_index [--noinput] [--procs N]: empty the search index and index every article.

Replaces Haystack's command of the same name (the archive app comes first in INSTALLED_APPS):
Haystack's deleted the index directory without the index's lock and wrote one single-process
commit per 200 articles. This one holds the lock from the first deletion to the commit and
writes with the parallel writers the benchmark measures. It never changes the database.
"""
import os
import time

from django.core.management.base import BaseCommand, CommandError

from archive import search


class Command(BaseCommand):
    help = "Empty the search index and index every article again (holding the index's lock)."

    def add_arguments(self, parser):
        parser.add_argument("--noinput", "--no-input", action="store_false", dest="interactive",
                            help="do not ask for confirmation")
        parser.add_argument("--procs", "-k", "--workers", type=int, default=os.cpu_count() or 1, dest="procs",
                            help="index writers working in parallel (default: the number of CPUs)")

    def handle(self, *args, interactive=True, procs=1, verbosity=1, **options):
        if procs < 1:
            raise CommandError(f"--procs must be at least 1, not {procs}")
        if interactive and input("Xóa toàn bộ chỉ mục tìm kiếm và lập lại? [y/N] ").strip().lower() not in {"y", "yes"}:
            raise CommandError("rebuild_index cancelled; the index is unchanged")
        started = time.perf_counter()
        written = search.rebuild(procs=procs)
        if verbosity:
            elapsed = time.perf_counter() - started
            self.stdout.write(f"Indexed {written} articles with {procs} writer(s) in {elapsed:.1f} s.")
