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
import json
from dataclasses import dataclass, field

from django.contrib.admin.models import CHANGE, DELETION, LogEntry
from django.core import serializers
from django.db import transaction
from django.utils import timezone

from archive import review
from archive import text as vt
from archive.models import (
    Article,
    Curated,
    CurationEvent,
    DistinctPair,
    Document,
    DocumentAlias,
    DocumentMention,
    Meeting,
    MeetingAlias,
    MeetingMention,
    MergedSlug,
    MergeRecord,
    Origin,
    Person,
    PersonAlias,
    PersonMention,
    Position,
    Province,
    Source,
    TenureCorrection,
)
from archive.search import index_on_commit

Action = CurationEvent.Action

MENTION_MODELS = (PersonMention, DocumentMention, MeetingMention, Position)
# Bookkeeping a curator's edit does not turn into "this field is theirs now".
_NOT_CURATED_FIELDS = {"origin", "verified", "rejected", "curated_fields", "extractor_version"}


def _log(user, objects, flag, message, action=None):
    """One admin-history entry per object (LogEntry: who, when, what), and one line of the
    audit trail (CurationEvent) per object when the action is named."""
    objects = list(objects)
    if action is not None:
        record(user, action, objects, message)
    if user is None or not objects:
        return
    model = type(objects[0])
    LogEntry.objects.log_actions(
        user.pk, model.objects.filter(pk__in=[o.pk for o in objects]), flag, message,
        single_object=len(objects) == 1,
    )


def _article_id(obj):
    if isinstance(obj, Article):
        return obj.pk
    return getattr(obj, "article_id", None)


def record(user, action, objects, message=""):
    """Write the audit trail: who (or the system, for None) did action to each object, now."""
    now = timezone.now()
    username = getattr(user, "username", "") if user is not None else ""
    CurationEvent.objects.bulk_create([
        CurationEvent(at=now, user=user if user is not None and user.pk else None, username=username,
                      action=action, model=type(o)._meta.model_name, object_id=str(o.pk), object_repr=str(o)[:300],
                      article_id=_article_id(o), message=message)
        for o in objects
    ], batch_size=500)


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
def save_edit(*, obj, changed_fields, created=False, previous=None, user=None):
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
    articles = before | article_ids_for(obj)
    if changed_fields or created:
        fields = ", ".join(changed_fields) if changed_fields else "mới"
        record(user, Action.EDIT, [obj], ("Tạo mới: " if created else "Sửa: ") + fields)
    if isinstance(obj, (Article, *MENTION_MODELS)) or {"province", "source", "published"} & set(changed_fields):
        review.refresh(articles)
    index_on_commit(articles)
    return obj


def _set_flags(objects, user, *, verified, rejected, message, action):
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
    _log(user, objects, CHANGE, message, action)
    if any(isinstance(o, (Article, *MENTION_MODELS)) for o in objects):
        review.refresh(articles)
    index_on_commit(articles)
    return len(objects)


@transaction.atomic
def verify(*, objects, user):
    """Mark entities or mentions verified (a verified mention is no longer rejected)."""
    return _set_flags(objects, user, verified=True, rejected=False, message="Đã xác minh.", action=Action.VERIFY)


@transaction.atomic
def reject(*, mentions, user):
    """Mark mentions or positions false: hidden from readers and never recreated by re-ingest."""
    mentions = list(mentions)
    for m in mentions:
        if not isinstance(m, MENTION_MODELS):
            raise TypeError(f"only mentions and positions can be rejected, not {type(m).__name__}")
    return _set_flags(mentions, user, verified=False, rejected=True, message="Đã loại: nhận diện sai.",
                      action=Action.REJECT)


@transaction.atomic
def verify_authors(*, articles, user):
    """Vouch for the bylines of articles: re-ingest keeps them as they are."""
    articles = list(articles)
    for article in articles:
        article.curated_fields = sorted(set(article.curated_fields) | {"authors"})
        article.save(update_fields=["curated_fields", "updated"])
    record(user, Action.VERIFY, articles, "Đã xác minh tác giả: " + "; ".join(", ".join(a.authors) for a in articles))
    review.refresh(a.pk for a in articles)
    return len(articles)


@transaction.atomic
def reject_authors(*, articles, user):
    """The bylines read in articles are wrong: cleared, and re-ingest does not read them again."""
    articles = list(articles)
    for article in articles:
        old = ", ".join(article.authors)
        article.authors = []
        article.curated_fields = sorted(set(article.curated_fields) | {"authors"})
        article.save(update_fields=["authors", "curated_fields", "updated"])
        record(user, Action.REJECT, [article], f"Đã loại tác giả: {old}")
    review.refresh(a.pk for a in articles)
    index_on_commit(a.pk for a in articles)
    return len(articles)


