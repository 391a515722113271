"""Documents a report cites: resolutions, action programmes, plans, directives, conclusions.

A citation names a kind and a number ("Nghị quyết số 15-NQ/TW ngày 30/7/2007
của Hội nghị Trung ương 5 khoá X", "Kế hoạch số 153-KH/TU", "NQ số 01 của Tỉnh
ủy", "Nghị quyết 57-NQ/TW"); a kind without a number ("Nghị quyết Đại hội XI")
is a reference to no particular document and is left out. The issuer is read
from "của …" after the citation or "… ban hành" before it, else implied by the
code's suffix. Pure: no Django.
"""
import re

from archive import text as vt
from archive.ingest.extract.dates import make_date
from archive.ingest.extract.shortcuts import finditer_from, plain_case, starts_re
from archive.ingest.facts import DocumentFact

KINDS = {
    "nghị quyết": "Nghị quyết", "nq": "Nghị quyết",
    "chương trình hành động": "Chương trình hành động", "chương trình": "Chương trình",
    "kế hoạch": "Kế hoạch", "chỉ thị": "Chỉ thị", "kết luận": "Kết luận",
    "quyết định": "Quyết định", "quy định": "Quy định", "thông báo": "Thông báo",
    "hướng dẫn": "Hướng dẫn", "đề án": "Đề án", "công văn": "Công văn", "thông tư": "Thông tư",
    "nghị định": "Nghị định", "thông tri": "Thông tri", "quy chế": "Quy chế", "luật": "Luật",
    "chỉ thị liên tịch": "Chỉ thị", "nghị quyết liên tịch": "Nghị quyết",
    "văn bản": "Văn bản", "công điện": "Công điện", "tờ trình": "Tờ trình",
}
# Kinds cited by a bare number as well ("Chỉ thị 05", "Nghị định 16", "Quyết định 935"); a plan,
# programme, law or letter followed by a number is more often "Kế hoạch 5 năm", "Luật 2013".
BARE_NUMBER_KINDS = {"Nghị quyết", "Nghị định", "Chỉ thị", "Quyết định", "Kết luận", "Thông tư", "Quy định"}
# The kind a code's middle part stands for, when the text names none.
CODE_KINDS = {
    "NQ": "Nghị quyết", "CTr": "Chương trình hành động", "CTR": "Chương trình hành động",
    "KH": "Kế hoạch", "CT": "Chỉ thị", "KL": "Kết luận", "QĐ": "Quyết định", "QĐi": "Quy định",
    "TB": "Thông báo", "HD": "Hướng dẫn", "ĐA": "Đề án", "TT": "Thông tư", "NĐ": "Nghị định",
}
_KIND_RE = "|".join(sorted((re.escape(k) for k in KINDS), key=len, reverse=True))
# Code parts are joined by "-", "–" or "/", with a space on either side at times ("09- NQ/TU",
# "1333/UBND- TNMT", "13/HD -MTTQ - BTT", "439 – QĐNS/TW").
_SEP = r"(?:\s?[-–/]\s?)"
_CODE = (r"\d{1,5}(?:/\d{4})?(?:" + _SEP + r"[A-ZĐa-zđ][A-ZĐa-zđ0-9]{0,9}(?:" + _SEP
         + r"[A-ZĐa-zđ0-9]{1,10}){0,3})?")
