"""The fast paths of extraction against the straightforward code they replaced.

places.mentions tries each pattern only where it can start, people tests end-anchored
contexts on a line's tail only and reads capitalised runs in one regex search, text.py
strips accents with a translate table, the shortcuts module answers unify_tones_in_place
and case-insensitive searches on plain lines cheaply, documents only tries a citation where
a kind starts, the domain of a paper is looked up in the tokens that can name one, clean
counts a stamp's letters gap by gap and keys only the lines with the headline's number of
words: each must give exactly what the plain version gives. The plain versions are kept
tiny, here, and run on every line of the golden articles and seeds plus many generated
lines built to hit the edges (names glued to words, prefixes inside words, odd case, NFD,
colons and long white space before a name, letters whose case re.I reads its own way).
Where a shortcut rests on a property of Unicode, the property is checked for every
character it covers.
"""
import random
import re
import unicodedata
from pathlib import Path

import pytest

from archive import text as vt
from archive.ingest import clean, gazetteer
from archive.ingest.extract import documents, people, places, shortcuts

ROOT = Path(__file__).resolve().parents[2]


# --- the reference implementations (the code before the speed-up) ---------------------

def ref_strip_accents(text):
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return vt.nfc(stripped.replace("đ", "d").replace("Đ", "D"))


def ref_unify_tones(text):
    decomposed = unicodedata.normalize("NFD", text)
    if not any(ch in vt.TONE_MARKS for ch in decomposed):
        return vt.nfc(decomposed)

    def swap(match):
        first, second, tone = match.groups()
        if first.lower() == "o" and second.lower() == "y":
            return match.group(0)
        if first.lower() == "u" and second.lower() != "y":
            return match.group(0)
        return first + tone + second

    return vt.nfc(vt._OLD_TONE_RE.sub(swap, decomposed))


def ref_normalize(text):
    text = ref_unify_tones(vt.nfc(text)).replace("\u00a0", " ")
    return re.sub(r"[ \t\u200b]+", " ", text).strip()


def ref_fold(text):
    return re.sub(r"\s+", " ", ref_strip_accents(ref_normalize(text)).casefold()).strip()


def ref_key(text):
    return re.sub(r"\s+", " ", ref_normalize(text).casefold()).strip()


def ref_candidates(text):
    """places._candidates looking every word of the line up."""
    by_word, always = places._patterns_by_first_word()
    wanted = set(always)
    for word in set(places._LETTERS_RE.findall(text.lower())):
        wanted.update(by_word.get(word, ()))
    return sorted(wanted)


def ref_mentions(text, offset=0):
    """Every candidate pattern's finditer over the whole line (places._candidates only drops
    patterns none of whose names' first word is in the line)."""
    text = vt.unify_tones_in_place(text)
    found, explicit_spans = [], []
    patterns = [places._patterns()[i] for i in ref_candidates(text)]
    for regex, province, kind in patterns:
        if kind == "bare":
            continue
        for m in regex.finditer(text):
            found.append((province, kind, (offset + m.start(1), offset + m.end(1))))
            explicit_spans.append((m.start(1), m.end(1)))
    for regex, province, kind in patterns:
        if kind != "bare":
            continue
        for m in regex.finditer(text):
            if any(s <= m.start(1) < e for s, e in explicit_spans):
                continue
            if places._followed_by_capital(text, m.end(1)) or places._preceded_by_capital(text, m.start(1)):
                continue
            found.append((province, kind, (offset + m.start(1), offset + m.end(1))))
    return found


REF_STRONG_PREFIX_RE = re.compile(
    r"(?:(?<![^\W\d_])(?:đồng chí|đ/c|ông|bà|Ông|Bà|Đồng chí|Đ/c|"
    r"thượng tướng|trung tướng|thiếu tướng|đại tá)\s*:?\s*)$",
    re.I,
)
REF_NOT_PERSON_BEFORE_RE = re.compile(
    r"(?:trường|THPT|THCS|TH|tiểu học|đường|phố|phường|xã|cầu|TP\.?|"
    r"báo|tư tưởng|phong cách|đạo đức|giải thưởng|giải|quỹ|công viên|bệnh viện|bảo tàng|"
    r"nhà văn hóa|khu|ấp|thôn|bản|làng|xóm|lăng|di tích|đền|chùa|huân chương|học viện|"
    r"đại học|thị trấn|thị xã|kênh|sông|hồ|núi|đảo|cụm|phòng|hội trường|Chủ tịch)\s+$",
    re.I,
)


