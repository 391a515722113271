"""python manage.py ingest PATH [PATH ...]: ingest article files and report per file."""
import os
import sys

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from archive.ingest.pipeline import find_files, ingest_paths
from archive.ingest.store import FAILED

PROGRESS_FROM = 20  # files; fewer need no progress bar


class Command(BaseCommand):
    help = "Ingest article files (*.txt, directories recursively): extract, store, index."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="article files or directories")
        parser.add_argument("--force", action="store_true", help="re-extract files even when unchanged")
        parser.add_argument("--no-index", action="store_true", help="do not update the search index")
        parser.add_argument(
            "--workers", type=int, default=os.cpu_count() or 1,
            help="processes that extract (and index) in parallel; 1 does everything in this process "
                 "(default: the number of CPUs)",
        )

    def handle(self, *args, paths, force, no_index, workers, verbosity, **options):
        if workers < 1:
            raise CommandError(f"--workers must be at least 1, not {workers}")
        total = len(find_files(paths)[0])
        bar = tqdm(total=total, unit="tệp", file=sys.stderr, disable=total < PROGRESS_FROM or verbosity == 0)

        def report(result):
            with bar.external_write_mode():
                if result.status == FAILED:
                    self.stderr.write(str(result))
                elif verbosity >= 1:
                    self.stdout.write(str(result))
            bar.update(1)

        run = ingest_paths(paths, on_result=report, index=not no_index, force=force, workers=workers)
        bar.close()
        self.stdout.write(run.summary())
        if run.failed:
            raise CommandError(f"{len(run.failed)} file(s) failed", returncode=1)
