"""Raw article text → headline, publication stamp, body paragraphs, captions, byline lines.

Crawled article files carry page furniture (navigation, share buttons, comment
boxes, related links, media file names, view counters, page-header clocks)
around the report itself. This module sorts every line of the raw text into
one of those roles and keeps each line's character span in the raw text, so
every later fact can point back at its evidence. It never edits the raw text
and never decides facts (dates, people…): that is ``extract/``. Pure: no Django.
"""
import re
from dataclasses import dataclass, field
from functools import lru_cache

from archive import text as vt
from archive.ingest import gazetteer


@dataclass(frozen=True)
class Line:
    """A stripped line of the raw text and its [start, end) span in it."""

    text: str
    start: int
    end: int

    def sub(self, start, end):
        """The part text[start:end] of this line, as a Line with its raw span."""
        piece = self.text[start:end]
        lead = len(piece) - len(piece.lstrip())
        piece = piece.strip()
        return Line(piece, self.start + start + lead, self.start + start + lead + len(piece))


@dataclass
class CleanArticle:
    title: Line | None = None
    category: Line | None = None
    stamps: list = field(default_factory=list)  # (Line, above_title: bool)
    view_count: int | None = None
    view_line: Line | None = None
    paragraphs: list = field(default_factory=list)
    captions: list = field(default_factory=list)
    tail: list = field(default_factory=list)  # byline and credit lines after the body
    glued_byline: Line | None = None  # the byline cut off the end of a one-line body (also in tail)
    media: list = field(default_factory=list)  # URLs, media file names
    related: list = field(default_factory=list)
    furniture: list = field(default_factory=list)
    tags: Line | None = None  # a news page's comma-separated keyword line
    outlet: Line | None = None  # the outlet a news page names under its tags ("TTXVN", "Hà Nội Mới")

    @property
    def body(self):
        return "\n\n".join(p.text for p in self.paragraphs)

    @property
    def lead(self):
        return self.paragraphs[0] if self.paragraphs else None


# Page furniture: whole lines, compared accent- and case-insensitively.
FURNITURE = (
    "< Trở về trang trước", "Trở về trang trước", "Trở về", "Quay lại", "Về trang chủ",
    "Chia sẻ bài viết", "Chia sẻ", "Chia sẻ:", "Gửi bình luận của bạn", "Gửi bình luận",
    "Bình luận", "Ý kiến bạn đọc", "Các ý kiến của bạn đọc", "Viết bình luận",
    "Quảng cáo", "Không có quảng cáo", "Tin cùng chuyên mục", "Tin liên quan",
    "Bài viết liên quan", "Tin khác", "Các tin khác", "Tin mới nhất", "Tin đọc nhiều",
    "Xem tin theo ngày", "Xuất bản thông tin", "Chi tiết bài viết Tin tức",
    "Chi tiết bài viết", "In bài viết", "In bài", "Bản in", "Gửi email", "Gửi bài viết",
    "Lưu bài viết", "Đầu trang", "Facebook", "Twitter", "Zalo", "Email", "Print",
    "Tweet", "Like", "Share", "Xem thêm", "Đọc thêm", "Tags", "Từ khóa", "Từ khoá",
    "Nghe bài viết", "Cỡ chữ", "Tin ảnh", "Video", "Tin nổi bật", "Tin đã đưa", "Gửi",
    "Họ và tên", "Họ tên", "Địa chỉ email", "Nội dung", "Mã xác nhận", "Ý kiến của bạn", "Quay lại",
    "Tin tức liên quan", "Tin tức mới", "Tin tức khác", "Tin tức cùng chuyên mục", "Bài viết khác",
    "Tin liên quan khác", "Các tin liên quan", "Tin bài liên quan",
)
# Furniture after which a page lists other articles or a comment form: the report has ended.
END_MARKERS = ("Tin cùng chuyên mục", "Tin liên quan", "Bài viết liên quan", "Tin khác", "Các tin khác",
               "Tin đã đưa", "Ý kiến bạn đọc", "Các ý kiến của bạn đọc", "Tin mới nhất", "Tin đọc nhiều",
               "Gửi bình luận", "Gửi bình luận của bạn", "Bình luận", "Viết bình luận", "Tin tức liên quan",
               "Tin tức mới", "Tin tức khác", "Tin tức cùng chuyên mục", "Bài viết khác", "Tin liên quan khác",
               "Các tin liên quan", "Tin bài liên quan")
_END_KEYS = {vt.fold(f) for f in END_MARKERS}
_KEY_STRIP = " :|<>»«-"
# "© 2024 Báo …", "Bản quyền thuộc về …", "Copyright ©": not a headline on copyright ("Bản quyền âm nhạc …").
_COPYRIGHT_RE = re.compile(r"^(?:©|\(c\)|bản quyền\s*(?:thuộc|©|\(c\)|\d|:)|copyright\b)", re.I)
_FURNITURE_KEYS = {vt.fold(f).rstrip(":") for f in FURNITURE}


