"""The review queue: unreviewed facts, filtered and counted at the scale of a whole archive.

Counting unreviewed facts by province, source, kind, confidence band, extractor version
and year straight from the mention tables means grouping millions of rows per page view.
Instead every article's unreviewed facts are tallied (``ReviewTally``) and summed over
articles (``ReviewCube``); ``refresh`` recomputes the tallies of the articles a write
touched and moves the cube by the difference, so the queue reads a few thousand cube
rows. Every write that changes what is pending (ingest, verify, reject, merge, undo,
edit, delete, re-extraction) must call ``refresh`` for its articles in its transaction;
``rebuild`` starts the tallies over. Nothing here decides a fact: this module only
reads facts and keeps counts (the verdicts are ``archive.curation``'s).
"""
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Case, CharField, Count, F, Q, Sum, Value, When
from django.utils import timezone

from archive.models import (
    Article,
    DocumentMention,
    MeetingMention,
    PersonMention,
    Position,
    Province,
    ReviewCube,
    ReviewTally,
    Source,
)

# Kinds of fact as they appear in the queue's URLs, in the order the queue offers them.
FACT_MODELS = {"person": PersonMention, "position": Position, "document": DocumentMention,
               "meeting": MeetingMention}
KIND_LABELS = {"person": "Nhân vật", "position": "Chức vụ", "document": "Văn bản", "meeting": "Hội nghị",
               "author": "Tác giả"}
OWNER = {"person": "person", "position": "person", "document": "document", "meeting": "meeting"}
# Confidence bands: (key, label, lowest included, highest excluded).
BANDS = (("low", "thấp (dưới 0,6)", 0.0, 0.6), ("mid", "vừa (0,6 – dưới 0,9)", 0.6, 0.9),
         ("high", "cao (từ 0,9)", 0.9, None))
BAND_LABELS = {key: label for key, label, _, _ in BANDS}
DIMENSIONS = ("kind", "band", "version", "province_id", "source_id", "year")
PAGE_SIZE = 50
MAX_PAGE = 200  # deeper than 10,000 facts a curator narrows the filters instead
CHUNK = 500  # article ids per query (SQLite's variable limit)
BULK_FROM = 20  # cube rows changed at once from which refresh reads and writes them in bulk
PENDING = Q(verified=False, rejected=False)

BAND_CASE = Case(
    When(confidence__lt=0.6, then=Value("low")), When(confidence__lt=0.9, then=Value("mid")),
    default=Value("high"), output_field=CharField(),
)


def band_range(band):
    _, _, low, high = next(b for b in BANDS if b[0] == band)
    q = Q(confidence__gte=low) if low else Q()
    return q & Q(confidence__lt=high) if high is not None else q


def author_pending(article):
    """An article's bylines wait for review until a curator vouched for them or the article."""
    return bool(article.authors) and not article.verified and "authors" not in article.curated_fields


def _year(published):
    return timezone.localdate(published).year if published else 0


def _chunks(ids):
    ids = sorted(set(ids))
    for i in range(0, len(ids), CHUNK):
        yield ids[i:i + CHUNK]


def _models(apps):
    """The models tallies read: the live ones, or a migration's historical ones."""
    if apps is None:
        return Article, FACT_MODELS, ReviewTally, ReviewCube
    get = lambda name: apps.get_model("archive", name)  # noqa: E731
    return (get("Article"), {k: get(m.__name__) for k, m in FACT_MODELS.items()}, get("ReviewTally"),
            get("ReviewCube"))


def tally_rows(article_ids, apps=None):
    """{(article_id, kind, band, version): {dimension: value, "pending": n}} as the facts stand now."""
    article_model, fact_models, _, _ = _models(apps)
    rows = {}
    for chunk in _chunks(article_ids):
        articles = {a.pk: a for a in article_model.objects.filter(pk__in=chunk).only(
            "province_id", "source_id", "published", "authors", "curated_fields", "verified", "extractor_version")}
        if not articles:
            continue

        def put(article_id, kind, band, version, n, articles=articles):
            a = articles[article_id]
            rows[(article_id, kind, band, version)] = {
                "article_id": article_id, "kind": kind, "band": band, "version": version,
                "province_id": a.province_id or 0, "source_id": a.source_id or 0, "year": _year(a.published),
                "pending": n}

        for kind, model in fact_models.items():
            grouped = (model.objects.filter(PENDING, article_id__in=list(articles)).annotate(band=BAND_CASE)
                       .order_by().values_list("article_id", "band", "extractor_version").annotate(n=Count("id")))
            for article_id, band, version, n in grouped:
                put(article_id, kind, band, version, n)
        for a in articles.values():
            if author_pending(a):
                put(a.pk, "author", "high", a.extractor_version, 1)
    return rows


