"""People named in a report, with the positions the report states for them.

Three layouts cover nearly every report: positions after the name, set off by a
dash or comma ("đồng chí Lê Quốc Phong - Ủy viên BCH Trung ương Đảng, Bí thư
Tỉnh ủy"); positions before the name with no punctuation between ("Bí thư Tỉnh
ủy Lê Đức Thọ"); and lists of both separated by semicolons ("Các đồng chí: Ngô
Đông Hải, Ủy viên …; Nguyễn Tiến Thành, …"). A capitalised run of syllables is
a person only in such a context, or after "đồng chí", "ông", "bà"; places,
ideologies and institutions named after people ("tư tưởng Hồ Chí Minh",
"trường THPT Lê Quý Đôn") are not. Compound positions are split into single
ones and written the one way we store them. Pure: no Django.
"""
import bisect
import re
from functools import lru_cache

from archive import text as vt
from archive.ingest import gazetteer
from archive.ingest.extract.positions import BODY_TYPES, LEVELS, closing_bracket, hard_stops, verb_offset
from archive.ingest.extract.shortcuts import LATIN, LETTER_RE, char_class, unify_tones_in_place
from archive.ingest.facts import PersonFact, PositionFact

SURNAMES = frozenset(
    """Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đồng Đào Đoàn
    Vương Trịnh Trương Lâm Phùng Mai Tô Hà Tạ Thái Châu Lương Cao Lại Lưu Đinh Kiều Quách Triệu
    Hứa Chu Nông Lò Sầm Danh Thạch Kim Khúc Âu Giang Tăng Đàm Lục Ninh Thân La Bế Hầu Sùng Mạc
    Phí Từ Tôn Cù Thiều Ông Viên Nghiêm Quan Doãn Diệp Mã Vi Lữ Nhữ Khổng Phương Văn Tống Trình
    Đậu Lò Lù Giàng Hoàng Hàn Khương Kha Lã Liêu Mẫn Ngọ Nhâm Quản Tiêu Tòng Tạ Văng Y Ksor Rơ
    Siu Rah Nay Kpă H' Điểu Sơn Cầm Lộc Ma Hà Bạch Bàn Chế Chương Chử Cấn Công Đường Giáp Hán Hoa
    Khuất Kiều Lạc Lạng Lều Lô Mông Ngân Ngụy Nguỵ Ong Phó Quang Sái Tiết Trà Trang Ung Uông Vy Xa Vàng
    Giàng Mùa Hờ Sình Hạng Chẩu Lầu Tráng Thào Hoàng Mè Xồng Pờ Chảo Triệu Tẩn Bàn Phùng Lý Tưởng""".split()
)

# Words that open a position. Longest first when matched; case-insensitive.
POSITION_HEADS = (
    "Ủy viên", "Tỉnh ủy viên", "Thành ủy viên", "Huyện ủy viên", "Bí thư", "Phó Bí thư",
    "Tổng Bí thư", "Chủ tịch", "Phó Chủ tịch", "Chủ nhiệm", "Phó Chủ nhiệm", "Trưởng",
    "Phó Trưởng", "Trưởng ban", "Phó Trưởng ban", "Giám đốc", "Phó Giám đốc", "Tổng Giám đốc",
    "Bộ trưởng", "Thứ trưởng", "Thủ tướng", "Phó Thủ tướng", "Vụ trưởng", "Phó Vụ trưởng",
    "Hàm Vụ trưởng", "Cục trưởng", "Phó Cục trưởng", "Chánh Văn phòng", "Phó Chánh Văn phòng",
    "Chánh án", "Phó Chánh án", "Chánh Thanh tra", "Viện trưởng", "Phó Viện trưởng", "Tư lệnh",
    "Phó Tư lệnh", "Chính ủy", "Phó Chính ủy", "Chỉ huy trưởng", "Đại biểu Quốc hội",
    "Tổng Thư ký", "Thư ký", "Hiệu trưởng", "Chủ nhiệm Ủy ban", "Thường trực", "Ủy viên Thường trực",
    "Đại tướng", "Thượng tướng", "Trung tướng", "Thiếu tướng", "Đại tá", "Thượng tá", "Trung tá",
    "Người phát ngôn", "Phó Ban", "Trưởng Ban", "Trưởng Đoàn", "Phó Trưởng Đoàn", "Tổng cục trưởng",
    "Phó Tổng cục trưởng", "Kiểm toán trưởng", "Chủ tịch Hội đồng", "Phó Chủ tịch Hội đồng",
    "Tổng Biên tập", "Phó Tổng Biên tập", "Đại sứ", "Lãnh sự", "Trưởng phòng", "Phó Trưởng phòng",
    "Nguyên Bí thư", "Nguyên Chủ tịch", "Nguyên Phó Chủ tịch", "Nguyên Ủy viên", "Ủy viên dự khuyết",
    "Thường vụ", "UVTƯ", "UVTW", "UVBCT", "UV BCH", "Ngoại trưởng", "Tổng thống", "Phó Tổng thống",
    "Chủ tịch nước", "Phó Chủ tịch nước", "Quốc vương", "Thủ trưởng", "Đội trưởng", "Tổ trưởng", "Trưởng đoàn",
    "Phó Trưởng đoàn", "Trưởng thôn", "Trưởng ấp", "Trưởng bản", "Thiếu tá", "Đại úy", "Phó Hiệu trưởng",
    "Tổng Lãnh sự", "Phó Tổng Giám đốc", "Phó Tổng Thư ký", "Phó Đội trưởng", "Phó Tổ trưởng", "Phó Thủ trưởng",
    "Phó Chánh Thanh tra", "Thống đốc", "Phó Thống đốc", "Tổng Kiểm toán", "Phó Tổng Kiểm toán",
    "Tổng Tham mưu trưởng", "Phó Tổng Tham mưu trưởng", "Tham mưu trưởng", "Chi cục trưởng", "Phó Chi cục trưởng",
)
_HEAD_KEYS = sorted({vt.key(h): h for h in POSITION_HEADS}.items(), key=lambda kv: -len(kv[0]))
# The same, in the same order, by first character: head_at_start only tries the heads
# that can open the text.
_HEAD_KEYS_BY_FIRST = {}
for _head_key, _head in _HEAD_KEYS:
    _HEAD_KEYS_BY_FIRST.setdefault(_head_key[0], []).append((_head_key, _head))

# Words after which a position list has ended: the verb of the sentence, a conjunction.
STOP_WORDS = (
    "phát biểu", "chủ trì", "đồng chủ trì", "dự", "tham dự", "đến dự", "cùng dự", "đánh giá",
    "khẳng định", "nhấn mạnh", "cho rằng", "cho biết", "đề nghị", "yêu cầu", "trao", "tặng",
    "kết luận", "khai mạc", "bế mạc", "điều hành", "báo cáo", "trình bày", "thăm", "làm việc",
    "chúc mừng", "ghi nhận", "phát động", "giới thiệu", "quán triệt", "công bố", "thông qua",
    "đã", "sẽ", "đang", "là", "cùng", "với", "về", "trong", "khi", "được", "nhận", "lưu ý",
    "chỉ đạo", "nêu", "tham luận", "thảo luận", "giải trình", "tiếp thu", "ký", "gửi", "chia sẻ",
    "biểu dương", "nhắc lại", "mong muốn", "bày tỏ", "thay mặt", "tiếp", "hướng dẫn", "đọc",
    "trả lời", "chất vấn", "kiểm tra", "khảo sát", "làm trưởng đoàn", "cũng", "vừa", "tới",
    "đề xuất", "kiến nghị", "phân tích", "ủng hộ", "tại", "trên", "theo", "của", "cho", "để",
    "nhằm", "bầu", "được bầu", "tái đắc cử", "đắc cử", "trúng cử", "nhận nhiệm vụ", "trực tiếp",
    "từ", "kể từ", "ngày", "sáng", "chiều", "tối", "lúc", "vào", "con trai", "con gái", "đến", "xác nhận", "bởi", "ở",
    # Reporting verbs: the sentence's, never a unit's name ("Trưởng phòng nói rằng …").
    "nói", "cho hay", "tuyên bố", "nhận định", "nhận xét", "thừa nhận", "lý giải", "giải thích", "khuyến cáo",
)
_STOP_RE = re.compile(
    r"\s(?:" + "|".join(sorted(map(re.escape, STOP_WORDS), key=len, reverse=True)) + r")(?![^\W\d_])"
    r"|\svà(?=\s+[^\W\d_])"
)


_ENVOY_RE = re.compile(r"(?:Đại sứ|Tổng Lãnh sự|Lãnh sự|Trưởng Đại diện|Trưởng đại diện|Đại diện)\s")
_BODY_AFTER_RE = re.compile(r" (?:Tập đoàn|Tổng công ty|Công ty|Bộ|Ngân hàng|Quỹ|Tổ chức|Liên minh)(?![^\W\d_])")
_DU_NOUN_RE = re.compile(r" (?:án|thảo|toán|báo|trữ|phòng)(?![^\W\d_])")