def _never_folds_into(keys):
    """A regex of the ASCII marks and digits that no key contains. vt.fold keeps every one
    of them as it is (it only recomposes, folds case and accents, and collapses white
    space), and stripping _KEY_STRIP does not remove them, so a text holding one cannot
    fold into a key: the test skips folding a whole paragraph."""
    kept = {chr(code) for code in range(33, 127) if not chr(code).isalpha()} - set(_KEY_STRIP)
    return re.compile("[" + re.escape("".join(sorted(kept - set("".join(keys))))) + "]")


_NOT_END_KEY_RE = _never_folds_into(_END_KEYS)
_NOT_FURNITURE_KEY_RE = _never_folds_into(_FURNITURE_KEYS)
# Furniture that crawlers glue to the end of the previous line ("Thanh TâmCác ý kiến…").
_GLUED = ("Các ý kiến của bạn đọc", "Ý kiến bạn đọc", "Gửi bình luận của bạn", "Chia sẻ bài viết", "BÌNH LUẬN",
          "Tin cùng chuyên mục", "Xem tin theo ngày")
_GLUED_RE = re.compile("(" + "|".join(map(re.escape, _GLUED)) + r")\s*$")
_TAGS_RE = re.compile(r"^(tags|từ khóa|từ khoá|tu khoa|chủ đề)\s*:", re.I)

_URL_RE = re.compile(r"https?://\S+|www\.\S+", re.I)
_MEDIA_RE = re.compile(r"\.(mp4|mp3|m4a|webm|mov|avi|flv|jpe?g|png|gif|webp|bmp)(\?\S*)?$", re.I)
_VIDEO_LABEL_RE = re.compile(r"^(video|clip|audio)\s*:", re.I)
# A count has at most 15 digits and separators, read from its first digit: unbounded, a line of
# "1.1.1.…" was scanned to its end from every digit (quadratic in the line).
_VIEWS_RE = re.compile(
    r"(?:(?:số\s+lần\s+xem|lượt\s+xem|lượt\s+đọc|views?)\s*:?\s*(\d[\d.,]{0,15}))"
    r"|(?:(?<![\d.,])(\d[\d.,]{0,15})\s*(?:lượt\s+xem|lượt\s+đọc|views?))",
    re.I,
)
# "\b\d{1,2}…" led by a digit: a leading \b made the regex engine try every position, while
# this form lets it scan for a digit in C.
# A two-digit year only with a time after it ("29/05/13 18:20 GMT+7"); ISO 8601 dates
# ("2025-06-28T23:56:00+07:00", "2020-02-02T23:55:00.000Z", "2025-04-22 10:27:00").
_DATE_RE = re.compile(
    r"\d(?<!\w\d)\d?\s*[/.-]\s*\d{1,2}\s*[/.-]\s*(?:\d{4}\b|\d{2}\b(?=\s{1,3}\d{1,2}\s*[:hg]\s*\d{2}))"
    r"|\d(?<!\w\d)\d{3}-\d{1,2}-\d{1,2}(?![\d-])"
)
# What may stand around a date in a stamp line: labels, weekdays, times, brackets.
_STAMP_NOISE_RE = re.compile(
    r"\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{4}|\d{1,2}\s*[:hg]\s*\d{2}(?:\s*:\s*\d{2})?|"
    r"GMT\s*[+-]\s*\d+|UTC\s*[+-]?\s*\d*|\b(?:AM|PM|SA|CH)\b|"
    r"cập nhật|ngày đăng|đăng ngày|đăng lúc|ngày cập nhật|cập nhật lúc|xuất bản|"
    r"thời gian|ngày|vào|lúc|đăng|thứ\s+(?:\d|hai|ba|tư|năm|sáu|bảy)|chủ nhật|"
    r"số lần xem|lượt xem|lượt đọc|\d[\d.,]*",
    re.I,
)
_STAMP_LABEL_RE = re.compile(r"cập nhật|ngày đăng|đăng ngày|đăng lúc|xuất bản", re.I)
_LEAD_MARKER_RE = re.compile(
    r"^\s*(?:\(\s*([^()\n]{2,40}?)\s*\)|([A-ZĐ][A-ZĐ0-9]*(?:\.[A-ZĐ0-9]+)*\.?))\s*[-–—]\s+"
)
# A paragraph of the report itself (as opposed to a headline or caption).
_BODY_MIN_WORDS = 20
# A lead opened by a newsroom marker ("BNA - Sáng 3/6, …"); a headline can open like one ("SLNA - Đà Nẵng: …").
_LEAD_MIN_WORDS = 12