_CITATION_RE = re.compile(
    r"(?<![^\W\d_])(?P<kind>" + _KIND_RE + r")(?:\s*\((?:NQ|CTr|KH)\))?\s+"
    r"(?:(?:số|Số)\s*:?\s*(?P<num>" + _CODE + r")"
    r"|(?P<code>\d{1,5}(?:/\d{4})?" + _SEP + r"[A-ZĐ][A-Za-zĐđ0-9]{0,7}(?:" + _SEP
    + r"[A-ZĐ][A-Za-zĐđ0-9]{0,9}){0,3})"
    r"|(?P<bare>\d{1,4})(?![\d:]|[.,]\d|\s*(?:năm|tháng|ngày|tuổi|giờ|người|%)))"
    r"(?![\w/])",
    re.I,
)
# Where a kind starts with no letter before it, on a plain-case line lowercased.
_LOWER_KIND_START_RE = starts_re([re.escape(kind) for kind in KINDS], after=r"(?<![^\W\d_].)")
_DATE_AFTER_RE = re.compile(
    r"^\s*,?\s*(?:ban hành\s+)?ngày\s+"
    r"(?:(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})|(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4}))",
    re.I,
)
_ISSUER_AFTER_RE = re.compile(
    r"^\s*,?\s*của\s+(?P<issuer>(?:[^\W\d_]+|\d+)(?:[ ](?:[^\W\d_]+|\d+|[IVXL]+)){0,14}?(?:,\s+Ban Bí thư)?)"
    r"(?=\s+(?:về|khóa|khoá|ngày|nhiệm kỳ|số|đã|được|và|thực hiện|triển khai|trong|tại|cho|để|nhằm|theo|với|"
    r"ban hành|phê duyệt|phê chuẩn|thông qua|quy định|hướng dẫn|giao|chỉ đạo|yêu cầu|đề ra)\b|[,.;:()\n]|$)",
)
_TERM_RE = re.compile(r"^\s*\(?\s*(?:khóa|khoá)\s+([IVXLC]+|\d+)\)?", re.I)
_ISSUER_BEFORE_RE = re.compile(
    r"((?:Ban Chấp hành|BCH|Ban Thường vụ|BTV|Bộ Chính trị|Ban Bí thư|Thường trực|Tỉnh ủy|Tỉnh uỷ|"
    r"Thành ủy|Thành uỷ|Huyện ủy|Huyện uỷ|Ủy ban nhân dân|Uỷ ban nhân dân|UBND|Hội đồng nhân dân|HĐND|Chính phủ|"
    r"Thủ tướng Chính phủ|Quốc hội|Ủy ban Thường vụ Quốc hội)[^,.;:]{0,40}?)\s+(?:đã\s+)?(?:ban hành|ra|thông qua)\s+$",
    re.I,
)
# What follows a code that its date, issuer, term and subject are read from: a window, so that a line of
# thousands of codes is not copied once per code.
_REST = 1000
_SUBJECT_RE = re.compile(r"^\s*,?\s*về\s+([^;.\n]{3,200})")
# What a code's suffix says about who issued it.
_SUFFIX_ISSUERS = {
    "TW": "Trung ương", "TU": "Tỉnh ủy", "TƯ": "Trung ương", "UBND": "Ủy ban nhân dân tỉnh",
    "HĐND": "Hội đồng nhân dân tỉnh", "QH": "Quốc hội", "CP": "Chính phủ", "TTg": "Thủ tướng Chính phủ",
    "BTVTU": "Ban Thường vụ Tỉnh ủy", "ĐU": "Đảng ủy", "HU": "Huyện ủy", "TĐTN": "Tỉnh đoàn",
}
# National codes identify one document across the country; local ones only within a province.
NATIONAL_SUFFIXES = {"TW", "TƯ", "QH", "CP", "TTg", "QH15", "QH14", "QH13", "UBTVQH", "UBTVQH15", "UBTVQH14"}


def normalize_issuer(issuer):
    """"BCH Trung ương Đảng" → "Ban Chấp hành Trung ương Đảng", "Hội nghị Trung ương 5" → the same."""
    if not issuer:
        return None
    issuer = vt.normalize(vt.expand_abbreviations(issuer)).strip(" ,;:")
    issuer = re.sub(r"^(?:Hội nghị\s+)?(?:lần thứ\s+\S+\s+)?(?:Ban Chấp hành\s+)?"
                    r"Trung ương(?:\s+Đảng)?(?:\s+(?:lần thứ\s+)?\d+)?$",
                    "Ban Chấp hành Trung ương Đảng", issuer, flags=re.I)
    issuer = re.sub(r"^Hội nghị Trung ương\s*\d*$", "Ban Chấp hành Trung ương Đảng", issuer, flags=re.I)
    issuer = re.sub(r"^Ban Chấp hành Đảng bộ Tỉnh$", "Ban Chấp hành Đảng bộ tỉnh", issuer)
    return issuer[:1].upper() + issuer[1:]


def code_parts(number):
    """("15", "NQ", "TW") of a code; the middle and suffix may be empty."""
    m = re.match(r"0*(\d+)(?:/\d{4})?(?:[-/]([^-/]+))?(?:[-/](.+))?$", number)
    if not m:
        return number, "", ""
    return m.group(1), m.group(2) or "", m.group(3) or ""


def is_national(number):
    _, middle, suffix = code_parts(number)
    tail = suffix or middle  # "202/2025/QH15" has no suffix: its issuer is the middle part
    return tail.split("-")[-1] in NATIONAL_SUFFIXES or tail.startswith(("QH", "UBTVQH"))


def _citations(text):
    """_CITATION_RE.finditer(text). On a plain-case line (where re.I matching is plain matching
    lowercased, see shortcuts.plain_case) it is only tried where a kind starts, found lowercased:
    the case-insensitive search of every position was most of the time spent on documents."""
    if not plain_case(text):
        return _CITATION_RE.finditer(text)
    return finditer_from(_CITATION_RE, text, [m.start() for m in _LOWER_KIND_START_RE.finditer(text.lower())])