def _stop(text, start, end):
    """The first stop word in text[start:end]; "và" only when a lowercase word follows it
    ("Sở Kế hoạch và Đầu tư" is one name, "… Bí thư Tỉnh ủy và các đại biểu" is not)."""
    for m in _STOP_RE.finditer(text, start, end):
        if text.startswith(" nhỏ và vừa", m.start() - len(" nhỏ")) or text.startswith(" nhỏ và vừa", m.start() - 7):
            continue  # "Hiệp hội Doanh nghiệp nhỏ và vừa": one name
        word = m.group(0).strip()
        if word == "dự" and _DU_NOUN_RE.match(text, m.end()):
            continue  # "Ban quản lý dự án": a noun, not "attend"
        if word == "tại" and _ENVOY_RE.search(text, max(start, m.start() - 80), m.start()):
            continue  # "Đại sứ Hoa Kỳ tại Việt Nam": where an envoy serves is part of the post
        if word == "của" and _BODY_AFTER_RE.match(text, m.end()):
            continue  # "Giám đốc khu vực … của Tập đoàn …"
        if word == "ký" and text[max(0, m.start() - 5):m.start()].lower().endswith((" thư", "đăng")):
            continue  # "Tổng Thư ký", "Văn phòng đăng ký": not "sign"
        if word == "nói" and text[max(0, m.start() - 6):m.start()].lower().endswith("tiếng"):
            continue  # "Đài Tiếng nói Việt Nam": "voice", not "says"
        if word == "trong" and text.startswith(" nước", m.end()):
            continue  # "Vụ Thị trường trong nước": "domestic", not "in"
        if word == "điều hành" and text[max(0, m.start() - 8):m.start()].lower().endswith("giám đốc"):
            continue  # "Giám đốc điều hành": a title (chief executive), not "chairs"
        if word != "và" or not text[m.end() + 1:m.end() + 2].isupper():
            return m
        if head_at_start(text[m.end() + 1:m.end() + 41]):
            return m  # "Bộ trưởng Bộ Quốc phòng và Ủy viên Bộ Chính trị, Bí thư …": the next person's titles
    return None


# Words after which a capitalised run is a person, not glued to a letter, then white space, a colon.
_STRONG_WORDS = ("đồng chí", "đ/c", "ông", "bà", "Ông", "Bà", "Đồng chí", "Đ/c", "thượng tướng", "trung tướng",
                 "thiếu tướng", "đại tá")
# Institutions, places and ideas named after people: one of these words and white space before the run.
_NOT_PERSON_WORDS = (
    "trường", "THPT", "THCS", "TH", "tiểu học", "đường", "phố", "phường", "xã", "cầu", "TP.", "TP", "báo", "tư tưởng",
    "phong cách", "đạo đức", "giải thưởng", "giải", "quỹ", "công viên", "bệnh viện", "bảo tàng", "nhà văn hóa", "khu",
    "ấp", "thôn", "bản", "làng", "xóm", "lăng", "di tích", "đền", "chùa", "huân chương", "học viện", "đại học",
    "thị trấn", "thị xã", "kênh", "sông", "hồ", "núi", "đảo", "cụm", "phòng", "hội trường", "Chủ tịch",
    "ĐH", "CĐ", "ĐHQG", "BV",
)


# Words of _NOT_PERSON_WORDS that also close other words ("môi trường", "yêu cầu", "văn phòng",
# "thông báo"); never a unit of places ("Đảng ủy xã Quỳnh Bá", which pyvi reads as one word).
_COMPOUND_ENDS = frozenset(("trường", "cầu", "phòng", "đường", "giải", "báo", "quỹ", "hồ"))
_NOT_PERSON_PAIRS = frozenset(w.casefold() for w in _NOT_PERSON_WORDS if " " in w)


def _ending_re(words, alone):
    """On a text reversed, one of words reversed (case-insensitively) at its start, not followed by
    a letter if alone: whether the text ends with the word (not glued to a letter). One match at the
    end instead of a search: the search from the start was quadratic in a line."""
    return re.compile("(?:" + "|".join(re.escape(w[::-1]) for w in words) + ")" + r"(?![^\W\d_])" * alone, re.I)


_STRONG_ENDING_RE = _ending_re(_STRONG_WORDS, alone=True)
_NOT_PERSON_ENDING_RE = _ending_re(_NOT_PERSON_WORDS, alone=False)
_TAIL_WORD = max(map(len, _STRONG_WORDS + _NOT_PERSON_WORDS))


def _ends_with(ending_re, core):
    # The tail reversed: room for the longest word and the character before it.
    return bool(ending_re.match(core[max(0, len(core) - _TAIL_WORD - 1):][::-1]))


def _strong_prefix(before):
    """Whether before ends with a word of _STRONG_WORDS, then white space, a colon, white space (any)."""
    core = before.rstrip()
    if core.endswith(":"):
        core = core[:-1].rstrip()
    return _ends_with(_STRONG_ENDING_RE, core)


def _ends_with_not_person_word(before):
    """Whether before ends with a word of _NOT_PERSON_WORDS and white space."""
    core = before.rstrip()
    return len(core) < len(before) and _ends_with(_NOT_PERSON_ENDING_RE, core)


def _not_person_before(before):
    """Whether before ends with a word of _NOT_PERSON_WORDS and white space, not as the last
    syllable of another word ("Sở Tài nguyên và Môi trường", "yêu cầu", "Quốc phòng")."""
    if not _ends_with_not_person_word(before):
        return False
    tail = before[-24:].split()
    if len(tail) < 2 or tail[-1].casefold() not in _COMPOUND_ENDS:
        return True
    pair = " ".join(tail[-2:])
    return pair.casefold() in _NOT_PERSON_PAIRS or not _one_word(pair)


_NOT_NAMES = {"Hồ Chí Minh", "Việt Nam", "Bác Hồ"}
# Countries and unions as the press names them: a name is never one, and one opening a capitalised run
# is not part of the name after it ("Ngoại trưởng Mỹ John Kerry", "Thủ tướng Nhật Bản Shinzo Abe").
COUNTRIES = (
    "Mỹ", "Hoa Kỳ", "Nhật", "Nhật Bản", "Trung Quốc", "Hàn Quốc", "Triều Tiên", "Nga", "Pháp", "Anh", "Đức", "Ý",
    "Italy", "Tây Ban Nha", "Bồ Đào Nha", "Hà Lan", "Bỉ", "Thụy Sĩ", "Thụy Điển", "Na Uy", "Phần Lan", "Đan Mạch",
    "Ba Lan", "Séc", "Slovakia", "Hungary", "Áo", "Ukraine", "Belarus", "Thổ Nhĩ Kỳ", "Hy Lạp", "Ai Cập", "Israel",
    "Palestine", "Iran", "Iraq", "Syria", "Libya", "Liban", "Jordan", "Yemen", "Qatar", "Ả Rập Xê Út", "Saudi Arabia",
    "Kuwait", "Ấn Độ", "Pakistan", "Afghanistan", "Bangladesh", "Sri Lanka", "Nepal", "Myanmar", "Thái Lan", "Lào",
    "Campuchia", "Malaysia", "Singapore", "Indonesia", "Philippines", "Brunei", "Đông Timor", "Timor Leste", "Úc",
    "Australia", "New Zealand", "Canada", "Mexico", "Brazil", "Argentina", "Chile", "Peru", "Colombia", "Cuba",
    "Venezuela", "Nam Phi", "Nigeria", "Kenya", "Ethiopia", "Mozambique", "Angola", "Algeria", "Maroc", "Sudan",
    "Nam Sudan", "Mali", "Czech", "Slovenia", "Lithuania",
    "Thụy Sỹ",  # the y spelling of "Thụy Sĩ", as many outlets write it
    # The rest of the world's states as the press writes them: a closed list, not one grown from articles.
    "Liberia", "Ghana", "Senegal", "Tanzania", "Uganda", "Zimbabwe", "Zambia", "Cameroon", "Congo", "Rwanda",
    "Somalia", "Tunisia", "Bahrain", "Oman", "UAE", "Lebanon", "Kyrgyzstan", "Tajikistan", "Turkmenistan",
    "Azerbaijan", "Armenia", "Gruzia", "Moldova", "Montenegro", "Bosnia", "Albania", "Macedonia", "Síp", "Malta",
    "Luxembourg", "Iceland", "Bolivia", "Ecuador", "Paraguay", "Uruguay", "Guatemala", "Honduras", "Nicaragua",
    "Panama", "Costa Rica", "El Salvador", "Haiti", "Jamaica", "Fiji", "Papua New Guinea", "Bhutan", "Maldives",
    "Mauritius", "Madagascar", "Namibia", "Botswana", "Gabon", "Togo", "Benin", "Guinea", "Sierra Leone",
    "Eritrea", "Djibouti", "Burundi", "Malawi", "Lesotho", "Côte d'Ivoire", "Bờ Biển Ngà", "Libăng",
    "Các Tiểu vương quốc Ả Rập Thống nhất", "Cộng hòa Dominica", "Trinidad và Tobago", "Zaire", "Cu Ba",
    "Đài Loan", "Hồng Kông", "Mông Cổ", "Kazakhstan", "Uzbekistan", "Vatican", "Ireland",
    "Scotland", "Serbia", "Croatia", "Romania", "Bulgaria", "Ba Lan", "Estonia", "Latvia", "Litva", "Cộng hòa Séc",
    "Liên Hợp Quốc", "Liên hợp quốc", "Liên minh châu Âu", "EU", "ASEAN", "Việt Nam", "Trung Đông", "Đông Nam Á",
    "Châu Á", "Châu Âu", "Châu Phi", "Châu Mỹ", "Châu Đại Dương", "Đông Âu", "Tây Âu", "Bắc Mỹ", "Nam Mỹ",
    "Mỹ Latinh", "Mỹ La-tinh", "Trung Á", "Nam Á", "Đông Á", "Tây Á", "Bắc Phi", "Bắc Âu", "Nam Âu",
    "Địa Trung Hải", "Thái Bình Dương", "Đại Tây Dương", "Ấn Độ Dương", "Bắc Cực", "Nam Cực",
)
# Capitalised words that open the name of a place, not of a person ("Núi Pháo", "Bến Ngự", "Cầu Giấy").
_PLACE_WORDS = frozenset(
    "Núi Bến Sông Chợ Cầu Đèo Cửa Vịnh Bãi Mũi Đảo Hòn Cồn Gò Đồi Thác Suối Rạch Kênh Ngã Phố Làng Bản Xóm "
    "Đầm Hồ Phá Biển Khu Cảng Sân Nhà Đường Lăng Đền Chùa Tháp Đình Thành Vườn".split()
)
# Class ranks of decorations and prizes ("Huân chương Lao động Hạng Ba"): "Hạng" is also a surname.
_CLASS_RANKS = frozenset(("Nhất", "Nhì", "Ba", "Tư", "Bốn", "Năm", "I", "II", "III"))
# The bodies' type words after which a capitalised name is the body's ("Sở Công Thương", "Bộ Lao động").
_BODY_WORDS = frozenset("Bộ Sở Ban Cục Vụ Viện Hội Phòng Tổng Trung Đài Báo Quỹ Công Cty Đoàn Tập".split())
_SEP_RE = re.compile(r"\s*,\s+|\s+[-–—]\s+|\s+kiêm\s+")
_WORD_RE = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")