def ref_head_at_start(text):
    k = vt.key(text)
    for head_key, head in people._HEAD_KEYS:
        if k.startswith(head_key) and (len(k) == len(head_key) or not k[len(head_key)].isalpha()):
            return head
    return None


def ref_newspaper_by_domain(text):
    for m in places._DOMAIN_RE.finditer(text):
        host = m.group(1).lower()
        for paper in gazetteer.NEWSPAPERS:
            if any(host == d or host.endswith("." + d) for d in paper.domains):
                return paper, m.span(1)
    return None


# The plain form of clean._DATE_RE: d/m/yyyy, d/m/yy before a time ("29/05/13 18:20"), ISO yyyy-mm-dd.
_REF_DATE_RE = re.compile(
    r"\b\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*(?:\d{4}\b|\d{2}\b(?=\s{1,3}\d{1,2}\s*[:hg]\s*\d{2}))"
    r"|\b\d{4}-\d{1,2}-\d{1,2}(?![\d-])"
)


def ref_is_stamp(text):
    if not _REF_DATE_RE.search(text):
        return False
    rest = clean._STAMP_NOISE_RE.sub(" ", text)
    return sum(ch.isalpha() for ch in rest) <= 2


def ref_citations(text):
    return [(m.span(), m.groupdict()) for m in documents._CITATION_RE.finditer(text)]


# --- inputs --------------------------------------------------------------------------

def article_texts():
    paths = sorted((ROOT / "tests" / "data").rglob("*.txt")) + sorted((ROOT / "seeds").glob("*.txt"))
    return [path.read_text(encoding="utf-8", errors="replace") for path in paths]


def article_lines():
    lines = [line.strip() for text in article_texts() for line in text.splitlines()]
    return [line for line in lines if line]


PREFIXES = ["tỉnh", "Tỉnh", "TỈNH", "thành phố", "Thành  phố", "TP.", "Tp", "tp.", "tỉnh ủy", "Tỉnh Ủy",
            "Thành ủy", "đảng bộ tỉnh", "UBND tỉnh", "HĐND tỉnh", "nhân dân tỉnh", "huyện", "Huyện",
            "thị xã", "Thị xã", "quận", "huyện ủy", "Thị ủy", "quận ủy", "nhânhân", "tỉnhđnd",
            "xtỉnh", "thànhuyện", "tp", "TPHCM"]
GLUE = ["", " ", "  ", "\t", ", ", ": ", " - ", "(", ")", ".", "x", "X", "1", "_", "\u00a0", " \u200b", "“"]
WORDS = ["của", "tại", "và", "ở", "Văn", "Nguyễn", "đồng chí", "Đồng chí", "ông", "bà", "Hội nghị", "hoà",
         "khoẻ", "Uỷ", "quá", "Ông", "đ/c", "thượng tướng", "trường", "THPT", "Chủ tịch", "Bí thư", "phó bí thư",
         "Phó Chủ tịch", "CHỦ TỊCH", "ủy viên", "trưởng ban", "đường", "tư tưởng", "nhà văn hóa", "giải",
         "thị xã", "Nghị quyết số 15-NQ/TW", "nghị quyết định số 5",
         # Letters that re.I matches to others (ſ to s, İ and ı to i, the Kelvin sign to k), and one it does not.
         "\u017fơn", "Đ\u0130ện", "\u212aon", "B\u0131nh", "Müller"]


def place_names():
    names = []
    for prov in gazetteer.PROVINCES:
        names.extend((prov.name, *prov.aliases))
        names.extend(prov.districts[:3])
    return names