# More numbers of the same kind after a bare one: "Quyết định 935, 936", "Nghị định 29 và 178".
_MORE_NUMBERS_RE = re.compile(
    r"\s*(?:,|và)\s*(?:số\s*)?(\d{1,4})(?![\w/:-]|[.,]\d|\s*(?:năm|tháng|ngày|tuổi|giờ|người|%))")


def _numbered(text):
    """(citation match, number, end of the citation or of the list of numbers it opens) for every
    document number cited in text; the numbers listed after one share its kind, issuer and date."""
    for m in _citations(text):
        number = (m.group("num") or m.group("code") or m.group("bare")).rstrip(".-/– ")
        numbers, end = [number], m.end()
        if number.isdigit():
            while (more := _MORE_NUMBERS_RE.match(text, end)) and len(numbers) < 10:
                numbers.append(more.group(1))
                end = more.end()
        for n in numbers:
            yield m, n, end


def extract_documents(lines):
    """DocumentFact for every numbered document cited in the lines, merged by kind and number."""
    docs, implied_issuers = {}, set()  # keys whose issuer was only implied by the code
    for line in lines:
        text = line.text
        for m, number, list_end in _numbered(text):
            kind_written = m.group("kind")
            kind = KINDS.get(vt.key(kind_written), kind_written)
            if m.group("bare") and kind not in BARE_NUMBER_KINDS:
                continue
            _, middle, suffix = code_parts(number)
            if kind == "Chương trình" and middle.upper() == "CTR":
                kind = "Chương trình hành động"
            rest = text[list_end:list_end + _REST]
            date = None
            d = _DATE_AFTER_RE.match(rest)
            if d:
                day, month, year = ((d.group(1), d.group(2), d.group(3)) if d.group(1)
                                    else (d.group(4), d.group(5), d.group(6)))
                date = make_date(year, month, day)
                rest_offset = d.end()
            else:
                rest_offset = 0
            issuer, term = None, None
            i = _ISSUER_AFTER_RE.match(rest[rest_offset:])
            if i:
                issuer = i.group("issuer")
                rest_offset += i.end()
            t = _TERM_RE.match(rest[rest_offset:])
            if t:
                term = t.group(1).upper()
                rest_offset += t.end()
            if issuer is None:
                b = _ISSUER_BEFORE_RE.search(text[max(0, m.start() - 80):m.start()])
                if b:
                    issuer = b.group(1)
            implied = issuer is None
            if implied and suffix:
                issuer = _SUFFIX_ISSUERS.get(suffix.split("-")[-1])
            issuer = normalize_issuer(issuer)
            if issuer and term and "khóa" not in issuer.lower():
                issuer = f"{issuer} khóa {term}"
            elif issuer and not term:
                tm = re.search(r"\bkh[oó]a\s+([IVXLC]+)\b", issuer, re.I)
                term = tm.group(1) if tm else None
            subject = None
            s = _SUBJECT_RE.match(rest[rest_offset:])
            if s:
                subject = vt.normalize(s.group(1)).rstrip(" ,")
            span = (line.start + m.start(), line.start + m.end())
            key = (vt.key(kind), vt.key(number))
            if key in docs:
                doc = docs[key]
                doc.spans.append(span)
                longer = issuer and doc.issuer and len(issuer) > len(doc.issuer) and issuer.startswith(doc.issuer)
                if issuer and (not doc.issuer or longer or (key in implied_issuers and not implied)):
                    doc.issuer = issuer
                    if not implied:
                        implied_issuers.discard(key)
                doc.term = doc.term or term
                doc.date = doc.date or date
                doc.subject = doc.subject or subject
                continue
            if implied:
                implied_issuers.add(key)
            docs[key] = DocumentFact(
                kind=kind, number=number, span=span, issuer=issuer, term=term, date=date,
                subject=subject, spans=[span], confidence=0.95 if middle else 0.8,
            )
    return _merge_short_forms(list(docs.values()))


def _merge_short_forms(docs):
    """A document cited both by its number alone and by its full code ("Quyết định số 37" …
    "Quyết định số 37/QĐ-UBND-TL") is one document, under the full form."""
    full = {}
    for doc in docs:
        digits, middle, _ = code_parts(doc.number)
        if middle:
            full.setdefault((doc.kind, digits), doc)
    kept = []
    for doc in docs:
        digits, middle, _ = code_parts(doc.number)
        target = None if middle else full.get((doc.kind, digits))
        if target is None:
            kept.append(doc)
            continue
        target.spans.extend(doc.spans)
        target.issuer = target.issuer or doc.issuer
        target.date = target.date or doc.date
        target.term = target.term or doc.term
        target.subject = target.subject or doc.subject
    return kept