@lru_cache(maxsize=1)
def _place_names():
    names = set()
    for prov in gazetteer.PROVINCES:
        names.update(vt.key(n) for n in (prov.name, *prov.aliases, *prov.districts))
    return frozenset(names)


@lru_cache(maxsize=1)
def _province_prefixes():
    """Keys of the provinces' names and of their aliases of two words or more ("sài gòn"): no person's name
    opens with one."""
    keys = {vt.key(p.name) for p in gazetteer.PROVINCES}
    keys.update(k for p in gazetteer.PROVINCES for k in map(vt.key, p.aliases) if " " in k)
    return tuple(sorted(keys, key=len, reverse=True))


@lru_cache(maxsize=1)
def _province_prefixes_spaced():
    return tuple(p + " " for p in _province_prefixes())


def head_at_start(text):
    """The canonical head word if text opens with a position ("phó bí thư …" → "Phó Bí thư"); a deputy's
    or general's title is the head after "Phó" / "Tổng" ("Phó Tổng Tư lệnh")."""
    k = vt.key(text)
    for lead, label in (("phó tổng ", "Phó Tổng "), ("phó ", "Phó "), ("tổng ", "Tổng ")):
        if k.startswith(lead):
            head = _head_at_start_key(k[len(lead):])
            if head is not None and not head.startswith(("Phó", "Tổng", "Nguyên")):
                longer = _head_at_start_key(k)
                if longer is None or len(longer) < len(label) + len(head):
                    return label + head
            break
    return _head_at_start_key(k)


def _head_at_start_key(k):
    for head_key, head in _HEAD_KEYS_BY_FIRST.get(k[:1], ()):
        if k.startswith(head_key) and (len(k) == len(head_key) or not k[len(head_key)].isalpha()):
            return head
    return None


# "trưởng" after a word is the end of a compound title ("Ngoại trưởng", "đội trưởng", "tăng trưởng"), not a
# head of its own, except after the verbs that give a post ("làm trưởng đoàn", "giữ chức trưởng phòng").
_TRUONG_AFTER_WORD_RE = re.compile(r"(?<![^\W\d_])([^\W\d_]+) $")
_GIVING_WORDS = frozenset(("làm", "là", "chức", "vụ", "danh", "nhiệm", "các", "và", "cử"))


def _compound_truong(text, start):
    """Whether text[start:] opens with a lower-case "trưởng" glued to the word before it."""
    if not text.startswith("trưởng", start):
        return False
    before = _TRUONG_AFTER_WORD_RE.search(text, max(0, start - 12), start)
    return bool(before) and before.group(1).lower() not in _GIVING_WORDS


# "Ban Thường vụ", "Ban Bí thư": a head after a body's word is part of the body's name.
_AFTER_BODY_WORD_RE = re.compile(r"(?<![^\W\d_])(?:Ban|ban|Hội|Ủy ban|Uỷ ban|Bộ) $")  # "Bộ Tư lệnh"


def find_head(text):
    """Index in text of the first word that opens a position, or None."""
    for m in re.finditer(r"(?<![^\W\d_])[^\W\d_]", text):
        if (head_at_start(text[m.start():m.start() + 40]) and not _compound_truong(text, m.start())
                and not _AFTER_BODY_WORD_RE.search(text, max(0, m.start() - 8), m.start())):
            return m.start()
    return None


@lru_cache(maxsize=4096)  # reports repeat the same few dozen positions
def normalize_position(text):
    """One position, as stored: abbreviations expanded, tone marks unified, head capitalised."""
    text = vt.normalize(vt.expand_abbreviations(text)).strip(" ,;:-–—.")
    head = head_at_start(text)
    if head:
        text = head + text[len(head):]
    return text[:1].upper() + text[1:]


def capitalized_runs(text):
    """(start, end, [words]) of every run of capitalised syllables separated by single spaces."""
    if "'" in text or _NOT_LATIN_RE.search(text):  # "H'Mông", or letters without a class below
        return _capitalized_runs_by_word(text)
    # Without an apostrophe a word is a letter run: the runs are read in one regex search.
    return [(m.start(), m.end(), m.group(0).split(" ")) for m in _CAPITALIZED_RUN_RE.finditer(text)]


def _capitalized_runs_by_word(text):
    """capitalized_runs word by word: the plain reading, for the lines the regex does not cover."""
    runs, current = [], []
    for m in _WORD_RE.finditer(text):
        word = m.group(0)
        # Both tests need a capital first letter; most words have none.
        if word[0].isupper() and (vt.is_capitalized(word) or word[:2] in {"H'", "Y "}):
            if current and text[current[-1].end():m.start()] == " ":
                current.append(m)
                continue
            if current:
                runs.append(current)
            current = [m]
        else:
            if current:
                runs.append(current)
            current = []
    if current:
        runs.append(current)
    return [(r[0].start(), r[-1].end(), [m.group(0) for m in r]) for r in runs]


def _letters(test):
    return char_class(ch for ch in LATIN if LETTER_RE.match(ch) and test(ch))


_NOT_LATIN_RE = re.compile(char_class(LATIN, negate=True))
# vt.is_capitalized as a regex on Latin letters: an upper-case letter (not after a letter) and a rest
# that str.islower() accepts (no upper- or title-case letter, some lower-case one), as a whole letter
# run. str.islower() is false on a title-case letter, so lower case is tested after title case.
_UPPER = _letters(str.isupper)
_NOT_CAPITAL = _letters(lambda ch: not ch.isupper() and not ch.istitle())
_LOWER = _letters(lambda ch: not ch.isupper() and not ch.istitle() and ch.islower())
_CASELESS = _letters(lambda ch: not ch.isupper() and not ch.istitle() and not ch.islower())
_CAPITALIZED_REST = f"(?:{_CASELESS}*{_LOWER}{_NOT_CAPITAL}*)?" + r"(?![^\W\d_])"
# A run of them one space apart; led by a class, not a look-behind, so the engine skips to capitals.
_CAPITALIZED_RUN_RE = re.compile(
    _UPPER + r"(?<![^\W\d_].)" + _CAPITALIZED_REST + "(?: " + _UPPER + _CAPITALIZED_REST + ")*"
)


# Capitalised words that open names of bodies, not of people ("Ban Tuyên giáo", "Sở Nội vụ").
ORGANISATION_WORDS = frozenset(
    """Ban Ủy Uỷ Hội Sở Văn Tỉnh Trung Đảng Mặt Bộ Cục Vụ Phòng Viện Trường Công Nhà Quốc Nhân
    Thường Đoàn Liên Chi Đại Tổng Học Quân Bảo Ngân Kho Thành Huyện Xã Phường Thị Chính Báo Đài
    Tòa Toà Hợp Khu Cụm Trạm Trại Bệnh Nông Thủy Thuỷ Giáo Kiểm Thanh Tư Cảnh Công An Lực Biên
    Hải Phó Chủ Bí Giám Trưởng Kế Nghị Quy Chương Kết Chỉ Đề Thông Hướng Luật Tập Tổ Doanh Cty Đội""".split()
)
HONORIFICS = frozenset({"Ông", "Bà", "Anh", "Chị", "Cô", "Chú", "Bác", "Em", "Cụ"})


def name_in_run(words):
    """Index of the first word of the name inside a capitalised run (a known surname), or None."""
    for i, word in enumerate(words):
        if i == 0 and word in HONORIFICS and len(words) >= 3:
            continue  # "Ông Nguyễn Văn Đệ" at the start of a sentence
        if (word in SURNAMES or word.startswith("H'")) and 2 <= len(words) - i <= 5:
            return i
    return None


@lru_cache(maxsize=4096)
def pyvi_proper_noun(name):
    """Whether pyvi's tagger reads the whole run as proper nouns (Np): our check on names
    whose surname is not in SURNAMES ("Y Thanh Hà Niê Kđăm", "Rah Lan Chung")."""
    from pyvi import ViPosTagger, ViTokenizer

    words, tags = ViPosTagger.postagging(ViTokenizer.tokenize(name))
    return len(tags) > 0 and all(tag == "Np" for tag in tags)


@lru_cache(maxsize=1)
def _country_keys():
    return frozenset(vt.key(c) for c in COUNTRIES)


@lru_cache(maxsize=1)
def _place_prefixes():
    """Keys of the first words of every place name of more than one word ("thừa thiên" of Thừa Thiên Huế)."""
    prefixes = set()
    for name in _place_names():
        words = name.replace("-", " ").replace("–", " ").split()
        prefixes.update(" ".join(words[:n]) for n in range(1, len(words)))
    return frozenset(prefixes)


