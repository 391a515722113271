"""python manage.py clear_index [--noinput]: empty the search index (the database is untouched).

Replaces Haystack's command of the same name, which deleted the index directory without the
index's lock: this one waits for any writer (an ingest) to finish first.
"""
from django.core.management.base import BaseCommand, CommandError

from archive import search


class Command(BaseCommand):
    help = "Empty the search index, waiting for other writers (the database is untouched)."

    def add_arguments(self, parser):
        parser.add_argument("--noinput", "--no-input", action="store_false", dest="interactive",
                            help="do not ask for confirmation")

    def handle(self, *args, interactive=True, verbosity=1, **options):
        if interactive and input("Xóa toàn bộ chỉ mục tìm kiếm? [y/N] ").strip().lower() not in {"y", "yes"}:
            raise CommandError("clear_index cancelled; the index is unchanged")
        search.clear()
        if verbosity:
            self.stdout.write("The search index is empty; rebuild_index fills it again.")
