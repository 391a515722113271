"""Facts → database: one article file at a time, atomic, idempotent, curated data wins.

``store_facts`` writes one article's extracted facts (read and extracted by
archive/ingest/pipeline.py): the article, its people, positions, documents and
meeting with their mentions, inside the caller's transaction. Running it again on the same \
bytes changes nothing; changed bytes
update the article in place. Whatever a curator made, edited, verified or
rejected is never overwritten or recreated: extracted rows are replaced only
by extracted rows.
"""
import datetime as dt
import difflib
import os
from dataclasses import dataclass

from django.db import connection, models
from django.utils import timezone

from archive import text as vt
from archive.ingest import gazetteer
from archive.ingest.extract import EXTRACTOR_VERSION
from archive.ingest.extract.documents import is_national
from archive.models import (
    Article,
    Document,
    DocumentAlias,
    DocumentMention,
    Meeting,
    MeetingAlias,
    MeetingMention,
    Origin,
    Person,
    PersonAlias,
    PersonMention,
    Position,
    Province,
    Source,
    protected_rows,
)

SLUG_CHUNK = 100  # slugs per query: SQLite refuses deeper expression trees than 1000
HELD_CHUNK = 500  # people per query of the titles they hold (SQLite: at most 999 parameters before 3.32)
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


