"""Faults of the storage under the archive (read-only or full data directory), said in one line.

A command that meets one prints a line naming the data directory and the cause instead of a
traceback (manage.py); a request that meets one gets a 503 page saying that the archive can be read
but not changed right now (StorageFaultMiddleware). Nothing here retries or hides other errors: an
exception that is not a storage fault propagates unchanged.
"""
import errno
import sqlite3

from django.db import utils as db_utils

_SQLITE_FAULTS = {
    "readonly": "the data directory is read-only",
    "read-only": "the data directory is read-only",
    "disk is full": "the disk is full",
    "disk i/o error": "the disk failed to read or write",
    "unable to open database file": "the database file cannot be opened",
}
_OS_FAULTS = {
    errno.EROFS: "the data directory is read-only",
    errno.EACCES: "the data directory cannot be written by this user",
    errno.EPERM: "the data directory cannot be written by this user",
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is exhausted",
}


def storage_fault(exc):
    """The cause, in words, when exc (or what caused it) is a storage fault; else None."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if isinstance(exc, (db_utils.OperationalError, sqlite3.OperationalError)):
            text = str(exc).lower()
            for needle, cause in _SQLITE_FAULTS.items():
                if needle in text:
                    return cause
        elif isinstance(exc, OSError) and exc.errno in _OS_FAULTS:
            return _OS_FAULTS[exc.errno] + (f" ({exc.filename})" if exc.filename else "")
        exc = exc.__cause__ or exc.__context__
    return None


class StorageFaultMiddleware:
    """A request that meets a read-only or full data directory: a 503 that says so, not a 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        cause = storage_fault(exception)
        if cause is None:
            return None
        from django.shortcuts import render

        response = render(request, "storage_fault.html", {"cause": cause}, status=503)
        response["Retry-After"] = "300"
        return response