_ENGLISH_TITLES = frozenset("Mr Mr. Mrs Mrs. Ms Ms. Dr Dr. Sir Minister President Prime Premier Secretary Senator "
                            "Chairman Governor Mayor Ambassador".split())


def _non_name_lead(words):
    """How many words at the start of a capitalised run are a place or country before a name
    ("Hà Nội Hoàng Trung Hải", "Bạc Liêu Dương Thành Trung", "Mỹ John Kerry"): 0 when none is, or
    when what follows would be no name of two words."""
    places, countries = _place_names(), _country_keys()
    pos, place = 0, False
    while pos < len(words) - 2 or (pos < len(words) - 1 and pos == 0):
        for n in range(min(4, len(words) - pos - 2), 0, -1):
            k = vt.key(" ".join(words[pos:pos + n]))
            if k in countries or k in places:
                place = place or k not in countries
                pos += n
                break
        else:
            break
    if len(words) - pos < 2 or place and not (words[pos] in SURNAMES or words[pos].startswith("H'")):
        return 0  # after a province, a Vietnamese name opens with its surname
    return pos


def _country_and_one_word(words):
    """A country before a one-word name: "Tổng thống Mỹ Obama", "Tổng thống Syria Bashar al-Assad"."""
    return 2 <= len(words) <= 4 and vt.key(" ".join(words[:-1])) in _country_keys()


_COMMON_SURNAMES = frozenset("Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Ngô Dương Trương Đinh".split())


def _name_start(words):
    """name_in_run, but a surname right after a body's type word in the run is the body's name
    ("Bộ Công Thương Trần Tuấn Anh" names Trần Tuấn Anh, "Sở Công Thương" nobody)."""
    i = name_in_run(words)
    if i is not None and len(words) - i >= 5:
        # "Chu Lai Trương Công Bảo": a place before a name of three; five-syllable names are rare
        for j in range(i + 1, len(words) - 1):
            if words[j] in _COMMON_SURNAMES and 2 <= len(words) - j <= 4:
                return j
    while i is not None and i >= 1 and words[i] in _BODY_NAME_SURNAMES and (
            words[i - 1] in _BODY_WORDS or i == 2 and words[0] in _BODY_WORDS):
        later = name_in_run(words[i + 1:])
        i = None if later is None else i + 1 + later
    return i


def _not_a_name(name, text, start, end):
    """Names that are countries, the opening of a place's name, a title's first syllables, a class of
    a decoration: "Nhật Bản", "Thừa Thiên" (-Huế), "Phó Chủ" (tịch), "Hạng Ba"."""
    words = name.split()
    k = vt.key(name)
    if k in _country_keys() or words[0] in _PLACE_WORDS and words[0] not in SURNAMES:
        return True
    if len(words[0]) == 1 and words[0] != "Y":
        return True  # "T.Ư Đoàn", "Ngân hàng TMCP Á Châu": no Vietnamese name opens with one letter but Y
    if words[0] == "Hạng" and words[-1] in _CLASS_RANKS:
        return True
    if words[0] == "Y" and vt.key(" ".join(words[1:])) in _place_names():
        return True  # "ĐH Y Hà Nội": medicine and a city, not an Ê Đê man's name
    follow = text[end:end + 3]
    if (follow[:1] in "-–" and follow[1:2].strip() and follow[1:2].isupper()
            and not head_at_start(text[end + 1:end + 40])):  # "Thừa Thiên-Huế", not "Trần Thanh Mẫn-Ủy viên …"
        return True
    if follow[:1] == " " and k in _place_prefixes() and _continues_place(k, text, end):
        return True  # "Bà Rịa Vũng Tàu", run on into lower case, "Thừa Thiên - Huế"
    if words[0] in _AMBIGUOUS_SURNAMES or words[0] in _BODY_WORDS:
        nxt = _NEXT_LOWER_RE.match(text, end, end + 20)
        # A body's word that is no surname ("Quỹ", "Sở") needs only the word; a surname a noun.
        if nxt and nxt.group(1).islower() and _one_word(words[-1] + " " + nxt.group(1),
                                                         noun=words[0] in SURNAMES):
            return True  # "Trung ương Đoàn Thanh niên", "Quỹ Bảo vệ sếu": the run ends inside a word
    last = start + len(name) - len(words[-1])
    # "Ông Giám đốc CATP": the run ends inside a title that opens at one of its words
    return bool(head_at_start(text[start:start + 40]) or head_at_start(text[last:last + 40]))


# Surnames that also open the name of a newspaper or firm after its type ("Báo Người Cao Tuổi").
_NOT_ONLY_SURNAMES = frozenset(("Cao", "Hoa", "Mai", "Kim", "Lâm", "Sơn", "Hà", "Thái", "Bình", "Tân", "Quang",
                                "Giang", "Thạch", "Hoàng", "Phú"))
# Surnames that are also the first word of a body's name (Đoàn, Phó, Văn, Công …).
_AMBIGUOUS_SURNAMES = SURNAMES & (ORGANISATION_WORDS | _BODY_WORDS)
_BODY_NAME_SURNAMES = _AMBIGUOUS_SURNAMES | _NOT_ONLY_SURNAMES  # read once per name: built once
_NEXT_LOWER_RE = re.compile(r" ([^\W\d_]+)")


_PLACE_NEXT_RE = re.compile(r"(?: [-–] | )([^\W\d_]+)")


@lru_cache(maxsize=4096)
def _one_noun(pair):
    """Whether pyvi reads two syllables as one noun ("Thanh niên", "Đại biểu")."""
    return _one_word(pair, noun=True)


@lru_cache(maxsize=4096)
def _one_word(pair, noun=False):
    """Whether pyvi reads two syllables as one word ("Bảo vệ"), a noun when noun is set."""
    from pyvi import ViPosTagger, ViTokenizer

    words, tags = ViPosTagger.postagging(ViTokenizer.tokenize(pair))
    return len(words) == 1 and (not noun or tags[0] == "N")


def _continues_place(k, text, end):
    nxt = _PLACE_NEXT_RE.match(text[end:end + 30])
    return bool(nxt) and vt.key(k + " " + nxt.group(1)) in _place_prefixes() | _place_names()


# More words after which a capitalised run names a place, a firm or a team, not a person.
_THING_BEFORE_RE = re.compile(
    r"(?<![^\W\d_])(?:bang|thủ đô|vùng|miền|châu|hãng|tập đoàn|công ty|tàu|sân bay|khách sạn|nhà hàng|"
    r"thương hiệu|dự án|chương trình|trung tâm|tổ chức|nhóm|ban nhạc|đội|câu lạc bộ|CLB|ngân hàng|chợ|"
    r"đại lộ|quảng trường|nhà máy|mỏ|siêu thị|cơ quan|hiệp hội|liên đoàn|tạp chí|hãng tin|tổng công ty) $",
    re.I)


# A firm's type and legal form before its name: "Công ty TNHH Thịnh Phát", "Công ty TNHH SX-TM-DV Hiệp Phát".
_FIRM_BEFORE_RE = re.compile(
    r"(?<![^\W\d_])(?:[Cc]ông ty|[Cc]ty|CTy|[Dd]oanh nghiệp|DNTN|HTX|[Hh]ợp tác xã)"
    r"(?: (?:TNHH|CP|TMCP|MTV|cổ phần|[Tt]rách nhiệm hữu hạn|[Mm]ột thành viên|[A-ZĐ][A-ZĐ0-9&-]{1,15})){1,3} $")


# "trường" closing another word ("Sở Tài nguyên và Môi trường Lê Văn Hai") is no school.
_SCHOOL_BEFORE_RE = re.compile(
    r"(?<![^\W\d_])(?:(?<![Mm]ôi )(?<![Tt]hị )(?<![Hh]iện )(?<![Cc]hiến )(?<![Ll]ập )(?<![Tt]hương )[Tt]rường|"
    r"THPT|THCS|TH|"
    r"[Tt]iểu học|ĐH|CĐ|[Đđ]ại học|[Cc]ao đẳng|[Hh]ọc viện|[Bb]ệnh viện|BV) $")
# Places written in lower case before their name ("Đảng ủy xã Kim Hòa"), unless the word ends a title ("Trưởng thôn").
_UNIT_BEFORE_RE = re.compile(r"(?<![^\W\d_])(?:xã|phường|thôn|ấp|bản|làng|xóm|thị trấn|huyện|quận) $")


# A firm's type and its trade in lower case before its name: "Công ty CP Kim khí" Thăng Long, "Công ty chứng
# khoán" Phương Nam, "Trung tâm tư vấn" Linh Tâm (a level word ends a name instead: "Trung tâm Y tế huyện").
_TRADE_BEFORE_RE = re.compile(
    r"(?<![^\W\d_])(?:[Cc]ông ty|[Cc]ty|CTy|[Tt]ập đoàn|[Tt]rung tâm|[Tt]ổng công ty|[Hh]ợp tác xã|HTX)"
    r"(?: (?:TNHH|CP|TMCP|MTV))?(?: [^\W\d_]+){0,3} ([^\W\d_]+) $")


def _firm_before(before, end, name=""):
    if _FIRM_BEFORE_RE.search(before, max(0, end - 60), end):
        return True
    if name.split(" ", 1)[0] in _COMMON_SURNAMES and len(name.split()) >= 3:
        # "Giám đốc Trung tâm y tế Nguyễn Văn An": a person after the body's type and trade; two
        # words there are the firm's name ("Công ty Địa ốc Lê Thành").
        return False
    trade = _TRADE_BEFORE_RE.search(before, max(0, end - 60), end)
    return bool(trade) and trade.group(1).islower() and vt.key(trade.group(1)) not in LEVELS | _LEVEL_TAILS


