"""Facts → database: one article file at a time, atomic, idempotent, curated data wins.

``store_facts`` writes one article's extracted facts (read and extracted by
archive/ingest/pipeline.py): the article, its people, positions, documents and
meeting with their mentions, inside the caller's transaction. Running it again on the same \
bytes changes nothing; changed bytes
update the article in place. Whatever a curator made, edited, verified or
rejected is never overwritten or recreated: extracted rows are replaced only
by extracted rows.

The rules it applies live beside it: ``store_identity`` (which entity a fact names),
``store_anchoring`` (spans of curators' rows follow their text), ``store_lookups`` (the batch
cache) and ``store_rows`` (inserts as bulk_create writes them); their names are importable from
here as before.
"""
import datetime as dt
import os
from dataclasses import dataclass

from django.utils import timezone

from archive import text as vt
from archive.ingest import gazetteer
from archive.ingest.extract import EXTRACTOR_VERSION
from archive.ingest.extract.documents import is_national
from archive.ingest.store_anchoring import _claimed_spans, _defers, _offset_map, _protected, _reanchor  # noqa: F401
from archive.ingest.store_identity import _meeting_slug, _merged_into, document_key, meeting_key, resolve_person  # noqa: F401
from archive.ingest.store_lookups import HELD_CHUNK, SLUG_CHUNK, Lookups, _colliding_slugs  # noqa: F401
from archive.ingest.store_rows import _PLAIN, _STATEMENTS, _create_new, _insert, _plain_type  # noqa: F401
from archive.models import (
    Article,
    Document,
    DocumentMention,
    Meeting,
    MeetingMention,
    Origin,
    Person,
    PersonMention,
    Position,
    Province,
    Source,
    protected_rows,
)

INGESTED, UNCHANGED, UPDATED, DUPLICATE, FAILED = "ingested", "unchanged", "updated", "duplicate", "failed"


@dataclass
class FileResult:
    path: str
    status: str
    reason: str = ""
    article_id: int | None = None

    def __str__(self):
        return f"{self.status}: {self.path}" + (f" — {self.reason}" if self.reason else "")


def _sync(obj, values):
    """Set values on obj and save it only if something changed (a run re-syncs every time)."""
    if obj.pk and all(getattr(obj, field) == value for field, value in values.items()):
        return
    for field, value in values.items():
        setattr(obj, field, value)
    obj.save()


def sync_gazetteer():
    """Create or update the provinces and newspapers of the gazetteer (curators' edits kept)."""
    by_name = {p.name: p for p in Province.objects.all()}
    for prov in gazetteer.PROVINCES:
        if prov.name not in by_name:
            by_name[prov.name] = Province.objects.create(name=prov.name, slug=vt.slugify(prov.name), kind=prov.kind)
    for prov in gazetteer.PROVINCES:
        obj = by_name[prov.name]
        if obj.origin == Origin.CURATED:
            continue
        successor = by_name.get(prov.successor) if prov.successor and prov.successor != prov.name else None
        _sync(obj, {"kind": prov.kind, "historical": prov.historical, "current": prov.current,
                    "aliases": list(prov.aliases), "districts": list(prov.districts),
                    "successor_id": successor.pk if successor else None})
    sources = {s.name: s for s in Source.objects.all()}
    for paper in gazetteer.NEWSPAPERS:
        src = sources.get(paper.name) or Source(name=paper.name, slug=vt.slugify(paper.name))
        if src.origin == Origin.CURATED:
            continue
        _sync(src, {"domains": list(paper.domains), "domain": paper.domains[0] if paper.domains else "",
                    "marker": paper.markers[0] if paper.markers else src.marker,
                    "province_id": by_name[paper.province].pk if paper.province in by_name else None})


def _aware(value):
    if isinstance(value, dt.datetime) and timezone.is_naive(value):
        return timezone.make_aware(value)
    return value


def _span(value):
    return list(value.span) if getattr(value, "span", None) else None


