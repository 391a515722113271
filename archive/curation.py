"""Curators' writes: edits, verify / reject, merges, re-extraction — the services the admin calls.

Every function is keyword-only and atomic, records who did what in Django's admin
history (LogEntry) when given a user, and schedules the affected articles for
re-indexing on commit so readers see the change at once. What a curator touched is
marked (``curated_fields``, ``origin``, ``verified``, ``rejected``, aliases) so that
``archive.ingest.store`` never undoes it. These functions must never delete evidence:
a false mention is rejected, not deleted; a merged entity leaves its names and
identity keys behind as aliases of the survivor; the raw article text is never
written here.
"""
from dataclasses import dataclass, field

from django.contrib.admin.models import CHANGE, DELETION, LogEntry
from django.db import transaction

from archive import text as vt
from archive.models import (
    Article,
    Curated,
    Document,
    DocumentAlias,
    DocumentMention,
    Meeting,
    MeetingAlias,
    MeetingMention,
    MergedSlug,
    Origin,
    Person,
    PersonAlias,
    PersonMention,
    Position,
    Province,
    Source,
)
from archive.search import index_on_commit

MENTION_MODELS = (PersonMention, DocumentMention, MeetingMention, Position)
# Bookkeeping a curator's edit does not turn into "this field is theirs now".
_NOT_CURATED_FIELDS = {"origin", "verified", "rejected", "curated_fields", "extractor_version"}


def _log(user, objects, flag, message):
    """One admin-history entry per object: who, when (LogEntry.action_time) and what."""
    objects = list(objects)
    if user is None or not objects:
        return
    model = type(objects[0])
    LogEntry.objects.log_actions(
        user.pk, model.objects.filter(pk__in=[o.pk for o in objects]), flag, message,
        single_object=len(objects) == 1,
    )


def article_ids_for(obj):
    """The articles whose index entry shows obj (its text, names or facets)."""
    if isinstance(obj, Article):
        return {obj.pk}
    if isinstance(obj, MENTION_MODELS):
        return {obj.article_id}
    if isinstance(obj, Person):
        return set(obj.mentions.values_list("article_id", flat=True)) | set(
            obj.positions.values_list("article_id", flat=True))
    if isinstance(obj, (Document, Meeting)):
        return set(obj.mentions.values_list("article_id", flat=True))
    if isinstance(obj, Province):
        # Articles index the province and the unit it merged into: both sides change.
        ids = [obj.pk, *obj.predecessors.values_list("pk", flat=True)]
        return set(Article.objects.filter(province_id__in=ids).values_list("pk", flat=True))
    if isinstance(obj, Source):
        return set(obj.articles.values_list("pk", flat=True))
    return set()


def _add_person_alias(person, name, province_id):
    """Make `name` in that province resolve to person on future ingests (re-pointing an old alias)."""
    alias = PersonAlias.objects.filter(alias_key=vt.key(name), province_id=province_id).first()
    if alias is None:
        PersonAlias.objects.create(person=person, alias=name, province_id=province_id)
    elif alias.person_id != person.pk or alias.ignored:
        alias.person, alias.ignored = person, False
        alias.save()


@transaction.atomic
def save_edit(*, obj, changed_fields, created=False, previous=None):
    """Save a curator's edit of obj so re-ingest keeps it, and re-index what it shows in.

    changed_fields: the form fields the curator changed; previous: obj as it was (for a
    person's old name and province, which stay resolvable as an alias).
    """
    before = article_ids_for(previous) if previous is not None and previous.pk else set()
    changed = [f for f in changed_fields if f not in _NOT_CURATED_FIELDS]
    if isinstance(obj, Curated):
        if created:
            obj.origin = Origin.CURATED
        obj.curated_fields = sorted(set(obj.curated_fields) | set(changed))
    elif hasattr(obj, "origin") and (created or changed):
        # Provinces, sources, mentions and positions: an edit makes the row the curators'
        # (a verdict alone, verified or rejected, already protects it).
        obj.origin = Origin.CURATED
    obj.save()
    if isinstance(obj, Person) and previous is not None and previous.pk and (
        {"name", "province"} & set(changed_fields)
    ):
        _add_person_alias(obj, previous.name, previous.province_id)
    index_on_commit(before | article_ids_for(obj))
    return obj


def _set_flags(objects, user, *, verified, rejected, message):
    objects = list(objects)
    articles = set()
    for obj in objects:
        articles |= article_ids_for(obj)
        obj.verified = verified
        updates = ["verified"]
        if hasattr(obj, "rejected"):
            obj.rejected = rejected
            updates.append("rejected")
        if hasattr(obj, "updated"):
            updates.append("updated")
        obj.save(update_fields=updates)
    _log(user, objects, CHANGE, message)
    index_on_commit(articles)
    return len(objects)


