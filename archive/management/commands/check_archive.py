"""python manage.py check_archive [--repair]: report drift between the database and the search index."""
from django.core.management.base import BaseCommand, CommandError

from archive import search

SHOWN = 20  # ids listed per kind; the counts are always complete


class Command(BaseCommand):
    help = "Compare the database with the search index (missing, stale, orphaned documents); --repair fixes them."

    def add_arguments(self, parser):
        parser.add_argument("--repair", action="store_true", help="re-index missing and stale articles, delete orphans")

    def handle(self, *args, repair: bool = False, **options):
        drift = search.check()
        self.stdout.write(drift.summary())
        for kind in ("missing", "stale", "orphaned"):
            items = getattr(drift, kind)
            if items:
                more = f" … (+{len(items) - SHOWN})" if len(items) > SHOWN else ""
                self.stdout.write(f"  {kind}: " + ", ".join(map(str, items[:SHOWN])) + more)
        if not drift:
            self.stdout.write("OK: the index matches the database.")
            return
        if not repair:
            raise CommandError("the index does not match the database; run check_archive --repair", returncode=1)
        search.check(repair=True)
        after = search.check()
        if after:
            raise CommandError(f"repair incomplete: {after.summary()}", returncode=2)
        self.stdout.write(f"Repaired: {len(drift.missing) + len(drift.stale)} re-indexed, "
                          f"{len(drift.orphaned)} removed. The index matches the database.")