class Lookups:
    """What storing a batch of files reads from the database, read once for the batch.

    Looking up every province, person, document, meeting and slug one query at a time was
    most of an ingest's time. ``prefetch`` reads what a batch's facts name in a few queries;
    anything else is read on first use and kept. Rows the batch creates are added as they are
    made, so a later file of the batch finds them as it would find them in the database.
    Valid inside one transaction only (SQLite's IMMEDIATE transactions keep other writers out
    for the whole batch); the pipeline makes one per batch, and ``clear`` forgets everything
    after a rolled-back file or a rewritten article (which may delete entities).
    """

    def __init__(self):
        self.clear()

    def clear(self):
        self._provinces = self._sources = None
        self._aliases, self._persons, self._held = {}, {}, {}
        self._documents, self._meetings, self._taken, self._given = {}, {}, {}, {}
        self._articles, self._twins = {}, {}

    # --- the batch's files, read at once -------------------------------------------------------

    def prefetch(self, items):
        """Read what the prepared files of a batch will look up (pipeline.Prepared items)."""
        items = [i for i in items if i.decoded is not None]
        names = {os.path.basename(i.path) for i in items}
        for article in (Article.objects.filter(file_name__in=names).order_by()
                        .only("id", "file_name", "sha256", "extractor_version")):
            self._articles[article.file_name] = article
        self._articles.update({name: None for name in names - self._articles.keys()})
        shas = {i.decoded.sha256 for i in items}
        self._twins.update({sha: [] for sha in shas})
        for sha, file_name, pk in (Article.objects.filter(sha256__in=shas).order_by()
                                   .values_list("sha256", "file_name", "pk")):
            self._twins[sha].append((file_name, pk))
        facts = [i.facts for i in items if i.facts is not None]
        self._prefetch_people({vt.key(p.name) for f in facts for p in f.persons})
        documents, meetings = set(), set()
        slugs = {Article: set(), Person: set(), Document: set(), Meeting: set()}
        for f in facts:
            province = self.province(f.province.value)
            documents.update(document_key(d.kind, d.number, d.issuer, province)[:300] for d in f.documents)
            slugs[Article].add(vt.slugify(f.title.value or f.file_name, 90))
            slugs[Person].update(vt.slugify(p.name) for p in f.persons)
            slugs[Document].update(vt.slugify(f"{d.kind} {d.number}", 150) for d in f.documents)
            if f.meeting is not None:
                meetings.add(meeting_key(f.meeting, province, f.file_name)[:300])
                slugs[Meeting].add(_meeting_slug(f.meeting, province))
        self._prefetch_keyed(self._documents, Document.objects.all(), DocumentAlias, "document", documents)
        self._prefetch_keyed(
            self._meetings, Meeting.objects.select_related("province"), MeetingAlias, "meeting", meetings
        )
        for model, bases in slugs.items():
            self._prefetch_slugs(model, bases)

    def _prefetch_people(self, keys):
        # Not keys - self._persons.keys(): that walks every key read so far, on every lookup.
        keys = [key for key in keys if key not in self._persons]
        if not keys:
            return
        for key in keys:
            self._aliases[key], self._persons[key] = [], []
        for alias in PersonAlias.objects.filter(alias_key__in=keys).select_related("person"):
            self._aliases[alias.alias_key].append(alias)
        for person in Person.objects.filter(name_key__in=keys):
            self._persons[person.name_key].append(person)

    @staticmethod
    def _prefetch_keyed(found, queryset, alias_model, field, keys):
        keys = keys - found.keys()
        if not keys:
            return
        found.update({key: None for key in keys})
        for alias in alias_model.objects.filter(key__in=keys).select_related(field):
            found[alias.key] = getattr(alias, field)
        found.update({obj.key: obj for obj in queryset.filter(key__in=keys)})  # a live key wins over an alias

    # --- lookups -------------------------------------------------------------------------------

    def province(self, name):
        if self._provinces is None:
            self._provinces = {p.name: p for p in Province.objects.all()}
        return self._provinces.get(name) if name else None

    def source(self, name):
        """The Source called name (case and tone placement aside); an outlet the catalogue does not
        list ("TTXVN", "Lamdongtv.vn") is created, once, under the first spelling met."""
        if not name:
            return None
        if self._sources is None:
            self._sources = {vt.key(s.name): s for s in Source.objects.all()}
        key = vt.key(name)
        if key not in self._sources:
            name = name[:120]
            self._sources[key] = Source.objects.filter(name=name).first() or Source.objects.create(
                name=name, slug=self.unique_slug(Source, vt.slugify(name, 100)))
        return self._sources[key]

    def article(self, file_name):
        """The stored article of that file name (id, sha256, extractor_version only), or None."""
        if file_name not in self._articles:
            self._articles[file_name] = (Article.objects.filter(file_name=file_name)
                                         .only("id", "file_name", "sha256", "extractor_version").first())
        return self._articles[file_name]

    def twin(self, sha256, file_name):
        """(file name, id) of another stored article with these bytes, or None."""
        if sha256 not in self._twins:
            self._twins[sha256] = list(Article.objects.filter(sha256=sha256).values_list("file_name", "pk"))
        return next((t for t in self._twins[sha256] if t[0] != file_name), None)

    def stored(self, article):
        """Note an article the batch created."""
        self._articles[article.file_name] = article
        self._twins.setdefault(article.sha256, []).append((article.file_name, article.pk))

    def aliases(self, key):
        self._prefetch_people({key})
        return self._aliases[key]

    def persons(self, key):
        self._prefetch_people({key})
        return self._persons[key]

    def held(self, person):
        """Folded titles of every position the person holds in any article."""
        if person.pk is None:
            return set()
        if person.pk not in self._held:
            # Read for every person the batch has read so far at once (one query per person was
            # a tenth of storing): those not read yet are the same-named candidates the batch
            # will ask about next. Titles the batch adds later come through positions_added.
            wanted = {person.pk} | {p.pk for found in self._persons.values() for p in found
                                    if p.pk is not None and p.pk not in self._held}
            wanted = sorted(wanted)
            for start in range(0, len(wanted), HELD_CHUNK):
                chunk = wanted[start:start + HELD_CHUNK]
                self._held.update({pk: set() for pk in chunk})
                # order_by(): the Position ordering joined every row's article into the DISTINCT.
                rows = Position.objects.filter(person_id__in=chunk).order_by().values_list("person_id", "normalized")
                for pk, title in rows.distinct():
                    self._held[pk].add(vt.key(title))
        return self._held[person.pk]

    def positions_added(self, rows):
        """Note positions the batch created (rows: {"person_id": …, "normalized": …, …})."""
        for row in rows:
            if row["person_id"] in self._held:
                self._held[row["person_id"]].add(vt.key(row["normalized"]))

    def document(self, key):
        if key not in self._documents:
            self._documents[key] = (Document.objects.filter(key=key).first()
                                    or _merged_into(DocumentAlias, "document", key))
        return self._documents[key]

    def meeting(self, key):
        if key not in self._meetings:
            self._meetings[key] = (Meeting.objects.select_related("province").filter(key=key).first()
                                   or _merged_into(MeetingAlias, "meeting", key))
        return self._meetings[key]

    def new_person(self, person):
        self._persons[person.name_key].append(person)

    def new_document(self, doc):
        self._documents[doc.key] = doc

    def new_meeting(self, meeting):
        self._meetings[meeting.key] = meeting

    def _prefetch_slugs(self, model, bases):
        """Read the slugs of model that base or base-<n> of each base would collide with."""
        bases = [b for b in bases if (model, b) not in self._taken]
        for base in bases:
            self._taken[(model, base)] = set()
        wanted = set(bases)
        for start in range(0, len(bases), SLUG_CHUNK):
            with connection.cursor() as cursor:
                cursor.execute(*_colliding_slugs(model, bases[start:start + SLUG_CHUNK]))
                found = cursor.fetchall()
            for slug, in found:
                head, _, tail = slug.rpartition("-")
                for base in (slug, head if tail.isdigit() else None):
                    if base in wanted:
                        self._taken[(model, base)].add(slug)

    def unique_slug(self, model, base):
        """base, or base-2, base-3 … : the first that no row of model has (nor this batch gave)."""
        self._prefetch_slugs(model, [base])
        taken, given = self._taken[(model, base)], self._given.setdefault(model, set())
        slug, n = base, 2
        # given: "x-2" given to the second "x" of the batch is also base "x 2"'s own slug.
        while slug in taken or slug in given:
            slug, n = f"{base}-{n}", n + 1
        taken.add(slug)
        given.add(slug)
        return slug


