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

from archive.ingest.extract.shortcuts import unify_tones_in_place
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
    r"(?:(?:sáng|chiều|trưa|tối|đêm)\s+(?:nay\s+)?\(?\s*(?:ngày\s+)?|(?:^|[\s,.(])ngày\s+|hôm\s+nay\s*\(\s*|"
    r"vào\s+(?:sáng|chiều|ngày)\s+|(?:^|[\s,.(])hôm\s+)$",
    re.I,
)
# A date right after a document number belongs to the document, not the meeting.
_DOCUMENT_BEFORE = re.compile(r"(?:số\s+\S+|[A-ZĐ]{1,5}/[A-ZĐ]{1,6})\s+ngày\s+$", re.I)


_CLOCK_RE = re.compile(r"GMT|UTC", re.I)
# ISO 8601 as crawl exports and front matter write it: "2025-04-22 10:27:00",
# "2025-06-28T07:15:00+07:00", "2020-02-02T23:55:00.000Z".
_ISO_STAMP = re.compile(
    r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d{1,9})?)?"
    r"(?:\s*(?:Z|[+-]\d{2}(?::?\d{2})?))?)?(?![\d:])"
)
# A stamp with a two-digit year, as Báo Mới prints it: "29/05/13 18:20 GMT+7".
_SHORT_YEAR_STAMP = re.compile(r"(?<![\d/.-])(\d{1,2})/(\d{1,2})/(\d{2})(?![\d/])")


def make_date(year, month, day):
    try:
        return dt.date(int(year), int(month), int(day))
    except (TypeError, ValueError):
        return None


def _with_time(date, text):
    time = _TIME.search(text)
    hour, minute, second = (int(time.group(1)), int(time.group(2)), int(time.group(3) or 0)) if time else (0, 0, 0)
    if hour > 23 or minute > 59 or second > 59:
        hour = minute = second = 0
    return dt.datetime(date.year, date.month, date.day, hour, minute, second)


def parse_stamp(text):
    """The date and time written in a stamp line, or None.

    The wall-clock time is kept as written and any zone dropped: "2020-02-02T23:55:00.000Z"
    is 2 February as the page shows it (converting it would move it to another day).
    """
    iso = _ISO_STAMP.search(text)
    if iso:
        date = make_date(iso.group(1), iso.group(2), iso.group(3))
        if date:
            hour, minute, second = (int(iso.group(k) or 0) for k in (4, 5, 6))
            if hour > 23 or minute > 59 or second > 59:
                hour = minute = second = 0
            return dt.datetime(date.year, date.month, date.day, hour, minute, second), iso.span()
    for m in _NUMERIC_DATE.finditer(text):
        if m.group(4):
            date = make_date(m.group(4), m.group(3), m.group(1))
            if date:
                time = _TIME.search(text[m.end():]) or _TIME.search(text[: m.start()])
                return _with_time(date, time.group(0) if time else ""), m.span()
    m = _SHORT_YEAR_STAMP.search(text)
    if m:
        year = int(m.group(3))
        date = make_date(2000 + year if year < 70 else 1900 + year, m.group(2), m.group(1))
        if date:
            return _with_time(date, text[m.end():]), m.span()
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
    """The date of day/month: the year as written, else the year that puts it nearest the
    publication (a meeting reported on 2 January as "30/12" was last year's; one announced on
    28 May for "10-7" is this year's), a day after publication counting double."""
    if year:
        return make_date(year, month, day)
    if not published:
        return None
    pub = published.date() if isinstance(published, dt.datetime) else published
    best = None
    for y in (pub.year - 1, pub.year, pub.year + 1):
        date = make_date(y, month, day)
        if date:
            gap = (date - pub).days
            cost = 2 * gap if gap > 0 else -gap
            if best is None or cost < best[0]:
                best = (cost, date)
    return best[1] if best else None


# "ngày 2-11/5" (the 2nd to the 11th of May), "từ ngày 10 đến ngày 12-7": the first day counts.
_DATE_RANGE = re.compile(
    r"(?<![\d/.-])(\d{1,2})\s*(?:[-–]|đến(?:\s+ngày)?)\s*(\d{1,2})\s*([/.-])\s*(\d{1,2})"
    r"(?:\s*\3\s*(\d{4}))?(?![\d/-]|\.\d)",
    re.I,
)
# A single date that opens or closes a period, not an event: "Từ ngày 1/7, …", "đến hết ngày 31-12".
_PERIOD_BEFORE = re.compile(r"(?:từ|kể từ|đến|tới|trước|sau|hết|hạn|hiệu lực)\s+(?:hết\s+)?(?:ngày\s+)?$", re.I)
# What a sentence says when it reports a meeting: the meeting's nouns and what one does there.
# A crime, a product launch, a circular or a price change has none of them.
_MEETING_WORDS = re.compile(
    r"(?<![^\W\d_])(?:hội nghị|hội thảo|tọa đàm|hội đàm|hội kiến|diễn đàn|kỳ họp|phiên họp|cuộc họp|buổi họp|"
    r"họp báo|họp mặt|họp(?! chợ)|phiên thảo luận|thảo luận|chất vấn|làm việc|đối thoại|giao ban|"
    r"tiếp xúc cử tri|gặp mặt|đại hội|công bố quyết định|lễ công bố|thông báo nhanh|"
    r"tổ chức (?:sơ kết|tổng kết|quán triệt|công bố|triển khai)|(?:dưới sự |đồng chí |ông |bà )chủ trì|tiếp đoàn)"
    r"(?![^\W\d_])"
)
# "làm việc" is a working session with someone ("làm việc với", "thăm và làm việc tại", "buổi làm
# việc"), not a summons to the police ("mời lên làm việc", "đưa về trụ sở làm việc") nor work
# ("55 người đang làm việc tại đây").
_WORKING_SESSION = re.compile(r"làm việc với(?! (?:cơ quan|công an))|(?:buổi|thăm và|thăm,) làm việc|đến làm việc tại")
_SUMMONED = re.compile(r"(?:mời|triệu tập|yêu cầu|lên|trụ sở|đưa về)[^.;,]{0,25}$")
# Someone telling of a meeting ("Ngày 27-5, ông X cho biết, kỳ họp … từ ngày 10 đến ngày 12-7"):
# the date is the telling's, not the meeting's.
_REPORTING = re.compile(
    r"(?<![^\W\d_])(?:cho biết|cho hay|thông tin|thông báo(?! nhanh)|khẳng định|trả lời|nhấn mạnh|tuyên bố|"
    r"cho rằng|đưa tin|lên án|kêu gọi)(?![^\W\d_])"
)
# A stop that ends a sentence, unless it ends an abbreviation ("TP. Hồ Chí Minh", "TS. Nguyễn",
# "N.H."); captions run into the next sentence with no space ("…tại Hội nghị.Trong 15 năm").
_STOP = re.compile(r"[.!?…]+(?=\s|[A-ZĐ\"“]|$)")
_ABBREVIATION_BEFORE = re.compile(r"(?<![^\W\d_])(?:TP|Tp|TS|ThS|PGS|GS|BS|TX|TT|Q|P|[A-ZĐ])$")
_SENTENCE_REACH = 300
# Characters of an opening paragraph read for the meeting's date: reports date their meeting in
# the lead; a date deep in a one-line body is of something the report only mentions.
_SCAN = 800