def store_facts(facts, decoded, path, lookups=None):
    """Write one article's facts; call inside a transaction (lookups: the batch's, see Lookups)."""
    lookups = lookups or Lookups()
    province, source = lookups.province(facts.province.value), lookups.source(facts.source.value)
    article = None
    if lookups.article(facts.file_name) is not None:
        article = Article.objects.select_for_update().filter(file_name=facts.file_name).first()
    # A new article has no rows yet: nothing to re-anchor, protect, keep or delete.
    fresh = article is None
    if fresh:
        slug = lookups.unique_slug(Article, vt.slugify(facts.title.value or facts.file_name, 90))
        article = Article(file_name=facts.file_name, slug=slug)
    old_raw = article.raw_text if article.pk else None
    extracted = {
        "title": (facts.title.value or facts.file_name)[:500],
        "body": facts.body,
        "captions": [{"text": c.text, "span": [c.start, c.end]} for c in facts.captions],
        "published": _aware(facts.published.value),
        "province": province,
        "source": source,
        "authors": [a.value for a in facts.authors],
        "photographers": [p.value for p in facts.photographers],
        "category": facts.category.value or "",
        "view_count": facts.view_count.value,
        "url": facts.url.value or "",
        "meeting_date": facts.meeting_date.value,
    }
    for field, value in extracted.items():
        # A verified article's reading is the curators'; only the text itself follows the file.
        kept = field in article.curated_fields or (article.verified and field not in ("body", "captions"))
        if not kept:
            setattr(article, field, value)
    article.raw_text, article.sha256, article.encoding = decoded.text, decoded.sha256, decoded.encoding
    # where the file is (tells it from another of its name), or the URL a fetched page came from
    article.path = path[:1000] if "://" in path else os.path.realpath(path)[:1000]
    article.extractor_version = EXTRACTOR_VERSION
    article.spans = {
        name: _span(value)
        for name, value in (
            ("title", facts.title), ("published", facts.published), ("province", facts.province),
            ("source", facts.source), ("category", facts.category), ("view_count", facts.view_count),
            ("meeting_date", facts.meeting_date), ("url", facts.url),
        )
        if _span(value)
    }
    article.spans["authors"] = [_span(a) for a in facts.authors]
    if fresh:
        _create_new(Article, [article])  # as save() writes it, without the ORM's work per instance
    else:
        article.save()
    if old_raw is not None and old_raw != article.raw_text:
        _reanchor(article, old_raw, article.raw_text)
    _store_people(article, facts.persons, lookups, fresh)
    documents = _store_documents(article, facts.documents, lookups, fresh)
    _store_meeting(article, facts.meeting, documents, lookups, fresh)
    if fresh:
        lookups.stored(article)
    else:  # stale rows and orphaned entities may have been deleted: read afresh from here on
        lookups.clear()
    return article


def _snippet(article, span):
    return article.raw_text[span[0]:span[1]][:500]


#   (field, a timestamp?, its prepared default) for each column not given, blank instance)


class _ArticleRows:
    """An article's rows of one mention model, read in one query and keyed; rows the run finds
    again are updated (unless a curator owns them), new ones inserted in one statement at the end
    (see _insert), and extracted rows the run no longer finds deleted."""

    def __init__(self, model, article, key_fields, fresh=False):
        self.model = model
        rows = () if fresh else model.objects.filter(article=article)
        self.rows = {tuple(getattr(r, f) for f in key_fields): r for r in rows}
        self.new, self.keep = {}, set()  # new: key -> {attname: value}, in the order first found

    def put(self, key, create, values):
        row = self.rows.get(key)
        if row is None:  # new; when found twice in this run (two names of one person), the later values win
            self.new[key] = {**self.new.get(key, create), **values}
        elif not row.is_protected:
            _sync(row, values)
        self.keep.add(key)

    def finish(self):
        """Write the new rows, delete the stale ones; return the stale rows."""
        _insert(self.model, self.new.values())
        stale = [row for key, row in self.rows.items() if key not in self.keep and not row.is_protected]
        if stale:
            self.model.objects.filter(pk__in=[row.pk for row in stale]).delete()
        return stale


def _store_people(article, persons, lookups, fresh):
    mentions = _ArticleRows(PersonMention, article, ("person_id", "start"), fresh)
    positions = _ArticleRows(Position, article, ("person_id", "normalized"), fresh)
    claimed = {} if fresh else _claimed_spans(PersonMention, "person", article)
    held = set()
    if not fresh:
        for person_id, start, normalized in (
            _protected(Position, article).values_list("person_id", "start", "normalized")
        ):
            held.update({(person_id, start), (person_id, vt.key(normalized))})
    resolved = [(fact, resolve_person(fact.name, article.province, fact.positions, lookups)) for fact in persons]
    _create_new(Person, [person for _, person in resolved])
    for fact, person in resolved:
        if person is None:
            continue
        for span in fact.spans:
            if _defers(claimed, span[0], person.pk):
                continue
            mentions.put((person.pk, span[0]), {"article_id": article.pk, "person_id": person.pk, "start": span[0]}, {
                "end": span[1], "text": _snippet(article, span), "confidence": fact.confidence,
                "extractor_version": EXTRACTOR_VERSION})
        for pos in fact.positions:
            # A position a curator edited, verified or rejected at this span (or with this title) stands.
            normalized = pos.normalized[:300]
            if (person.pk, pos.span[0]) in held or (person.pk, vt.key(normalized)) in held:
                continue
            positions.put((person.pk, normalized),
                          {"article_id": article.pk, "person_id": person.pk, "normalized": normalized},
                          {"text": pos.text[:300], "start": pos.span[0], "end": pos.span[1],
                           "extractor_version": EXTRACTOR_VERSION})
    touched = {m.person_id for m in mentions.finish()}
    positions.finish()
    lookups.positions_added(positions.new.values())
    if touched:
        _drop_orphans(Person.objects.filter(pk__in=touched, aliases__isnull=True, positions__isnull=True))