# Letters that re.I matches to others: a name written with them is a match only if the line
# also names the place plainly (then the pattern is a candidate).
ODD_CASE = str.maketrans({"s": "\u017f", "S": "\u017f", "K": "\u212a", "i": "\u0131", "I": "\u0130"})


def generated_lines(count, seed):
    rng = random.Random(seed)
    names = place_names()
    lines = []
    for _ in range(count):
        parts = []
        for _ in range(rng.randint(1, 8)):
            roll = rng.random()
            if roll < 0.35:
                name = rng.choice(names)
                odd = name.translate(ODD_CASE)
                written = rng.choice([name, name, name.upper(), name.lower(), unicodedata.normalize("NFD", name), odd])
                parts.append(rng.choice(PREFIXES) + rng.choice([" ", "  ", "", "\t"]) + written)
                if written == odd != name:
                    parts.append(" và " + name)
            elif roll < 0.55:
                parts.append(rng.choice(names))
            else:
                parts.append(rng.choice(WORDS))
            parts.append(rng.choice(GLUE))
        lines.append("".join(parts))
    return lines


@pytest.fixture(scope="module")
def lines():
    return article_lines() + generated_lines(3000, seed=7)


@pytest.fixture(scope="module")
def every_character():
    """Every code point but the surrogates, in one string."""
    return "".join(map(chr, (*range(0xD800), *range(0xE000, 0x110000))))


def generated_strings(alphabet, count, seed, longest=8):
    rng = random.Random(seed)
    return ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, longest))) for _ in range(count)]


# --- the tests -------------------------------------------------------------------------

def test_mentions_equal_running_every_pattern_over_the_whole_line(lines):
    for line in lines:
        assert places.mentions(line, 5) == ref_mentions(line, 5), line


def test_candidates_equal_looking_up_every_word(lines):
    for line in lines:
        assert sorted(places._candidates(line)) == ref_candidates(line), line


def test_name_starts_find_every_position_a_prefix_matches(lines):
    prefix_at = re.compile(r"(?=" + places._PROVINCE_PREFIX + "|" + places._DISTRICT_PREFIX + ")", re.I)
    for line in lines:
        starts = list(places._name_starts(line, False))
        assert {m.start() for m in prefix_at.finditer(line)} <= {start for start, _ in starts}, line
        if shortcuts.plain_case(line):
            assert list(places._name_starts(line, True)) == starts, line


def test_plain_case_matching_is_matching_lowercased(every_character):
    plain = sorted(shortcuts.PLAIN_CASE)
    for x in plain:
        same = re.compile(re.escape(x), re.I)
        for ch in plain:
            assert bool(same.fullmatch(ch)) == (ch.lower() == x.lower()), (x, ch)
    for ch in plain:
        low = ch.lower()
        assert len(low) == 1 and low in shortcuts.PLAIN_CASE, ch
        for cls in (r"\s", r"\d", r"\w", r"[^\W\d_]"):
            assert bool(re.match(cls, ch)) == bool(re.match(cls, low)), (cls, ch)
    # Whatever else re.I matches to a plain-case character has a case: a line holding it is not plain.
    others = set(re.findall(shortcuts.char_class(plain), every_character, re.I)) - shortcuts.PLAIN_CASE
    assert others and not any(shortcuts._caseless(ch) for ch in others), others


def test_unify_tones_shortcut_equals_vt(lines):
    alphabet = list("oOuUqQaAeEyYhk ,.1'") + [
        "á", "à", "ả", "ã", "ạ", "ặ", "ậ", "ệ", "ý", "ỳ", "ỷ", "ỹ", "ỵ", "Ý", "Ỵ", "É", "é", "ẹ", "ê", "â", "ă",
        "\u0301", "\u0323", "\u0302", "\u0334", "ó", "ú", "ơ", "ư", "đ", "ǅ", "\u00a0", "²", "ß", "Ǫ", "한", "\u212b",
    ]
    for text in lines + generated_strings(alphabet, 20000, seed=5):
        for form in (text, unicodedata.normalize("NFC", text), unicodedata.normalize("NFD", text)):
            assert shortcuts.unify_tones_in_place(form) == vt.unify_tones_in_place(form), form