@transaction.atomic
def decide(*, facts, verdict, user):
    """Verify or reject facts of the review queue of any kind (bylines included): how many."""
    bylines = [f.article for f in facts if getattr(f, "kind", "") == "author"]
    mentions = [f for f in facts if getattr(f, "kind", "") != "author"]
    n = 0
    if verdict == "verify":
        n += verify(objects=mentions, user=user) if mentions else 0
        n += verify_authors(articles=bylines, user=user) if bylines else 0
    elif verdict == "reject":
        n += reject(mentions=mentions, user=user) if mentions else 0
        n += reject_authors(articles=bylines, user=user) if bylines else 0
    else:
        raise ValueError(f"unknown verdict {verdict!r}")
    return n


@transaction.atomic
def delete_people(*, people, user, log_entry=True):
    """Delete false people; their names become ignored aliases so re-ingest does not recreate them."""
    people = list(people)
    articles = set()
    for person in people:
        articles |= article_ids_for(person)
        provinces = {person.province_id, *person.mentions.values_list("article__province_id", flat=True)}
        names = {person.name, *person.aliases.values_list("alias", flat=True)}
        message = "Đã xóa: không phải người; tên bị bỏ qua khi nạp lại."
        if log_entry:
            _log(user, [person], DELETION, message, Action.DELETE)
        else:
            record(user, Action.DELETE, [person], message)
        person.delete()
        for name in names:
            for province_id in provinces:
                alias = PersonAlias.objects.filter(alias_key=vt.key(name), province_id=province_id).first()
                if alias is None:
                    PersonAlias.objects.create(person=None, alias=name, province_id=province_id, ignored=True)
                elif alias.person_id is None:
                    alias.ignored = True
                    alias.save()
    review.refresh(articles)
    index_on_commit(articles)
    return len(people)


@transaction.atomic
def delete_articles(*, articles, user=None):
    """Delete articles (superusers only; curators cannot) and drop them from the index on commit."""
    articles = list(articles)
    record(user, Action.DELETE, articles, "Đã xóa bài viết.")
    ids = [article.pk for article in articles]  # the pks are gone after delete()
    for article in articles:
        article.delete()
    review.refresh(ids)
    # Through the index's lock like every write: an ingest holding the index drops them before it commits.
    index_on_commit(ids)
    return len(articles)


# ---------------------------------------------------------------- merges

@dataclass
class MergeItem:
    """One candidate of a merge and what tells it apart (shown on the confirmation page)."""

    obj: object
    mentions: int = 0
    positions: int = 0
    articles: int = 0
    aliases: list = field(default_factory=list)
    provinces: list = field(default_factory=list)  # [(name, articles)], most first
    tenures: list = field(default_factory=list)
    first_seen: object = None
    last_seen: object = None


# Posts that head one body: one person heads at most one body at a time, bar the known pairs.
_HEADS = ("bi thu", "chu tich", "giam doc", "truong ban", "chanh van phong", "truong")
_CONCURRENT = ({"bi thu tinh uy", "chu tich hdnd tinh"}, {"bi thu tinh uy", "chu tich hoi dong nhan dan tinh"})


def _head_of(post):
    folded = vt.fold(post)
    return folded if folded.startswith(_HEADS) and not folded.startswith("pho") else None


def _incompatible(a, b):
    """Two tenures one person cannot hold at once: posts in different provinces, or heads of two bodies."""
    if not a.overlaps(b):
        return False
    if a.province_id and b.province_id and a.province_id != b.province_id:
        return True
    head_a, head_b = _head_of(a.post), _head_of(b.post)
    return bool(head_a and head_b and head_a != head_b and {head_a, head_b} not in _CONCURRENT)


def merge_preview(*, objects):
    """For each selected row: its evidence, provinces, posts with years, first and last seen, names."""
    from django.db.models import Count, Max, Min

    from archive.tenures import tenures_of

    items = []
    for obj in objects:
        mentions = obj.mentions.filter(rejected=False)
        seen = mentions.aggregate(first=Min("article__published"), last=Max("article__published"))
        item = MergeItem(obj=obj, mentions=mentions.count(), articles=mentions.values("article").distinct().count(),
                         first_seen=seen["first"], last_seen=seen["last"])
        by_province = (mentions.exclude(article__province=None).values("article__province")
                       .annotate(n=Count("article", distinct=True)).order_by("-n"))
        names = {p.pk: p.display_name for p in Province.objects.filter(
            pk__in=[r["article__province"] for r in by_province])}
        item.provinces = [(names[r["article__province"]], r["n"]) for r in by_province]
        if isinstance(obj, Person):
            item.positions = obj.positions.filter(rejected=False).count()
            item.aliases = [obj.name, *obj.aliases.exclude(ignored=True).values_list("alias", flat=True)]
            item.tenures = tenures_of(obj)
            if obj.province and obj.province.display_name not in dict(item.provinces):
                item.provinces.insert(0, (obj.province.display_name, 0))
        else:
            item.aliases = [obj.key, *obj.aliases.values_list("key", flat=True)]
        items.append(item)
    return items