CAPTION_OPENERS = (
    "quang cảnh", "toàn cảnh", "đại biểu", "các đại biểu", "đồng chí", "các đồng chí",
    "lãnh đạo", "ảnh", "chủ trì", "đoàn", "bí thư", "phó bí thư", "chủ tịch", "phó chủ tịch",
    "ủy viên", "trưởng", "phó trưởng", "giám đốc", "ông", "bà", "các", "tỉnh ủy", "ban",
    "trao", "tặng", "hội nghị", "kỳ họp", "phiên", "lễ", "biểu quyết", "bộ trưởng", "thủ tướng",
)
CAPTION_VERBS = (
    "phát biểu", "chủ trì", "trao", "tặng", "dự hội nghị", "tham dự", "chụp ảnh", "biểu quyết",
    "khai mạc", "bế mạc", "kết luận", "báo cáo", "trình bày", "điều hành", "tham luận",
    "thảo luận", "tặng hoa", "chúc mừng", "dự kỳ họp", "tại hội nghị", "tại kỳ họp",
)
_NOT_CAPTION_OPENERS = ("tại ", "theo ", "cũng tại", "phát biểu", "trong ", "ngoài ra",
                        "đồng thời", "dịp này", "về ", "qua đó", "bên cạnh", "đó là", "với ",
                        "thời gian", "để ", "sau ", "trước ", "kết luận", "nhân dịp")
# A photo credit closing a caption: "(Ảnh: N.H)", ". Ảnh: Thành Duy".
_CREDIT_RE = re.compile(r"(?:\(\s*ảnh\s*:[^)]*\)|(?<=[.\s])ảnh\s*:\s*[^.;:]{2,40})\s*\.?$", re.I)


def caption_credit(text):
    """(caption without its credit, photographer or None)."""
    m = _CREDIT_RE.search(text)
    if not m or m.start() == 0:
        return text, None
    credit = re.sub(r"^\(?\s*ảnh\s*:\s*", "", m.group(0), flags=re.I).rstrip(" .)")
    return text[: m.start()].rstrip(" ."), credit or None


def split_lines(raw):
    """Every non-blank line of the raw text, stripped, with its raw span."""
    lines, offset = [], 0
    for chunk in raw.split("\n"):
        stripped = chunk.strip()
        if stripped:
            start = offset + (len(chunk) - len(chunk.lstrip()))
            lines.append(Line(stripped, start, start + len(stripped)))
        offset += len(chunk) + 1
    return lines


def unglue(line):
    """Split furniture that a crawler glued to the end of a line into its own line."""
    m = _GLUED_RE.search(line.text)
    if not m or m.start() == 0:
        return [line]
    return [line.sub(0, m.start()), line.sub(m.start(), len(line.text))]


# A crawler's or saver's note of where the page came from, alone on its line ("Nguồn: https://…"):
# the article's link (extract reads it), never a caption or a credit of the body above it.
_SOURCE_NOTE_RE = re.compile(r"[^\S\n]{0,40}(?:nguồn|link|url|source|địa chỉ bài viết)[^\S\n]{0,4}:"
                             r"[^\S\n]{0,4}https?://\S{1,2000}[^\S\n]{0,40}", re.I)


def is_furniture(text):
    if _COPYRIGHT_RE.match(text) or _TAGS_RE.match(text) or _SOURCE_NOTE_RE.fullmatch(text):
        return True
    if _NOT_FURNITURE_KEY_RE.search(text):
        return False  # one of the parts below holds it, so not all of them are furniture
    # A row of buttons: "In bài viết     Gửi bài viết"
    parts = [p for p in re.split(r"\s{2,}|\t|\|", text) if p.strip()]
    return bool(parts) and all(vt.fold(p).strip(_KEY_STRIP) in _FURNITURE_KEYS for p in parts)


_BREADCRUMB_SPLIT_RE = re.compile(r"\s[>»›/]\s")


def is_breadcrumb(text):
    """A portal's trail of sections: "Trang chủ > Tin tức - Sự kiện > Hoạt động HĐND tỉnh"."""
    parts = _BREADCRUMB_SPLIT_RE.split(text)
    return len(parts) >= 2 and all(1 <= word_count(p) <= 6 and not p.endswith(".") for p in parts)


def is_end_marker(text):
    if _NOT_END_KEY_RE.search(text):
        return False
    return vt.fold(text).strip(_KEY_STRIP) in _END_KEYS


def is_media(text):
    label = _VIDEO_LABEL_RE.match(text)
    if label:  # "Video: 040423_HOI_NGHI.mp4", not a headline "Video: Bạn trẻ nói gì…"
        return " " not in text[label.end():].strip()
    if _URL_RE.fullmatch(text.strip()):
        return True
    return " " not in text.strip() and bool(_MEDIA_RE.search(text.strip()))


def view_count(text):
    """The number in a view counter line ("20,037 lượt xem", "Số lần xem: 427")."""
    m = _VIEWS_RE.search(text)
    if not m:
        return None
    digits = re.sub(r"\D", "", m.group(1) or m.group(2))
    return int(digits) if digits else None


