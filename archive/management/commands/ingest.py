"""python manage.py ingest PATH [PATH ...] [--urls FILE]: ingest articles and report per item."""
import os
import sys

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from archive.ingest.pipeline import ingest_paths
from archive.ingest.sources import tabular
from archive.ingest.store import FAILED

PROGRESS_FROM = 20  # items; fewer need no progress bar


class Command(BaseCommand):
    help = ("Ingest articles: text files (*.txt), saved pages (*.html, *.htm), crawl exports (*.csv, *.tsv, "
            "*.jsonl), zips of them (directories recursively), and pages fetched from a list of URLs.")

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="*", help="article files or directories")
        parser.add_argument("--force", action="store_true", help="re-extract files even when unchanged")
        parser.add_argument("--no-index", action="store_true", help="do not update the search index")
        parser.add_argument(
            "--workers", type=int, default=os.cpu_count() or 1,
            help="processes that extract (and index) in parallel; 1 does everything in this process "
                 "(default: the number of CPUs)",
        )
        parser.add_argument(
            "--columns", default="",
            help="the columns of crawl exports, FIELD=COLUMN separated by commas (fields: "
                 f"{', '.join(tabular.FIELDS)}), e.g. body=noi_dung,title=tieu_de; "
                 "the others are found by their usual names",
        )
        parser.add_argument("--urls", metavar="FILE", help="a file of article URLs, one a line, to fetch and ingest")
        parser.add_argument("--refetch", action="store_true",
                            help="fetch URLs already in the archive again (by default each URL is fetched once)")
        parser.add_argument("--delay", type=float, default=2.0,
                            help="seconds between two requests to one host (default 2; robots.txt's Crawl-delay wins "
                                 "when longer)")

    def handle(self, *args, paths, force, no_index, workers, verbosity, columns, urls, refetch, delay, **options):
        if workers < 1:
            raise CommandError(f"--workers must be at least 1, not {workers}")
        if not paths and not urls:
            raise CommandError("give article files or folders, or --urls FILE")
        try:
            mapping = tabular.parse_columns(columns)
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        bar = tqdm(total=0, unit="bài", file=sys.stderr, disable=True)

        def start(total):
            nonlocal bar
            bar = tqdm(total=total, unit="bài", file=sys.stderr, disable=total < PROGRESS_FROM or verbosity == 0)

        def report(result):
            with bar.external_write_mode():
                if result.status == FAILED:
                    self.stderr.write(str(result))
                elif verbosity >= 1:
                    self.stdout.write(str(result))
            bar.update(1)

        items, fetched = [], []
        if urls:
            from archive.ingest.fetch import fetch_list

            try:
                items, fetched = fetch_list(urls, refetch=refetch, delay=delay, on_result=report)
            except OSError as exc:
                raise CommandError(f"--urls {urls}: cannot read it: {exc.strerror or exc}") from None
        run = ingest_paths(paths, on_result=report, index=not no_index, force=force, workers=workers,
                           columns=mapping, items=items, on_start=start)
        bar.close()
        run.results[:0] = fetched
        self.stdout.write(run.summary())
        if run.failed:
            raise CommandError(f"{len(run.failed)} item(s) failed", returncode=1)
