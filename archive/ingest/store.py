"""Facts → database: one article file at a time, atomic, idempotent, curated data wins.

``store_facts`` writes one article's extracted facts (read and extracted by
archive/ingest/pipeline.py): the article, its people, positions, documents and
meeting with their mentions, inside the caller's transaction. Running it again on the same bytes changes nothing; changed bytes
update the article in place. Whatever a curator made, edited, verified or
rejected is never overwritten or recreated: extracted rows are replaced only
by extracted rows.
"""
import datetime as dt
import difflib
from dataclasses import dataclass

from django.db import models
from django.utils import timezone

from archive import text as vt
from archive.ingest import gazetteer
from archive.ingest.extract import EXTRACTOR_VERSION
from archive.ingest.extract.documents import is_national
from archive.models import (
    Article, Document, DocumentAlias, DocumentMention, Meeting, MeetingAlias, MeetingMention, Origin, Person,
    PersonAlias, PersonMention, Position, Province, Source,
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
                    "aliases": list(prov.aliases), "districts": list(prov.districts), "successor_id": successor.pk if successor else None})
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


def store_facts(facts, decoded, path):
    """Write one article's facts; call inside a transaction."""
    province = Province.objects.filter(name=facts.province.value).first() if facts.province.value else None
    source = Source.objects.filter(name=facts.source.value).first() if facts.source.value else None
    article = Article.objects.select_for_update().filter(file_name=facts.file_name).first()
    if article is None:
        article = Article(file_name=facts.file_name, slug=_unique_slug(Article, vt.slugify(facts.title.value or facts.file_name, 90)))
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
    article.path = str(path)[:1000]
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
    article.save()
    if old_raw is not None and old_raw != article.raw_text:
        _reanchor(article, old_raw, article.raw_text)
    _store_people(article, facts.persons)
    documents = _store_documents(article, facts.documents)
    _store_meeting(article, facts.meeting, documents)
    return article


def _offset_map(old, new):
    """old offset -> new offset for every character of old that survives unchanged in new.

    Lines are matched first (fast on long articles), then characters within replaced lines.
    """
    a, b = old.splitlines(keepends=True), new.splitlines(keepends=True)
    a_at, b_at = [0], [0]
    for line in a:
        a_at.append(a_at[-1] + len(line))
    for line in b:
        b_at.append(b_at[-1] + len(line))
    blocks = []  # (old start, new start, size) in characters
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            blocks.append((a_at[i1], b_at[j1], a_at[i2] - a_at[i1]))
        elif op == "replace":
            old_part, new_part = old[a_at[i1]:a_at[i2]], new[b_at[j1]:b_at[j2]]
            for x, y, size in difflib.SequenceMatcher(None, old_part, new_part, autojunk=False).get_matching_blocks():
                if size:
                    blocks.append((a_at[i1] + x, b_at[j1] + y, size))

    def moved(pos):
        for x, y, size in blocks:
            if x <= pos < x + size:
                return y + pos - x
        return None
    return moved


def _reanchor(article, old_raw, new_raw):
    """Move the spans of curated, verified and rejected rows to where their text now stands.

    A changed file shifts offsets; curators' verdicts are keyed by span, so without this
    an edit above a rejected mention would bring the mention back. Rows whose text was
    itself changed keep their old span (and their verdict).
    """
    rows = [(model, row) for model in (PersonMention, DocumentMention, MeetingMention, Position)
            for row in _protected(model, article)]
    if not rows:
        return
    moved = _offset_map(old_raw, new_raw)
    for model, row in rows:
        start, last = moved(row.start), moved(row.end - 1) if row.end > row.start else None
        if start is None or last is None or (start, last + 1) == (row.start, row.end):
            continue
        if model in (PersonMention, DocumentMention):
            owner = "person" if model is PersonMention else "document"
            # An extracted twin already at the new place yields to the curated row.
            model.objects.filter(article=article, origin=Origin.EXTRACTED, verified=False, rejected=False,
                                 start=start, **{f"{owner}_id": getattr(row, f"{owner}_id")}).delete()
        row.start, row.end = start, last + 1
        row.save(update_fields=["start", "end"])


def _unique_slug(model, base):
    slug, n = base, 2
    while model.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _snippet(article, span):
    return article.raw_text[span[0]:span[1]][:500]