def is_stamp(text):
    """A line that is only a date stamp: a date plus labels, weekday, time, counters."""
    if not _DATE_RE.search(text):
        return False
    # At most two letters outside the noise, counted gap by gap (what _STAMP_NOISE_RE.sub would
    # leave): a paragraph that merely holds a date is given up at its first words.
    letters, pos = 0, 0
    for noise in _STAMP_NOISE_RE.finditer(text):
        letters += sum(map(str.isalpha, text[pos:noise.start()]))
        if letters > 2:
            return False
        pos = noise.end()
    return letters + sum(map(str.isalpha, text[pos:])) <= 2


def is_labelled_stamp(text):
    return bool(_STAMP_LABEL_RE.search(text))


def word_count(text):
    return len(text.split())


def lead_marker(text):
    """The newsroom marker opening a lead ("ĐTO - ", "BDK.VN - ", "(Baohaugiang.com.vn) - ")."""
    m = _LEAD_MARKER_RE.match(text)
    if not m:
        return None
    marker = (m.group(1) or m.group(2)).strip()
    if m.group(2) and (len(marker) < 2 or len(marker) > 12):
        return None
    return marker, m.start(1) if m.group(1) else m.start(2), m.end(1) if m.group(1) else m.end(2)


def is_caption(text):
    """A photo caption: one short sentence naming who or what the photo shows."""
    words = word_count(text)
    if words > 40 or ";" in text or text.endswith(":"):
        return False
    folded = vt.key(text)
    if any(folded.startswith(o) for o in _NOT_CAPTION_OPENERS):
        return False
    core, credit = caption_credit(text.strip())
    if credit:
        return True
    # More than one sentence is a paragraph.
    if re.search(r"[.!?…]\s+[A-ZĐÀ-Ỹ]", core.rstrip(". ")):
        return False
    opens = any(folded.startswith(o) for o in CAPTION_OPENERS)
    if words <= 8:
        return opens or not core.endswith((".", "…"))
    return opens and any(v in folded for v in CAPTION_VERBS) and words <= 35


def _is_body_paragraph(line):
    """Report paragraphs are long and end a sentence; headlines rarely end with a full stop."""
    text = line.text.rstrip()
    words = word_count(text)
    if lead_marker(text) is not None and words >= _LEAD_MIN_WORDS:
        return True
    if words < _BODY_MIN_WORDS or not text.endswith((".", "!", "?", "…", "”", '"', ":", ")")):
        return False
    if words > HEADLINE_MAX_WORDS or _SENTENCE_BREAK_RE.search(text):
        return True
    # One headline-sized sentence is a paragraph only if it closes a sentence ("… phát triển.",
    # '… “đoàn kết”.'): a headline can end with a question, a quotation or a bracket ("… (khóa X)").
    return text.rstrip(_CLOSERS).endswith((".", "…", ":"))


def clean(raw):
    """Sort the raw text's lines into headline, stamps, body, captions and furniture."""
    art = CleanArticle()
    content = []  # lines still to be placed, in order, with their stamp flags
    ended = False
    for line in (piece for ln in split_lines(raw) for piece in unglue(ln)):
        text = line.text
        if ended:
            art.furniture.append(line)
            continue
        if is_end_marker(text) and any(kind == "text" and _is_body_paragraph(ln) for kind, ln in content):
            ended = True
            art.furniture.append(line)
        elif is_furniture(text):
            art.furniture.append(line)
        elif text.startswith((">>", "»", "&gt;&gt;")) and word_count(text) <= HEADLINE_MAX_WORDS:
            art.related.append(line)  # a link to another report; a crawl's whole body may open with one
        elif is_breadcrumb(text):
            art.furniture.append(line)
        elif is_media(text):
            art.media.append(line)
        elif is_stamp(text):
            content.append(("stamp", line))
            count = view_count(text)
            if count is not None and art.view_count is None:
                art.view_count, art.view_line = count, line
        elif word_count(text) <= 6 and view_count(text) is not None:  # the cheap test first
            if art.view_count is None:
                art.view_count, art.view_line = view_count(text), line
        else:
            content.append(("text", line))

    # A news page's trailer under the body: date line, section, tags, outlet (baomoi.com).
    trailer = _trailer(content)
    if trailer:
        cut, category, tags, outlet = trailer
        content = content[:cut]
        art.category, art.tags, art.outlet = category, tags, outlet

    # Header zone: text lines before the first paragraph of the report.
    first_body = next(
        (i for i, (kind, ln) in enumerate(content) if kind == "text" and _is_body_paragraph(ln)),
        len(content),
    )
    header = [(i, ln) for i, (kind, ln) in enumerate(content[:first_body]) if kind == "text"]
    title_index = _title_index(header, content, art.furniture)
    if title_index is None and not header:
        # The report opens with a paragraph: the first line is the title only if it is headline-sized.
        first = next(((i, ln) for i, (k, ln) in enumerate(content) if k == "text"), None)
        if first and is_headline_like(_strip_null(first[1]).text):
            title_index = first[0]
    before = []
    if title_index is not None:
        art.title = _strip_null(content[title_index][1])
        before = [ln for i, ln in header if i < title_index]
        if before and art.category is None and word_count(before[-1].text) <= 6:
            art.category = before.pop()
        # Breadcrumbs and section names above the headline; anything longer is text of the page.
        art.furniture.extend(ln for ln in before if word_count(ln.text) <= 6)
        before = [ln for ln in before if word_count(ln.text) > 6]

    for i, (kind, line) in enumerate(content):
        if kind == "stamp":
            art.stamps.append((line, title_index is not None and i < title_index))

    repeats_title = _same_key_as(art.title.text) if art.title else None
    body = before + [
        ln
        for i, (kind, ln) in enumerate(content)
        if kind == "text" and (title_index is None or i > title_index)
        and not (art.title and repeats_title(_strip_null(ln).text))
    ]
    # The byline and photo credits close the article.
    tail = []
    while body and is_byline_line(body[-1].text):
        tail.insert(0, body.pop())
    if not tail and body:
        # A crawled one-line body ends with the byline glued to its last sentence.
        pieces = split_glued_byline(body[-1])
        if pieces:
            body[-1], byline = pieces
            tail.append(byline)
            art.glued_byline = byline
    art.tail = tail
    for line in body:
        (art.captions if is_caption(line.text) else art.paragraphs).append(line)
    return art


