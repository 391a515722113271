"""The meeting a report is about: kind, organ, term, session, format, location.

Read from the headline and the opening paragraphs, where reports state them
("Hội nghị Ban Chấp hành Đảng bộ tỉnh (khóa XI) lần thứ 12", "Kỳ họp thứ 15
HĐND tỉnh khóa X", "theo hình thức trực tiếp và trực tuyến", "tại hội trường
Sen Hồng"). An article that reports no meeting yields None. Pure: no Django.
"""
import re

from archive import text as vt
from archive.ingest.extract.dates import reports_a_meeting
from archive.ingest.extract.shortcuts import unify_tones_in_place
from archive.ingest.facts import MeetingFact

FORMAT_IN_PERSON = "in_person"
FORMAT_ONLINE = "online"
FORMAT_HYBRID = "hybrid"

# (pattern on the lower-case text, kind, organ). Specific patterns are tried on every opening
# line before the weak ones: a headline that only says "hội nghị" (or names a congress the
# meeting prepares for) must not hide "HĐND tỉnh … tổ chức Kỳ họp thứ 2" in the lead.
_KINDS = (
    (r"kỳ họp (?:thứ \S+|chuyên đề|bất thường)[^.;]{0,60}?(?:hội đồng nhân dân|hđnd) (tỉnh|thành phố|tp\b)",
     "Kỳ họp Hội đồng nhân dân", "Hội đồng nhân dân {0}"),
    (r"(?:hội đồng nhân dân|hđnd) (tỉnh|thành phố|tp\b)[^.;]{0,80}?kỳ họp",
     "Kỳ họp Hội đồng nhân dân", "Hội đồng nhân dân {0}"),
    (r"hội nghị (?:lần thứ \S+ )?(?:ban chấp hành|bch)(?: \(bch\))? đảng bộ (tỉnh|thành phố)",
     "Hội nghị Ban Chấp hành Đảng bộ", "Ban Chấp hành Đảng bộ {0}"),
    (r"hội nghị (?:ban thường vụ|btv) (tỉnh ủy|thành ủy)", "Hội nghị Ban Thường vụ", "Ban Thường vụ {0}"),
    (r"(?:ban chấp hành|bch)(?: \(bch\))? đảng bộ (tỉnh|thành phố)(?! lần)[^\n]{0,400}?hội nghị",
     "Hội nghị Ban Chấp hành Đảng bộ", "Ban Chấp hành Đảng bộ {0}"),
    (r"hội nghị (?:trực tuyến |trực tiếp )?(sơ kết)", "Hội nghị sơ kết", None),
    (r"hội nghị (?:trực tuyến |trực tiếp )?(tổng kết)", "Hội nghị tổng kết", None),
    (r"hội nghị (?:trực tuyến |trực tiếp )?(quán triệt|triển khai|học tập)", "Hội nghị quán triệt, triển khai", None),
    (r"hội nghị (?:trực tuyến |trực tiếp )?(cán bộ chủ chốt)", "Hội nghị cán bộ chủ chốt", None),
    (r"(?:ban thường vụ|btv) (tỉnh ủy|thành ủy)[^.;\n]{0,60}?"
     r"(?:(?:tổ chức|tiến hành) (?:hội nghị|phiên họp)|họp\b|triệu tập)",
     "Hội nghị Ban Thường vụ", "Ban Thường vụ {0}"),
)
_WEAK_KINDS = (
    (r"(?<!trình )(?<!tiến tới )(?<!chuẩn bị )(?<!phục vụ )(đại hội) đại biểu đảng bộ", "Đại hội Đảng bộ", None),
    (r"(phiên họp)", "Phiên họp", None),
    (r"(hội nghị)", "Hội nghị", None),
)
_ORGANS = (
    (r"ban thường vụ (tỉnh ủy|thành ủy)", "Ban Thường vụ {0}"),
    (r"(?:ban chấp hành|bch) đảng bộ (tỉnh|thành phố)", "Ban Chấp hành Đảng bộ {0}"),
    (r"thường trực (tỉnh ủy|thành ủy|hội đồng nhân dân tỉnh)", "Thường trực {0}"),
    (r"(?:ủy ban nhân dân|ubnd) (tỉnh|thành phố|tp\b)", "Ủy ban nhân dân {0}"),
    (r"(?:hội đồng nhân dân|hđnd) (tỉnh|thành phố|tp\b)", "Hội đồng nhân dân {0}"),
    (r"(?<!ban thường vụ )(tỉnh ủy|thành ủy)", "{0}"),
)
_TERM_RE = re.compile(r"\(?\bkhóa\s+([IVXLC]+|\d+)\b\)?", re.I)
_SESSION_RE = re.compile(
    r"\b(?:lần thứ|kỳ họp thứ|phiên họp thứ|phiên thứ)\s+"
    r"([IVXLC]+|\d+|nhất|hai|ba|tư|năm|sáu|bảy|tám|chín|mười[\w ]{0,8}?)(?![\w])",
    re.I,
)
_LOCATION_RE = re.compile(
    r"\btại\s+((?:hội trường|trụ sở|trung tâm|nhà|phòng họp|khách sạn|điểm cầu|văn phòng|thành phố|"
    r"Hội trường|Trụ sở|Trung tâm|Nhà|Phòng họp|Khách sạn|Văn phòng|Điểm cầu|Thành phố)[^,.;()\n]{2,80}"
    # and its address when one follows: "Hội trường Tỉnh ủy, phường Xuân Hương"
    r"(?:,\s*(?:phường|xã|thị trấn|quận|huyện|thị xã)\s[^,.;()\n]{2,40})?)"
    r"|\btừ\s+((?:điểm cầu|Điểm cầu)[^,.;()\n]{2,80})"  # "kết nối từ điểm cầu Tỉnh ủy đến …"
)