def _colliding_slugs(model, bases):
    """(sql, params) of a query for the slugs of model that are one of bases or base-<n> of one."""
    # Only base and base-<n> can collide. SQLite compares bytes, so a range on the unique index
    # finds them; PostgreSQL's collations may ignore the hyphen, but it indexes the column for
    # LIKE 'base-%' (SQLite's LIKE would scan the table instead). Written as SQL: building the
    # same query as a Q tree of a hundred ranges took most of a batch's prefetch.
    # No ordering: under the Article ordering SQLite walked the whole published index instead of
    # probing the slug index, a cost that grows with the archive.
    qn, meta = connection.ops.quote_name, model._meta
    table = qn(meta.db_table)
    slug = f"{table}.{qn(meta.get_field('slug').column)}"
    if connection.vendor == "sqlite":
        tail, params = f"({slug} > %s AND {slug} < %s)", [bound for b in bases for bound in (f"{b}-", f"{b}-:")]
    else:  # as Django writes slug__startswith
        tail, params = f"{slug}::text LIKE %s", [f"{connection.ops.prep_for_like_query(b)}-%" for b in bases]
    where = " OR ".join([f"{slug} IN ({', '.join(['%s'] * len(bases))})", *[tail] * len(bases)])
    return f"SELECT {slug} FROM {table} WHERE {where}", [*bases, *params]


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
            model.objects.filter(article=article, start=start, **{f"{owner}_id": getattr(row, f"{owner}_id")}).exclude(
                protected_rows(model)).delete()
        row.start, row.end = start, last + 1
        row.save(update_fields=["start", "end"])


def _snippet(article, span):
    return article.raw_text[span[0]:span[1]][:500]


