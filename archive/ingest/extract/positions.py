"""Where a position phrase ends: the sentence's verb, an abbreviation's dot, a bracketed gloss.

A post is a head word and the body it belongs to ("Bí thư Thành ủy TP.HCM"); reports run it on into
the sentence ("… TP.HCM dẫn đầu đoàn công tác"). A verb (pyvi's tag 'V', written in lower case) ends
the phrase once the body's name is complete: after a capitalised word that is not a body's type
("Thành ủy", "HCM", "Tài chính") or after an administrative level ("tỉnh"). A lower-case verb right
after a body's type is part of its name ("Ban quản lý dự án", "Ủy ban kiểm tra", "Hội bảo trợ").
pyvi runs only on the short phrase (cached), never on a whole body. A dot in "TP.HCM", "TP. Cao
Lãnh" or "T.Ư" does not end a sentence. Pure: no Django.
"""
import re
from functools import lru_cache

from archive import text as vt
from archive.ingest import gazetteer

# The type nouns that open a body's name; a lower-case verb after one is part of the name.
BODY_TYPES = frozenset(vt.key(w) for w in (
    "Ban", "Ủy ban", "Uỷ ban", "Hội", "Hội đồng", "Trung tâm", "Phòng", "Sở", "Cục", "Chi cục", "Tổng cục", "Vụ",
    "Viện", "Trường", "Công ty", "Cty", "Tổ", "Đoàn", "Đội", "Văn phòng", "Hiệp hội", "Liên đoàn", "Quỹ",
    "Tập đoàn", "Tổng công ty", "Ngân hàng", "Hợp tác xã", "Ban quản lý", "Câu lạc bộ", "Bệnh viện", "Học viện",
    "Cảnh sát", "Đảng ủy", "Bộ", "Ủy ban nhân dân", "Mặt trận", "CP", "TNHH", "TMCP", "MTV", "Nghiên cứu",
    "Khoa", "Bộ phận", "Nhóm", "Phân viện",
))
# Administrative levels written in lower case that can close a post ("Chủ tịch UBND tỉnh").
LEVELS = frozenset(("tỉnh", "thành phố", "huyện", "quận", "xã", "phường", "thị xã", "thị trấn", "trung ương",
                    "nhà trường", "đơn vị", "cơ quan", "địa phương"))
# Demonstratives close a body's name ("Giám đốc trung tâm này lại khẳng định").
DEMONSTRATIVES = frozenset(("này", "đó", "ấy", "nói trên", "trên"))
# Verbs that are part of a title ("Phó Chủ tịch phụ trách văn xã", "Phó Bí thư Thường trực").
TITLE_VERBS = frozenset(("phụ trách", "thường trực", "kiêm nhiệm", "điều hành", "đặc trách", "hữu hạn"))