def _capital_organ(template, word):
    word = {"tỉnh ủy": "Tỉnh ủy", "thành ủy": "Thành ủy", "tp": "thành phố"}.get(word, word)
    return template.format(word)


# A headline that is a meeting's ("Khai mạc Kỳ họp thứ 7 …", "Đồng Tháp: Hội nghị Ban Chấp hành …",
# "Ban Thường vụ Tỉnh ủy họp …") and a lead telling that one was held without a date ("vừa tổ chức").
_MEETING_TITLE_RE = re.compile(
    r"^(?:[^:]{0,40}:\s*)?(?:khai mạc|bế mạc|hội nghị|kỳ họp|phiên họp|(?:ban thường vụ|thường trực)[^.:]{0,30}? họp\b)"
)
_HELD_RE = re.compile(
    r"(?:vừa|đã|chính thức)\s+(?:tổ chức|khai mạc|bế mạc|diễn ra|tiến hành|họp\b)[^.]{0,60}?"
    r"(?:hội nghị|kỳ họp|phiên họp|cuộc họp|hội thảo|tọa đàm|sơ kết|tổng kết|quán triệt)"
    r"|(?:hội nghị|kỳ họp|phiên họp)[^.]{0,80}?(?:đã|vừa)\s+(?:diễn ra|khai mạc|bế mạc|được tổ chức)"
    # "… tại Hội nghị tổng kết … vào cuối tuần qua": said at a meeting that took place, undated.
    r"|(?:tại|ở)\s+(?:hội nghị|kỳ họp|phiên họp)\b[^.]{0,120}?\b(?:vào|sáng|chiều|tối|hôm|cuối tuần|tuần qua)\b"
)


def _reports_a_meeting(title_low, lows, paragraphs, date):
    """Whether the article reports a meeting: one dated in the lead (the same test as its meeting
    date), a meeting's headline, or a lead telling that one was held. A crime, a product launch or a
    circular that names a conference is not a meeting report."""
    if date is not None or reports_a_meeting(paragraphs):
        return True
    if _MEETING_TITLE_RE.search(title_low):
        return True
    return any(_HELD_RE.search(low[:600]) for low in lows)


