"""Expiring integer counters in the database, as a Django cache backend for django-ratelimit.

django-ratelimit counts a client's requests with the cache's ``add`` and ``incr``, and
its own system check refuses caches whose increments are not atomic (Django's file and
database caches read, add one and write back, so parallel requests lose counts). Our
workers share no memory and the archive runs no memcached or Redis, so the counters are
rows of one table: ``incr`` is one ``UPDATE … SET value = value + 1`` under the row's
lock, which the database serialises whatever the number of processes, and rows are never
evicted before they expire (nor lost on a restart). This backend holds integers only and
must never be used as a general cache: anything else is refused with a TypeError.
"""
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from django.db import IntegrityError, models, transaction
from django.db.models import F


class Counter(models.Model):
    """One counter: a cache key, its value, and when it stops counting (seconds since the epoch)."""

    key = models.CharField(max_length=250, primary_key=True)
    value = models.BigIntegerField()
    expires = models.FloatField(db_index=True)

    class Meta:
        app_label = "archive"
        verbose_name = "bộ đếm giới hạn"
        verbose_name_plural = "bộ đếm giới hạn"

    def __str__(self):
        return f"{self.key} = {self.value}"


def _integer(value):
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"the counter cache holds integers only, not {type(value).__name__}")
    return value


class DatabaseCounterCache(BaseCache):
    def __init__(self, location, params):
        super().__init__(params)  # the table is Counter's: there is no location to name

    def _expiry(self, timeout):
        at = self.get_backend_timeout(timeout)
        return 1e18 if at is None else at  # no expiry: far in the future

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        key = self.make_and_validate_key(key, version)
        now = time.time()
        try:
            with transaction.atomic():
                # Rows of finished windows go when a new one starts (an indexed range delete).
                Counter.objects.filter(expires__lte=now).delete()
                _, created = Counter.objects.get_or_create(
                    key=key, defaults={"value": _integer(value), "expires": self._expiry(timeout)})
        except IntegrityError:  # another process created it between our look and our insert
            return False
        return created

    def get(self, key, default=None, version=None):
        key = self.make_and_validate_key(key, version)
        row = Counter.objects.filter(key=key, expires__gt=time.time()).values_list("value", flat=True).first()
        return default if row is None else row

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        key = self.make_and_validate_key(key, version)
        Counter.objects.update_or_create(
            key=key, defaults={"value": _integer(value), "expires": self._expiry(timeout)})

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        key = self.make_and_validate_key(key, version)
        return bool(Counter.objects.filter(key=key, expires__gt=time.time())
                    .update(expires=self._expiry(timeout)))

    def incr(self, key, delta=1, version=None):
        key = self.make_and_validate_key(key, version)
        with transaction.atomic():
            # The UPDATE holds the row until commit, so the value read back is this request's own.
            if not Counter.objects.filter(key=key, expires__gt=time.time()).update(value=F("value") + delta):
                raise ValueError(f"Key '{key}' not found")
            return Counter.objects.values_list("value", flat=True).get(key=key)

    def delete(self, key, version=None):
        key = self.make_and_validate_key(key, version)
        return Counter.objects.filter(key=key).delete()[0] > 0

    def has_key(self, key, version=None):
        key = self.make_and_validate_key(key, version)
        return Counter.objects.filter(key=key, expires__gt=time.time()).exists()

    def clear(self):
        Counter.objects.all().delete()