# Headlines run to 50 words at most (the longest of 21,448 in a 2013 crawl has 45); a longer line
# is a paragraph whatever precedes it.
HEADLINE_MAX_WORDS = 50
# Section names and breadcrumbs above a headline are this short; the headline under them is longer.
_SECTION_MAX_WORDS = 5
_TITLE_AFTER_SECTION_MAX_WORDS = 30


def is_headline_like(text):
    """A line that can be a headline: headline-sized and not a paragraph of several sentences."""
    words = word_count(text)
    if not 1 <= words <= HEADLINE_MAX_WORDS:
        return False
    return not (words >= _BODY_MIN_WORDS and _SENTENCE_BREAK_RE.search(text))


def _title_index(header, content, furniture):
    """The index (into content) of the headline among the header's lines, or None.

    The headline is the first headline-sized line, unless that line is as short as a section name
    and a longer headline-sized line follows with only such short lines between, and the page shows
    that the short lines are its furniture: the longer line has the date stamp right under it
    ("Tin hoạt động / <headline> / Ngày đăng: …"), or two short lines or a line of furniture stand
    between ("Trang chủ / Tin tức / TIN TỨC MỚI / <headline>"). A crawl's headline can be as short
    ("Bơm tiền") with a short lead under it, and stays the headline."""
    candidates = [(i, ln) for i, ln in header if is_headline_like(_strip_null(ln).text)]
    if not candidates:
        return None
    first_i, first = candidates[0]
    for n, (i, ln) in enumerate(candidates):
        words = word_count(_strip_null(ln).text)
        if words <= _SECTION_MAX_WORDS:
            continue
        if n and words <= _TITLE_AFTER_SECTION_MAX_WORDS and not ln.text.endswith("."):
            under_stamp = i + 1 < len(content) and content[i + 1][0] == "stamp"
            between = any(candidates[n - 1][1].end <= f.start < ln.start for f in furniture)
            if under_stamp or between or n >= 2:
                return i
        break
    return first_i


# A sentence's end inside a line: after a word of small letters, a number or a closing quote,
# not after an abbreviation ("TP. Hồ Chí Minh").
_SENTENCE_BREAK_RE = re.compile(r"(?:(?<=[a-zà-ỹđ\d]{2})|(?<=[)”\"]))[.!?…]+\s+[A-ZĐÀ-Ỹ]")
_CLOSERS = "”\"'»)]"


def _trailer(content):
    """(cut, category, tags, outlet) when content ends with a news page's trailer: a date line
    after the body, then short lines with one comma-separated tags line among them (baomoi.com:
    "29/05/13 18:20 GMT+7" / "Xã hội" / "Trung ương,Hội nghị,…" / "TTXVN"), else None."""
    stamp = next((i for i in range(len(content) - 1, -1, -1) if content[i][0] == "stamp"), None)
    if stamp is None or not any(kind == "text" for kind, _ in content[:stamp]):
        return None
    after = content[stamp + 1:]
    if not 2 <= len(after) <= 4 or any(kind != "text" for kind, _ in after):
        return None
    lines = [ln for _, ln in after]
    tags = [i for i, ln in enumerate(lines) if is_tags_line(ln.text)]
    if len(tags) != 1:
        return None
    at = tags[0]
    others = lines[:at] + lines[at + 1:]
    if len(lines[:at]) > 1 or len(lines[at + 1:]) > 1:
        return None
    if any(word_count(ln.text) > 6 or ln.text.endswith((".", ":", ";", ",")) for ln in others):
        return None
    category = lines[at - 1] if at else None
    outlet = lines[at + 1] if at + 1 < len(lines) else None
    return stamp + 1, category, lines[at], outlet


