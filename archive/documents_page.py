"""What a document page says of the document beyond its stored fields: its abstract, an official search.

The abstract is the document's own subject as an article states it after its code ("… số
153-KH/TU của Tỉnh ủy về chỉ đạo đại hội …"): the extractor keeps what follows "về" up to the
sentence's end, which may run on into the citing sentence ("… của Đảng khẳng định việc chỉ đạo
… được triển khai chặt chẽ"). Here the run-on is cut where the citing sentence's own verb
starts; nothing is shown when no article states a subject. The link to an official search is
built from the code only. Pure functions: they must never query the database or change the
stored subject (curators edit that in the admin).
"""
import re
from urllib.parse import urlencode

# Where a citing sentence takes over from a title: its own verb, after the subject it quoted.
# Bounded alternatives over a subject of at most 200 characters: linear.
_RUN_ON_RE = re.compile(
    r"(?:,\s*|\s+)(?:khẳng định|nhấn mạnh|cho thấy|cho biết|chỉ rõ|đánh giá|đã|đang|sẽ|vừa|"
    r"được triển khai|được ban hành|được thông qua|được tổ chức|yêu cầu|đề nghị|và tổ chức|nhằm|"
    r"trong đó|qua đó|theo đó|tại hội nghị|tỉnh ta|chúng ta)(?=\s|$)",
    re.I,
)
MIN_ABSTRACT = 8  # characters; a shorter remainder is not a title

# The official-text search: Thư viện Pháp luật searches Party and State documents by code.
PORTAL_NAME = "Thư viện Pháp luật"
PORTAL_SEARCH = "https://thuvienphapluat.vn/page/tim-van-ban.aspx"


def abstract(subject):
    """"Về …" from a stated subject, cut where a citing sentence runs on; "" when there is none."""
    subject = " ".join((subject or "").split()).strip(" ,;:")
    if not subject:
        return ""
    cut = _RUN_ON_RE.search(subject)
    if cut and cut.start() >= MIN_ABSTRACT:
        subject = subject[:cut.start()].rstrip(" ,;:")
    elif cut:
        return ""
    return f"Về {subject}"


def portal_search(document):
    """(portal name, search URL) for the document's code; a bare number is searched with its kind."""
    has_code = any(ch.isalpha() for ch in document.number)
    keyword = document.number if has_code else f"{document.kind} {document.number}"
    return PORTAL_NAME, f"{PORTAL_SEARCH}?{urlencode({'keyword': keyword})}"
