"""Faults a request or command can meet without a bug behind them, said in one line.

Storage (read-only or full data directory): a command prints a line naming the data directory and
the cause instead of a traceback (manage.py); a request gets a 503 page saying that the archive can
be read but not changed right now (FaultMiddleware). A search past its time budget gets a 503
that says to narrow it (FaultMiddleware), as JSON on the API. Nothing here retries or hides
other errors: an exception that is neither propagates unchanged.
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


def storage_refused(request, cause):
    """The 503 page of a request that needed to write but cannot: the archive reads on."""
    from django.shortcuts import render

    response = render(request, "storage_fault.html", {"cause": cause}, status=503)
    response["Retry-After"] = "300"
    return response


def search_refused(request):
    """The 503 of a search past its time budget (JSON on the API), asking for a narrower search."""
    from django.http import JsonResponse
    from django.shortcuts import render

    message = ("Tìm kiếm này cần quá nhiều thời gian xử lý. Hãy dùng ít từ hơn, đặt cụm từ trong "
               "dấu ngoặc kép hoặc lọc theo tỉnh, năm để thu hẹp kết quả.")
    if request.path.startswith("/api/"):
        response = JsonResponse({"error": message}, status=503, json_dumps_params={"ensure_ascii": False})
    else:
        response = render(request, "search_too_costly.html",
                          {"message": message, "query": request.GET.get("q", "")[:300]}, status=503)
    response["Retry-After"] = "60"
    return response


class FaultMiddleware:
    """A request that meets a read-only or full data directory, or a search past its time budget:
    a 503 that says so, not a 500 or a held worker."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from archive.search import SearchTooCostly

        if isinstance(exception, SearchTooCostly):
            return search_refused(request)
        cause = storage_fault(exception)
        return None if cause is None else storage_refused(request, cause)
