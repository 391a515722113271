"""The meeting a report is about: kind, organ, term, session, format, location.

Read from the headline and the opening paragraphs, where reports state them
("Hội nghị Ban Chấp hành Đảng bộ tỉnh (khóa XI) lần thứ 12", "Kỳ họp thứ 15
HĐND tỉnh khóa X", "theo hình thức trực tiếp và trực tuyến", "tại hội trường
Sen Hồng"). An article that reports no meeting yields None. Pure: no Django.
"""
import re

from archive import text as vt
from archive.ingest.facts import MeetingFact

FORMAT_IN_PERSON = "in_person"
FORMAT_ONLINE = "online"
FORMAT_HYBRID = "hybrid"

# (pattern on the folded-case text, kind, organ); the first that matches wins.
_KINDS = (
    (r"kỳ họp (?:thứ \S+|chuyên đề|bất thường)[^.;]{0,60}?(?:hội đồng nhân dân|hđnd) (tỉnh|thành phố)",
     "Kỳ họp Hội đồng nhân dân", "Hội đồng nhân dân {0}"),
    (r"(?:hội đồng nhân dân|hđnd) (tỉnh|thành phố)[^.;]{0,40}?kỳ họp", "Kỳ họp Hội đồng nhân dân", "Hội đồng nhân dân {0}"),
    (r"hội nghị (?:lần thứ \S+ )?(?:ban chấp hành|bch)(?: \(bch\))? đảng bộ (tỉnh|thành phố)", "Hội nghị Ban Chấp hành Đảng bộ", "Ban Chấp hành Đảng bộ {0}"),
    (r"hội nghị (?:ban thường vụ|btv) (tỉnh ủy|thành ủy)", "Hội nghị Ban Thường vụ", "Ban Thường vụ {0}"),
    (r"(?:ban chấp hành|bch)(?: \(bch\))? đảng bộ (tỉnh|thành phố)(?! lần)[^\n]{0,400}?hội nghị", "Hội nghị Ban Chấp hành Đảng bộ", "Ban Chấp hành Đảng bộ {0}"),
    (r"hội nghị (?:trực tuyến |trực tiếp )?(sơ kết)", "Hội nghị sơ kết", None),
    (r"hội nghị (?:trực tuyến |trực tiếp )?(tổng kết)", "Hội nghị tổng kết", None),
    (r"hội nghị (?:trực tuyến |trực tiếp )?(quán triệt|triển khai|học tập)", "Hội nghị quán triệt, triển khai", None),
    (r"hội nghị (?:trực tuyến |trực tiếp )?(cán bộ chủ chốt)", "Hội nghị cán bộ chủ chốt", None),
    (r"(đại hội) đại biểu đảng bộ", "Đại hội Đảng bộ", None),
    (r"(phiên họp)", "Phiên họp", None),
    (r"(hội nghị)", "Hội nghị", None),
)
_ORGANS = (
    (r"ban thường vụ (tỉnh ủy|thành ủy)", "Ban Thường vụ {0}"),
    (r"(?:ban chấp hành|bch) đảng bộ (tỉnh|thành phố)", "Ban Chấp hành Đảng bộ {0}"),
    (r"thường trực (tỉnh ủy|thành ủy|hội đồng nhân dân tỉnh)", "Thường trực {0}"),
    (r"(?:ủy ban nhân dân|ubnd) (tỉnh|thành phố)", "Ủy ban nhân dân {0}"),
    (r"(?:hội đồng nhân dân|hđnd) (tỉnh|thành phố)", "Hội đồng nhân dân {0}"),
    (r"(?<!ban thường vụ )(tỉnh ủy|thành ủy)", "{0}"),
)
_TERM_RE = re.compile(r"\(?\bkhóa\s+([IVXLC]+|\d+)\b\)?", re.I)
_SESSION_RE = re.compile(r"\b(?:lần thứ|kỳ họp thứ|phiên họp thứ|phiên thứ)\s+([IVXLC]+|\d+|nhất|hai|ba|tư|năm|sáu|bảy|tám|chín|mười[\w ]{0,8}?)(?![\w])", re.I)
_LOCATION_RE = re.compile(
    r"\btại\s+((?:hội trường|trụ sở|trung tâm|nhà|phòng họp|khách sạn|điểm cầu|văn phòng|"
    r"Hội trường|Trụ sở|Trung tâm|Nhà|Phòng họp|Khách sạn|Văn phòng)[^,.;()\n]{2,80})"
)


def _capital_organ(template, word):
    word = {"tỉnh ủy": "Tỉnh ủy", "thành ủy": "Thành ủy"}.get(word, word)
    return template.format(word)


def extract_meeting(title, paragraphs, date=None):
    """MeetingFact of the meeting the report is about, or None."""
    opening = [ln for ln in ([title] if title is not None else []) + list(paragraphs[:2]) if ln is not None]
    for line in opening:
        low = vt.unify_tones_in_place(line.text).lower()
        for pattern, kind, organ_template in _KINDS:
            m = re.search(pattern, low)
            if not m:
                continue
            organ = _capital_organ(organ_template, m.group(1)) if organ_template else _organ(low)
            return _fill(
                MeetingFact(kind=kind, span=(line.start + m.start(), line.start + m.end()), organ=organ, date=date),
                opening,
            )
    return None


def _organ(low):
    for pattern, template in _ORGANS:
        m = re.search(pattern, low)
        if m:
            return _capital_organ(template, m.group(1))
    return None


def _fill(meeting, lines):
    joined = " \n".join(vt.unify_tones(ln.text) for ln in lines)
    low = joined.lower()
    t = _TERM_RE.search(joined)
    if t:
        meeting.term = t.group(1).upper()
    s = _SESSION_RE.search(joined)
    if s:
        meeting.session = s.group(1)
    online, in_person = "trực tuyến" in low, "trực tiếp" in low or "kết hợp" in low
    meeting.format = (
        FORMAT_HYBRID if online and in_person else FORMAT_ONLINE if online else FORMAT_IN_PERSON if in_person else ""
    )
    loc = _LOCATION_RE.search(joined)
    if loc:
        meeting.location = loc.group(1).strip()
    return meeting
