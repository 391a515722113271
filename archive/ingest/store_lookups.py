"""The batch cache of an ingest: what storing a batch of files reads, read once for the batch.

Valid inside one transaction only; must never outlive the batch, nor write the database.
"""

from django.db import connection

from archive import text as vt
from archive.ingest.store_identity import _meeting_slug, _merged_into, document_key, meeting_key
from archive.models import (
    Article,
    Document,
    DocumentAlias,
    Meeting,
    MeetingAlias,
    Person,
    PersonAlias,
    Position,
    Province,
    Source,
)

SLUG_CHUNK = 100  # slugs per query: SQLite refuses deeper expression trees than 1000

HELD_CHUNK = 500  # people per query of the titles they hold (SQLite: at most 999 parameters before 3.32)


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
        names = {i.key for i in items}
        for article in (Article.objects.filter(file_name__in=names).order_by()
                        .only("id", "file_name", "path", "sha256", "extractor_version")):
            self._articles[article.file_name] = article
        self._articles.update({name: None for name in names - self._articles.keys()})
        shas = {i.decoded.sha256 for i in items}
        self._twins.update({sha: [] for sha in shas})
        for sha, file_name, pk, path in (Article.objects.filter(sha256__in=shas).order_by()
                                         .values_list("sha256", "file_name", "pk", "path")):
            self._twins[sha].append((file_name, pk, path))
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
        """The stored article of that file name (id, path, sha256, extractor_version only), or None."""
        if file_name not in self._articles:
            self._articles[file_name] = (Article.objects.filter(file_name=file_name)
                                         .only("id", "file_name", "path", "sha256", "extractor_version").first())
        return self._articles[file_name]

    def twin(self, sha256, file_name):
        """(key, id, path) of another stored article with these bytes, or None."""
        if sha256 not in self._twins:
            self._twins[sha256] = list(Article.objects.filter(sha256=sha256).values_list("file_name", "pk", "path"))
        return next((t for t in self._twins[sha256] if t[0] != file_name), None)

    def stored(self, article):
        """Note an article the batch created."""
        self._articles[article.file_name] = article
        self._twins.setdefault(article.sha256, []).append((article.file_name, article.pk, article.path))

    def rekeyed(self, old_key, new_key):
        """Note that the article stored under old_key is now under new_key (a moved file)."""
        self._articles[new_key] = self._articles.pop(old_key, None) or Article.objects.filter(
            file_name=new_key).only("id", "file_name", "path", "sha256", "extractor_version").first()
        for twins in self._twins.values():
            twins[:] = [(new_key if k == old_key else k, pk, path) for k, pk, path in twins]

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