def extract_meeting(title, paragraphs, date=None):
    """MeetingFact of the meeting the report is about, or None when it reports none."""
    opening = [ln for ln in ([title] if title is not None else []) + list(paragraphs[:2]) if ln is not None]
    lows = [unify_tones_in_place(line.text).lower() for line in opening]
    if not _reports_a_meeting(lows[0] if title is not None else "", lows, paragraphs, date):
        return None
    for kinds in (_KINDS, _WEAK_KINDS):
        for line, low in zip(opening, lows, strict=True):
            for pattern, kind, organ_template in kinds:
                m = re.search(pattern, low)
                if not m:
                    continue
                # A kind with no organ of its own ("Long An: Hội nghị sơ kết …" in the headline) takes the
                # organ the lead names ("Ban Thường vụ Tỉnh ủy Long An tổ chức hội nghị sơ kết …").
                organ = (_capital_organ(organ_template, m.group(1)) if organ_template
                         else _organ(low) or next(filter(None, map(_organ, lows)), None))
                return _fill(
                    MeetingFact(kind=kind, span=(line.start + m.start(), line.start + m.end()), organ=organ, date=date),
                    opening,
                )
    return None


def _organ(low):
    """The organ named first in the line ("Tỉnh ủy Bến Tre tổ chức hội nghị … Nghị quyết … của Ban
    Chấp hành Đảng bộ tỉnh": the Tỉnh ủy, not the issuer of the resolution it reviews)."""
    found = [(m.start(), _capital_organ(template, m.group(1)))
             for pattern, template in _ORGANS for m in re.finditer(pattern, low)
             if not _NOT_ORGAN_BEFORE_RE.search(low[max(0, m.start() - 12):m.start()])]
    return min(found)[1] if found else None


# A place or an owner, not the body meeting: "tại trụ sở Tỉnh ủy", "Nghị quyết … của Ban Chấp hành".
_NOT_ORGAN_BEFORE_RE = re.compile(r"(?:trụ sở|hội trường|văn phòng|nhà khách|của|tại|với)\s+$")


# A term or session that belongs to another body than the meeting's: "Ban Chấp hành Trung
# ương Đảng khóa XI", "Đại hội đại biểu Đảng bộ tỉnh lần thứ XXI" (the congress it prepares).
# Festivals, contests and fairs count their editions too ("Lễ hội … lần thứ VII").
_OTHER_BODY_RE = re.compile(
    r"(?:trung ương(?: đảng)?|quốc hội|bộ chính trị|ban bí thư|đại hội[^.;,]{0,30}?|"
    r"(?:lễ hội|liên hoan|hội thi|hội diễn|hội chợ|festival|cuộc thi|giải)[^.;,]{0,40}?)\s*$")
# "phát thanh, truyền hình trực tiếp" is a live broadcast, not the meeting's format.
_BROADCAST_RE = re.compile(r"(?:phát thanh|truyền hình|phát sóng|tường thuật|livestream)[^.;]{0,20}$")
_LOCATION_END_RE = re.compile(r"\s+(?:theo hình thức|để|nhằm|với sự|dưới sự|đến)\b.*$")


def _own(regex, text, low, skip_other_body=True):
    """The first match of regex in text that does not belong to another body."""
    for m in regex.finditer(text):
        if not (skip_other_body and _OTHER_BODY_RE.search(low[max(0, m.start() - 40):m.start()])):
            return m
    return None


def _fill(meeting, lines):
    joined = " \n".join(vt.unify_tones(ln.text) for ln in lines)
    low = joined.lower()
    t = _own(_TERM_RE, joined, low)
    if t:
        meeting.term = t.group(1).upper()
    s = _own(_SESSION_RE, joined, low, skip_other_body=meeting.kind != "Đại hội Đảng bộ")
    if s:
        meeting.session = s.group(1)
    online = "trực tuyến" in low
    in_person = any(not _BROADCAST_RE.search(low[:m.start()]) for m in re.finditer("trực tiếp", low)) or (
        online and "kết hợp" in low)
    meeting.format = (
        FORMAT_HYBRID if online and in_person else FORMAT_ONLINE if online else FORMAT_IN_PERSON if in_person else ""
    )
    loc = _LOCATION_RE.search(joined)
    if loc:
        meeting.location = _LOCATION_END_RE.sub("", loc.group(1) or loc.group(2)).strip()
    return meeting
