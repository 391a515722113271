"""Django's SQLite backend, able to serve an archive whose data directory cannot be written.

The archive's database runs in WAL mode so that pages and searches read while an ingest writes.
A WAL database cannot even be read by a connection that may not create its ``-shm`` file, and
turning WAL on is itself a write: on a read-only data directory (a mounted snapshot, a full or
failing disk remounted read-only, a service user without write rights) every page answered 500.
When the database file or its directory is not writable, this backend opens it read-only and
immutable (nobody can change it then) and skips the pragmas that write, so reading pages keep
working; writes fail with SQLite's "attempt to write a readonly database", which the archive
turns into a clear message (archive/faults.py). It must never open a writable database read-only.

Every connection also stops a query that runs past its web request's deadline (archive/budget.py):
no query, however costly, holds a worker longer than the request may take.
"""
import os

from django.db.backends.sqlite3 import base

from archive.budget import sqlite_guard


def writable(path):
    """Whether SQLite may write the database at path (the file and the folder its journal lives in)."""
    path = os.fspath(path)
    folder = os.path.dirname(os.path.abspath(path)) or "."
    if os.path.exists(path) and not os.access(path, os.W_OK):
        return False
    return os.access(folder, os.W_OK)


class DatabaseWrapper(base.DatabaseWrapper):
    def get_new_connection(self, conn_params):
        conn = self._open(conn_params)
        # A web request's query stops at the request's deadline (archive.budget.request_budget).
        sqlite_guard(conn)
        return conn

    def _open(self, conn_params):
        name = os.fspath(conn_params.get("database", ""))
        on_disk = name and not name.startswith("file:") and name != ":memory:" and os.path.exists(name)
        if not on_disk:
            return super().get_new_connection(conn_params)
        if writable(name):
            try:
                return super().get_new_connection(conn_params)
            except base.Database.OperationalError as exc:
                # A full or failing disk: WAL's shared-memory file cannot be made; read what is there.
                if not any(s in str(exc).lower() for s in ("disk i/o", "disk is full", "readonly", "unable to open")):
                    raise
        return self._read_only(conn_params, name)

    def _read_only(self, conn_params, name):
        """A connection that only reads: through the WAL files when they can be used, else the file alone
        (immutable: nobody can write it meanwhile, or writes fail as they do here)."""
        commands, self.init_commands = self.init_commands, [
            c for c in self.init_commands if "journal_mode" not in c.lower()]
        try:
            for uri in (f"file:{name}?mode=ro", f"file:{name}?mode=ro&immutable=1"):
                try:
                    conn = super().get_new_connection({**conn_params, "database": uri, "uri": True})
                    conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
                    return conn
                except base.Database.OperationalError:
                    if "immutable" in uri:
                        raise
        finally:
            self.init_commands = commands
