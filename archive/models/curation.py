"""What curators do to the archive: review tallies, the audit trail, undoable merges, tenures.

These rows are the curators' and never the extractor's: ingest reads none of them but
the review tallies, which it refreshes for the articles it stored. Nothing here holds a
foreign key to a mention or an article (ids are plain integers), so a re-ingest that
replaces extracted rows, or a deleted article, never deletes a line of the audit trail
or a merge's record; the rows must never hold raw article text beyond a quoted span.
"""
from django.conf import settings
from django.db import models
from django.utils import timezone

from archive.models.entities import Person


class ReviewTally(models.Model):
    """Unreviewed facts of one article, one row per kind, confidence band and extractor version.

    The review queue counts its filters from ReviewCube; these rows remember what each
    article added to the cube, so that refreshing an article subtracts exactly that."""

    # No constraint and no cascade: a deleted article's tallies stay until refresh() subtracts them.
    article = models.ForeignKey("archive.Article", verbose_name="bài viết", on_delete=models.DO_NOTHING,
                                db_constraint=False, related_name="+")
    kind = models.CharField("loại", max_length=10)
    band = models.CharField("mức tin cậy", max_length=6)
    version = models.CharField("phiên bản trích xuất", max_length=20, blank=True)
    # 0 stands for "none": NULLs are never equal in a unique constraint.
    province_id = models.PositiveBigIntegerField(default=0)
    source_id = models.PositiveBigIntegerField(default=0)
    year = models.PositiveSmallIntegerField(default=0)
    pending = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "số mục chờ duyệt của bài"
        verbose_name_plural = "số mục chờ duyệt của bài"
        constraints = [models.UniqueConstraint(fields=["article", "kind", "band", "version"],
                                               name="unique_review_tally")]
        # Bylines in the queue, newest first, straight from the tallies.
        indexes = [models.Index(fields=["kind", "-article"], name="review_tally_kind_article")]


class ReviewCube(models.Model):
    """Unreviewed facts summed over articles by every dimension the review queue filters on."""

    kind = models.CharField(max_length=10)
    band = models.CharField(max_length=6)
    version = models.CharField(max_length=20, blank=True)
    province_id = models.PositiveBigIntegerField(default=0)
    source_id = models.PositiveBigIntegerField(default=0)
    year = models.PositiveSmallIntegerField(default=0)
    pending = models.IntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "band", "version", "province_id", "source_id", "year"],
                                               name="unique_review_cube")]


class CurationEvent(models.Model):
    """One thing a curator did to one record: the audit trail (ingest never writes or deletes these)."""

    class Action(models.TextChoices):
        EDIT = "edit", "Sửa"
        VERIFY = "verify", "Xác minh"
        REJECT = "reject", "Loại"
        MERGE = "merge", "Gộp"
        UNMERGE = "unmerge", "Hoàn tác gộp"
        DISTINCT = "distinct", "Ghi nhận khác người"
        DELETE = "delete", "Xóa"
        REEXTRACT = "reextract", "Chạy lại trích xuất"
        TENURE = "tenure", "Sửa nhiệm kỳ"

    at = models.DateTimeField("lúc", default=timezone.now, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="người làm", null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")
    # Kept apart from the user row: the trail still says who it was after an account is deleted.
    username = models.CharField("tài khoản", max_length=150, blank=True)
    action = models.CharField("việc làm", max_length=10, choices=Action.choices, db_index=True)
    model = models.CharField("loại bản ghi", max_length=30, db_index=True)
    object_id = models.CharField("mã bản ghi", max_length=40, db_index=True)
    object_repr = models.CharField("bản ghi", max_length=300)
    article_id = models.PositiveBigIntegerField("bài viết (id)", null=True, blank=True, db_index=True)
    message = models.TextField("nội dung", blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = "nhật ký biên tập"
        verbose_name_plural = "nhật ký biên tập"

    def __str__(self):
        return f"{self.get_action_display()}: {self.object_repr}"


class MergeRecord(models.Model):
    """A merge as it was done, with what undoing it needs (the merged rows, their mentions, aliases)."""

    model = models.CharField("loại", max_length=20)
    survivor_id = models.PositiveBigIntegerField("giữ lại (id)")
    survivor_repr = models.CharField("giữ lại", max_length=300)
    merged_ids = models.JSONField("đã gộp (id)", default=list)
    merged_repr = models.CharField("đã gộp", max_length=600)
    snapshot = models.JSONField(default=dict)
    at = models.DateTimeField("lúc", default=timezone.now, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="người gộp", null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")
    undone_at = models.DateTimeField("hoàn tác lúc", null=True, blank=True)
    undone_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="người hoàn tác", null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = "lần gộp"
        verbose_name_plural = "lịch sử gộp"

    def __str__(self):
        return f"{self.merged_repr} → {self.survivor_repr}"


class DistinctPair(models.Model):
    """Two records a curator said are not the same: never proposed as duplicates again."""

    model = models.CharField("loại", max_length=20)
    low_id = models.PositiveBigIntegerField()
    high_id = models.PositiveBigIntegerField()
    at = models.DateTimeField("lúc", default=timezone.now)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+")

    class Meta:
        verbose_name = "cặp khác nhau"
        verbose_name_plural = "cặp khác nhau"
        constraints = [models.UniqueConstraint(fields=["model", "low_id", "high_id"], name="unique_distinct_pair")]

    @classmethod
    def ids(cls, a, b):
        return (a, b) if a < b else (b, a)


class TenureCorrection(models.Model):
    """A curator's dates for one of a person's tenures (post and province), over the mentions' years."""

    person = models.ForeignKey(Person, verbose_name="nhân vật", on_delete=models.CASCADE,
                               related_name="tenure_corrections")
    post = models.CharField("chức vụ", max_length=300)
    post_key = models.CharField(max_length=300, editable=False)
    province_id = models.PositiveBigIntegerField(default=0, editable=False)  # 0: no province
    starts = models.PositiveSmallIntegerField("từ năm", null=True, blank=True)
    ends = models.PositiveSmallIntegerField("đến năm", null=True, blank=True)
    ongoing = models.BooleanField("đang giữ", default=False, help_text="Hiện “từ <năm>” thay vì năm kết thúc.")
    updated = models.DateTimeField("cập nhật lúc", auto_now=True)

    class Meta:
        verbose_name = "sửa nhiệm kỳ"
        verbose_name_plural = "sửa nhiệm kỳ"
        constraints = [models.UniqueConstraint(fields=["person", "post_key", "province_id"],
                                               name="unique_tenure_correction")]

    def __str__(self):
        return self.post