_LEVEL_TAILS = frozenset(("phố", "xã", "trấn", "huyện", "quận", "phường", "nước", "ương"))
_HEAD_KEY_SET = frozenset(k for k, _ in _HEAD_KEYS)


def _ends_with_head(before):
    words = before[-30:].split()
    return any(vt.key(" ".join(words[-n:])) in _HEAD_KEY_SET for n in (2, 3) if len(words) >= n)


def is_place_or_thing(name, before):
    k = vt.key(name)
    if name in _NOT_NAMES or k in _place_names():
        return True
    if before.endswith(("Bà ", "bà ")) and vt.key("Bà " + name.split()[0]) in _place_prefixes():
        return True  # "… Vận tải Bà Rịa Vũng Tàu": a place that opens like "bà" (Mrs)
    if k.startswith(_province_prefixes_spaced()):
        return True
    words = name.split()
    if len(words) >= 3 and vt.key(" ".join(words[-2:])) in _country_keys():
        return True  # "… Công Thương Việt Nam": a body named after its country
    if _THING_BEFORE_RE.search(before, max(0, len(before) - 16)) and not _strong_prefix(before):
        return True
    if _firm_before(before, len(before), name):
        return True
    if _UNIT_BEFORE_RE.search(before, max(0, len(before) - 12)) and words[0] not in SURNAMES:
        return True  # "Trưởng thôn Phước Lộc": a village's head and the village, no surname
    if not _not_person_before(before) or _ends_with_head(before):
        return False  # "Trưởng thôn Vũ Quốc Trọng": the word is the end of a title, not a village
    # "Thành ủy Hải phòng Lê Văn Thành": the word before is a place's last syllable, not "phòng";
    # "UBND TP Nguyễn Thế Thảo": a city is never named like a person.
    core = before.rstrip()
    tail = core[-20:].split()
    if len(tail) >= 2 and vt.key(" ".join(tail[-2:])) in _place_names() | _country_keys():
        return False  # "… Nhật Bản Kenji Sato": not "bản" (a village)
    city = tail and (tail[-1] in ("TP", "TP.", "Tp", "Tp.")
                     or len(tail) >= 2 and vt.key(" ".join(tail[-2:])) == "thành phố")
    return not (city and name.split()[0] in SURNAMES)


_AFTER_OPEN_RE = re.compile(r"\s*(?:[-–—,]|\()\s*")
# A list of posts ends where the next person is introduced: "…, Chủ tịch HĐND tỉnh, ông Lê Văn Bình - …".
_HARD_AFTER_RE = re.compile(r"[;.:!?()“”\"\n]|,(?=[^\W\d_])|\s+và\s+(?:các\s+)?(?:đồng chí|ông|bà)(?![^\W\d_])"
                            r"|,\s{1,3}(?:[Đđ]ồng chí|[Ôô]ng|[Bb]à)\s(?=[^\W\d_])")
# The verbs that give a post to the person just named: a new post by a decision, a former one, the lead
# of a delegation ("… làm trưởng đoàn", "được điều động giữ chức …", "từng đảm nhiệm các chức vụ …").
_POST_VERB_RE = re.compile(
    r"\s*\)?\s*(?:\([^()]{0,160}\)\s*)?,?\s*(?:(?:đã|sẽ|được|vừa|đến|chính thức|từng|tiếp tục|đang|cũng|nay)\s+){0,3}"
    r"(?:(?:điều động|bổ nhiệm|phân công|luân chuyển|bầu|chỉ định|cử)\s+(?:đến\s+|về\s+)?)?"
    r"(?:đảm nhiệm|đảm nhận|giữ|làm|nhận nhiệm vụ(?:\s+là)?)\s+(?:(?:các\s+)?chức(?:\s+vụ|\s+danh)?\s+)?",
    re.I,
)
_WINDOW = 400  # characters around a name that its positions are read in: real bodies are one 20 KB line


def positions_after(text, end):
    """Positions stated after a name: ", Ủy viên …, Bí thư Tỉnh ủy" up to the verb."""
    m = _AFTER_OPEN_RE.match(text, end)
    if not m:
        return []
    if "(" in m.group(0) and not head_at_start(text[m.end():m.end() + 40]):
        # An aside without a post ("(SN 1964)- Trưởng phòng …"): read on after it.
        close = closing_bracket(text, end + m.group(0).index("("))
        return positions_after(text, close) if close is not None else []
    return _positions_from(text, m.end())


def _positions_from(text, start):
    return _split_positions(text, start, _window_end(text, start, _HARD_AFTER_RE))


def _window_end(text, start, hard_re):
    """Where a run of posts from start ends: the window's end, a hard stop of hard_re, or the verb
    that ends a post phrase, whichever comes first."""
    end = min(len(text), start + _WINDOW)
    hard = next(hard_stops(text, start, end, hard_re), None)
    if hard:
        end = hard.start()
    stop = _stop(text, start, end)
    return stop.start() if stop else end


def posts_given(text, end):
    """Posts a verb gives the person whose name (or positions) end at end: "… làm trưởng đoàn"."""
    m = _POST_VERB_RE.match(text, end, min(len(text), end + 240))
    if not m or not head_at_start(text[m.end():m.end() + 40]):
        return []
    return _positions_from(text, m.end())


def _split_positions(text, start, end):
    """Split text[start:end] into single positions; pieces must open with a head word. A verb ends
    the last one; a piece that ends with a person's name is that person's title, not ours."""
    pieces, cursor = [], start
    for sep in list(_SEP_RE.finditer(text, start, end)) + [None]:
        piece_end = sep.start() if sep else end
        pieces.append((cursor, piece_end, sep.group(0) if sep else ""))
        if sep:
            cursor = sep.end()
    positions = []
    for p_start, p_end, sep in pieces:
        piece = text[p_start:p_end].strip().rstrip(" -–—")  # a dash before the verb ("X – sáng lập …")
        if not piece:
            break
        glued = next(_glues(piece), None)
        if glued:  # "… Sở Công Thương Hà NộiChương trình …": the next sentence glued on by the crawl
            piece = piece[:glued.start() + 1]
            p_end = p_start + (len(text[p_start:p_end]) - len(text[p_start:p_end].lstrip())) + len(piece)
        verb = verb_offset(piece[:160]) if len(piece.split()) > 1 else None
        if verb is not None:
            piece = piece[:verb[0]].rstrip()
            p_end = p_start + (len(text[p_start:p_end]) - len(text[p_start:p_end].lstrip())) + len(piece)
        if _ends_with_name(piece):
            if positions and not text[p_start - 2:p_start].strip(" ").endswith((";", "-", "–")):
                positions = []  # "…, Vụ trưởng Vụ X, Bộ Y Tống Thị Minh cho biết": the posts are the later name's
            break
        if head_at_start(piece):
            positions.append([p_start, p_end])
        elif positions and _dash_compound(text, positions[-1], p_start, piece):
            positions[-1][1] = p_end  # "Tổ trưởng Tổ văn - sử - địa", "Phòng CSGT đường bộ - đường sắt": one name
        elif positions and not sep and "," in text[positions[-1][1]:p_start] and _bare_name(piece):
            positions = []  # "Người phát ngôn Bộ Quốc phòng X, Cảnh Minh Viễn cho rằng": the posts are that name's
            break
        elif positions and piece.isupper() and piece in text[positions[-1][0]:positions[-1][1]]:
            break  # "Giám đốc Trung tâm TBG, Viện …, TBG mang lại": the acronym again opens the sentence
        elif positions and piece[:1].isupper() and len(piece) > 1 and not _starts_with_name(piece) and len(
                piece.split()) <= 10:
            positions[-1][1] = p_end  # "Hàm Vụ trưởng Vụ địa phương II, Văn phòng Trung ương Đảng"
        else:
            break
        if verb is not None or glued:
            break
    return _facts(text, positions)


_GLUED_RE = re.compile(_LOWER + _UPPER + "|" + _UPPER + "(?=" + _UPPER + _LOWER + ")")  # "NộiChương", "TPTại"


def _glues(text, start=0, end=None):
    """The places in text[start:end] where the crawl glued a sentence onto a word ("Hà NộiChương
    trình", "Ea WerÔng Nguyễn"); not inside a brand written in camel case in plain ASCII letters
    ("MobiFone", "VinaPhone", "PetroVietnam"), which has no Vietnamese letter on either side."""
    end = len(text) if end is None else end
    for glue in _GLUED_RE.finditer(text, start, end):
        # The word around it, 24 letters each side at most: a line of glued letters stays linear.
        left = text[max(0, glue.start() - 24):glue.start() + 1].split()[-1:]
        right = text[glue.start() + 1:glue.start() + 25].split()[:1]
        after = glue.start() + 2
        initial = len(right[0]) == 1 and (after >= len(text) or text[after] == ".") if right else False
        if left and right and left[0].isascii() and right[0].isascii() and not initial and not (
                len(right[0]) > 1 and _SYLLABLE_RE.fullmatch(left[0].lower())
                and _SYLLABLE_RE.fullmatch(right[0].lower())):
            continue  # "MobiFone", "DaiA Bank"; not "Việt NamM.THẢO" (a byline's initial)
        yield glue


# A Vietnamese syllable written without marks: onset, vowels, final ("an", "theo", "chuong"); the
# halves of a camel-case brand are not ("mobi", "fone", "vina", "bank").
_SYLLABLE_RE = re.compile(r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnpqrstvx])?[aeiouy]{1,3}"
                          r"(?:ng|nh|ch|[cmnpt])?")