def resolve_person(name, province, positions, lookups):
    """The Person a name in this province refers to, or None when an alias says "not a person".

    A person met for the first time is made but not saved (pk None): the caller creates the
    new people of an article in one query.
    """
    key = vt.key(name)
    aliases = lookups.aliases(key)
    alias = next((a for a in aliases if a.province_id == getattr(province, "pk", None)), None) or next(
        (a for a in aliases if a.province_id is None), None
    )
    if alias:
        # An ignored alias, or one whose person a curator deleted: the name is not a person.
        return None if alias.ignored or alias.person_id is None else alias.person
    # In name order, as the database gave them (stable: equal names stay in creation order).
    candidates = sorted(lookups.persons(key), key=lambda p: p.name)
    same_province = [p for p in candidates if province and p.province_id == province.pk]
    if same_province:
        return same_province[0]
    wanted = {vt.key(p.normalized) for p in positions}
    for person in candidates:
        if wanted & lookups.held(person):
            return person
    person = Person(name=name, province=province, extractor_version=EXTRACTOR_VERSION)
    person.derive()
    person.slug = lookups.unique_slug(Person, vt.slugify(name))
    lookups.new_person(person)
    return person


def _create_new(model, objs):
    """Save in one query the objects of objs not saved yet (each once), after deriving their columns."""
    new = list({id(obj): obj for obj in objs if obj is not None and obj.pk is None}.values())
    for obj in new:
        obj.derive()
    # What bulk_create would write and leave: each field's pre_save value (now for the timestamps).
    fields = [f for f in model._meta.concrete_fields if not f.primary_key and not f.generated]
    pks = _insert(model, [{f.attname: f.pre_save(obj, True) for f in fields} for obj in new], returning=True)
    for obj, pk in zip(new, pks, strict=True):
        obj.pk = pk
        obj._state.adding, obj._state.db = False, connection.alias


# A field of these kinds stores a value of this type (or None) as given: its preparation for the
# database returns it unchanged (on PostgreSQL, an int in a wrapper that only names its type to
# the driver), so _insert skips the preparation for such values.
_PLAIN = ((models.CharField, str), (models.TextField, str), (models.IntegerField, int), (models.FloatField, float))
_STATEMENTS = {}  # (vendor, model, attnames given) -> (INSERT … VALUES, a row's placeholders, given,
#   (field, a timestamp?, its prepared default) for each column not given, blank instance)


def _plain_type(field):
    target = field.target_field if field.is_relation else field  # a foreign key stores its target's pk
    return next((kind for base, kind in _PLAIN if isinstance(target, base)), None)


