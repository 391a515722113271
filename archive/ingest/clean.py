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

from archive import text as vt


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
    media: list = field(default_factory=list)  # URLs, media file names
    related: list = field(default_factory=list)
    furniture: list = field(default_factory=list)

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
)
# Furniture after which a page lists other articles or a comment form: the report has ended.
END_MARKERS = ("Tin cùng chuyên mục", "Tin liên quan", "Bài viết liên quan", "Tin khác", "Các tin khác",
               "Tin đã đưa", "Ý kiến bạn đọc", "Các ý kiến của bạn đọc", "Tin mới nhất", "Tin đọc nhiều",
               "Gửi bình luận", "Gửi bình luận của bạn", "Bình luận", "Viết bình luận")
_END_KEYS = {vt.fold(f) for f in END_MARKERS}
_KEY_STRIP = " :|<>»«-"
_COPYRIGHT_RE = re.compile(r"^(?:©|\(c\)|bản quyền|copyright)", re.I)
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
_VIEWS_RE = re.compile(
    r"(?:(?:số\s+lần\s+xem|lượt\s+xem|lượt\s+đọc|views?)\s*:?\s*(\d[\d.,]*))|(?:(\d[\d.,]*)\s*(?:lượt\s+xem|lượt\s+đọc|views?))",
    re.I,
)
# "\b\d{1,2}…" led by a digit: a leading \b made the regex engine try every position, while
# this form lets it scan for a digit in C.
_DATE_RE = re.compile(r"\d(?<!\w\d)\d?\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{4}\b")
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


def is_furniture(text):
    if _COPYRIGHT_RE.match(text) or _TAGS_RE.match(text):
        return True
    if _NOT_FURNITURE_KEY_RE.search(text):
        return False  # one of the parts below holds it, so not all of them are furniture
    # A row of buttons: "In bài viết     Gửi bài viết"
    parts = [p for p in re.split(r"\s{2,}|\t|\|", text) if p.strip()]
    return bool(parts) and all(vt.fold(p).strip(_KEY_STRIP) in _FURNITURE_KEYS for p in parts)


def is_end_marker(text):
    if _NOT_END_KEY_RE.search(text):
        return False
    return vt.fold(text).strip(_KEY_STRIP) in _END_KEYS


def is_media(text):
    if _VIDEO_LABEL_RE.match(text):
        return True
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
    if lead_marker(line.text) is not None:
        return True
    return word_count(line.text) >= _BODY_MIN_WORDS and line.text.rstrip().endswith(
        (".", "!", "?", "…", "”", '"', ":", ")")
    )


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
        elif text.startswith((">>", "»", "&gt;&gt;")):
            art.related.append(line)
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

    # Header zone: text lines before the first paragraph of the report.
    first_body = next(
        (i for i, (kind, ln) in enumerate(content) if kind == "text" and _is_body_paragraph(ln)),
        len(content),
    )
    header = [(i, ln) for i, (kind, ln) in enumerate(content[:first_body]) if kind == "text"]
    title_index = None
    if header:
        title_index, title = max(header, key=lambda item: len(_strip_null(item[1]).text))
        art.title = _strip_null(title)
        before = [ln for i, ln in header if i < title_index]
        if before:
            art.category = before[-1] if word_count(before[-1].text) <= 6 else None
    elif any(kind == "text" for kind, _ in content):
        title_index, title = next((i, ln) for i, (k, ln) in enumerate(content) if k == "text")
        art.title = _strip_null(title)

    for i, (kind, line) in enumerate(content):
        if kind == "stamp":
            art.stamps.append((line, title_index is not None and i < title_index))

    repeats_title = _same_key_as(art.title.text) if art.title else None
    body = [
        ln
        for i, (kind, ln) in enumerate(content)
        if kind == "text" and (title_index is None or i > title_index)
        and not (art.title and repeats_title(_strip_null(ln).text))
    ]
    # The byline and photo credits close the article.
    tail = []
    while body and is_byline_line(body[-1].text):
        tail.insert(0, body.pop())
    art.tail = tail
    for line in body:
        (art.captions if is_caption(line.text) else art.paragraphs).append(line)
    return art


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


# The label before credited names: "Tin, ảnh:", "Bài và ảnh:", "Ảnh:", "Theo".
CREDIT_PREFIX_RE = re.compile(
    r"^(?P<label>(?:tin|bài|ảnh|video|clip|thực hiện|nhóm pv|theo)"
    r"(?:\s*(?:,|và|\+|-)\s*(?:tin|bài|ảnh|video|clip))*)\s*:?\s*",
    re.I,
)
_NAME_PART_RE = re.compile(
    r"^(?:[A-ZĐÀ-Ỹ][\wÀ-ỹ]*\.?|[A-ZĐ](?:\.[A-ZĐ])+\.?|\([A-ZĐ][\w ]{1,20}\))$"
)


def is_byline_line(text):
    """A closing credit line: writers' names, "Tin, ảnh: …", "Ảnh: …", "PV", "Theo …"."""
    text = text.strip()
    if not text or word_count(text) > 12 or text.endswith((":", ";")):
        return False
    rest = CREDIT_PREFIX_RE.sub("", text, count=1).strip()
    if not rest:
        return False
    names = [n for n in re.split(r"\s*(?:[-–—,;/]|\bvà\b)\s*", rest) if n]
    if not names:
        return False
    for name in names:
        parts = name.split()
        if not 1 <= len(parts) <= 5 or not all(_NAME_PART_RE.match(p) for p in parts):
            return False
    return True