def merge_warnings(items):
    """What says the candidates may be different people (or documents, meetings): plain sentences."""
    warnings = []
    for i, a in enumerate(items):
        for b in items[i + 1:]:
            pa = {name for name, _ in a.provinces}
            pb = {name for name, _ in b.provinces}
            if pa and pb and not pa & pb:
                warnings.append(f"“{a.obj}” (#{a.obj.pk}) được nhắc ở {', '.join(sorted(pa))}, còn “{b.obj}” "
                                f"(#{b.obj.pk}) ở {', '.join(sorted(pb))}: không có tỉnh chung.")
            clashes = [(ta, tb) for ta in a.tenures for tb in b.tenures if _incompatible(ta, tb)]
            for ta, tb in clashes[:3]:
                warnings.append(
                    f"Cùng thời gian: #{a.obj.pk} là {ta.post}{_where(ta)} ({ta.years}), #{b.obj.pk} là "
                    f"{tb.post}{_where(tb)} ({tb.years}) — một người khó giữ cả hai.")
            if DistinctPair.objects.filter(model=a.obj._meta.model_name,
                                           low_id=min(a.obj.pk, b.obj.pk), high_id=max(a.obj.pk, b.obj.pk)).exists():
                warnings.append(f"Đã có biên tập viên ghi nhận #{a.obj.pk} và #{b.obj.pk} không phải là một.")
    return warnings


def _where(tenure):
    return f" ({tenure.province.display_name})" if tenure.province else ""


def _rows(queryset):
    """Rows as JSON-safe serialised objects (what undo restores, primary keys included)."""
    return json.loads(serializers.serialize("json", queryset))


def _restore(rows):
    for obj in serializers.deserialize("json", json.dumps(rows)):
        obj.save()


def _snapshot(survivor, others):
    """What undoing the merge needs, taken before it: every row the merge may change or delete."""
    owner = survivor._meta.model_name
    mention_model = {"person": PersonMention, "document": DocumentMention, "meeting": MeetingMention}[owner]
    ids = [survivor.pk, *[o.pk for o in others]]
    snap = {
        "entities": _rows(type(survivor).objects.filter(pk__in=ids)),
        "mentions": _rows(mention_model.objects.filter(**{f"{owner}_id__in": ids})),
        "slugs": _rows(MergedSlug.objects.filter(model=owner, target_id__in=ids)),
    }
    if owner == "person":
        names = {vt.key(o.name) for o in others} | set(
            PersonAlias.objects.filter(person__in=others).values_list("alias_key", flat=True))
        snap["positions"] = _rows(Position.objects.filter(person_id__in=ids))
        snap["aliases"] = _rows(PersonAlias.objects.filter(alias_key__in=names) | PersonAlias.objects.filter(
            person_id__in=ids))
        snap["tenures"] = _rows(TenureCorrection.objects.filter(person_id__in=ids))
    else:
        alias_model = DocumentAlias if owner == "document" else MeetingAlias
        snap["aliases"] = _rows(alias_model.objects.filter(**{f"{owner}_id__in": ids}))
        snap["alias_keys"] = [o.key for o in others]
        if owner == "document":
            snap["meetings"] = {str(i): list(Meeting.objects.filter(documents=i).values_list("pk", flat=True))
                                for i in ids}
    return snap


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
    snapshot = _snapshot(survivor, others)
    articles = article_ids_for(survivor)
    for other in others:
        articles |= article_ids_for(other)
        absorb(other)
        MergedSlug.record(survivor=survivor, other=other)
    names = ", ".join(str(o) for o in others)
    merged_ids = [o.pk for o in others]  # delete() forgets them
    _log(user, others, DELETION, f"Đã gộp vào “{survivor}” (#{survivor.pk}).", Action.MERGE)
    for other in others:
        other.delete()
    # The survivor is the curators' now: an ingest that no longer mentions it must not drop it.
    survivor.origin = Origin.CURATED
    survivor.save()
    _log(user, [survivor], CHANGE, f"Gộp vào đây: {names}.", Action.MERGE)
    snapshot["survivor_after"] = _rows(type(survivor).objects.filter(pk=survivor.pk))[0]
    snapshot["articles"] = sorted(articles)
    MergeRecord.objects.create(
        model=survivor._meta.model_name, survivor_id=survivor.pk, survivor_repr=str(survivor)[:300],
        merged_ids=merged_ids, merged_repr=names[:600], snapshot=snapshot,
        user=user if user is not None and user.pk else None,
    )
    review.refresh(articles)
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
        for correction in TenureCorrection.objects.filter(person=other):
            if not TenureCorrection.objects.filter(person=survivor, post_key=correction.post_key,
                                                   province_id=correction.province_id).exists():
                correction.person = survivor
                correction.save()
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
MODELS = {"person": Person, "document": Document, "meeting": Meeting}


