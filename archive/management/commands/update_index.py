"""python manage.py update_index [--age HOURS]: bring the search index up to date with the database.

Replaces Haystack's command of the same name. Without --age it compares every article with its
index document and writes only what differs (missing, stale, orphaned: check_archive --repair);
with --age it re-indexes the articles changed in the last HOURS hours. Every write takes the
index's lock. It never changes the database.
"""
from django.core.management.base import BaseCommand, CommandError

from archive import search


class Command(BaseCommand):
    help = "Index what the index lacks or holds in an older version (or what changed in the last --age hours)."

    def add_arguments(self, parser):
        parser.add_argument("--age", type=int, default=None, metavar="HOURS",
                            help="re-index the articles changed in the last HOURS hours")

    def handle(self, *args, age=None, verbosity=1, **options):
        if age is not None and age < 1:
            raise CommandError(f"--age must be a whole number of hours of at least 1, not {age}")
        if age is None:
            drift = search.check(repair=True)
            written, removed = len(drift.missing) + len(drift.stale), len(drift.orphaned)
            message = f"{drift.summary()}; written: {written}, removed: {removed}"
        else:
            message = f"Re-indexed {search.index_changed_since(hours=age)} articles changed in the last {age} h."
        if verbosity:
            self.stdout.write(message)
