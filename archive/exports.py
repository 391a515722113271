"""The archive's facts per article in the export schema (tests/data/seeds_gold.jsonl is a file of it).

One dict per article: file, title, province, source, published, meeting_date,
persons [{name, positions}], documents [{kind, number, issuer, date}], authors.
Read from the database, so curated corrections are what gets exported; rejected
mentions are left out.
"""
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from django.conf import settings
from django.db.models import Prefetch

from archive import scoring
from archive.ingest import gazetteer
from archive.models import Article, DocumentMention, PersonMention, Position


def article_queryset():
    return Article.objects.select_related("province", "source").prefetch_related(
        Prefetch("personmention_set",
                 PersonMention.objects.filter(rejected=False).select_related("person").order_by("start")),
        Prefetch("positions", Position.objects.filter(rejected=False).order_by("start")),
        Prefetch("documentmention_set",
                 DocumentMention.objects.filter(rejected=False).select_related("document").order_by("start")),
    ).order_by("file_name")


def article_record(article):
    positions = {}
    for pos in article.positions.all():
        positions.setdefault(pos.person_id, []).append(pos.normalized)
    persons, seen = [], set()
    for mention in article.personmention_set.all():
        if mention.person_id in seen:
            continue
        seen.add(mention.person_id)
        persons.append({"name": mention.person.name, "positions": positions.get(mention.person_id, [])})
    documents, seen = [], set()
    for mention in article.documentmention_set.all():
        doc = mention.document
        if doc.pk in seen:
            continue
        seen.add(doc.pk)
        documents.append({
            "kind": doc.kind, "number": doc.number, "issuer": doc.issuer or None,
            "date": doc.issued.isoformat() if doc.issued else None,
        })
    return {
        "file": article.file_name,
        "title": article.title,
        "province": gazetteer.official_name(article.province.name, article.published) if article.province else None,
        "source": article.source.name if article.source else None,
        "published": article.published.astimezone().date().isoformat() if article.published else None,
        "meeting_date": article.meeting_date.isoformat() if article.meeting_date else None,
        "persons": persons,
        "documents": documents,
        "authors": list(article.authors),
    }


def export_records():
    for article in article_queryset().iterator(chunk_size=500):
        yield article_record(article)


def records_of_fresh_archive(paths, *, workers=None, stderr=None):
    """Ingest ``paths`` into a throwaway archive (its own data dir and SQLite database, never
    the configured one) and return its export rows, keyed by file name. Runs the real commands
    in a child process, since the settings of this one are bound to its own data dir. Files
    that fail to ingest are reported on ``stderr`` and simply have no row."""
    with tempfile.TemporaryDirectory(prefix="nghisu-score-") as data:
        env = {**os.environ, "ARCHIVE_DATA_DIR": data}
        env.pop("DATABASE_URL", None)
        manage = [sys.executable, str(settings.BASE_DIR / "manage.py")]
        output = Path(data) / "export.jsonl"
        ingest = ["ingest", *map(str, paths), "--no-index", "-v0"]
        if workers:
            ingest.append(f"--workers={workers}")
        for step, check in ((["migrate", "--noinput", "-v0"], True), (ingest, False),
                            (["export_extractions", "--output", str(output)], True)):
            run = subprocess.run([*manage, *step], env=env, capture_output=True, text=True)
            if stderr is not None and run.returncode:
                stderr.write(run.stderr)
            if check and run.returncode:
                raise RuntimeError(f"manage.py {step[0]} failed in the throwaway archive: {run.stderr.strip()}")
        with open(output, encoding="utf-8") as fh:
            return scoring.load(fh, output)
