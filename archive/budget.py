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


class OverBudget(Exception):
    """The guarded work used more CPU time than its budget."""


def _expire(signum, frame):
    raise OverBudget()


@contextlib.contextmanager
def _timer(which, signum, seconds):
    if not seconds or seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield False
        return
    previous = signal.signal(signum, _expire)
    signal.setitimer(which, seconds)
    try:
        yield True
    finally:
        signal.setitimer(which, 0)
        signal.signal(signum, previous)


def cpu_budget(seconds):
    """Raise OverBudget inside the block once it has used seconds of CPU; yields whether armed."""
    return _timer(signal.ITIMER_PROF, signal.SIGPROF, seconds)


def wall_budget(seconds):
    """Raise OverBudget inside the block once seconds have passed on the clock (ITIMER_REAL):
    what a web worker may be held by one request, however busy the machine; yields whether armed.
    gunicorn's sync workers leave SIGALRM to the application."""
    return _timer(signal.ITIMER_REAL, signal.SIGALRM, seconds)