def _cube_key(row):
    return tuple(row[d] for d in DIMENSIONS)


@transaction.atomic
def refresh(article_ids):
    """Recompute the tallies of these articles (gone ones included) and move the cube by the change."""
    article_ids = {int(a) for a in article_ids if a is not None}
    if not article_ids:
        return
    delta = defaultdict(int)
    for chunk in _chunks(article_ids):
        old = ReviewTally.objects.filter(article_id__in=chunk)
        for row in old.values(*DIMENSIONS, "pending"):
            delta[_cube_key(row)] -= row["pending"]
        old.delete()
    new = tally_rows(article_ids)
    for row in new.values():
        delta[_cube_key(row)] += row["pending"]
    ReviewTally.objects.bulk_create([ReviewTally(**row) for row in new.values()], batch_size=500)
    changes = {key: change for key, change in delta.items() if change}
    if len(changes) < BULK_FROM:
        for key, change in changes.items():
            where = dict(zip(DIMENSIONS, key, strict=True))
            if not ReviewCube.objects.filter(**where).update(pending=F("pending") + change):
                ReviewCube.objects.create(**where, pending=change)
    elif changes:
        # An ingest batch moves hundreds of cube rows: read them once (locked, so a curator's
        # decision in another transaction waits instead of being overwritten), write them in bulk.
        provinces = {key[DIMENSIONS.index("province_id")] for key in changes}
        rows = {_cube_key(row.__dict__): row for row in ReviewCube.objects.select_for_update().filter(
            province_id__in=provinces, kind__in={key[0] for key in changes})}
        updated, created = [], []
        for key, change in changes.items():
            row = rows.get(key)
            if row is None:
                created.append(ReviewCube(**dict(zip(DIMENSIONS, key, strict=True)), pending=change))
            else:
                row.pending += change
                updated.append(row)
        ReviewCube.objects.bulk_update(updated, ["pending"], batch_size=500)
        ReviewCube.objects.bulk_create(created, batch_size=500)
    ReviewCube.objects.filter(pending__lte=0).delete()


@transaction.atomic
def rebuild(apps=None):
    """Tally every article again from the facts (after a restore, or to repair drift)."""
    article_model, _, tally_model, cube_model = _models(apps)
    tally_model.objects.all().delete()
    cube_model.objects.all().delete()
    ids = list(article_model.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), 2000):
        rows = tally_rows(ids[start:start + 2000], apps)
        tally_model.objects.bulk_create([tally_model(**row) for row in rows.values()], batch_size=500)
    cube = tally_model.objects.order_by().values(*DIMENSIONS).annotate(n=Sum("pending"))
    cube_model.objects.bulk_create([cube_model(**{d: row[d] for d in DIMENSIONS}, pending=row["n"])
                                    for row in cube if row["n"] > 0], batch_size=500)


def cube_drift():
    """Cube rows that differ from a fresh count: {key: (stored, actual)} (empty when they agree)."""
    actual = defaultdict(int)
    ids = list(Article.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), 2000):
        for row in tally_rows(ids[start:start + 2000]).values():
            actual[_cube_key(row)] += row["pending"]
    stored = {_cube_key(row): row["pending"] for row in ReviewCube.objects.values(*DIMENSIONS, "pending")}
    return {k: (stored.get(k, 0), actual.get(k, 0)) for k in set(stored) | set(actual)
            if stored.get(k, 0) != actual.get(k, 0)}


# ---------------------------------------------------------------- the queue