def test_domain_lookup_equals_scanning_every_paper():
    rng = random.Random(13)
    domains = [d for paper in gazetteer.NEWSPAPERS for d in paper.domains]
    pieces = ["https://", "http://www.", "www.", "sub.", "x", ".", "/", " ", "\n", "(", ")", ".vn", ".VN", ".com",
              "abc.vn", "TP.HCM", "\u212a", "tin tức", "-", "1"]
    texts = article_texts()
    for _ in range(3000):
        parts = [rng.choice(pieces) for _ in range(rng.randint(0, 6))]
        domain = rng.choice(domains)
        parts.insert(rng.randint(0, len(parts)), rng.choice([domain, domain.upper(), domain.title(), domain[1:]]))
        texts.append("".join(parts))
    for text in texts:
        assert places.newspaper_by_domain(text) == ref_newspaper_by_domain(text), text


def test_capitalized_runs_equal_the_word_by_word_reading(lines):
    words = ["Nguyễn", "Văn", "VĂN", "văn", "A", "a", "Đ", "đ", "Ab²", "²", "ǅa", "aǅ", "Ǆ", "ǅ", "H'Mông", "Ab'cd",
             "Y", "Lê", "日本", "Σίσυφος", "Ωμέγα", "ªb", "Aª", "Ⅻ", "ⅻa", "_", "1"]
    glue = [" ", " ", " ", "  ", ", ", "\u00a0", "-", "'", "", "\t"]
    rng = random.Random(17)
    texts = list(lines)
    for _ in range(5000):
        texts.append("".join(rng.choice(words) + rng.choice(glue) for _ in range(rng.randint(1, 8))))
    for text in texts:
        assert people.capitalized_runs(text) == people._capitalized_runs_by_word(text), text


def test_citations_equal_searching_the_whole_line(lines):
    kinds = list(documents.KINDS) + ["NGHỊ QUYẾT", "Nghị Quyết", "NQ", "Chỉ thị liên tịch", "nghị quyết định"]
    glue = [" số 15-NQ/TW", " số: 01/2024/NQ-HĐND", " 57-NQ/TW", " (NQ) số 3", " số 5", " Số 12-KH/TU", " ",
            "x", "X", " \u017fố 7", "\u0130", ", ", " và ", "\u00a0", "“"]
    rng = random.Random(19)
    texts = list(lines)
    for _ in range(5000):
        texts.append("".join(rng.choice(kinds) + rng.choice(glue) for _ in range(rng.randint(1, 5))))
    for text in texts:
        assert [(m.span(), m.groupdict()) for m in documents._citations(text)] == ref_citations(text), text


def test_stamp_letters_counted_gap_by_gap(lines):
    stamps = ["Cập nhật: 05/11/2024 08:30", "Thứ hai, 05/11/2024 - 08:30 GMT+7", "05/11/2024 | 1.234 lượt xem",
              "Ngày đăng 5-11-2024 lúc 8h30 (AM)", "05/11/2024 ab", "05/11/2024 abc", "x 05/11/2024 y z",
              "Đăng lúc 05.11.2024 UTC+7 Số lần xem: 20", "05/11/2024 Ảnh", "05/11/2024 ²³",
              "a05/11/2024", "_5/11/2024", "ô5/11/2024", "123/11/2024", "05/11/20245", "(05/11/2024)",
              "29/05/13 18:20 GMT+7", "29/05/13", "x29/05/13 18:20", "2025-06-28T07:15:00+07:00",
              "2025-04-22 10:27:00", "12025-04-22", "2025-04-223"]
    for text in lines + stamps:
        assert clean.is_stamp(text) == ref_is_stamp(text), text


