"""Faults a request or command can meet without a bug behind them, said in one line.

Storage (read-only or full data directory): a command prints a line naming the data directory and
the cause instead of a traceback (manage.py); a request gets a 503 page saying that the archive can
be read but not changed right now (FaultMiddleware). A search past its time budget gets a 503
that says to narrow it (FaultMiddleware), as JSON on the API; so does any reading request past
the request's own budget (RequestBudgetMiddleware), its database queries included. Nothing here retries or hides
other errors: an exception that is neither propagates unchanged.
"""
import errno
import sqlite3
import time

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


def past_budget(exc):
    """Whether exc is a request's or a search's budget running out (a database query stopped at
    the request's deadline included)."""
    from archive.budget import OverBudget, past_deadline
    from archive.search import SearchTooCostly

    if isinstance(exc, (OverBudget, SearchTooCostly)):
        return True
    return (isinstance(exc, (db_utils.OperationalError, sqlite3.OperationalError))
            and "interrupted" in str(exc).lower() and past_deadline())


def search_refused(request):
    """The 503 of a request past its time budget (JSON on the API): a search is asked to be
    narrower, another page to be asked again in a moment."""
    from django.http import JsonResponse
    from django.shortcuts import render

    if request.path.startswith(("/search", "/api/")):
        message = ("Tìm kiếm này cần quá nhiều thời gian xử lý. Hãy dùng ít từ hơn, đặt cụm từ trong "
                   "dấu ngoặc kép hoặc lọc theo tỉnh, năm để thu hẹp kết quả.")
    else:
        message = "Trang này đang cần quá nhiều thời gian để hiển thị. Xin thử lại sau ít phút."
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
        if past_budget(exception):
            return search_refused(request)
        cause = storage_fault(exception)
        return None if cause is None else storage_refused(request, cause)


class RequestBudgetMiddleware:
    """No reading request (GET, HEAD) holds a web worker longer than ARCHIVE_REQUEST_MS: its
    Python code is stopped by a clock timer, its SQLite queries at the same deadline
    (archive/budget.py), and it is answered 503 saying so (FaultMiddleware renders the page,
    after the timer has fired once). Writes are left to finish: stopping one halfway would leave
    the search index behind the database. The 503 page itself takes a few milliseconds, so the
    default leaves 500 ms of the 2 s a request may hold a worker: on a busy machine the 503 page
    waits for the CPU too."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.conf import settings
        from django.db import connection

        from archive.budget import request_budget

        seconds = settings.ARCHIVE_REQUEST_MS / 1000
        if request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        started = time.monotonic()
        # The clock timer on SQLite only: a signal that lands while psycopg waits for PostgreSQL
        # leaves the connection mid-command ("another command is already in progress") and the
        # request a 500. There the deadline is kept for the work that watches it (CSV parts).
        with request_budget(seconds, clock=connection.vendor == "sqlite") as armed:
            response = self.get_response(request)
        if armed and response.status_code == 500 and time.monotonic() - started >= seconds:
            # The timer fired in a middleware, outside any view: Django made a 500 of it.
            response = search_refused(request)
        return response