def is_tags_line(text):
    """A comma-separated keyword line: "Trung ương,Thừa Thiên-Huế,Hội nghị,Bí thư tỉnh ủy"."""
    parts = text.split(",")
    if len(parts) < 2 or text.endswith((".", ":", ";")):
        return False
    return all(1 <= len(p.split()) <= 16 and len(p) <= 100 for p in parts)


def _same_key_as(title):
    """A test of text: vt.key(text) == vt.key(title). vt.key recomposes, re-places tone marks, folds
    case and collapses white space (U+200B too), never splitting or joining a word (the tests check
    every code point), so only a text with as many words as the title is keyed: not the paragraphs."""
    key, words = vt.key(title), _key_words(title)
    return lambda text: _key_words(text) == words and vt.key(text) == key


def _key_words(text):
    """How many words vt.key(text) has."""
    return len(text.replace("\u200b", " ").split())


def _strip_null(line):
    """Portals print "null <headline>" where a missing field was rendered."""
    if line.text.lower().startswith("null "):
        return line.sub(5, len(line.text))
    return line


# The label before credited names: "Tin, ảnh:", "Tin bài và ảnh:", "Bài và ảnh:", "Ảnh:", "Theo".
CREDIT_PREFIX_RE = re.compile(
    r"^(?P<label>(?:tin|bài|ảnh|video|clip|thực hiện|nhóm pv|nhóm phóng viên|tác giả|người viết|theo)"
    r"(?:(?:\s*(?:,|và|\+|-|&)\s*|\s)(?:tin|bài|ảnh|video|clip)){0,3})(?![^\W\d_])\s*:?\s*",
    re.I,
)
_CREDIT_MAX_WORDS = 16
_CREDIT_MAX_CHARS = 240  # 16 words and an agency in brackets: longer is a sentence or padding
# Writers are separated by dashes, commas, slashes or "và".
_NAME_SPLIT_RE = re.compile(r"\s{0,8}(?:[-–—,;/&]|\bvà\b)\s{0,8}")
_PAREN_END_RE = re.compile(r"\(\s*([^()]{1,60}?)\s*\)$")
_PAREN_START_RE = re.compile(r"^\(\s*([^()]{1,40}?)\s*\)\s*")
# "Theo" opening a credit, also glued to the writer's name before it ("Min AnTheo Infonet").
_THEO_RE = re.compile(r"(?:^|(?<=[\s(])|(?<=[a-zà-ỹđ]))Theo\s+(?=\S)", re.I)
_COMPILED_RE = re.compile(r"^(?:tổng hợp|tổng hợp từ|tổng hợp theo|TH)\b", re.I)


def _is_agency(text):
    """An outlet's tag in brackets: one token ("TTXVN", "Vietnam+", "thethaovietnam.vn") or a few
    capitalised words ("Daily Mail"), not a note ("thực hiện", "Còn tiếp", "TH" for tổng hợp)."""
    words = text.split()
    if _COMPILED_RE.match(text) or not 1 <= len(words) <= 4:
        return False
    if len(words) == 1:
        return words[0][0].isupper() or "." in words[0]
    return all(w[0].isupper() for w in words)
_VOWELS = set("aăâeêioôơuưyAĂÂEÊIOÔƠUƯY")


@dataclass
class Credit:
    """A closing credit parsed: the spans (in the credit's text) of the names it credits, whether
    they took the photos only or the photos too, and the span of the outlet it names."""

    names: list
    photo_only: bool = False
    with_photos: bool = False
    source: tuple | None = None
    agency: bool = False  # the outlet is an agency's tag in brackets ("(TTXVN)"), not a "Theo" credit


def _is_name_part(token):
    """"Nguyên", "HẢI", "N.Đinh", "T.D", "Q.TRANG", "P.V": capitalised letters, initials."""
    pieces = token.rstrip(".").split(".")
    return all(p and p[0].isupper() and p.isalpha() and (p.isupper() or p[1:].islower() or len(p) == 1)
               for p in pieces)


def _name_ok(name, glued):
    parts = name.split()
    if not 1 <= len(parts) <= 5 or not all(_is_name_part(p) for p in parts):
        return False
    if glued and len(parts) == 1:
        # One word glued to a sentence is a name only as initials or capitals ("Q.TRANG", "PV").
        return "." in parts[0] or (parts[0].isupper() and len(parts[0]) >= 2)
    return True


