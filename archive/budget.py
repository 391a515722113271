"""A CPU-time budget for one piece of work: the extraction of one file, so that no input stalls a
whole ingest; and a clock-time budget for one search, so that no request holds a web worker.

Extraction is linear in its input by construction (bounded regexes, windows around names) and a
search is bounded by its caps (query words, pages), but work nobody foresaw must still cost at most
a known amount: ``cpu_budget(seconds)`` arms a
process CPU timer (``ITIMER_PROF``: user + system time, so a busy machine does not fail a file
that a quiet one would pass) and raises ``OverBudget`` in the code it guards when the time is
spent. Signals reach only the main thread: elsewhere the guard does nothing and says so by its
return value. Pure: no Django; it must never be left armed after its block.
"""
import contextlib
import signal
import threading
import time

# .deadline: the time.monotonic() past which this thread's database queries stop (sqlite_guard).
_local = threading.local()


class OverBudget(Exception):
    """The guarded work used more CPU time than its budget."""


def _expire(signum, frame):
    raise OverBudget()


@contextlib.contextmanager
def _timer(which, signum, seconds):
    if not seconds or seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield False
        return
    # Nested budgets (a search inside a request's): the inner one never outlasts the outer one,
    # and the outer one runs on, less what the inner used, once the inner block ends.
    outer = signal.getitimer(which)[0]
    seconds = min(seconds, outer) if outer > 0 else seconds
    previous = signal.signal(signum, _expire)
    started = time.monotonic()
    signal.setitimer(which, seconds)
    try:
        yield True
    finally:
        signal.setitimer(which, 0)
        signal.signal(signum, previous)
        if outer > 0:
            # Spent already: fire at once (1 µs) rather than never; a CPU timer is restored by
            # the clock, the nearest measure at hand (it runs no faster than the clock).
            signal.setitimer(which, max(outer - (time.monotonic() - started), 1e-6))


def cpu_budget(seconds):
    """Raise OverBudget inside the block once it has used seconds of CPU; yields whether armed."""
    return _timer(signal.ITIMER_PROF, signal.SIGPROF, seconds)


def wall_budget(seconds):
    """Raise OverBudget inside the block once seconds have passed on the clock (ITIMER_REAL):
    what a web worker may be held by one request, however busy the machine; yields whether armed.
    gunicorn's sync workers leave SIGALRM to the application."""
    return _timer(signal.ITIMER_REAL, signal.SIGALRM, seconds)


@contextlib.contextmanager
def request_budget(seconds, clock=True):
    """wall_budget(seconds) for one web request, and the same deadline for SQLite: a query runs
    in C, where no signal handler can stop it, so SQLite's progress handler (sqlite_guard) ends
    it past the deadline ("interrupted"). With clock=False no timer is armed, only the deadline
    that cooperative work reads (time_left: a CSV export ends its part in time). Yields whether
    the timer is armed."""
    if not seconds or seconds <= 0:
        yield False
        return
    with (wall_budget(seconds) if clock else contextlib.nullcontext(False)) as armed:
        if clock and not armed:
            yield False
            return
        _local.deadline = time.monotonic() + seconds
        try:
            yield armed
        finally:
            _local.deadline = None


def time_left():
    """Seconds left before the current request's deadline, or None when it has none."""
    deadline = getattr(_local, "deadline", None)
    return None if deadline is None else deadline - time.monotonic()


def past_deadline():
    """Whether the current request's deadline has passed."""
    deadline = getattr(_local, "deadline", None)
    return deadline is not None and time.monotonic() > deadline


def sqlite_guard(dbapi_connection):
    """Install on a SQLite connection the check that stops a query past the request's deadline."""
    # Every 10,000 virtual machine steps: a few microseconds per million, never a visible cost.
    dbapi_connection.set_progress_handler(past_deadline, 10000)


@contextlib.contextmanager
def paused():
    """The block runs outside the clock budget it is in (and the deadline moves by its time): for
    work done once for every later request (loading pyvi, opening a changed index), which the
    request that happens to come first must not be refused for."""
    remaining = signal.getitimer(signal.ITIMER_REAL)[0] if threading.current_thread() is threading.main_thread() else 0
    if remaining <= 0:
        yield
        return
    signal.setitimer(signal.ITIMER_REAL, 0)
    deadline, started = getattr(_local, "deadline", None), time.monotonic()
    _local.deadline = None
    try:
        yield
    finally:
        if deadline is not None:
            _local.deadline = deadline + (time.monotonic() - started)
        signal.setitimer(signal.ITIMER_REAL, remaining)