@dataclass
class Filters:
    """The queue's filters as read from a query string (unknown or malformed values are errors)."""

    kind: str = ""
    band: str = ""
    version: str = ""
    province: int = 0
    source: int = 0
    year: int | None = None  # 0: undated
    article: int = 0
    sort: str = "confidence"
    page: int = 1
    errors: list = field(default_factory=list)

    PARAMS = ("kind", "band", "version", "province", "source", "year", "article", "sort")

    @classmethod
    def parse(cls, params, kinds):
        f = cls()

        def number(name, value):
            if value.isdigit() and len(value) <= 12:
                return int(value)
            f.errors.append(f"Tham số {name}=“{value[:40]}” không hợp lệ: cần một số.")
            return 0

        for name in cls.PARAMS:
            value = params.get(name, "").strip()
            if not value:
                continue
            if name == "kind":
                if value in kinds:
                    f.kind = value
                else:
                    f.errors.append(f"Tham số kind=“{value[:40]}” không hợp lệ: cần một trong {', '.join(kinds)}.")
            elif name == "band":
                if value in BAND_LABELS:
                    f.band = value
                else:
                    f.errors.append(f"Tham số band=“{value[:40]}” không hợp lệ: cần low, mid hoặc high.")
            elif name == "sort":
                if value in ("confidence", "date"):
                    f.sort = value
                else:
                    f.errors.append(f"Tham số sort=“{value[:40]}” không hợp lệ: cần confidence hoặc date.")
            elif name == "version":
                f.version = value[:20]
            else:
                setattr(f, name, number(name, value))
        page = params.get("p", "").strip()
        if page:
            f.page = min(max(number("p", page), 1), MAX_PAGE)
        return f

    def query(self, **changes):
        """The query string of these filters with some changed ("" or None drops one); page 1."""
        values = {n: getattr(self, n) for n in self.PARAMS}
        values.update(changes)
        parts = []
        for name in self.PARAMS:
            value = values[name]
            if name == "sort" and value == "confidence":
                continue
            if value is None or value == "" or (value == 0 and name != "year"):
                continue
            parts.append((name, str(value)))
        from django.utils.http import urlencode
        return urlencode(parts)

    def cube_where(self, skip=None):
        where = {}
        for dim, value in (("kind", self.kind), ("band", self.band), ("version", self.version),
                           ("province_id", self.province), ("source_id", self.source), ("year", self.year)):
            if dim == skip:
                continue
            if (value is not None) if dim == "year" else bool(value):
                where[dim] = value
        return where


def _cube_rows(filters, kinds):
    """The rows counts come from: the whole archive's cube, or one article's own tallies."""
    if filters.article:
        rows = list(tally_rows([filters.article]).values())
    else:
        rows = list(ReviewCube.objects.values(*DIMENSIONS, "pending"))
    return [r for r in rows if r["kind"] in kinds]


def facet_counts(filters, kinds):
    """{dimension: [(value, count)]} with every other active filter applied, and the filtered total."""
    rows = _cube_rows(filters, kinds)
    active = list(filters.cube_where().items())
    counts = {dim: defaultdict(int) for dim in DIMENSIONS}
    total = 0
    for row in rows:
        failed = [dim for dim, value in active if row[dim] != value]
        if len(failed) > 1:
            continue
        n = row["pending"]
        if failed:  # counted only in the one dimension whose filter it fails
            counts[failed[0]][row[failed[0]]] += n
            continue
        total += n
        for dim in DIMENSIONS:
            counts[dim][row[dim]] += n
    return {dim: sorted(by.items(), key=lambda kv: -kv[1]) for dim, by in counts.items()}, total


def labelled_facets(filters, kinds):
    """Facet counts with the names a curator reads, each value's link, and the total."""
    counts, total = facet_counts(filters, kinds)
    provinces = {p.pk: p.display_name for p in Province.objects.filter(
        pk__in=[v for v, _ in counts["province_id"] if v])}
    sources = dict(Source.objects.filter(pk__in=[v for v, _ in counts["source_id"] if v]).values_list("pk", "name"))
    spec = (
        ("kind", "kind", "Loại", lambda v: KIND_LABELS.get(v, v), None),
        ("band", "band", "Độ tin cậy", lambda v: BAND_LABELS.get(v, v), [b[0] for b in BANDS]),
        ("province_id", "province", "Tỉnh, thành", lambda v: provinces.get(v, "Chưa rõ tỉnh"), None),
        ("source_id", "source", "Nguồn tin", lambda v: sources.get(v, "Chưa rõ nguồn"), None),
        ("year", "year", "Năm đăng", lambda v: str(v) if v else "Không rõ năm", "year"),
        ("version", "version", "Phiên bản trích xuất", lambda v: v or "không ghi", None),
    )
    facets = []
    for dim, param, title, label, order in spec:
        values = counts[dim]
        if order == "year":
            values = sorted(values, key=lambda kv: -kv[0])
        elif order:
            values = sorted(values, key=lambda kv: order.index(kv[0]) if kv[0] in order else 99)
        current = getattr(filters, param)
        active = current not in ("", 0, None) or (param == "year" and current == 0)
        facets.append({
            "title": title, "param": param,
            "all": filters.query(**{param: None if param == "year" else ""}),
            "active": active,
            "values": [{"label": label(v), "count": n, "query": filters.query(**{param: v}),
                        "selected": active and v == current} for v, n in values[:80]],
        })
    return facets, total