class UndoError(Exception):
    """A merge that cannot be undone as things stand (the message says why, in Vietnamese)."""


def _return_rows(model, owner, snapshot_rows, survivor_id, other_ids, unique):
    """Give the merged-away entities their mentions back: by id, else (after a re-ingest gave the
    row a new id) by its unique key; a row the merge folded into the survivor's is recreated."""
    survivor_own = {r["pk"] for r in snapshot_rows if r["fields"][owner] == survivor_id}
    for row in snapshot_rows:
        fields = row["fields"]
        if fields[owner] not in other_ids:
            continue
        current = model.objects.filter(pk=row["pk"]).first()
        if current is None:
            current = model.objects.filter(**{f"{owner}_id": survivor_id},
                                           **{f: fields[f] for f in unique}).first()
            if current is not None and current.pk in survivor_own:
                _restore([row])  # the merge had folded it into the survivor's own mention
                continue
        if current is None or getattr(current, f"{owner}_id") != survivor_id:
            continue  # its text is gone from the article, or a curator moved it since
        setattr(current, f"{owner}_id", fields[owner])
        # The curators put it back: re-ingest must not hand it to the survivor again by its name.
        current.origin = Origin.CURATED
        current.save()
    # The survivor's own rows that absorbed a clash get their verdicts back.
    for row in snapshot_rows:
        if row["pk"] in survivor_own:
            model.objects.filter(pk=row["pk"], **{f"{owner}_id": survivor_id}).update(
                verified=row["fields"]["verified"], rejected=row["fields"].get("rejected", False),
                origin=row["fields"]["origin"])