def _drop_orphans(queryset):
    """Delete extracted, unverified, unedited entities of queryset that nothing mentions any more."""
    queryset = queryset.exclude(protected_rows(queryset.model)).filter(mentions__isnull=True)
    for obj in queryset.filter(aliases__isnull=True).distinct():
        if not obj.curated_fields:
            obj.delete()


def _store_documents(article, documents, lookups, fresh):
    mentions, stored = _ArticleRows(DocumentMention, article, ("document_id", "start"), fresh), []
    claimed = {} if fresh else _claimed_spans(DocumentMention, "document", article)
    for fact in documents:
        key = document_key(fact.kind, fact.number, fact.issuer, article.province)[:300]
        national = any(ch.isalpha() for ch in fact.number) and is_national(fact.number)
        doc = lookups.document(key)
        if doc is None:
            doc = Document(
                key=key, kind=fact.kind, number=fact.number, extractor_version=EXTRACTOR_VERSION,
                province=None if national else article.province,
                slug=lookups.unique_slug(Document, vt.slugify(f"{fact.kind} {fact.number}", 150)),
            )
            lookups.new_document(doc)
        filled = _fill(doc, (("issuer", fact.issuer), ("term", fact.term), ("issued", fact.date),
                             ("subject", fact.subject)))
        if filled is not doc:
            doc = filled
            lookups.new_document(doc)
        stored.append(doc)
    _create_new(Document, stored)
    for fact, doc in zip(documents, stored, strict=True):
        for span in fact.spans:
            if _defers(claimed, span[0], doc.pk):
                continue
            mentions.put((doc.pk, span[0]), {"article_id": article.pk, "document_id": doc.pk, "start": span[0]}, {
                "end": span[1], "text": _snippet(article, span), "confidence": fact.confidence,
                "extractor_version": EXTRACTOR_VERSION})
    touched = {m.document_id for m in mentions.finish()}
    if touched:
        _drop_orphans(Document.objects.filter(pk__in=touched))
    return stored


def _fill(obj, values):
    """Fill obj's empty fields from (field, value) pairs, curators' fields kept; return the object
    to use from now on. A stored row is read again, locked, and only the filled fields written:
    the batch's copy may be stale (a curator saved it meanwhile, or the batch reached the same
    row by its own key and by a merged alias's)."""
    wanted = {f: v for f, v in values if v and not getattr(obj, f) and f not in obj.curated_fields}
    if obj.pk is None or not wanted:
        for field, value in wanted.items():
            setattr(obj, field, value)
        return obj
    current = type(obj).objects.select_for_update().get(pk=obj.pk)
    filled = [f for f, v in wanted.items() if not getattr(current, f) and f not in current.curated_fields]
    for field in filled:
        setattr(current, field, wanted[field])
    if filled:
        current.save(update_fields=[*filled, "search_folded", "updated"])
    return current


def _store_meeting(article, fact, documents, lookups, fresh):
    protected = {} if fresh else dict(_protected(MeetingMention, article).values_list("meeting_id", "rejected"))
    keep = set()
    if fact is not None:
        key = meeting_key(fact, article.province, article.file_name)[:300]
        meeting = lookups.meeting(key)
        # An article reports one meeting: once a curator has verified, re-pointed or rejected it,
        # the extractor's reading of it only counts when it names the same meeting.
        if protected and (meeting is None or protected.get(meeting.pk, True)):
            fact = None
    if fact is not None:
        new = meeting is None
        if new:
            meeting = Meeting(key=key, extractor_version=EXTRACTOR_VERSION, province=article.province)
            meeting.slug = lookups.unique_slug(Meeting, _meeting_slug(fact, article.province))
        filled = _fill(meeting, (
            ("kind", fact.kind), ("organ", fact.organ), ("term", fact.term), ("session", fact.session),
            ("date", fact.date), ("format", fact.format), ("location", fact.location),
        ))
        if new:
            _create_new(Meeting, [meeting])
        if new or filled is not meeting:
            meeting = filled
            lookups.new_meeting(meeting)
        values = {"start": fact.span[0], "end": fact.span[1], "text": _snippet(article, fact.span),
                  "confidence": fact.confidence, "extractor_version": EXTRACTOR_VERSION}
        if fresh:
            _insert(MeetingMention, [{"article_id": article.pk, "meeting_id": meeting.pk, **values}])
        else:
            keep.add(MeetingMention.objects.get_or_create(article=article, meeting=meeting, defaults=values)[0].pk)
        if documents and new:  # nothing to add twice: the rows are inserted as they are
            _insert(Meeting.documents.through, [{"meeting_id": meeting.pk, "document_id": pk}
                                                for pk in dict.fromkeys(d.pk for d in documents)])
        elif documents:
            meeting.documents.add(*documents)
    if fresh:
        return
    stale = MeetingMention.objects.filter(article=article).exclude(protected_rows(MeetingMention))
    stale = stale.exclude(pk__in=keep)
    touched = set(stale.values_list("meeting_id", flat=True))
    stale.delete()
    if touched:
        _drop_orphans(Meeting.objects.filter(pk__in=touched))