def resolve_person(name, province, positions):
    """The Person a name in this province refers to, or None when an alias says "not a person"."""
    key = vt.key(name)
    aliases = PersonAlias.objects.filter(alias_key=key).select_related("person")
    alias = next((a for a in aliases if a.province_id == getattr(province, "pk", None)), None) or next(
        (a for a in aliases if a.province_id is None), None
    )
    if alias:
        # An ignored alias, or one whose person a curator deleted: the name is not a person.
        return None if alias.ignored or alias.person_id is None else alias.person
    candidates = list(Person.objects.filter(name_key=key))
    same_province = [p for p in candidates if province and p.province_id == province.pk]
    if same_province:
        return same_province[0]
    wanted = {vt.key(p.normalized) for p in positions}
    for person in candidates:
        held = {vt.key(t) for t in person.positions.values_list("normalized", flat=True)}
        if wanted & held:
            return person
    person = Person(name=name, province=province, extractor_version=EXTRACTOR_VERSION)
    person.slug = _unique_slug(Person, vt.slugify(name))
    person.save()
    return person


def _protected(model, article):
    """Curated, verified or rejected rows of this article: the extractor never competes with them."""
    return model.objects.filter(article=article).filter(
        models.Q(origin=Origin.CURATED) | models.Q(verified=True) | models.Q(rejected=True)
    )


def _claimed_spans(model, owner, article):
    """{start: (owner id, rejected)} of protected mentions: a span a curator re-pointed or rejected
    stays theirs, so re-ingest neither recreates the rejected mention nor adds a rival one."""
    return {start: (owner_id, rejected) for start, owner_id, rejected
            in _protected(model, article).values_list("start", f"{owner}_id", "rejected")}


def _defers(claimed, start, owner_id):
    claim = claimed.get(start)
    return claim is not None and (claim[1] or claim[0] != owner_id)


class _ArticleRows:
    """An article's rows of one mention model, read in one query and keyed; rows the run finds
    again are updated (unless a curator owns them), new ones created in one query at the end,
    and extracted rows the run no longer finds deleted."""

    def __init__(self, model, article, key_fields):
        self.model = model
        self.rows = {tuple(getattr(r, f) for f in key_fields): r for r in model.objects.filter(article=article)}
        self.new, self.keep = [], set()

    def put(self, key, create, values):
        row = self.rows.get(key)
        if row is None:
            row = self.rows[key] = self.model(**create, **values)
            self.new.append(row)
        elif row.pk is None:  # found twice in this run (two names of one person): still to be created
            for field, value in values.items():
                setattr(row, field, value)
        elif not row.is_protected:
            _sync(row, values)
        self.keep.add(key)

    def finish(self):
        """Write the new rows, delete the stale ones; return the stale rows."""
        self.model.objects.bulk_create(self.new)
        stale = [row for key, row in self.rows.items() if key not in self.keep and row.pk
                 and row.origin == Origin.EXTRACTED and not row.verified and not row.rejected]
        if stale:
            self.model.objects.filter(pk__in=[row.pk for row in stale]).delete()
        return stale


def _store_people(article, persons):
    mentions = _ArticleRows(PersonMention, article, ("person_id", "start"))
    positions = _ArticleRows(Position, article, ("person_id", "normalized"))
    claimed = _claimed_spans(PersonMention, "person", article)
    held = set()
    for person_id, start, normalized in _protected(Position, article).values_list("person_id", "start", "normalized"):
        held.update({(person_id, start), (person_id, vt.key(normalized))})
    for fact in persons:
        person = resolve_person(fact.name, article.province, fact.positions)
        if person is None:
            continue
        for span in fact.spans:
            if _defers(claimed, span[0], person.pk):
                continue
            mentions.put((person.pk, span[0]), {"article": article, "person": person, "start": span[0]}, {
                "end": span[1], "text": _snippet(article, span), "confidence": fact.confidence,
                "extractor_version": EXTRACTOR_VERSION})
        for pos in fact.positions:
            # A position a curator edited, verified or rejected at this span (or with this title) stands.
            normalized = pos.normalized[:300]
            if (person.pk, pos.span[0]) in held or (person.pk, vt.key(normalized)) in held:
                continue
            positions.put((person.pk, normalized), {"article": article, "person": person, "normalized": normalized}, {
                "text": pos.text[:300], "start": pos.span[0], "end": pos.span[1],
                "extractor_version": EXTRACTOR_VERSION})
    touched = {m.person_id for m in mentions.finish()}
    positions.finish()
    _drop_orphans(Person.objects.filter(pk__in=touched, aliases__isnull=True, positions__isnull=True))


def _drop_orphans(queryset):
    """Delete extracted, unverified, unedited entities of queryset that nothing mentions any more."""
    queryset = queryset.filter(origin=Origin.EXTRACTED, verified=False, mentions__isnull=True)
    for obj in queryset.filter(aliases__isnull=True).distinct():
        if not obj.curated_fields:
            obj.delete()