@transaction.atomic
def verify(*, objects, user):
    """Mark entities or mentions verified (a verified mention is no longer rejected)."""
    return _set_flags(objects, user, verified=True, rejected=False, message="Đã xác minh.")


@transaction.atomic
def reject(*, mentions, user):
    """Mark mentions or positions false: hidden from readers and never recreated by re-ingest."""
    mentions = list(mentions)
    for m in mentions:
        if not isinstance(m, MENTION_MODELS):
            raise TypeError(f"only mentions and positions can be rejected, not {type(m).__name__}")
    return _set_flags(mentions, user, verified=False, rejected=True, message="Đã loại: nhận diện sai.")


@transaction.atomic
def delete_people(*, people, user):
    """Delete false people; their names become ignored aliases so re-ingest does not recreate them."""
    people = list(people)
    articles = set()
    for person in people:
        articles |= article_ids_for(person)
        provinces = {person.province_id, *person.mentions.values_list("article__province_id", flat=True)}
        names = {person.name, *person.aliases.values_list("alias", flat=True)}
        _log(user, [person], DELETION, "Đã xóa: không phải người; tên bị bỏ qua khi nạp lại.")
        person.delete()
        for name in names:
            for province_id in provinces:
                alias = PersonAlias.objects.filter(alias_key=vt.key(name), province_id=province_id).first()
                if alias is None:
                    PersonAlias.objects.create(person=None, alias=name, province_id=province_id, ignored=True)
                elif alias.person_id is None:
                    alias.ignored = True
                    alias.save()
    index_on_commit(articles)
    return len(people)


@transaction.atomic
def delete_articles(*, articles):
    """Delete articles (superusers only; curators cannot) and drop them from the index on commit."""
    ids = [article.pk for article in articles]  # the pks are gone after delete()
    for article in articles:
        article.delete()
    # Through the index's lock like every write: an ingest holding the index drops them before it commits.
    index_on_commit(ids)
    return len(articles)


# ---------------------------------------------------------------- merges

@dataclass
class MergeItem:
    """What moves from one merged entity to the survivor (shown on the confirmation page)."""

    obj: object
    mentions: int = 0
    positions: int = 0
    articles: int = 0
    aliases: list = field(default_factory=list)


def merge_preview(*, objects):
    """For each selected row, what would move to the survivor if it were merged away."""
    items = []
    for obj in objects:
        item = MergeItem(obj=obj, mentions=obj.mentions.count(),
                         articles=obj.mentions.values("article").distinct().count())
        if isinstance(obj, Person):
            item.positions = obj.positions.count()
            item.aliases = [obj.name, *obj.aliases.exclude(ignored=True).values_list("alias", flat=True)]
        else:
            item.aliases = [obj.key, *obj.aliases.values_list("key", flat=True)]
        items.append(item)
    return items


def _move_mentions(mention_model, owner, survivor, other, unique):
    """Re-point other's mentions to survivor; where survivor already has the same mention, keep
    one row that carries the curators' verdicts of both."""
    for mention in mention_model.objects.filter(**{owner: other}):
        clash = mention_model.objects.filter(**{owner: survivor}, **{f: getattr(mention, f) for f in unique}).first()
        if clash is None:
            setattr(mention, owner, survivor)
            mention.save()
            continue
        clash.verified = clash.verified or mention.verified
        if hasattr(clash, "rejected"):
            clash.rejected = clash.rejected and mention.rejected
        if mention.origin == Origin.CURATED:
            clash.origin = Origin.CURATED
        clash.save()
        mention.delete()


def _merge_common(survivor, others, user, absorb):
    if survivor.pk is None:
        raise ValueError("the survivor must be a saved row")
    others = [o for o in others if o.pk != survivor.pk]
    if not others:
        raise ValueError("choose at least one other row to merge into the survivor")
    articles = article_ids_for(survivor)
    for other in others:
        articles |= article_ids_for(other)
        absorb(other)
        MergedSlug.record(survivor=survivor, other=other)
    names = ", ".join(str(o) for o in others)
    _log(user, others, DELETION, f"Đã gộp vào “{survivor}” (#{survivor.pk}).")
    for other in others:
        other.delete()
    # The survivor is the curators' now: an ingest that no longer mentions it must not drop it.
    survivor.origin = Origin.CURATED
    survivor.save()
    _log(user, [survivor], CHANGE, f"Gộp vào đây: {names}.")
    index_on_commit(articles)
    return survivor