@transaction.atomic
def undo_merge(*, merge, user, distinct=True):
    """Undo a merge: the merged-away records come back with their ids, addresses, mentions,
    positions and aliases; fields the merge filled on the survivor go back unless edited since.
    distinct: also record that they are not the same, so they are never proposed again."""
    merge = MergeRecord.objects.select_for_update().get(pk=merge.pk)
    if merge.undone_at:
        when = timezone.localtime(merge.undone_at)
        raise UndoError(f"Lần gộp #{merge.pk} đã được hoàn tác lúc {when:%d/%m/%Y %H:%M}.")
    model = MODELS[merge.model]
    survivor = model.objects.filter(pk=merge.survivor_id).first()
    if survivor is None:
        raise UndoError(f"“{merge.survivor_repr}” (#{merge.survivor_id}) không còn (đã bị gộp tiếp hoặc bị xóa): "
                        "hãy hoàn tác lần gộp sau trước.")
    back = model.objects.filter(pk__in=merge.merged_ids)
    if back.exists():
        raise UndoError(f"#{', #'.join(str(o.pk) for o in back)} đã có lại: lần gộp này đã được gỡ theo cách khác.")
    snap, other_ids, owner = merge.snapshot, set(merge.merged_ids), merge.model
    MergedSlug.objects.filter(model=owner, slug__in=[r["fields"]["slug"] for r in snap["entities"]
                                                    if r["pk"] in other_ids]).delete()
    # The entities as they were (their own slugs, names, keys), then the survivor's merged-in fields.
    entities = [r for r in snap["entities"] if r["pk"] in other_ids]
    if owner == "meeting":
        for r in entities:
            r["fields"]["documents"] = [d for d in r["fields"].get("documents", [])
                                        if Document.objects.filter(pk=d).exists()]
    if owner in ("document", "meeting"):
        alias_model = DocumentAlias if owner == "document" else MeetingAlias
        alias_model.objects.filter(key__in=snap["alias_keys"]).delete()
    _restore(entities)
    before = next(r for r in snap["entities"] if r["pk"] == survivor.pk)["fields"]
    after, now = snap["survivor_after"]["fields"], _rows(model.objects.filter(pk=survivor.pk))[0]["fields"]
    for name, value in before.items():
        if name in ("updated", "documents") or after.get(name) == value or now.get(name) != after.get(name):
            continue
        setattr(survivor, model._meta.get_field(name).attname, value)
    survivor.save()
    if owner == "meeting" and set(now.get("documents", [])) == set(after.get("documents", [])):
        survivor.documents.set(before.get("documents", []))
    mention_model = {"person": PersonMention, "document": DocumentMention, "meeting": MeetingMention}[owner]
    unique = ("article_id", "start") if owner != "meeting" else ("article_id",)
    _return_rows(mention_model, owner, snap["mentions"], survivor.pk, other_ids, unique)
    if owner == "person":
        _return_rows(Position, "person", snap["positions"], survivor.pk, other_ids, ("article_id", "normalized"))
        alias_ids = {r["pk"] for r in snap["aliases"]}
        # Aliases the merge made for the other names go; the ones it moved or deleted come back.
        PersonAlias.objects.filter(person=survivor).exclude(pk__in=alias_ids).filter(
            alias_key__in={vt.key(r["fields"]["name"]) for r in entities}).delete()
        for row in snap["aliases"]:
            PersonAlias.objects.filter(alias_key=row["fields"]["alias_key"], province_id=row["fields"]["province"]
                                       ).exclude(pk=row["pk"]).delete()
        _restore(snap["aliases"])
        TenureCorrection.objects.filter(pk__in=[r["pk"] for r in snap["tenures"]]).delete()
        _restore(snap["tenures"])
    else:
        # Keys and meeting links: the merged-away records' own, as they were.
        _restore([r for r in snap["aliases"] if r["fields"][owner] in other_ids])
        if owner == "document":
            for other in model.objects.filter(pk__in=other_ids):
                other.meetings.add(*Meeting.objects.filter(pk__in=_meetings_of(snap, other.pk)))
            had = set(_meetings_of(snap, survivor.pk))
            for meeting in survivor.meetings.exclude(pk__in=had):
                if any(meeting.pk in _meetings_of(snap, o) for o in other_ids):
                    meeting.documents.remove(survivor)
    _restore(snap["slugs"])
    now_time = timezone.now()
    merge.undone_at, merge.undone_by = now_time, user if user is not None and user.pk else None
    merge.save(update_fields=["undone_at", "undone_by"])
    restored = list(model.objects.filter(pk__in=other_ids))
    _log(user, restored, CHANGE, f"Hoàn tác gộp vào “{survivor}” (#{survivor.pk}).", Action.UNMERGE)
    _log(user, [survivor], CHANGE, f"Hoàn tác gộp: tách lại {merge.merged_repr}.", Action.UNMERGE)
    if distinct:
        for other in restored:
            not_same(a=survivor, b=other, user=user)
    articles = set(snap.get("articles", [])) | article_ids_for(survivor)
    for other in restored:
        articles |= article_ids_for(other)
    review.refresh(articles)
    index_on_commit(articles)
    return restored


def _meetings_of(snap, document_id):
    return snap.get("meetings", {}).get(str(document_id), [])


@transaction.atomic
def correct_tenure(*, correction, user):
    """Save a curator's years for a tenure (the person page shows them over the mentions' years)."""
    correction.save()
    years = f"{correction.starts or '?'} – {'nay' if correction.ongoing else correction.ends or '?'}"
    record(user, Action.TENURE, [correction.person], f"Nhiệm kỳ “{correction.post}”: {years}.")
    return correction


@transaction.atomic
def not_same(*, a, b, user):
    """Record that a and b are different: the duplicates page never proposes the pair again."""
    if type(a) is not type(b) or a.pk == b.pk:
        raise ValueError("two different records of one kind are needed")
    low, high = DistinctPair.ids(a.pk, b.pk)
    pair, created = DistinctPair.objects.get_or_create(
        model=a._meta.model_name, low_id=low, high_id=high,
        defaults={"user": user if user is not None and user.pk else None})
    if created:
        record(user, Action.DISTINCT, [a, b], f"“{a}” (#{a.pk}) và “{b}” (#{b.pk}) không phải là một.")
    return pair

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
            _log(user, [stored], CHANGE, "Chạy lại trích xuất.", Action.REEXTRACT)
            review.refresh([stored.pk])
            index_on_commit([stored.pk])
        report.done.append(stored)
    return report


__all__ = [
    "save_edit", "verify", "reject", "decide", "verify_authors", "reject_authors", "delete_people",
    "merge_preview", "merge_people", "merge_documents", "merge_meetings", "MERGERS", "undo_merge", "not_same",
    "reextract", "article_ids_for", "record",
]