@lru_cache(maxsize=16384)
def verb_offset(phrase):
    """(offset, length) in phrase of the verb that ends the post it opens, or None (cached: posts repeat)."""
    from pyvi import ViPosTagger, ViTokenizer

    words, tags = ViPosTagger.postagging(ViTokenizer.tokenize(phrase))
    cursor, previous = 0, None
    for i, (word, tag) in enumerate(zip(words, tags, strict=False)):
        token = word.replace("_", " ")
        at = phrase.find(token, cursor)
        if at < 0:  # the tokenizer changed the text: give up rather than cut at a wrong place
            return None
        cursor = at + len(token)
        if previous is not None and token[:1].isupper() and " " in token and tag not in ("N", "Np", "Ny"):
            # The tokenizer glued the sentence's word to a place's name ("Thanh_Hóa_còn", tagged V); a
            # body's words keep theirs ("Ban_Chấp_hành").
            syllables = token.split(" ")
            lower = next((n for n, w in enumerate(syllables) if w[:1].islower()), None)
            if lower and vt.key(" ".join(syllables[:lower])) in _place_keys():
                cut = len(" ".join(syllables[:lower])) + 1
                return at + cut, len(token) - cut
        if previous is not None and token[:1].islower() and vt.key(token) not in TITLE_VERBS:
            # An adverb ("cũng", "vẫn", "lại", "rất") is the sentence's, never a post's, but for a pair
            # inside a name ("Doanh nghiệp nhỏ và vừa").
            if tag == "R" and vt.key(previous) != "và":
                return at, len(token)
            # A unit named by a common word after pyvi's one word for its head and type ("Trưởng_phòng
            # Khám sản_phụ", "Giám_đốc Phát_triển kinh_doanh"): the lower case runs on in its name.
            unit_name = i == 2 and previous[:1].isupper() and previous[1:].islower() and (
                tags[1] == "V" or _head_and_unit(words[0].replace("_", " ")))
            if tag == "V" and _closes_a_body(previous) and not unit_name:
                return at, len(token)
            # pyvi tags no lower-case word a proper noun but by mistake, after an acronym it reads as a
            # name's end: the sentence's verb ("… Cảng SPCT lý giải"; not "Vụ Quản lý khoa học").
            if tag == "Np" and previous.isupper() and _closes_a_body(previous):
                return at, len(token)
            # A time after the body's name ("… Cảnh sát Biển thời điểm đó"): the sentence's, not the post's;
            # right after the head the noun is the body ("Giám đốc trung tâm này").
            following_word = vt.key(words[i + 1].replace("_", " ")) if i + 1 < len(words) else ""
            if (i >= 2 and tag == "N" and following_word in DEMONSTRATIVES and previous[:1].isupper()
                    and _closes_a_body(previous) and vt.key(token) not in LEVELS):
                return at, len(token)
            # An adjective after a complete name that opens a clause of the sentence ("… Việt Nam hơn
            # một lần nhấn mạnh"), not one inside a body's name ("Doanh nghiệp nhỏ và vừa",
            # "Trường THPT chuyên Lê Quý Đôn").
            following = tags[i + 1] if i + 1 < len(tags) else ""
            if tag == "A" and _closes_a_body(previous) and following in ("M", "R", "V"):
                return at, len(token)
            # An adjective closing the phrase after a proper name is the sentence's ("… xã Bình Đông bức xúc");
            # after a capitalised common noun it is the body's ("Khoa Hồi sức tích cực", "Vụ Chính sách tiền tệ").
            if (tag == "A" and i + 1 == len(words) and tags[i - 1] in ("Np", "Ny") and previous[:1].isupper()
                    and _closes_a_body(previous)):
                return at, len(token)
        previous = token
    return None


def _head_and_unit(token):
    """Whether token is pyvi's one word for a head and a unit's type ("Trưởng phòng", "Phó ban")."""
    k = vt.key(token)
    return " " in k and k.split(" ", 1)[0] in _UNIT_HEADS and k.split(" ", 1)[1] in BODY_TYPES


def _closes_a_body(token):
    k = vt.key(token)
    if k in LEVELS or k in DEMONSTRATIVES:
        return True
    if _head_and_unit(token):
        return False  # the unit's name follows
    return (token[:1].isupper() or token[:1].isdigit()) and k not in BODY_TYPES


# The heads pyvi joins with a unit's type into one word: "Trưởng phòng", "Phó ban", "Trưởng khoa".
_UNIT_HEADS = frozenset(vt.key(w) for w in ("Trưởng", "Phó", "Giám đốc"))


@lru_cache(maxsize=1)
def _place_keys():
    keys = {"hcm"}
    for prov in gazetteer.PROVINCES:
        keys.update(vt.key(n) for n in (prov.name, *prov.aliases, *prov.districts))
    return frozenset(keys)


_DOT_LEAD_RE = re.compile(r"(?<![^\W\d_])(TP|Tp|TX|TT|T|H|Q|P|X)$")
_NEXT_WORDS_RE = re.compile(r" ?([^\W\d_]+(?: [^\W\d_]+){0,3})")


def abbreviation_dot(text, i):
    """Whether the dot at text[i] belongs to an abbreviation ("TP.HCM", "TP. Cao Lãnh", "T.Ư", "H.Kế Sách")."""
    lead = _DOT_LEAD_RE.search(text, max(0, i - 3), i)
    if not lead:
        return False
    after = _NEXT_WORDS_RE.match(text, i + 1)
    if not after or not after.group(1)[:1].isupper():
        return False
    if lead.group(1) == "T":
        return after.group(1)[:1] in "ƯW" and not after.group(1)[1:2].isalpha()
    words = after.group(1).split()
    places = _place_keys()
    return any(vt.key(" ".join(words[:n])) in places for n in range(len(words), 0, -1))


def hard_stops(text, start, end, pattern):
    """Matches of pattern in text[start:end], a dot in an abbreviation left out."""
    for m in pattern.finditer(text, start, end):
        if m.group(0) == "." and abbreviation_dot(text, m.start()):
            continue
        yield m


def closing_bracket(text, start, limit=160):
    """End of a bracketed aside opening at text[start] ("(SN 1964)", "(Bộ Tài nguyên và Môi trường)"),
    or None when it does not close within limit characters."""
    close = text.find(")", start, start + limit)
    if close < 0 or "(" in text[start + 1:close]:
        return None
    return close + 1