@transaction.atomic
def merge_people(*, survivor, others, user):
    """Merge people into survivor: mentions and positions re-pointed, names kept as aliases."""
    def absorb(other):
        provinces = {other.province_id, *other.mentions.values_list("article__province_id", flat=True)}
        for province_id in provinces:
            _add_person_alias(survivor, other.name, province_id)
        for alias in other.aliases.all():
            if PersonAlias.objects.filter(alias_key=alias.alias_key, province_id=alias.province_id,
                                          person=survivor).exists():
                alias.delete()
            else:
                alias.person = survivor
                alias.save()
        _move_mentions(PersonMention, "person", survivor, other, ("article_id", "start"))
        _move_mentions(Position, "person", survivor, other, ("article_id", "normalized"))
        if survivor.province_id is None and other.province_id:
            survivor.province_id = other.province_id
        if other.notes:
            survivor.notes = "\n".join(n for n in (survivor.notes, other.notes) if n)

    return _merge_common(survivor, others, user, absorb)


def _fill_blanks(survivor, other, fields):
    for name in fields:
        if not getattr(survivor, name) and getattr(other, name):
            setattr(survivor, name, getattr(other, name))


def _keep_keys(alias_model, field, survivor, other):
    """Other's identity key, and the keys merged into it before, now resolve to survivor."""
    other.aliases.update(**{field: survivor})
    alias_model.objects.update_or_create(key=other.key, defaults={field: survivor, "label": str(other)[:300]})


@transaction.atomic
def merge_documents(*, survivor, others, user):
    """Merge documents into survivor: citations and meetings re-pointed, identity keys kept as aliases."""
    def absorb(other):
        _keep_keys(DocumentAlias, "document", survivor, other)
        _move_mentions(DocumentMention, "document", survivor, other, ("article_id", "start"))
        for meeting in other.meetings.all():
            meeting.documents.add(survivor)
        _fill_blanks(survivor, other, ("issuer", "term", "issued", "subject"))

    return _merge_common(survivor, others, user, absorb)


@transaction.atomic
def merge_meetings(*, survivor, others, user):
    """Merge meetings into survivor: reports and documents re-pointed, identity keys kept as aliases."""
    def absorb(other):
        _keep_keys(MeetingAlias, "meeting", survivor, other)
        _move_mentions(MeetingMention, "meeting", survivor, other, ("article_id",))
        survivor.documents.add(*other.documents.all())
        _fill_blanks(survivor, other, ("organ", "term", "session", "date", "format", "location", "province_id"))

    return _merge_common(survivor, others, user, absorb)


MERGERS = {Person: merge_people, Document: merge_documents, Meeting: merge_meetings}


# ---------------------------------------------------------------- re-extraction

@dataclass
class ReextractReport:
    done: list = field(default_factory=list)
    failed: list = field(default_factory=list)  # (article, reason)


def reextract(*, articles, user):
    """Run the current extractor again over the stored raw text of each article.

    Each article is its own transaction, like an ingest; curated data wins as in any
    re-ingest. A failing article is reported, never half-written.
    """
    from archive.ingest.extract import extract
    from archive.ingest.read import DecodedFile
    from archive.ingest.store import store_facts

    report = ReextractReport()
    for article in articles:
        try:
            facts = extract(article.raw_text, article.file_name)
        except Exception as exc:  # an extractor bug must not stop the other articles
            report.failed.append((article, f"{type(exc).__name__}: {exc}"))
            continue
        with transaction.atomic():
            decoded = DecodedFile(text=article.raw_text, sha256=article.sha256, encoding=article.encoding)
            stored = store_facts(facts, decoded, article.path)
            _log(user, [stored], CHANGE, "Chạy lại trích xuất.")
            index_on_commit([stored.pk])
        report.done.append(stored)
    return report


def review_queue(*, kinds=None, limit=50):
    """Extracted facts not yet verified nor rejected: least certain first, then newest."""
    rows = []
    for model in MENTION_MODELS:
        if kinds is not None and model not in kinds:
            continue
        owner = "person" if model in (PersonMention, Position) else model._meta.model_name.replace("mention", "")
        qs = model.objects.filter(verified=False, rejected=False).select_related(owner, "article")
        rows.extend(qs.defer("article__body").order_by("confidence", "-created", "-pk")[:limit])
    rows.sort(key=lambda m: (m.confidence, -m.created.timestamp(), -m.pk))
    return rows[:limit]


def pending_counts():
    return {model: model.objects.filter(verified=False, rejected=False).count() for model in MENTION_MODELS}


__all__ = [
    "save_edit", "verify", "reject", "delete_people", "merge_preview", "merge_people", "merge_documents",
    "merge_meetings", "MERGERS", "reextract", "review_queue", "pending_counts", "article_ids_for",
]
