"""The archive's data: provinces, sources, articles and what they say.

What an article *says* (a mention, with the character span of the raw text that
supports it) is kept apart from *who or what* it is (the canonical Person,
Document or Meeting), so that curators can re-point, merge and reject mentions
without touching the evidence. Every entity and mention records whether it was
extracted or curated and whether a curator verified it; re-ingest never
overwrites curated or verified data.

Glossary (identifiers are English, the domain is Vietnamese):
    khóa            term of an elected body (Meeting.term, "XI")
    lần thứ         session / sitting number (Meeting.session, "12")
    kỳ họp          session of a People's Council (Hội đồng nhân dân, HĐND)
    Tỉnh ủy         provincial Party committee; BCH = Ban Chấp hành (executive committee)
    BTV             Ban Thường vụ, the Standing Committee of a Party committee
    UBND            Ủy ban nhân dân, the provincial People's Committee (government)
    sơ kết/tổng kết mid-term / final review conference
    Nghị quyết (NQ) resolution; Chương trình hành động (CTr) action programme;
    Kế hoạch (KH)   plan; Chỉ thị (CT) directive; Kết luận (KL) conclusion
"""
import datetime as dt
import json

from django.db import connection, models
from django.db.models import Count, F
from django.db.models.functions import Cast, Coalesce
from django.urls import reverse
from django.utils import timezone

from archive import text as vt


class Origin(models.TextChoices):
    EXTRACTED = "extracted", "Trích xuất tự động"
    CURATED = "curated", "Biên tập viên"


def protected_rows(model):
    """The Q of a model's protected rows — the one definition of "protected": made by a curator,
    verified, or (where the model has the flag) rejected. The extractor never changes, deletes,
    recreates or competes with them; ``is_protected`` says the same of one row."""
    q = models.Q(origin=Origin.CURATED) | models.Q(verified=True)
    if any(f.name == "rejected" for f in model._meta.get_fields()):
        q |= models.Q(rejected=True)
    return q


def is_protected(row):
    """Whether this row is protected (see protected_rows)."""
    return row.origin == Origin.CURATED or row.verified or getattr(row, "rejected", False)


def _folded(*parts):
    """The accent-free search column of a row: admin search must not depend on DB collation."""
    return vt.fold(" ".join(str(p) for p in parts if p))[:600]


class Curated(models.Model):
    """Who produced a row, whether a curator vouched for it, and which fields they edited."""

    origin = models.CharField("nguồn gốc", max_length=10, choices=Origin.choices, default=Origin.EXTRACTED)
    verified = models.BooleanField("đã xác minh", default=False)
    # Field names a curator changed by hand: re-ingest leaves them alone.
    curated_fields = models.JSONField("trường đã biên tập", default=list, blank=True)
    extractor_version = models.CharField("phiên bản trích xuất", max_length=20, blank=True)
    created = models.DateTimeField("tạo lúc", auto_now_add=True)
    updated = models.DateTimeField("cập nhật lúc", auto_now=True)

    class Meta:
        abstract = True

    @property
    def is_protected(self):
        """Curated or verified rows belong to the curators, not the extractor."""
        return is_protected(self)