def _is_syllabic(text):
    """Every word holds a vowel: a person's name ("TRỌNG TRUNG"), not an acronym ("HQ Online")."""
    return all(any(vt.fold(ch) in "aeiouy" for ch in word) for word in text.split())


def _outlet_ok(text):
    """An outlet after "Theo": a capitalised name or a domain, a few words ("Báo Cà Mau",
    "Lamdongtv.vn", "Cổng TTĐT tỉnh Đắk Nông", "AFP")."""
    words = text.split()
    if not 1 <= len(words) <= 7 or any(ch in text for ch in ",;:!?\"“”"):
        return False
    return words[0][0].isupper() or (len(words) == 1 and words[0].isascii())


def _names(text, offset, glued):
    """Spans of the names in text ("Hoàng Hoa - Văn Cảnh - Nguyễn Thắng"), or None if a piece is not one."""
    spans, pos = [], 0
    for m in [*_NAME_SPLIT_RE.finditer(text), None]:
        end = m.start() if m else len(text)
        piece = text[pos:end]
        stripped = piece.strip()
        if text[pos - 1:pos] == "/" and spans:
            break  # "Việt Hải/Singapore", "Hoàng Nam/VOV-Miền Trung": the writer's city or outlet follows
        if stripped:
            if not _name_ok(stripped, glued):
                return None
            lead = len(piece) - len(piece.lstrip())
            spans.append((offset + pos + lead, offset + pos + lead + len(stripped)))
        if m:
            pos = m.end()
    return spans


def parse_credit(text, glued=False):
    """The Credit in a closing credit line, or None: writers' names ("Minh Anh - Quốc Huy"), a label
    ("Tin, ảnh: Hữu Hiệp", "Ảnh: N.H"), an agency or note in brackets ("Đức Thọ (TTXVN)", "(Tổng hợp)
    Hoàng Yên", "(Vietnam+)"), an outlet after "Theo" ("Theo Báo Cà Mau", "Theo Hoàng Ái/Lamdongtv.vn",
    "Min AnTheo Infonet"). glued: the text was cut from the end of a sentence, so single words
    count as names only when they are initials or capitals."""
    end = len(text.rstrip(" ."))
    if not end or end > _CREDIT_MAX_CHARS or word_count(text) > _CREDIT_MAX_WORDS or text.rstrip().endswith((":", ";")):
        return None
    credit = Credit(names=[])
    head_start = 0
    m = _PAREN_START_RE.match(text[:end])
    if m and (_COMPILED_RE.match(m.group(1)) or not _is_syllabic(m.group(1))):
        head_start = m.end()  # "(Tổng hợp) Hoàng Yên"
    m = _PAREN_END_RE.search(text, head_start, end)
    if m:
        inner, inner_at = m.group(1), m.start(1)
        theo = _THEO_RE.match(inner)
        if theo:  # "(Theo Forbes)"
            if not _outlet_ok(inner[theo.end():]):
                return None
            credit.source = (inner_at + theo.end(), inner_at + len(inner))
        elif m.start() == head_start and _is_syllabic(inner) and _names(inner, inner_at, glued):
            credit.names = _names(inner, inner_at, glued)  # "(TRỌNG TRUNG)"
        elif _is_agency(inner):
            credit.source = (inner_at, inner_at + len(inner))  # "(TTXVN)", "(Vietnam+)", "(Daily Mail)"
            credit.agency = True
        elif len(inner.split()) > 4:
            return None
        # else a note: "(Tổng hợp)", "(thực hiện)", "(Còn tiếp)", "(Văn phòng Bangkok)"
        end = m.start()
    head = text[head_start:end]
    theos = list(_THEO_RE.finditer(head))
    theo = theos[-1] if theos else None  # the last "Theo": "Theo Hoàng Ái/Lamdongtv.vn"
    if theo:
        outlet_at = head_start + theo.end()
        outlet = text[outlet_at:end].rstrip(" .")
        writer = None
        if "/" in outlet:
            writer, _, outlet_name = outlet.rpartition("/")
            outlet_at += len(writer) + 1
            outlet = outlet_name
        if credit.agency and not writer and not credit.names and _names(outlet, outlet_at, glued):
            writer, outlet = outlet, ""  # "Theo LÊ NAM - GIA MINH (TTO)": writers, then the outlet's tag
        elif not _outlet_ok(outlet) or credit.source and credit.names:
            return None
        if credit.source is None:
            credit.source, credit.agency = (outlet_at, outlet_at + len(outlet)), False
        if writer:
            spans = _names(writer, head_start + theo.end(), glued)
            if spans is None:
                return None
            credit.names += spans
        end = head_start + theo.start()
        head = text[head_start:end]
    label = CREDIT_PREFIX_RE.match(head) if head.strip() else None
    if label and vt.key(label.group("label")).startswith("theo"):
        return None  # "Theo" without an outlet after it
    names_at = head_start + (label.end() if label else 0)
    rest = text[names_at:end]
    if rest.strip():
        spans = _names(rest, names_at, glued)
        if spans is None:
            return None
        credit.names = spans + credit.names
    elif label:
        return None  # a bare label ("Ảnh:")
    if not credit.names and credit.source is None:
        return None
    if label:
        kinds = set(re.findall(r"tin|bài|ảnh|video|clip|thực hiện|pv|phóng viên", vt.key(label.group("label"))))
        credit.photo_only = bool(kinds) and kinds <= {"ảnh", "video", "clip"}
        credit.with_photos = "ảnh" in kinds and not credit.photo_only
    return credit


