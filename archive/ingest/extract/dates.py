"""Dates: when an article was published and when the meeting it reports took place.

Publication comes from the stamp under the headline, in whatever layout the
site prints it; a clock printed above the headline is the crawl time and never
the publication. A meeting date comes from the report's opening ("Chiều ngày
21/3", "Sáng 4/4", "Chiều 27-5-2023", "Ngày 06/01/2022"), its missing year from
the publication. Nothing is guessed: without a stated date the value is None.
Pure: no Django.
"""
import datetime as dt
import re

from archive.ingest.facts import Value

_NUMERIC_DATE = re.compile(
    r"(?<![\d/.-])(\d{1,2})\s*([/.-])\s*(\d{1,2})(?:\s*\2\s*(\d{4}))?(?![\d/-]|\.\d)"
)
_TIME = re.compile(r"(?<!\d)(\d{1,2})\s*[:hg]\s*(\d{2})(?:\s*:\s*(\d{2}))?(?!\d)")
_WORDY_DATE = re.compile(
    r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})(?:\s+năm\s+(\d{4}))?", re.I
)
# Words that tie a date to the meeting itself in the opening of a report.
_MEETING_ANCHOR = re.compile(
    r"(?:(?:sáng|chiều|trưa|tối|đêm)\s+(?:nay\s+)?\(?\s*(?:ngày\s+)?|(?:^|[\s,.(])ngày\s+|hôm\s+nay\s*\(\s*|vào\s+(?:sáng|chiều|ngày)\s+)$",
    re.I,
)
# A date right after a document number belongs to the document, not the meeting.
_DOCUMENT_BEFORE = re.compile(r"(?:số\s+\S+|[A-ZĐ]{1,5}/[A-ZĐ]{1,6})\s+ngày\s+$", re.I)


_CLOCK_RE = re.compile(r"GMT|UTC", re.I)


def make_date(year, month, day):
    try:
        return dt.date(int(year), int(month), int(day))
    except (TypeError, ValueError):
        return None


def parse_stamp(text):
    """The date and time written in a stamp line, or None."""
    for m in _NUMERIC_DATE.finditer(text):
        if m.group(4):
            date = make_date(m.group(4), m.group(3), m.group(1))
            if date:
                time = _TIME.search(text[m.end():]) or _TIME.search(text[: m.start()])
                hour, minute, second = (
                    (int(time.group(1)), int(time.group(2)), int(time.group(3) or 0)) if time else (0, 0, 0)
                )
                if hour > 23 or minute > 59 or second > 59:
                    hour = minute = second = 0
                return dt.datetime(date.year, date.month, date.day, hour, minute, second), m.span()
    return None


def publication(stamps):
    """Value(datetime) of the first stamp that is not a page-header clock, else Value(None).

    ``stamps`` are (clean.Line, above_title) pairs. A stamp above the headline is
    the page-header clock (crawl time) when it shows a time zone or when another
    stamp follows the headline — unless it is labelled as the publication
    ("Cập nhật", "Ngày đăng").
    """
    from archive.ingest.clean import is_labelled_stamp

    below = any(not above for _, above in stamps)
    for line, above_title in stamps:
        clock = _CLOCK_RE.search(line.text) or below
        if above_title and clock and not is_labelled_stamp(line.text):
            continue
        parsed = parse_stamp(line.text)
        if parsed:
            when, (start, end) = parsed
            return Value(when, (line.start, line.end))
    return Value(None)


def _resolve_year(day, month, year, published):
    if year:
        return make_date(year, month, day)
    if not published:
        return None
    date = make_date(published.year, month, day)
    # A report published in early January about "ngày 30/12" speaks of last year.
    if date and date > published.date() + dt.timedelta(days=7):
        date = make_date(published.year - 1, month, day)
    return date


def meeting_date(paragraphs, published=None, max_paragraphs=2):
    """Value(date) of the meeting from the report's opening paragraphs, else Value(None)."""
    for line in paragraphs[:max_paragraphs]:
        text = line.text
        candidates = []
        for m in _NUMERIC_DATE.finditer(text):
            candidates.append((m.start(), m.end(), m.group(1), m.group(3), m.group(4)))
        for m in _WORDY_DATE.finditer(text):
            candidates.append((m.start(1) - 0, m.end(), m.group(1), m.group(2), m.group(3)))
        for start, end, day, month, year in sorted(candidates):
            before = text[max(0, start - 30): start]
            wordy = text[start:end].lower().startswith("ngày") or before.lower().endswith("ngày ")
            if _DOCUMENT_BEFORE.search(before):
                continue
            if not (_MEETING_ANCHOR.search(before) or (wordy and start < 40)):
                continue
            if not 1 <= int(month) <= 12:
                continue
            date = _resolve_year(day, month, year, published)
            if date:
                return Value(date, (line.start + start, line.start + end))
    return Value(None)
