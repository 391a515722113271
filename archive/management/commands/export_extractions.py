"""python manage.py export_extractions [--output FILE]: JSON Lines in the gold schema."""
import json
import sys

from django.core.management.base import BaseCommand

from archive.exports import export_records


class Command(BaseCommand):
    help = "Write one JSON object per article in the schema of shared/seeds/gold.jsonl."

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", help="file to write (default: standard output)")

    def handle(self, *args, output, **options):
        out = open(output, "w", encoding="utf-8") if output else sys.stdout
        count = 0
        try:
            for record in export_records():
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
                count += 1
        finally:
            if output:
                out.close()
        if output:
            self.stderr.write(f"{count} articles written to {output}")