def is_byline_line(text):
    """A closing credit line: writers' names, "Tin, ảnh: …", "Ảnh: …", "PV", "Theo …"."""
    return parse_credit(text.strip()) is not None


# Where a byline glued to the end of a one-line body can start: after a sentence's end
# ("…quyết định.Lê Sơn", "…/.Quốc Việt (Vietnam+)", "… nhân dân. Hiền Hạnh (TTXVN)"), or inside a word
# where a capital follows a small letter ("…Hà NộiNgọc Điệp").
_GLUE_WINDOW = 120
_GLUED_START_RE = re.compile(
    r"[.!?…;:]+(?:/\.)?[”\"')]*\s*(?=\S)|(?<=[…)”\"'])\s*(?=\S)|(?<=\s)(?=Theo\s)"
)


def _glued_starts(text, base):
    """Positions from base on where a byline can start, in order."""
    starts = {m.end() for m in _GLUED_START_RE.finditer(text, base)}
    # A capital right after a small letter or a digit: a name glued to the last word ("…Hà NộiNgọc Điệp").
    starts.update(i for i in range(max(base, 1), len(text))
                  if text[i].isupper() and (text[i - 1].islower() or text[i - 1].isdigit()))
    return sorted(starts)


# One or two capitals and a dot, not after a letter: "TP.", "T.", "Q." (initials, abbreviations).
_ABBREVIATION_END_RE = re.compile(r"(?<![^\W\d_])[A-ZĐ]{1,2}\.\s?$")


_PHOTO_LABEL_END_RE = re.compile(r"(?<![^\W\d_])(?:ảnh|video|clip)\s*:?\s*$", re.I)


def split_glued_byline(line):
    """(body, byline) Lines when a long line ends with a credit glued to its last sentence, else None."""
    text = line.text
    if word_count(text) < _BODY_MIN_WORDS:
        return None
    base = max(0, len(text) - _GLUE_WINDOW)
    for start in _glued_starts(text, base):
        if _ABBREVIATION_END_RE.search(text, 0, start) and text[start].isupper():
            continue  # an abbreviation ("TP.HCM", "T.Ư", "TP. Hồ Chí Minh"), not a sentence's end
        if _PHOTO_LABEL_END_RE.search(text, max(0, start - 12), start):
            continue  # "… Ảnh: Minh Hải": the photographer, not the writer
        candidate = text[start:].strip()
        credit = parse_credit(candidate, glued=True)
        if credit is None or credit.photo_only or _is_place_credit(candidate, credit):
            continue
        body = line.sub(0, start)
        if not body.text:
            return None
        return body, line.sub(start, len(text))
    # A body closing with links to other reports has the signature after the last one, with no stop
    # between ("… » Đồng chí X: Cần chỉ rõ … cải cách hành chính Nguyên Nguyên").
    link = text.rfind("»", max(0, len(text) - _LINKED_WINDOW))  # ">>" links close bodies with no signature after
    m = _TRAILING_NAME_RE.search(text, max(link, base)) if link >= 0 else None
    if m and (credit := parse_credit(m.group(1), glued=True)) and not _is_place_credit(m.group(1), credit):
        return line.sub(0, m.start(1)), line.sub(m.start(1), len(text))
    return None


_LINKED_WINDOW = 250
# Two or three capitalised words at the very end, after a word in small letters.
_TRAILING_NAME_RE = re.compile(r"(?<=[a-zà-ỹđ]) ((?:[A-ZĐÀ-Ỹ][^\W\d_]{0,7}\s){1,2}[A-ZĐÀ-Ỹ][^\W\d_]{0,7})\s*$")


def _is_place_credit(text, credit):
    """Only a place's name, such as a sentence ending "… tại Hà Nội" without its full stop."""
    if credit.source is not None:
        return False
    return all(_place_name(text[s:e]) for s, e in credit.names) and bool(credit.names)


def _place_name(name):
    # A byline in capitals is a signature even where it spells a place ("HẢI CHÂU").
    return not name.isupper() and vt.key(name) in _place_keys()


@lru_cache(maxsize=1)
def _place_keys():
    keys = set()
    for prov in gazetteer.PROVINCES:
        keys.update(vt.key(n) for n in (prov.name, *prov.aliases, *prov.districts))
    return keys