_AGE_ASIDE_RE = re.compile(r"\s*\((?:SN|sinh năm|\d{1,3} tuổi)", re.I)
_GLUED_WORD_RE = re.compile(" (" + _UPPER + _LOWER + "{1,7})(?=" + _UPPER + ")")


# Military and police ranks: a rank written right before a post is a title of its own ("thượng tá Viện
# trưởng Nguyễn Văn Long" is a Thượng tá and a Viện trưởng).
_RANK_THEN_POST_RE = re.compile(
    r"(?:Đại|Thượng|Trung|Thiếu) (?:tướng|tá|úy|uý)(?= )", re.I)


def _split_ranks(text, spans):
    out = []
    for s, e in spans:
        rank = _RANK_THEN_POST_RE.match(text, s, e)
        if rank:
            rest = rank.end() + len(text[rank.end():e]) - len(text[rank.end():e].lstrip(" -–"))
            if rest < e and head_at_start(text[rest:min(e, rest + 40)]):
                out += [(s, rank.end()), (rest, e)]
                continue
        out.append((s, e))
    return out


def _facts(text, spans):
    out = []
    for s, e in _split_ranks(text, spans):
        written = text[s:e]
        if len(written.split()) > 16:
            continue
        stripped = written.strip(" ,;:-–—")
        s += len(written) - len(written.lstrip(" ,;:-–—"))
        e = s + len(stripped)
        out.append(PositionFact(stripped, normalize_position(stripped), (s, e)))
    return out


# Nouns that open a description or a second role after a dash, not a field of the body's name.
_APPOSITION_OPENING_RE = re.compile(r"(?:thành viên|đại diện|người|đơn vị|nơi|cơ quan|một|chủ|phụ trách)(?![^\W\d_])")


def _dash_compound(text, last, p_start, piece):
    """Whether a piece after a dash joins the post before it into one body's name: it opens in lower case,
    after a post ending in a lower-case word ("Tổ văn - sử - địa", "CSGT đường bộ - đường sắt")."""
    words = piece.split()
    lower_run = next((n for n, w in enumerate(words) if not w.islower()), len(words))
    if not piece[:1].islower() or len(words) > 8 or lower_run > 4 or _APPOSITION_OPENING_RE.match(piece):
        return False  # "… quốc phòng - đơn vị duy nhất sản xuất …": a description of the body, not its name
    if find_head(piece) is not None or lower_run > 1 and lower_run == len(words) and _opens_with_verb(piece):
        return False  # "… nhà trường - đảm nhiệm chức vụ Hiệu trưởng", "… sân khấu - tỏ ý bức xúc": the sentence's
    if text[last[1]:p_start].strip() not in ("-", "–", "—"):
        return False
    prev = text[last[0]:last[1]]
    head = head_at_start(prev)
    rest = prev[len(head):].split() if head else []
    # The body's name must have begun: "Tổng Bí thư - dẫn đầu đoàn" is a title and the sentence's verb.
    return bool(rest) and rest[-1].islower() and vt.key(rest[-1]) not in LEVELS


@lru_cache(maxsize=4096)
def _opens_with_verb(piece):
    from pyvi import ViPosTagger, ViTokenizer

    words, tags = ViPosTagger.postagging(ViTokenizer.tokenize(piece))
    return len(tags) > 0 and tags[0] == "V"


def _titled_name(piece):
    """Whether a piece is a title and a name without a Vietnamese surname ("Tổng thống Susilo Bambang Yudhoyono")."""
    head = head_at_start(piece)
    return bool(head) and _bare_name(piece[len(head):])


def _bare_name(piece):
    """Whether a piece is a name alone: two to four capitalised words, no body's, place's or country's."""
    piece = piece.strip(" ,;")
    words = piece.split()
    if not 2 <= len(words) <= 4 or not all(vt.is_capitalized(w) for w in words):
        return False
    if vt.key(piece) in _place_prefixes():
        return False  # "Thừa Thiên" (- Huế)
    if words[0] in ORGANISATION_WORDS or words[0] in _BODY_WORDS or words[0] in _PLACE_WORDS:
        return False
    k = vt.key(piece)
    return (k not in _place_names() and k not in _country_keys() and not k.startswith(_province_prefixes_spaced())
            and _non_name_lead(words) == 0 and not head_at_start(piece))


def _starts_with_name(piece):
    words = piece.split()
    return len(words) >= 2 and words[0] in SURNAMES and all(vt.is_capitalized(w) for w in words[1:3])


def _name_before_and(piece):
    """Whether a piece names a person before "và" ("Thủ tướng Singapore Lý Hiển Long và Ban tổ chức …")."""
    cut = piece.find(" và ")
    return cut > 0 and _ends_with_name(piece[:cut])


def _ends_with_name(piece):
    """Whether a position piece closes with a person's name ("… Bí thư Thành ủy Hà Nội Hoàng Trung Hải")."""
    runs = capitalized_runs(piece)
    if not runs or runs[-1][1] != len(piece):
        return False
    words = runs[-1][2]
    if _THING_BEFORE_RE.search(piece, max(0, runs[-1][0] - 16), runs[-1][0]) or _firm_before(
            piece, runs[-1][0], " ".join(runs[-1][2])):
        return False  # "Chủ tịch Tập đoàn Hoa Sen": a firm's name
    if _SCHOOL_BEFORE_RE.search(piece, max(0, runs[-1][0] - 12), runs[-1][0]):
        return False  # "… Trường THPT Trần Phú", "… ĐH Y Dược Cần Thơ": a school named after a person or a field
    if len(runs[-1][2]) <= 3 and _UNIT_BEFORE_RE.search(piece, max(0, runs[-1][0] - 12), runs[-1][0]) and not (
            _ends_with_head(piece[:runs[-1][0]])):
        return False  # longer runs may be a place and a name: "xã Đức Giang Nguyễn Minh Vinh"
    lead = _non_name_lead(words)
    if lead and vt.key(" ".join(words[:lead])) in _country_keys():
        return True  # "… Tổng thống Colombia Juan Manuel Santos"
    words = words[lead:]
    i = _name_start(words)
    if i is None or not 2 <= len(words) - i <= 4 or _one_name_of_three(words, i):
        return False
    k = vt.key(" ".join(words[i:]))
    return (k not in _place_names() and k not in _country_keys() and not k.startswith(_province_prefixes_spaced())
            and not head_at_start(k))


_WORD_START_RE = re.compile(r"(?<!\S)\S")
_BEFORE_BOUNDARY_RE = re.compile(
    r"[;.:!?\n(“”\"]|,(?=[^\W\d_])|(?<![^\W\d_])(?:[Đđ]ồng chí|[Cc]ó|[Gg]ồm|của|với|và|thay)\s"
)
# Academic and honorary titles right before a name are not posts ("TS. Đặng Trí Thủ", "PGS.TS Lê Văn Lợi").
_ACADEMIC_RE = re.compile(
    r"(?:(?<![^\W\d_])(?:GS|PGS|TS|ThS|BS|KS|NGƯT|NGND|NSND|NSƯT|Tiến sĩ|Thạc sĩ|Giáo sư|Phó Giáo sư|Bác sĩ)"
    r"\.?\s*){1,3}$")


_STRONG_TAIL_RE = re.compile(r"(?<![^\W\d_])(?:ông|bà|đồng chí|đ/c)\s*$", re.I)
_AUTHORITY_RE = re.compile(r"(?<![^\W\d_])(?:thừa (?:ủy|uỷ) quyền|thay mặt)(?:\s+của)?\s", re.I)


