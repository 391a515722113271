"""Email alerts: a reader's subscription to a search, person, document or province, and what it was sent.

A subscription belongs to an email address, not an account: it is created unconfirmed and
receives nothing until the address confirms it through a signed link (archive.alerts.tokens).
``Delivery`` rows say which article went to which subscription, one row per pair under a
unique constraint, written in the same transaction that advances the subscription's window
once its digest was handed to the mail server: a rerun never sends an article twice and a
killed run leaves the rest to the next. Person and document subscriptions keep the slug they
were made with, so a merge (which deletes the merged-away row and sets the key to NULL here)
can be followed to the survivor through ``MergedSlug``. These rows must never be shown with
their address to anyone but the address itself and superusers (archive/admin.py counts them).
"""
import datetime as dt

from django.db import models
from django.utils import timezone


class Frequency(models.TextChoices):
    DAILY = "daily", "hằng ngày"
    WEEKLY = "weekly", "hằng tuần"


PERIODS = {Frequency.DAILY: dt.timedelta(days=1), Frequency.WEEKLY: dt.timedelta(days=7)}


class SubscriptionQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(confirmed__isnull=False)

    def due(self, now, slack=dt.timedelta(hours=1)):
        """Confirmed subscriptions whose period has run since their last digest (an hour early
        counts: a cron job at 07:00 that started at 07:00:05 yesterday must not wait a day)."""
        q = models.Q(last_digest__isnull=True)  # confirmed, never run since
        for frequency, period in PERIODS.items():
            q |= models.Q(frequency=frequency, last_digest__lte=now - period + slack)
        return self.confirmed().filter(q)


class Subscription(models.Model):
    class Kind(models.TextChoices):
        SEARCH = "search", "tìm kiếm"
        PERSON = "person", "nhân vật"
        DOCUMENT = "document", "văn bản"
        PROVINCE = "province", "tỉnh, thành"

    email = models.EmailField("địa chỉ email", max_length=254, db_index=True)
    # A keyed hash of the address (archive.alerts.tokens.address_key): what links carry instead of
    # the address itself, which would otherwise sit in every access log the links pass through.
    email_key = models.CharField(max_length=64, db_index=True, editable=False)
    kind = models.CharField("loại", max_length=10, choices=Kind.choices)
    # What is followed: "person:<slug>", "search:<query string>" …, unique per address.
    target = models.CharField("theo dõi", max_length=1200)
    label = models.CharField("mô tả", max_length=400)
    # A search's parameters as the search page's query string (archive.search.kept_pairs), sort excluded.
    query = models.CharField("truy vấn", max_length=1200, blank=True)
    person = models.ForeignKey("archive.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    document = models.ForeignKey("archive.Document", null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+")
    province = models.ForeignKey("archive.Province", null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+")
    target_slug = models.SlugField(max_length=200, blank=True)
    frequency = models.CharField("tần suất", max_length=10, choices=Frequency.choices, default=Frequency.DAILY)
    created = models.DateTimeField("tạo lúc", default=timezone.now)
    confirmed = models.DateTimeField("xác nhận lúc", null=True, blank=True)
    # Articles ingested from this moment on are the next digest's candidates.
    since = models.DateTimeField("bài nạp từ", null=True, blank=True)
    last_digest = models.DateTimeField("lần gửi gần nhất", null=True, blank=True)
    digests = models.PositiveIntegerField("số thư đã gửi", default=0)

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        verbose_name = "đăng ký nhận thông báo"
        verbose_name_plural = "đăng ký nhận thông báo"
        constraints = [models.UniqueConstraint(fields=["email", "target"], name="unique_subscription_target")]
        indexes = [models.Index(fields=["confirmed", "frequency", "last_digest"], name="subscription_due")]

    def __str__(self):
        return self.label

    def save(self, *args, **kwargs):
        from archive.alerts.tokens import address_key

        self.email_key = address_key(self.email)
        super().save(*args, **kwargs)


class Delivery(models.Model):
    """One article sent to one subscription, in the digest sent at ``sent``."""

    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE, related_name="deliveries")
    # A plain id: deleting an article must not forget that it was sent.
    article_id = models.PositiveBigIntegerField()
    sent = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "bài đã gửi"
        verbose_name_plural = "bài đã gửi"
        constraints = [models.UniqueConstraint(fields=["subscription", "article_id"], name="unique_delivery")]
        indexes = [models.Index(fields=["subscription", "sent"], name="delivery_subscription_sent")]
