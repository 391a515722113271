"""Expiring integer counters in a SQLite file of their own, as a Django cache backend for django-ratelimit.

django-ratelimit counts a client's requests with the cache's ``add`` and ``incr``, and
its own system check refuses caches whose increments are not atomic (Django's file and
database caches read, add one and write back, so parallel requests lost counts, and the
file cache culled a third of its entries when full). Our gunicorn workers share no memory
and the archive runs no memcached or Redis, so each counter is a row of a small SQLite
database under ARCHIVE_DATA_DIR (the LOCATION), shared by every worker on the host like the
search index: ``incr`` is one ``UPDATE … SET value = value + 1 … RETURNING value``, which
SQLite runs atomically whatever the number of processes, and rows are kept until they
expire, over restarts. The file is not the archive's database, so a throttled search never
waits for an ingest's transaction to end. This backend holds integers only and must never
be used as a general cache: anything else is refused with a TypeError.
"""
import os
import sqlite3
import threading
import time
from pathlib import Path

from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache

_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS counter (key TEXT PRIMARY KEY, value INTEGER NOT NULL, expires REAL NOT NULL)",
    "CREATE INDEX IF NOT EXISTS counter_expires ON counter (expires)",
)
NEVER = 1e18  # a timeout of None: far in the future


def _integer(value):
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"the counter cache holds integers only, not {type(value).__name__}")
    return value


class SQLiteCounterCache(BaseCache):
    def __init__(self, location, params):
        super().__init__(params)
        self.path = Path(location)
        self._local = threading.local()  # one connection per thread

    def _db(self):
        db = getattr(self._local, "db", None)
        if db is None or self._local.pid != os.getpid():  # never a connection inherited over fork
            self.path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(self.path, timeout=30, isolation_level=None, check_same_thread=False)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            for statement in _SCHEMA:
                db.execute(statement)
            self._local.db, self._local.pid = db, os.getpid()
        return db

    def _expiry(self, timeout):
        at = self.get_backend_timeout(timeout)
        return NEVER if at is None else at

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        key = self.make_and_validate_key(key, version)
        now = time.time()
        db = self._db()
        # Inserted, or an expired row taken over: one statement, so two workers never both "add".
        added = db.execute(
            "INSERT INTO counter (key, value, expires) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE"
            " SET value = excluded.value, expires = excluded.expires WHERE counter.expires <= ?",
            (key, _integer(value), self._expiry(timeout), now),
        ).rowcount == 1
        if added:  # a new window began: rows of finished ones go (an indexed range delete)
            db.execute("DELETE FROM counter WHERE expires <= ?", (now,))
        return added

    def get(self, key, default=None, version=None):
        key = self.make_and_validate_key(key, version)
        row = self._db().execute("SELECT value FROM counter WHERE key = ? AND expires > ?",
                                 (key, time.time())).fetchone()
        return default if row is None else row[0]

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        key = self.make_and_validate_key(key, version)
        self._db().execute("INSERT OR REPLACE INTO counter (key, value, expires) VALUES (?, ?, ?)",
                           (key, _integer(value), self._expiry(timeout)))

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        key = self.make_and_validate_key(key, version)
        return self._db().execute("UPDATE counter SET expires = ? WHERE key = ? AND expires > ?",
                                  (self._expiry(timeout), key, time.time())).rowcount == 1

    def incr(self, key, delta=1, version=None):
        key = self.make_and_validate_key(key, version)
        # fetchall: the statement runs to its end (and lets go of the write lock) before we return.
        rows = self._db().execute("UPDATE counter SET value = value + ? WHERE key = ? AND expires > ? RETURNING value",
                                  (_integer(delta), key, time.time())).fetchall()
        if not rows:
            raise ValueError(f"Key '{key}' not found")
        return rows[0][0]

    def delete(self, key, version=None):
        key = self.make_and_validate_key(key, version)
        return self._db().execute("DELETE FROM counter WHERE key = ?", (key,)).rowcount == 1

    def has_key(self, key, version=None):
        return self.get(key, version=version) is not None

    def clear(self):
        self._db().execute("DELETE FROM counter")

    def close(self, **kwargs):
        # Kept open across requests (Django calls close at each request's end): the file is local.
        pass