def test_key_never_splits_or_joins_words(lines, every_character):
    """clean._key_words(text) is how many words vt.key(text) has. vt.key's stages re-place marks
    within words (NFD, the tone swap, NFC), turn white space and U+200B into single spaces and
    fold case: none makes or unmakes a word if no character decomposes or case-folds across
    white space and white space never moves in canonical reordering, checked here."""
    def space(text):
        return re.compile(r"[\s\u200b]").search(text) is not None

    spaces = re.findall(r"[\s\u200b]", every_character)
    for ch in spaces:
        assert (unicodedata.combining(ch) == 0
                and all(space(x) for x in unicodedata.normalize("NFD", ch) + ch.casefold()))
    others = re.sub(r"[\s\u200b]", "", every_character)
    assert not space(unicodedata.normalize("NFD", others)) and not space(others.casefold())
    for text in lines + [" a\u200bb \u200b c\t", "\u00a0x\u2000y", "ﬁ ß", "e\u0301 \u0301"]:
        assert clean._key_words(text) == len(vt.key(text).split()), text


def test_text_functions_equal_the_plain_versions(lines):
    pieces = set(lines)
    for line in lines:
        pieces.update(line.split())
        pieces.add(unicodedata.normalize("NFD", line))
    pieces.update(["", " ", "ß", "İstanbul", "ǅ", "\u0301", "e\u0301\u0323", "Đ\u0303", "ﬁ", "한국어", "Å"])
    for text in pieces:
        assert vt.strip_accents(text) == ref_strip_accents(text), text
        assert vt.unify_tones(text) == ref_unify_tones(text), text
        assert vt.normalize(text) == ref_normalize(text), text
        assert vt.fold(text) == ref_fold(text), text
        assert vt.key(text) == ref_key(text), text


def test_tail_search_equals_a_search_of_the_whole_text(lines):
    rng = random.Random(11)
    befores = []
    for line in lines:
        cut = rng.randint(0, len(line))
        befores.append(line[:cut])
        befores.append(line[:cut] + rng.choice(["", " ", "  ", ": ", " :  ", "\n", " \t:", "::", " : \n"]))
    for word in ["đồng chí", "Đ/C", "ÔNG", "bà", "thượng tướng", "Đại tá", "nhà văn hóa", "TP.", "tp", "TP..",
                 "Chủ tịch", "huân chương", "xông", "ĐỒNG CHÍ", "đ/c"]:
        for tail in ["", " ", ":", " : ", "   ", "\n", " ::", ": :", "\n\n", "\u00a0", ":\n", "\nx"]:
            for lead in ["", "x", " ", "Ô", "_", "1", "\u017f", "\n"]:
                befores.append(lead + word + tail)
    for before in befores:
        assert people._strong_prefix(before) == bool(REF_STRONG_PREFIX_RE.search(before)), before
        assert people._ends_with_not_person_word(before) == bool(REF_NOT_PERSON_BEFORE_RE.search(before)), before


def test_head_at_start_equals_trying_every_head(lines):
    texts = set(WORDS)
    for line in lines:
        words = line.split()
        texts.update(" ".join(words[i:i + 4]) for i in range(len(words)))
    for text in texts:
        assert people.head_at_start(text) == ref_head_at_start(text), text


def test_furniture_and_end_marker_tests_equal_folding_every_line(lines):
    from archive.ingest import clean

    def ref_is_end_marker(text):
        return vt.fold(text).strip(" :|<>»«-") in clean._END_KEYS

    def ref_is_furniture(text):
        if clean._COPYRIGHT_RE.match(text) or clean._TAGS_RE.match(text):
            return True
        parts = [p for p in re.split(r"\s{2,}|\t|\|", text) if p.strip()]
        return bool(parts) and all(vt.fold(p).strip(" :|<>»«-") in clean._FURNITURE_KEYS for p in parts)

    rng = random.Random(3)
    marks = ["", ":", " :", "|", " | ", "  ", "\t", "<", ">>", "»", "-", ".", ",", "1", "(", ")", "=\u0338",
             "\u00a0", "\u200b", "!", "?"]
    texts = list(lines)
    for _ in range(3000):
        words = rng.sample(clean.FURNITURE + clean.END_MARKERS, rng.randint(1, 3))
        texts.append("".join(rng.choice(marks) + rng.choice([w, w.upper(), w.lower()]) for w in words)
                     + rng.choice(marks))
    for text in texts:
        assert clean.is_end_marker(text) == ref_is_end_marker(text), text
        assert clean.is_furniture(text) == ref_is_furniture(text), text
