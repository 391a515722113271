"""python manage.py score_extractions GOLD.jsonl [--articles DIR] [--min-f1 X] [--json]."""
import json

from django.core.management.base import BaseCommand, CommandError

from archive import exports, scoring


class Command(BaseCommand):
    help = ("Score the archive's extracted facts against a gold file (the export schema): field accuracy, "
            "precision / recall / F1 of persons, positions, documents and authors, every miss and extra.")

    def add_arguments(self, parser):
        parser.add_argument("gold", help="JSON Lines gold file, one row per article keyed by 'file'")
        parser.add_argument("--articles", nargs="+", metavar="PATH",
                            help="ingest these files or directories into a throwaway archive and score "
                                 "that (default: score the articles already in this archive)")
        parser.add_argument("--min-f1", type=float, help="exit 1 when the worst figure is below this")
        parser.add_argument("--json", action="store_true", dest="as_json", help="print the figures and misses as JSON")
        parser.add_argument("--workers", type=int, help="extraction processes for --articles")

    def handle(self, *args, gold, articles, min_f1, as_json, workers, **options):
        try:
            expected = scoring.load_file(gold)
            if articles:
                predicted = exports.records_of_fresh_archive(articles, workers=workers, stderr=self.stderr)
            else:
                predicted = {r["file"]: r for r in exports.export_records()}
        except OSError as exc:
            raise CommandError(f"{exc.filename or gold}: {exc.strerror}") from exc
        except (ValueError, RuntimeError) as exc:
            raise CommandError(str(exc)) from exc
        if not expected:
            raise CommandError(f"{gold}: no gold rows")
        result = scoring.score(expected, predicted)
        if as_json:
            self.stdout.write(json.dumps(result.as_json(), ensure_ascii=False, indent=1))
        else:
            self.stdout.write("\n".join(scoring.report_lines(result)))
        if min_f1 is not None and result.worst() < min_f1:
            raise CommandError(f"the worst figure {result.worst():.4f} is below --min-f1 {min_f1}", returncode=1)