def document_key(kind, number, issuer, province):
    """Identity of a document across articles (see Document.key)."""
    base = f"{vt.fold(kind)}|{vt.fold(number).replace(' ', '')}"
    if any(ch.isalpha() for ch in number):
        return base if is_national(number) else f"{base}|{getattr(province, 'slug', '')}"
    issuer_key = vt.fold(issuer or "")
    national = any(w in issuer_key for w in ("trung uong", "bo chinh tri", "ban bi thu", "quoc hoi", "chinh phu"))
    return f"{base}|{issuer_key}" if national else f"{base}|{issuer_key}|{getattr(province, 'slug', '')}"


def _store_documents(article, documents):
    mentions, stored = _ArticleRows(DocumentMention, article, ("document_id", "start")), []
    claimed = _claimed_spans(DocumentMention, "document", article)
    for fact in documents:
        key = document_key(fact.kind, fact.number, fact.issuer, article.province)[:300]
        national = any(ch.isalpha() for ch in fact.number) and is_national(fact.number)
        doc = Document.objects.filter(key=key).first() or _merged_into(DocumentAlias, "document", key)
        if doc is None:
            doc = Document(
                key=key, kind=fact.kind, number=fact.number, extractor_version=EXTRACTOR_VERSION,
                province=None if national else article.province,
                slug=_unique_slug(Document, vt.slugify(f"{fact.kind} {fact.number}", 150)),
            )
        for field, value in (("issuer", fact.issuer), ("term", fact.term), ("issued", fact.date), ("subject", fact.subject)):
            if value and not getattr(doc, field) and field not in doc.curated_fields:
                setattr(doc, field, value)
        doc.save()
        stored.append(doc)
        for span in fact.spans:
            if _defers(claimed, span[0], doc.pk):
                continue
            mentions.put((doc.pk, span[0]), {"article": article, "document": doc, "start": span[0]}, {
                "end": span[1], "text": _snippet(article, span), "confidence": fact.confidence,
                "extractor_version": EXTRACTOR_VERSION})
    touched = {m.document_id for m in mentions.finish()}
    _drop_orphans(Document.objects.filter(pk__in=touched))
    return stored


def _merged_into(alias_model, field, key):
    """The survivor a curator merged the entity with this key into, if any."""
    alias = alias_model.objects.filter(key=key).select_related(field).first()
    return getattr(alias, field) if alias else None


def meeting_key(fact, province, article):
    prov = getattr(province, "slug", "")
    organ = vt.fold(fact.organ or fact.kind)
    if fact.date:
        return f"{prov}|{organ}|{fact.date.isoformat()}"
    if fact.term and fact.session:
        return f"{prov}|{organ}|{fact.term}|{fact.session}"
    return f"article|{article.file_name}"


def _store_meeting(article, fact, documents):
    protected = dict(_protected(MeetingMention, article).values_list("meeting_id", "rejected"))
    keep = set()
    if fact is not None:
        key = meeting_key(fact, article.province, article)[:300]
        meeting = Meeting.objects.select_related("province").filter(key=key).first() or _merged_into(MeetingAlias, "meeting", key)
        # An article reports one meeting: once a curator has verified, re-pointed or rejected it,
        # the extractor's reading of it only counts when it names the same meeting.
        if protected and (meeting is None or protected.get(meeting.pk, True)):
            fact = None
    if fact is not None:
        if meeting is None:
            meeting = Meeting(key=key, extractor_version=EXTRACTOR_VERSION, province=article.province)
            meeting.slug = _unique_slug(
                Meeting, vt.slugify(f"{fact.kind} {article.province or ''} {fact.date or ''}", 180)
            )
        for field, value in (
            ("kind", fact.kind), ("organ", fact.organ), ("term", fact.term), ("session", fact.session),
            ("date", fact.date), ("format", fact.format), ("location", fact.location),
        ):
            if value and not getattr(meeting, field) and field not in meeting.curated_fields:
                setattr(meeting, field, value)
        meeting.save()
        mention, _ = MeetingMention.objects.get_or_create(
            article=article, meeting=meeting,
            defaults={"start": fact.span[0], "end": fact.span[1], "text": _snippet(article, fact.span),
                      "confidence": fact.confidence, "extractor_version": EXTRACTOR_VERSION},
        )
        keep.add(mention.pk)
        meeting.documents.add(*documents)
    stale = MeetingMention.objects.filter(article=article, origin=Origin.EXTRACTED, verified=False, rejected=False)
    stale = stale.exclude(pk__in=keep)
    touched = set(stale.values_list("meeting_id", flat=True))
    stale.delete()
    _drop_orphans(Meeting.objects.filter(pk__in=touched))