def _insert(model, rows, returning=False):
    """Insert rows of model without building model instances; rows: dicts {attname: value}, all
    with the same keys. With returning, as one multi-row statement (per batch of SQLite's
    parameter limit) that returns the new ids, in the rows' order; else as one executemany.

    bulk_create spent more CPU building and preparing an article's ~40 instances than the
    database spent writing them. The rows are written as bulk_create writes new instances:
    each value goes through its field's preparation for the database, unless of a type the
    field stores as given (str for text, int for integers and foreign keys, float for floats);
    every column not given gets what a new instance has: its default (read from a blank instance
    and prepared by the field once per statement), or now for auto_now(_add) (once per call).
    """
    rows = list(rows)
    if not rows:
        return []
    names = tuple(rows[0])
    key = (connection.vendor, model, names)
    if key not in _STATEMENTS:
        meta, qn = model._meta, connection.ops.quote_name
        # The id is the database's to give, as are generated columns (bulk_create leaves them out).
        fields = {f.attname: f for f in meta.concrete_fields if not f.primary_key and not f.generated}
        given, filled = [fields[name] for name in names], [f for name, f in fields.items() if name not in names]
        # Filled once for all the rows: a default made anew for each row (a uuid) would be shared.
        varying = [f.name for f in filled if f.has_default() and callable(f.default) and f.default not in (list, dict)]
        if varying:
            raise ValueError(f"{model.__name__}: give {', '.join(varying)} in each row")
        blank = model()  # the defaults and timestamps of a new row (pre_save)
        # Defaults prepared once; a timestamp (auto_now, auto_now_add: now) at each call.
        fill = [(f, True, None) if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
                else (f, False, f.get_db_prep_save(f.pre_save(blank, True), connection)) for f in filled]
        _STATEMENTS[key] = (
            f"INSERT INTO {qn(meta.db_table)} ({', '.join(qn(f.column) for f in given + filled)}) VALUES",
            f"({', '.join(['%s'] * (len(given) + len(filled)))})", [(f, _plain_type(f)) for f in given], fill, blank)
    head, placeholders, given, fill, blank = _STATEMENTS[key]
    filled = tuple(f.get_db_prep_save(f.pre_save(blank, True), connection) if now else value
                   for f, now, value in fill)
    values = [(*[value if value is None or type(value) is kind else field.get_db_prep_save(value, connection)
                 for (field, kind), value in zip(given, map(row.__getitem__, names), strict=True)], *filled)
              for row in rows]
    with connection.cursor() as cursor:
        if not returning:
            # Not one multi-row statement: psycopg parses a query of over 50 parameters anew each
            # time, a one-row statement once (and pipelines the rows); SQLite prepares it once.
            cursor.executemany(f"{head} {placeholders}", values)
            return []
        if not connection.features.can_return_rows_from_bulk_insert:  # SQLite before 3.35: no RETURNING
            pks = []
            for row in values:
                cursor.execute(f"{head} {placeholders}", row)
                pks.append(connection.ops.last_insert_id(cursor, model._meta.db_table, model._meta.pk.column))
            return pks
        # Rows in one VALUES list, ids back from RETURNING in their order, as bulk_create does.
        suffix, pks = connection.ops.return_insert_columns([model._meta.pk])[0], []
        batch = connection.ops.bulk_batch_size([f for f, _ in given] + [f for f, _, _ in fill], values)
        for start in range(0, len(values), batch):
            chunk = values[start:start + batch]
            cursor.execute(f"{head} {', '.join([placeholders] * len(chunk))} {suffix}",
                           [value for row in chunk for value in row])
            pks += [pk for pk, in cursor.fetchall()]
    return pks


def _protected(model, article):
    """Curated, verified or rejected rows of this article: the extractor never competes with them."""
    return model.objects.filter(article=article).filter(protected_rows(model))


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


def document_key(kind, number, issuer, province):
    """Identity of a document across articles (see Document.key)."""
    base = f"{vt.fold(kind)}|{vt.fold(number).replace(' ', '')}"
    if any(ch.isalpha() for ch in number):
        return base if is_national(number) else f"{base}|{getattr(province, 'slug', '')}"
    issuer_key = vt.fold(issuer or "")
    national = any(w in issuer_key for w in ("trung uong", "bo chinh tri", "ban bi thu", "quoc hoi", "chinh phu"))
    return f"{base}|{issuer_key}" if national else f"{base}|{issuer_key}|{getattr(province, 'slug', '')}"


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


def _merged_into(alias_model, field, key):
    """The survivor a curator merged the entity with this key into, if any."""
    alias = alias_model.objects.filter(key=key).select_related(field).first()
    return getattr(alias, field) if alias else None


def meeting_key(fact, province, file_name):
    prov = getattr(province, "slug", "")
    organ = vt.fold(fact.organ or fact.kind)
    if fact.date:
        return f"{prov}|{organ}|{fact.date.isoformat()}"
    if fact.term and fact.session:
        return f"{prov}|{organ}|{fact.term}|{fact.session}"
    return f"article|{file_name}"


def _meeting_slug(fact, province):
    return vt.slugify(f"{fact.kind} {province or ''} {fact.date or ''}", 180)


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