def positions_before(text, start):
    """Positions written right before a name with no punctuation between ("Bí thư Tỉnh ủy Lê Đức Thọ")."""
    window = max(0, start - _WINDOW)
    before = text[window:start]
    academic = _ACADEMIC_RE.search(before)
    comma_before = False
    if academic:
        before = before[:academic.start()]
        if before.rstrip().endswith(","):  # "Hiệu trưởng Trường Đại học X, PGS.TS Hà Văn Long"
            before = before.rstrip()[:-1] + " "
            comma_before = True
    if not before.endswith(" ") or before.rstrip()[-1:] in ",;:-–—.(":
        return []
    boundary = 0
    for m in hard_stops(before, 0, len(before), _BEFORE_BOUNDARY_RE):
        word = m.group(0).strip()
        if word in ("và", "kiêm") and before[m.end():m.end() + 1].isupper() and not head_at_start(
                before[m.end():m.end() + 40]):
            continue  # "Sở Kế hoạch và Đầu tư"
        boundary = m.end()
    stop = None
    for stop in _STOP_RE.finditer(before, boundary):  # noqa: B007 (the last one is wanted)
        pass
    if stop is not None:
        word = stop.group(0).strip()
        if not (word == "và" and before[stop.end() + 1:stop.end() + 2].isupper()
                or word == "tại" and _ENVOY_RE.search(before, boundary, stop.start())):
            boundary = max(boundary, stop.end())
    segment_end = len(before.rstrip())
    strong = _STRONG_TAIL_RE.search(before, boundary, segment_end)
    if strong:
        segment_end = len(before[:strong.start()].rstrip())  # "Chủ tịch UBND tỉnh ông Nguyễn Văn Ân"
    authority = None
    for authority in _AUTHORITY_RE.finditer(before, max(0, boundary - 40), segment_end):  # noqa: B007
        pass
    if authority is not None:
        # "thừa ủy quyền của Chủ tịch nước, Đại tướng - Bộ trưởng Trần Đại Quang": the first post is the
        # authority's, the posts after its comma are the name's.
        comma = _SEP_RE.search(before, authority.end(), segment_end)
        if comma is None or "," not in comma.group(0):
            return []
        boundary = max(boundary, comma.end())
    for glue in _glues(before, boundary, segment_end):
        boundary = glue.start() + 1  # "… xã Ea WerÔng Nguyễn …": a sentence glued on by the crawl
    # A verb in what is left ends the sentence before the title ("… chúc mừng Giám đốc …").
    last_words = [m.start() for m in _WORD_START_RE.finditer(before, boundary, segment_end)][-20:]
    if len(last_words) == 20:
        boundary = max(boundary, last_words[0])
    while before[boundary:segment_end].strip():
        verb = verb_offset(before[boundary:segment_end])
        if strong and verb is not None and not before[boundary + verb[0] + verb[1]:segment_end].strip():
            return []  # "Thủ tướng bổ nhiệm ông …": the post is the verb's subject's, not the name's
        if verb is None or find_head(before[boundary + verb[0] + verb[1]:segment_end]) is None:
            if verb is not None and not before[boundary + verb[0] + verb[1]:segment_end].strip() and (
                    _ends_with_name(before[boundary:boundary + verb[0]].rstrip())):
                return []  # "Bộ trưởng … Moshe Yaalon tuyên bố Tel Aviv": the verb's subject holds the post
            break  # no post after the verb: it is part of the body's name ("Bộ Kế hoạch đầu tư")
        boundary += verb[0] + verb[1]
    for vocative in _VOCATIVE_RE.finditer(before, boundary, segment_end):
        boundary = vocative.end()  # "Thưa Thứ trưởng, Thủ tướng X …": the one addressed is not X
    seps = list(_SEP_RE.finditer(before, boundary, segment_end))
    bounds = [boundary] + [s.end() for s in seps]
    ends = [s.start() for s in seps] + [segment_end]
    # A name earlier in the segment owns the comma-separated posts after it: ours is the last piece only.
    named = any(_ends_with_name(before[b:e].strip()) or _starts_with_name(before[b:e].strip())
                or _name_before_and(before[b:e].strip()) or _titled_name(before[b:e].strip())
                for b, e in zip(bounds[:-1], ends[:-1], strict=True))
    if named:
        if strong and before[:segment_end].endswith((",", ";")) or comma_before:
            return []  # "ông A - Phó Bí thư …, Chủ tịch HĐND tỉnh, ông B": every post there is A's
        bounds, ends = bounds[-1:], ends[-1:]
    positions, pending_end = [], None  # pending: capitalised pieces still looking for their head
    for p_start, p_end in reversed(list(zip(bounds, ends, strict=True))):
        piece = before[p_start:p_end]
        if strong and p_end == segment_end and len(piece.split()) > 1:
            # "vị trí Chủ tịch từng do ông X đảm nhiệm": the post ends where the sentence's adverb begins
            verb = verb_offset(piece.strip()[:160])
            if verb is not None and find_head(piece.strip()[:verb[0]]) is not None:
                p_end = p_start + len(piece) - len(piece.lstrip()) + verb[0]
                piece = before[p_start:p_end]
        end = pending_end or p_end
        if head_at_start(piece.strip()) and not _compound_truong(before, p_start + len(piece) - len(piece.lstrip())):
            positions.insert(0, (p_start + len(piece) - len(piece.lstrip()), end))
            pending_end = None
            continue
        inner = find_head(piece)
        if inner is not None:
            positions.insert(0, (p_start + inner, end))
            pending_end = None
        elif piece.strip()[:1].isupper() and len(piece.split()) <= 8 and pending_end is None and not positions:
            pending_end = p_end  # "Trưởng ban Kinh tế - Ngân sách HĐND tỉnh Đinh Thị Hương"
            continue
        break
    return [PositionFact(p.text, p.normalized, (p.span[0] + window, p.span[1] + window))
            for p in _facts(before, positions)]


# An address to the reader's interlocutor by post, closed by a comma ("Thưa Bộ trưởng, …").
_VOCATIVE_RE = re.compile(r"(?<![^\W\d_])[Tt]hưa\s[^,.;:!?\n]{1,60},\s*")


# A post given to a list of people: "các đồng chí Phó Bí thư Tỉnh ủy: A; B, C", "các Phó Ban gồm các ông A và B".
_GROUP_OPEN_RE = re.compile(r":|\s(?:gồm(?:\s+có)?|là)(?=\s)")
_GROUP_LEAD_RE = re.compile(r"^(?:(?:các|những|hai|ba)\s+)?(?:(?:đồng chí|ông|bà|vị)\s+)?", re.I)
_GROUP_BOUNDARY_RE = re.compile(r"[;.:!?\n(“”\"]|,\s|(?<![^\W\d_])(?:có|gồm|của|với|và|cùng|dự|dự có)\s")
_LIST_END_RE = re.compile(r"[.!?\n:]|[;,]\s*(?:các\s+)?(?:đồng chí|ông|bà)\s")


def group_posts(text):
    """(list start, list end, PositionFact) for each post that opens a list of names."""
    groups = []
    for m in _GROUP_OPEN_RE.finditer(text):
        window = max(0, m.start() - 120)
        lead_end = 0
        for b in hard_stops(text, window, m.start(), _GROUP_BOUNDARY_RE):
            lead_end = b.end()
        seg_start = max(window, lead_end)
        seg = text[seg_start:m.start()]
        seg_start += len(seg) - len(seg.lstrip())
        seg = seg.lstrip()
        lead = _GROUP_LEAD_RE.match(seg)
        seg_start += lead.end()
        seg = text[seg_start:m.start()].rstrip()
        if not seg or not head_at_start(seg) or len(seg.split()) > 12 or capitalized_runs(seg) and _ends_with_name(
                seg) or verb_offset(seg) is not None:
            continue
        if m.group(0) != ":" and not re.match(r"(?:các|những|hai|ba)\s", lead.group(0), re.I):
            continue  # "X là …" opens no list unless the post is plural ("các Phó Ban gồm …")
        list_start = m.end()
        list_end = _window_end(text, list_start, _LIST_END_RE)
        groups.append((list_start, list_end, _facts(text, [(seg_start, seg_start + len(seg))])[0]))
    return groups


def _as_written(line, position):
    """The position with its text as the raw line writes it and a span trimmed to that text."""
    start, end = position.span
    written = line.text[start:end]
    start += len(written) - len(written.lstrip())
    written = written.strip()
    return PositionFact(written, position.normalized, (line.start + start, line.start + start + len(written)))


def _one_name_of_three(words, i):
    """Whether a run of three words whose name would start at the second is one name, a place's ("… sân bay
    quốc tế Tân Sơn Nhất"): one capitalised word before a two-word name is no body, place or title."""
    return i == 1 and len(words) == 3 and not words[0].isupper() and words[0] not in HONORIFICS


_PLACE_PREPOSITION_RE = re.compile(r"(?<![^\W\d_])(?:ở|tại) $")
_APPOSITIVE_PERSON_RE = re.compile(r",\s{0,3}(?:ông|bà|đồng chí)\s{1,3}(?=[^\W\d_])", re.I)


def people_in_line(line):
    """(name, span, positions, strong) for every person named in one clean.Line."""
    text = unify_tones_in_place(line.text)
    groups = None
    # found's indices named after "ông", "đồng chí" … (prefixed), or so or with a surname (sure)
    found, sure, prefixed = [], set(), set()
    for run_start, _run_end, words in capitalized_runs(text):
        posts_end = None  # where the posts written before the name end, when not at its start
        while len(words) > 2 and words[0] in _ENGLISH_TITLES:
            posts_end = run_start if posts_end is None else posts_end
            run_start += len(words[0]) + 1  # "Ngoại trưởng Minister Bob Carr": an English title quoted
            words = words[1:]
        run_words = words
        lead = _non_name_lead(words)
        if lead:
            run_start += sum(len(w) + 1 for w in words[:lead])
            words = words[lead:]
        elif _country_and_one_word(words):
            continue
        i = _name_start(words)
        if not lead and _one_name_of_three(words, i):
            continue
        honorific = i is None and len(words) >= 3 and words[0] in HONORIFICS
        if honorific:  # "Ông Kenji Sato": a foreign name after a sentence-initial honorific
            run_start += len(words[0]) + 1
            words = words[1:]
        offset = run_start + sum(len(w) + 1 for w in words[:i]) if i is not None else run_start
        name_words = words[i:] if i is not None else words
        if len(name_words) > 5 and i is not None:
            name_words = name_words[:4]
        if len(name_words) < 2:
            continue
        last_at = offset + len(" ".join(name_words[:-1])) + 1
        if len(name_words) >= 3 and head_at_start(text[last_at:last_at + 40]):
            name_words = name_words[:-1]  # "ông Lê Văn Vũ Chủ tịch Tập đoàn …": no comma before the post
            post_follows = True
        else:
            post_follows = False
        glued = _GLUED_WORD_RE.match(text, offset + len(" ".join(name_words)))
        if glued and len(name_words) < 4:
            name_words = [*name_words, glued.group(1)]  # "Nguyễn Xuân PhúcTại …": a caption glued on
        if i is None and name_words[0] in ORGANISATION_WORDS:
            continue  # a body's name ("Ban Chấp hành"): never a person, whatever its posts (decided first: cheap)
        if i is None and _PLACE_PREPOSITION_RE.search(text, max(0, offset - 6), offset):
            continue  # "họp báo ở Bắc Kinh, …": a name without a Vietnamese surname after "ở" / "tại" is a place
        name = " ".join(name_words)
        start, end = offset, offset + len(name)
        before = text[max(0, start - 200):start]
        if is_place_or_thing(name, before) or _not_a_name(name, text, start, end):
            continue
        academic = _ACADEMIC_RE.search(before)
        country_lead = bool(lead) and vt.key(" ".join(run_words[:lead])) in _country_keys()
        if _APPOSITIVE_PERSON_RE.match(text, end) and not _strong_prefix(before) and not country_lead:
            # "Tổng Giám đốc Europ Assistance, ông Martin Vial": the run is the body, the person follows;
            # not after a country ("gặp Thủ tướng Thái Lan Yingluck Shinawatra, ông Vương Nghị …").
            continue
        strong = (_strong_prefix(before[:academic.start()] if academic else before)
                  or (i == 1 and words[0] in HONORIFICS) or honorific)
        after = positions_after(text, end) or (_positions_from(text, end + 1) if post_follows else [])
        positions = positions_before(text, start if posts_end is None else posts_end) + after
        positions += posts_given(text, after[-1].span[1] if after else end)
        if groups is None:
            groups = group_posts(text) if ":" in text or "gồm" in text or " là " in text else []
        shared = [post for list_start, list_end, post in groups if list_start <= start < list_end]
        positions = shared + positions
        foreign = country_lead or strong
        if i is not None and not strong and _AGE_ASIDE_RE.match(text, end):
            strong = True  # "Lê Văn Tùng (SN 1989, trú tại …)": only a person is given a birth year
        if i is None and not strong and not after and positions and (
                _opens_lower_tail(positions[-1].text) or positions[-1].text.endswith(" tại")):
            continue  # "Ban quản lý Khu kinh tế Dung Quất", "Tổng Lãnh sự quán … tại San Francisco": a name's end
        if i is None and not (
            (strong or positions) and len(name_words) <= 4 and name_words[0] not in ORGANISATION_WORDS
            and (foreign and positions or pyvi_proper_noun(name))
        ):
            continue
        if not (strong or positions):
            found.append((name, (line.start + start, line.start + end), [], False))
            continue
        shifted = [_as_written(line, p) for p in positions]
        found.append((name, (line.start + start, line.start + end), shifted, True))
        if strong or i is not None:
            sure.add(len(found) - 1)
        if strong:
            prefixed.add(len(found) - 1)
    return _posts_naming_others(found, sure, prefixed)