def _stops(text, start, end):
    for m in _STOP.finditer(text, start, end):
        if not _ABBREVIATION_BEFORE.search(text, max(0, m.start() - 4), m.start()):
            yield m


def _sentence(text, start, end):
    """(from, to) of the sentence around text[start:end], at most _SENTENCE_REACH either side."""
    begin = max(0, start - _SENTENCE_REACH)
    for m in _stops(text, begin, start):
        begin = m.end()
    stop = next(_stops(text, end, end + _SENTENCE_REACH), None)
    return begin, (stop.start() if stop else min(len(text), end + _SENTENCE_REACH))


def _meeting_words(low, start, end):
    """The matches of _MEETING_WORDS in low[start:end] that speak of a meeting."""
    found = []
    for m in _MEETING_WORDS.finditer(low, start, end):
        if m.group() == "làm việc" and (
                not _WORKING_SESSION.search(low, max(0, m.start() - 8), m.end() + 20)
                or _SUMMONED.search(low, max(0, m.start() - 40), m.start())):
            continue
        found.append(m)
    return found


def _date_candidates(text):
    """(start, end, day, month, year or None, is_range) of every date written in text, in order."""
    found, taken = [], []
    for m in _DATE_RANGE.finditer(text):
        if int(m.group(1)) < int(m.group(2)):
            found.append((m.start(), m.end(), m.group(1), m.group(4), m.group(5), True))
            taken.append(m.span())
    for m in _NUMERIC_DATE.finditer(text):
        if not any(s <= m.start() < e for s, e in taken):
            found.append((m.start(), m.end(), m.group(1), m.group(3), m.group(4), False))
    for m in _WORDY_DATE.finditer(text):
        found.append((m.start(1), m.end(), m.group(1), m.group(2), m.group(3), False))
    return sorted(found)


def _meeting_dates(paragraphs, max_paragraphs=3):
    """(line, start, end, day, month, year or None) of every date written as the time of a meeting
    in the opening paragraphs (see meeting_date), in order."""
    for line in paragraphs[:max_paragraphs]:
        text = line.text[:_SCAN]
        low = None
        told = None  # the sentence of a date of someone telling of a meeting: a later date in it may be the meeting's
        for start, end, day, month, year, is_range in _date_candidates(text):
            before = text[max(0, start - 30): start]
            wordy = text[start:end].lower().startswith("ngày") or before.lower().endswith("ngày ")
            if _DOCUMENT_BEFORE.search(before) or not 1 <= int(month) <= 12:
                continue
            if not is_range and _PERIOD_BEFORE.search(before):
                continue
            if not (_MEETING_ANCHOR.search(before) or wordy or before.lower().endswith("hôm ")):
                continue
            if low is None:
                low = unify_tones_in_place(text).lower()
            s_from, s_to = _sentence(text, start, end)
            if told is not None and s_from != told:
                told = None
            meeting = _meeting_words(low, s_from, s_to)
            if not meeting:
                continue
            after = [m for m in meeting if m.start() >= end]
            if told is None and after and _REPORTING.search(low, end, after[0].start()):
                told = s_from
                continue
            yield line, start, end, day, month, year


def reports_a_meeting(paragraphs):
    """Whether the opening paragraphs date a meeting, with or without its year."""
    return next(_meeting_dates(paragraphs), None) is not None


def meeting_date(paragraphs, published=None, max_paragraphs=3):
    """Value(date) of the meeting the report is about, from its opening paragraphs, else Value(None).

    A date counts when it is written as the time of an event ("Sáng 12/7", "Ngày 29-5,", "tại
    buổi họp ngày 29/5", "tổ chức từ ngày 10 đến ngày 12-7") in a sentence that reports a meeting
    (_MEETING_WORDS); an article whose dated sentences tell of no meeting has no meeting date.
    The year is the one written, else the publication's; without either the value is None.
    """
    for line, start, end, day, month, year in _meeting_dates(paragraphs, max_paragraphs):
        date = _resolve_year(day, month, year, published)
        if date:
            return Value(date, (line.start + start, line.start + end))
    return Value(None)