class Province(models.Model):
    """A provincial-level unit, before or after the merger of 1 July 2025."""

    class Kind(models.TextChoices):
        PROVINCE = "tỉnh", "tỉnh"
        CITY = "thành phố", "thành phố trực thuộc trung ương"

    name = models.CharField("tên", max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    origin = models.CharField("nguồn gốc", max_length=10, choices=Origin.choices, default=Origin.EXTRACTED,
                              help_text="Từ danh mục địa danh, hay do biên tập viên sửa (không bị ghi đè).")
    kind = models.CharField("loại", max_length=12, choices=Kind.choices, default=Kind.PROVINCE)
    aliases = models.JSONField("tên khác", default=list, blank=True)
    districts = models.JSONField("huyện, thị xã, thành phố (đến 30/6/2025)", default=list, blank=True)
    historical = models.BooleanField("tồn tại đến 30/6/2025", default=True)
    current = models.BooleanField("tồn tại từ 1/7/2025", default=True)
    successor = models.ForeignKey(
        "self", verbose_name="sáp nhập vào", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="predecessors",
        help_text="Đơn vị hành chính mà tỉnh này thuộc về từ 1/7/2025 (để trống nếu chính nó).",
    )
    search_folded = models.CharField(max_length=600, blank=True, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = "tỉnh, thành phố"
        verbose_name_plural = "tỉnh, thành phố"

    def __str__(self):
        return self.display_name

    def save(self, *args, **kwargs):
        self.search_folded = _folded(self.name, *self.aliases)
        super().save(*args, **kwargs)

    @property
    def display_name(self):
        return f"TP. {self.name}" if self.kind == self.Kind.CITY else self.name

    def get_absolute_url(self):
        return reverse("archive:province", kwargs={"slug": self.slug})

    @property
    def current_unit(self):
        """The unit this province belongs to after the 2025 merger (itself if it continues)."""
        seen, unit = set(), self
        while unit.successor_id and unit.successor_id != unit.pk and unit.pk not in seen:
            seen.add(unit.pk)
            unit = unit.successor
        return unit


class Source(models.Model):
    """A newspaper or portal that publishes the reports."""

    name = models.CharField("tên", max_length=120, unique=True)
    slug = models.SlugField(max_length=120, unique=True)
    origin = models.CharField("nguồn gốc", max_length=10, choices=Origin.choices, default=Origin.EXTRACTED,
                              help_text="Từ danh mục báo, hay do biên tập viên sửa (không bị ghi đè).")
    domain = models.CharField("tên miền", max_length=120, blank=True)
    domains = models.JSONField("các tên miền", default=list, blank=True)
    marker = models.CharField("ký hiệu đầu bài", max_length=30, blank=True, help_text="ĐTO, BDK.VN …")
    province = models.ForeignKey(Province, null=True, blank=True, on_delete=models.SET_NULL, related_name="sources")
    search_folded = models.CharField(max_length=600, blank=True, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = "nguồn tin"
        verbose_name_plural = "nguồn tin"

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.search_folded = _folded(self.name, self.domain, self.marker)
        super().save(*args, **kwargs)


# An article's date — the one definition that lists, feeds and search sort by: its publication,
# else the day of the meeting it reports (00:00 UTC: the same day in Hà Nội), else undated (last).
# Article.sort_date computes it in Python, article_date() in SQL; the search index stores it.
UNDATED = dt.datetime(1900, 1, 1, tzinfo=dt.UTC)  # what the index stores for an undated article


class _DayAsDateTime(Cast):
    """A date as a datetime, with SQLite's format written into the SQL rather than bound as a
    parameter (Django's Cast), so that the index on this expression (migration 0010) serves it:
    SQLite never matches an expression holding a parameter to an index."""

    def __init__(self, expression):
        super().__init__(expression, models.DateTimeField())

    def as_sqlite(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"strftime('%%Y-%%m-%%d %%H:%%M:%%f', {sql})", params


def article_day(published, meeting_date):
    """Article.date from its two columns (read as plain values, say): the day of publication in
    the archive's time zone (06:30 on 1/1/2024 in Hà Nội is still 2023 in UTC), else the meeting's."""
    return timezone.localdate(published) if published else meeting_date


def article_date(prefix=""):
    """Article.sort_date as an SQL expression, for ordering (prefix: "article__" from a related model)."""
    return Coalesce(F(f"{prefix}published"), _DayAsDateTime(F(f"{prefix}meeting_date")))


# The index of migration 0016 by name, and the expression of its second column, so that SQLite
# reads each date from it (its planner prefers the table's rows, found by the same key).
_NEWEST_BY_INDEX = (
    "SELECT id FROM archive_article INDEXED BY archive_article_dated "
    "WHERE id IN (SELECT value FROM json_each(%s)) "
    "ORDER BY COALESCE(published, strftime('%%Y-%%m-%%d %%H:%%M:%%f', meeting_date)) DESC, id DESC")


def ids_newest_first(ids):
    """Yield these article ids in the order of ArticleQuerySet.newest_first, lazily: a caller may
    stop at the first ones it needs.

    SQLite reads the dates from an index of (id, date) instead of the rows, where each date lies
    behind the raw text and body: the 1,656 articles stating a province's 40 most named people at
    100,000 articles took 74 ms by their rows, 2 ms by that index (22 ms walking the date index
    of migration 0010 instead). PostgreSQL keeps long texts out of the rows (TOAST) and sorts
    the rows."""
    ids = sorted(set(ids))
    if not ids:
        return
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(_NEWEST_BY_INDEX, [json.dumps(ids)])
            while rows := cursor.fetchmany(256):
                yield from (row[0] for row in rows)
        return
    yield from Article.objects.filter(pk__in=ids).newest_first().values_list("pk", flat=True).iterator()


class ArticleQuerySet(models.QuerySet):
    def newest_first(self):
        # Undated last on every database (PostgreSQL sorts NULL first in descending order).
        return self.order_by(article_date().desc(nulls_last=True), "-id")

    def oldest_first(self):
        return self.order_by(article_date().asc(nulls_last=True), "id")

    def for_listing(self):
        return self.select_related("province", "source").defer("raw_text", "body").newest_first()

    def in_province(self, province):
        """Articles filed under a province, including those of the old units merged into it."""
        ids = [province.pk, *province.predecessors.values_list("pk", flat=True)]
        return self.filter(province_id__in=ids)


class Article(Curated):
    """One article file: its raw text, never modified, and what was read in it."""

    file_name = models.CharField("tệp", max_length=255, unique=True)
    path = models.CharField("đường dẫn khi nạp", max_length=1000, blank=True)
    sha256 = models.CharField(max_length=64, db_index=True)
    raw_text = models.TextField("văn bản gốc")
    encoding = models.CharField("mã hóa", max_length=20, default="utf-8")
    title = models.CharField("tiêu đề", max_length=500)
    slug = models.SlugField(max_length=120, unique=True)
    body = models.TextField("nội dung", blank=True)
    captions = models.JSONField("chú thích ảnh", default=list, blank=True)
    published = models.DateTimeField("ngày đăng", null=True, blank=True, db_index=True)
    province = models.ForeignKey(
        Province, verbose_name="tỉnh", null=True, blank=True, on_delete=models.SET_NULL, related_name="articles"
    )
    source = models.ForeignKey(
        Source, verbose_name="nguồn tin", null=True, blank=True, on_delete=models.SET_NULL, related_name="articles"
    )
    authors = models.JSONField("tác giả", default=list, blank=True)
    photographers = models.JSONField("ảnh", default=list, blank=True)
    category = models.CharField("chuyên mục", max_length=200, blank=True)
    view_count = models.PositiveIntegerField("lượt xem", null=True, blank=True)
    url = models.URLField("địa chỉ gốc", max_length=1000, blank=True)
    meeting_date = models.DateField("ngày họp", null=True, blank=True)
    # Where each article-level value was read: {"title": [start, end], "published": [...], …}
    spans = models.JSONField("vị trí trong văn bản gốc", default=dict, blank=True)
    ingested = models.DateTimeField("nạp lúc", auto_now_add=True)
    search_folded = models.CharField(max_length=600, blank=True, editable=False)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published", "-id"]
        verbose_name = "bài viết"
        verbose_name_plural = "bài viết"

    def __str__(self):
        return self.title

    def derive(self):
        """Set the search column (save does; bulk_create callers must)."""
        self.search_folded = _folded(self.title, self.file_name)

    def save(self, *args, **kwargs):
        self.derive()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("archive:article", kwargs={"slug": self.slug})

    @property
    def paragraphs(self):
        return [p for p in self.body.split("\n\n") if p.strip()]

    @property
    def date(self):
        return article_day(self.published, self.meeting_date)

    @property
    def sort_date(self):
        """The article's date to sort by (see article_date), an aware datetime, or None when undated."""
        if self.published:
            return self.published
        if self.meeting_date:
            return dt.datetime.combine(self.meeting_date, dt.time.min, tzinfo=dt.UTC)
        return None


class Person(Curated):
    name = models.CharField("họ tên", max_length=120)
    name_key = models.CharField(max_length=120, db_index=True, editable=False)
    name_folded = models.CharField(max_length=120, db_index=True, editable=False)
    slug = models.SlugField("địa chỉ (slug)", max_length=140, unique=True)
    province = models.ForeignKey(
        Province, verbose_name="tỉnh", null=True, blank=True, on_delete=models.SET_NULL, related_name="people"
    )
    notes = models.TextField("ghi chú", blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "nhân vật"
        verbose_name_plural = "nhân vật"

    def __str__(self):
        return self.name

    def derive(self):
        """Set the columns computed from the name (save does; bulk_create callers must)."""
        self.name = vt.normalize(self.name)
        self.name_key = vt.key(self.name)
        self.name_folded = vt.fold(self.name)

    def save(self, *args, **kwargs):
        self.derive()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("archive:person", kwargs={"slug": self.slug})


class PersonAlias(models.Model):
    """Another spelling of a person's name; ingests resolve it to the person (merges keep these)."""

    # Empty only for an ignored name whose person a curator deleted: the name must not come back.
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.CASCADE, related_name="aliases")
    alias = models.CharField("tên khác", max_length=120)
    alias_key = models.CharField(max_length=120, db_index=True, editable=False)
    province = models.ForeignKey(Province, verbose_name="tỉnh", null=True, blank=True, on_delete=models.CASCADE)
    ignored = models.BooleanField("bỏ qua", default=False, help_text="Không phải người: không tạo lại khi nạp.")

    class Meta:
        verbose_name = "tên khác"
        verbose_name_plural = "tên khác"
        constraints = [models.UniqueConstraint(fields=["alias_key", "province"], name="unique_alias_per_province")]

    def __str__(self):
        return self.alias

    def save(self, *args, **kwargs):
        self.alias_key = vt.key(self.alias)
        super().save(*args, **kwargs)


class Document(Curated):
    """A resolution, action programme, plan, directive, conclusion … cited by articles."""

    kind = models.CharField("loại văn bản", max_length=80)
    number = models.CharField("số, ký hiệu", max_length=80, help_text="15-NQ/TW, 143-CTr/TU, 27 …")
    # Identity across articles: kind + number, and the province for local codes and bare numbers.
    key = models.CharField(max_length=300, unique=True, editable=False)
    slug = models.SlugField("địa chỉ (slug)", max_length=160, unique=True)
    issuer = models.CharField("cơ quan ban hành", max_length=200, blank=True)
    term = models.CharField("khóa", max_length=20, blank=True)
    issued = models.DateField("ngày ban hành", null=True, blank=True)
    subject = models.TextField("trích yếu", blank=True)
    province = models.ForeignKey(
        Province, verbose_name="tỉnh", null=True, blank=True, on_delete=models.SET_NULL, related_name="documents",
        help_text="Để trống với văn bản của Trung ương.",
    )
    search_folded = models.CharField(max_length=600, blank=True, editable=False)

    class Meta:
        ordering = ["kind", "number"]
        verbose_name = "văn bản"
        verbose_name_plural = "văn bản"

    def __str__(self):
        return self.label

    def derive(self):
        """Set the search column (save does; bulk_create callers must)."""
        self.search_folded = _folded(self.label, self.subject)

    def save(self, *args, **kwargs):
        self.derive()
        super().save(*args, **kwargs)

    @property
    def label(self):
        return self.label_of(self.kind, self.number, self.issuer)

    @staticmethod
    def label_of(kind, number, issuer):
        """The label of a document of these values (read as columns for the index)."""
        if any(ch.isalpha() for ch in number):
            return f"{kind} số {number}"
        issuer = f" của {issuer}" if issuer else ""
        return f"{kind} số {number}{issuer}"

    def get_absolute_url(self):
        return reverse("archive:document", kwargs={"slug": self.slug})


class Meeting(Curated):
    class Format(models.TextChoices):
        IN_PERSON = "in_person", "trực tiếp"
        ONLINE = "online", "trực tuyến"
        HYBRID = "hybrid", "trực tiếp kết hợp trực tuyến"

    kind = models.CharField("loại hội nghị", max_length=120)
    organ = models.CharField("cơ quan", max_length=160, blank=True)
    term = models.CharField("khóa", max_length=20, blank=True)
    session = models.CharField("lần thứ / kỳ họp thứ", max_length=20, blank=True)
    date = models.DateField("ngày họp", null=True, blank=True, db_index=True)
    format = models.CharField("hình thức", max_length=10, choices=Format.choices, blank=True)
    location = models.CharField("địa điểm", max_length=200, blank=True)
    province = models.ForeignKey(
        Province, verbose_name="tỉnh", null=True, blank=True, on_delete=models.SET_NULL, related_name="meetings"
    )
    key = models.CharField("khóa nhận diện", max_length=300, unique=True, editable=False)
    slug = models.SlugField("địa chỉ (slug)", max_length=200, unique=True)
    documents = models.ManyToManyField(Document, verbose_name="văn bản", blank=True, related_name="meetings")
    search_folded = models.CharField(max_length=600, blank=True, editable=False)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = "hội nghị, kỳ họp"
        verbose_name_plural = "hội nghị, kỳ họp"

    def __str__(self):
        return self.label

    def derive(self):
        """Set the search column (save does; bulk_create callers must)."""
        self.search_folded = _folded(self.label, self.location, self.province and self.province.name)

    def save(self, *args, **kwargs):
        self.derive()
        super().save(*args, **kwargs)

    @property
    def label(self):
        kind, organ = self.kind.split(), self.organ.split()
        # "Hội nghị Ban Chấp hành Đảng bộ" + "Ban Chấp hành Đảng bộ tỉnh": the organ is said once.
        overlap = next((n for n in range(min(len(kind), len(organ)), 0, -1)
                        if vt.key(" ".join(kind[-n:])) == vt.key(" ".join(organ[:n]))), 0)
        if organ and vt.key(self.organ) in vt.key(self.kind):
            organ = []
        elif overlap and overlap < len(kind):
            kind = kind[:-overlap]
        else:
            overlap = 0
        council = vt.fold(self.kind).startswith("ky hop")
        parts = [" ".join(kind)]
        if self.session and council:
            parts = [f"{parts[0]} thứ {self.session}"]  # Kỳ họp thứ 16 Hội đồng nhân dân tỉnh khóa XII
        parts += [" ".join(organ)] if organ else []
        if self.term:
            parts.append(f"khóa {self.term}")
        if self.session and not council:
            parts.append(f"lần thứ {self.session}")
        return " ".join(p for p in parts if p)

    def get_absolute_url(self):
        return reverse("archive:meeting", kwargs={"slug": self.slug})

    @property
    def kind_slug(self):
        return self.slug_of_kind(self.kind)

    @staticmethod
    def slug_of_kind(kind):
        return vt.slugify(kind)


class Mention(models.Model):
    """Where an article names an entity: the span of its raw text, and how sure we are."""

    article = models.ForeignKey(Article, verbose_name="bài viết", on_delete=models.CASCADE)
    text = models.CharField("đoạn văn", max_length=500)
    start = models.PositiveIntegerField("vị trí đầu")
    end = models.PositiveIntegerField("vị trí cuối")
    confidence = models.FloatField("độ tin cậy", default=1.0)
    origin = models.CharField("nguồn gốc", max_length=10, choices=Origin.choices, default=Origin.EXTRACTED)
    verified = models.BooleanField("đã xác minh", default=False)
    rejected = models.BooleanField(
        "đã loại", default=False, help_text="Nhận diện sai: ẩn khỏi trang đọc và không tạo lại khi nạp lại."
    )
    extractor_version = models.CharField("phiên bản trích xuất", max_length=20, blank=True)
    created = models.DateTimeField("tạo lúc", auto_now_add=True)
    updated = models.DateTimeField("cập nhật lúc", auto_now=True)

    class Meta:
        abstract = True
        ordering = ["article", "start"]
        # The review queue's two orders over unreviewed facts only (a small part once curated).
        indexes = [
            models.Index(fields=["confidence", "-created", "-id"], condition=models.Q(verified=False, rejected=False),
                         name="%(class)s_pend_conf"),
            models.Index(fields=["-created", "-id"], condition=models.Q(verified=False, rejected=False),
                         name="%(class)s_pend_date"),
        ]

    @property
    def is_protected(self):
        return is_protected(self)


class PersonMention(Mention):
    person = models.ForeignKey(Person, verbose_name="nhân vật", on_delete=models.CASCADE, related_name="mentions")

    class Meta(Mention.Meta):
        verbose_name = "nhắc đến nhân vật"
        verbose_name_plural = "nhắc đến nhân vật"
        constraints = [models.UniqueConstraint(fields=["article", "person", "start"], name="unique_person_mention")]
        # A person's articles (their count, their ids) read this index alone.
        indexes = [*Mention.Meta.indexes, models.Index(
            fields=["person", "article"], condition=models.Q(rejected=False), name="personmention_cited")]


class Position(models.Model):
    """A position an article states for a person: as written and normalised, with its span."""

    person = models.ForeignKey(Person, verbose_name="nhân vật", on_delete=models.CASCADE, related_name="positions")
    article = models.ForeignKey(Article, verbose_name="bài viết", on_delete=models.CASCADE, related_name="positions")
    text = models.CharField("chức vụ như trong bài", max_length=300)
    normalized = models.CharField("chức vụ chuẩn hóa", max_length=300)
    start = models.PositiveIntegerField("vị trí đầu")
    end = models.PositiveIntegerField("vị trí cuối")
    confidence = models.FloatField("độ tin cậy", default=1.0)
    origin = models.CharField("nguồn gốc", max_length=10, choices=Origin.choices, default=Origin.EXTRACTED)
    verified = models.BooleanField("đã xác minh", default=False)
    rejected = models.BooleanField("đã loại", default=False)
    extractor_version = models.CharField("phiên bản trích xuất", max_length=20, blank=True)
    created = models.DateTimeField("tạo lúc", auto_now_add=True)
    updated = models.DateTimeField("cập nhật lúc", auto_now=True)

    class Meta:
        ordering = ["article", "start"]
        verbose_name = "chức vụ"
        verbose_name_plural = "chức vụ"
        constraints = [
            models.UniqueConstraint(fields=["person", "article", "normalized"], name="unique_position_per_article")
        ]
        indexes = [
            models.Index(fields=["confidence", "-created", "-id"], condition=models.Q(verified=False, rejected=False),
                         name="position_pend_conf"),
            models.Index(fields=["-created", "-id"], condition=models.Q(verified=False, rejected=False),
                         name="position_pend_date"),
            # Who is stated by which articles (the latest posts of a side list) reads this index alone.
            models.Index(fields=["person", "article"], condition=models.Q(rejected=False), name="position_stated"),
        ]

    def __str__(self):
        return self.normalized

    @property
    def is_protected(self):
        return is_protected(self)


class DocumentMention(Mention):
    document = models.ForeignKey(Document, verbose_name="văn bản", on_delete=models.CASCADE, related_name="mentions")

    class Meta(Mention.Meta):
        verbose_name = "trích dẫn văn bản"
        verbose_name_plural = "trích dẫn văn bản"
        constraints = [models.UniqueConstraint(fields=["article", "document", "start"], name="unique_document_mention")]
        # Counts of citing articles per document (the home page's most cited) read this index alone.
        indexes = [*Mention.Meta.indexes, models.Index(
            fields=["document", "article"], condition=models.Q(rejected=False), name="documentmention_cited")]


class MeetingMention(Mention):
    meeting = models.ForeignKey(Meeting, verbose_name="hội nghị", on_delete=models.CASCADE, related_name="mentions")

    class Meta(Mention.Meta):
        verbose_name = "đưa tin hội nghị"
        verbose_name_plural = "đưa tin hội nghị"
        constraints = [models.UniqueConstraint(fields=["article", "meeting"], name="unique_meeting_mention")]


class KeyAlias(models.Model):
    """The identity key of an entity merged into another: future ingests resolve it to the survivor."""

    key = models.CharField("khóa nhận diện", max_length=300, unique=True)
    label = models.CharField("tên cũ", max_length=300, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True

    def __str__(self):
        return self.label or self.key


class DocumentAlias(KeyAlias):
    document = models.ForeignKey(Document, verbose_name="văn bản", on_delete=models.CASCADE, related_name="aliases")

    class Meta:
        verbose_name = "văn bản đã gộp"
        verbose_name_plural = "văn bản đã gộp"


class MeetingAlias(KeyAlias):
    meeting = models.ForeignKey(Meeting, verbose_name="hội nghị", on_delete=models.CASCADE, related_name="aliases")

    class Meta:
        verbose_name = "hội nghị đã gộp"
        verbose_name_plural = "hội nghị đã gộp"


class MergedSlug(models.Model):
    """The address of a person, document or meeting merged into another.

    Readers cite our URLs; after a merge the old address leads to the survivor
    (a permanent redirect) instead of a 404. Merging the survivor again re-points
    these rows, so a chain of merges is always one redirect.
    """

    model = models.CharField("loại", max_length=20)  # the model_name: person, document, meeting
    slug = models.SlugField(max_length=200)
    target_id = models.PositiveBigIntegerField("gộp vào (id)")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "địa chỉ đã gộp"
        verbose_name_plural = "địa chỉ đã gộp"
        constraints = [models.UniqueConstraint(fields=["model", "slug"], name="unique_merged_slug")]

    def __str__(self):
        return f"{self.model}/{self.slug} → #{self.target_id}"

    @classmethod
    def record(cls, *, survivor, other):
        name = other._meta.model_name
        cls.objects.filter(model=name, target_id=other.pk).update(target_id=survivor.pk)
        cls.objects.update_or_create(model=name, slug=other.slug, defaults={"target_id": survivor.pk})

    @classmethod
    def target(cls, model, slug):
        """The live entity that the merged-away slug now belongs to, or None."""
        moved = cls.objects.filter(model=model._meta.model_name, slug=slug).first()
        return model.objects.filter(pk=moved.target_id).first() if moved else None


def province_counts():
    """Current provinces with their article counts, each with its historical units under it."""
    # Counted from the articles' province index alone: annotating the provinces grouped every
    # joined article row by every province column (211 ms at 100,000 articles, against 7).
    counts = dict(Article.objects.order_by().values_list("province_id").annotate(n=Count("id")))
    provinces = list(Province.objects.select_related("successor").order_by("name"))
    by_id = {p.pk: p for p in provinces}
    for p in provinces:
        p.n = counts.get(p.pk, 0)
        p.children, p.total = [], p.n
    for p in provinces:
        if p.successor_id and p.successor_id in by_id and p.successor_id != p.pk:
            parent = by_id[p.successor_id]
            parent.children.append(p)
            parent.total += p.n
    from archive import collation  # Vietnamese order, not the database's code-point order

    for p in provinces:
        p.children = collation.sort(p.children, by=collation.province_name)
    return collation.sort([p for p in provinces if p.current and not (p.successor_id and p.successor_id != p.pk)],
                          by=collation.province_name)