def _posts_naming_others(found, sure, prefixed):
    """found less the posts that hold another person's name ("Ria Novosti, Đại tá Yaroslav
    Roshchupkin nhấn mạnh", "cảm ơn Thủ tướng Lý Hiển Long và Ban tổ chức Đối thoại Sangri La":
    the rank and the post are the named person's), and less the runs then left with no post and
    nothing else saying they are people. ``sure``: the indices of runs surely a person's name
    (``prefixed``: after "ông", "đồng chí" …; or opening with a Vietnamese surname, or given a
    military rank). The post after a sure name is that name's, and a run inside it not after "ông"
    … is a place's or a body's ("BS. Tạ Diệu Yên, Trưởng khoa … Bệnh viện Đa khoa Tràng An", "ông A,
    Bí thư huyện Đoàn Nam Đàn"); any other post that holds another name is that other's
    ("Tổng thống X, Tổng thống Y", "gặp Thủ tướng Thái Lan X, ông Y")."""
    if len(found) < 2:
        return found
    sure = sure | {n for n, (_, _, positions, _) in enumerate(found)
                   if any(_RANK_RE.fullmatch(p.normalized) for p in positions)}
    names = sorted(span for _, span, _, person in found if person)
    starts = [span[0] for span in names]

    def inside(post, span):
        # Whether another name starts inside the post (a post is at most a window long): by
        # bisection, so that a line of thousands of names stays n log n.
        at = bisect.bisect_left(starts, post.span[0])
        while at < len(names) and names[at][0] < post.span[1]:
            if names[at] != span and names[at][1] <= post.span[1]:
                return True
            at += 1
        return False

    kept = []
    for n, (name, span, positions, person) in enumerate(found):
        mine = [p for p in positions if not ((n not in sure or p.span[1] <= span[0]) and inside(p, span))]
        if person and positions and not mine and n not in sure:
            continue
        kept.append((n, (name, span, mine, person)))
    held = sorted(p.span for n, (_, span, mine, _) in kept if n in sure for p in mine if p.span[0] >= span[1])
    held_starts = [start for start, _ in held]

    def inside_held(span):
        at = bisect.bisect_right(held_starts, span[0]) - 1
        while at >= 0 and span[0] - held[at][0] <= _WINDOW:
            if held[at][0] <= span[0] and span[1] <= held[at][1]:
                return True
            at -= 1
        return False

    return [entry for n, entry in kept if n in prefixed or not entry[3] or not inside_held(entry[1])]


_RANK_RE = re.compile(r"(?:Đại|Thượng|Trung|Thiếu) (?:tướng|tá|úy|uý)", re.I)


_LEVEL_WORDS_RE = re.compile(r"(?<![^\W\d_])(?:thành phố|tỉnh|tp\.?)(?![^\W\d_])\s*")


_NAMED_PLACE_TYPES = frozenset(("khu", "vườn", "cảng", "nhà máy", "sân bay", "làng", "khách sạn", "trường",
                                 "công ty", "ngân hàng", "tập đoàn", "bệnh viện", "khu kinh tế", "khu công nghiệp"))


def _opens_lower_tail(position):
    """Whether a position ends in a body's type and lower-case words, so that the run after it is the body's
    name ("Ban quản lý Khu kinh tế" Dung Quất, "Vườn quốc gia" Phong Nha; not "Giám đốc sản xuất" Mike Lee)."""
    words = position.split()
    if not words or not words[-1].islower() or words[-1] in LEVELS:
        return False
    last_capital = max((n for n, w in enumerate(words) if w[:1].isupper()), default=None)
    if last_capital == 0:
        head = head_at_start(position)
        after = words[len(head.split()):] if head else []
        if len(after) >= 2 and vt.key(after[0]) in BODY_TYPES:
            return True  # "Giám đốc nhóm kinh doanh" Huawei Device: a unit of a body, named next
    if last_capital is None or last_capital == 0:
        return False
    head = vt.key(" ".join(words[last_capital:last_capital + 2]))
    return vt.key(words[last_capital]) in _NAMED_PLACE_TYPES | BODY_TYPES or head in _NAMED_PLACE_TYPES


def same_post(known, key):
    """Whether a post (its key) is one already known, written shorter or longer ("Phó Thủ tướng" and
    "Phó Thủ tướng Chính phủ"), or with the level word left out ("Bí thư Thành ủy Thành phố Hà Nội" and
    "Bí thư Thành ủy Hà Nội"): the first form stays."""
    bare = _LEVEL_WORDS_RE.sub("", key).strip()
    for k in known:
        if key == k or key.startswith(k + " ") or k.startswith(key + " "):
            return True
        if bare and bare == _LEVEL_WORDS_RE.sub("", k).strip():
            return True
    return False


_MAX_POSTS = 40  # posts kept for one person of one article: real reports give a few; crafted text thousands


def _suffix_index(keys):
    """Each shorter name of at least two words that ends a key ("vinh hiển" of "nguyễn vinh hiển") → the keys."""
    index = {}
    for key in keys:
        words = key.split()
        for n in range(2, len(words)):
            index.setdefault(" ".join(words[-n:]), []).append(key)
    return index


def _full_name(index, people, key):
    """The one person's key whose full name ends with a shorter name ("Vinh Hiển" after "Nguyễn Vinh Hiển":
    reports drop the surname once a person is introduced); None when no one's, or several people's, do."""
    if key in people:
        return None
    longer = [k for k in index.get(key, ()) if k in people]
    return longer[0] if len(longer) == 1 else None


def _add_posts(person, known, positions):
    for position in positions:
        if len(person.positions) >= _MAX_POSTS:
            return
        key = vt.key(position.normalized)
        if not same_post(known, key):
            person.positions.append(position)
            known.add(key)


def _fold_short_names(people, known, spans):
    """Merge each person named by a short form into the one full name it ends (mentions and posts)."""
    index = _suffix_index(people)
    for key in sorted(people, key=lambda k: len(k.split())):
        others = [k for k in index.get(key, ()) if k != key and k in people]
        if len(others) != 1:
            continue
        full = others[0]
        short, person = people.pop(key), people[full]
        spans[full].update(spans.pop(key))
        person.spans = sorted(spans[full])
        _add_posts(person, known[full], short.positions)
        if short.span < person.span:
            person.span = short.span
    return index


def extract_people(lines):
    """PersonFact for every person the lines name in a person context, positions merged."""
    people, weak, known, spans = {}, [], {}, {}
    for line in lines:
        for name, span, positions, strong in people_in_line(line):
            key = vt.key(name)
            if not strong:
                weak.append((key, span))
                continue
            person = people.get(key)
            if person is None:
                person = people[key] = PersonFact(name=vt.normalize(name), span=span, spans=[span])
                known[key], spans[key] = set(), {span}
            elif span not in spans[key]:
                person.spans.append(span)
                spans[key].add(span)
            _add_posts(person, known[key], positions)
    index = _fold_short_names(people, known, spans)
    # A bare repeat of a name already introduced is another mention of the same person.
    for key, span in weak:
        key = _full_name(index, people, key) or key
        if key in people and span not in spans[key]:
            people[key].spans.append(span)
            spans[key].add(span)
    for person in people.values():
        person.confidence = 0.95 if person.positions else 0.7
    return list(people.values())