def _fact_queryset(kind, filters):
    """The kind's pending facts under the filters, in the queue's order: ids only (see _facts)."""
    model = FACT_MODELS[kind]
    qs = model.objects.filter(PENDING)
    if filters.article:
        qs = qs.filter(article_id=filters.article)
    if filters.province:
        qs = qs.filter(article__province_id=filters.province)
    if filters.source:
        qs = qs.filter(article__source_id=filters.source)
    if filters.year is not None:
        if filters.year == 0:
            qs = qs.filter(article__published__isnull=True)
        else:
            tz = timezone.get_current_timezone()
            start = timezone.make_aware(dt.datetime(filters.year, 1, 1), tz)
            end = timezone.make_aware(dt.datetime(filters.year + 1, 1, 1), tz)
            qs = qs.filter(article__published__gte=start, article__published__lt=end)
    if filters.version:
        qs = qs.filter(extractor_version=filters.version)
    if filters.band:
        qs = qs.filter(band_range(filters.band))
    order = ("-created", "-id") if filters.sort == "date" else ("confidence", "-created", "-id")
    return qs.order_by(*order).values_list("pk", flat=True)


def _facts(kind, ids):
    """The facts of these ids with what the queue shows of them, in the order given.

    Sorting is done on ids alone, the rows read after: sorted with their articles' raw
    text, a province's 17,000 facts made the database move hundreds of megabytes."""
    model = FACT_MODELS[kind]
    found = model.objects.filter(pk__in=ids).select_related(OWNER[kind], "article", "article__province").defer(
        "article__body", "article__captions", "article__spans").in_bulk()
    return [found[i] for i in ids if i in found]


def _author_articles(filters, limit):
    """Articles whose bylines wait, newest ingested first: found through their tallies (the
    bylines themselves are JSON, which no database indexes alike)."""
    if filters.band and filters.band != "high":
        return []
    tallies = ReviewTally.objects.filter(kind="author")
    for dim, value in (("article_id", filters.article), ("province_id", filters.province),
                       ("source_id", filters.source), ("version", filters.version)):
        if value:
            tallies = tallies.filter(**{dim: value})
    if filters.year is not None:
        tallies = tallies.filter(year=filters.year)
    ids = list(tallies.order_by("-article_id").values_list("article_id", flat=True)[:limit])
    found = {a.pk: a for a in Article.objects.filter(pk__in=ids).select_related("province").defer("body", "captions")}
    # The tally may lag a write of this very request; the article's own fields decide.
    return [found[i] for i in ids if i in found and author_pending(found[i])]


@dataclass
class AuthorFact:
    """An article's byline as one reviewable fact (bylines have no mention rows of their own)."""

    article: Article
    kind: str = "author"
    confidence: float = 1.0

    @property
    def pk(self):
        return self.article.pk

    @property
    def created(self):
        return self.article.ingested

    @property
    def text(self):
        return ", ".join(self.article.authors)

    def _span(self):
        """The byline's span: stored as one [start, end] or one per author."""
        value = self.article.spans.get("authors") or []
        if value and isinstance(value[0], (list, tuple)):
            return value[0][0], value[-1][1]
        return (value[0], value[1]) if len(value) == 2 else (0, 0)

    @property
    def start(self):
        return self._span()[0]

    @property
    def end(self):
        return self._span()[1]


def page_of(filters, kinds):
    """The facts on the requested page: merged across kinds in the chosen order."""
    chosen = [filters.kind] if filters.kind else list(kinds)
    wanted = filters.page * PAGE_SIZE
    rows = []
    for kind in chosen:
        if kind == "author":
            rows.extend(AuthorFact(article=a) for a in _author_articles(filters, wanted))
            continue
        candidates = list(_fact_queryset(kind, filters)[:wanted])
        for fact in _facts(kind, candidates[-PAGE_SIZE * len(chosen):] if len(chosen) == 1 else candidates):
            fact.kind = kind
            rows.append(fact)
    if filters.sort == "date":
        rows.sort(key=lambda r: (-r.created.timestamp(), r.kind, -r.pk))
    else:
        rows.sort(key=lambda r: (r.confidence, -r.created.timestamp(), r.kind, -r.pk))
    return rows[wanted - PAGE_SIZE:wanted]


def pending_of_article(article_id, kinds):
    """Every unreviewed fact of one article, of the kinds given ({kind: [fact, …]})."""
    found = {}
    for kind in kinds:
        if kind == "author":
            article = Article.objects.filter(pk=article_id).first()
            found[kind] = [AuthorFact(article=article)] if article and author_pending(article) else []
        else:
            found[kind] = list(FACT_MODELS[kind].objects.filter(PENDING, article_id=article_id))
    return found
