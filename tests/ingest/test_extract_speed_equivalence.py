"""The fast paths of extraction against the straightforward code they replaced.

places.mentions tries each pattern only where it can start, people tests end-anchored
contexts on a line's tail only, text.py strips accents with a translate table: each
must give exactly what the plain version gives. The plain versions are kept tiny, here,
and run on every line of the golden articles and seeds plus many generated lines built
to hit the edges (names glued to words, prefixes inside words, odd case, NFD, colons
and long white space before a name).
"""
import random
import re
import unicodedata
from pathlib import Path

import pytest

from archive import text as vt
from archive.ingest import gazetteer
from archive.ingest.extract import people, places

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


def ref_mentions(text, offset=0):
    """Every candidate pattern's finditer over the whole line (places._candidates only drops
    patterns none of whose names' first word is in the line)."""
    text = vt.unify_tones_in_place(text)
    found, explicit_spans = [], []
    patterns = [places._patterns()[i] for i in places._candidates(text)]
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


def ref_head_at_start(text):
    k = vt.key(text)
    for head_key, head in people._HEAD_KEYS:
        if k.startswith(head_key) and (len(k) == len(head_key) or not k[len(head_key)].isalpha()):
            return head
    return None


# --- inputs --------------------------------------------------------------------------

def article_lines():
    lines = []
    for path in sorted((ROOT / "tests" / "data").rglob("*.txt")) + sorted((ROOT / "seeds").glob("*.txt")):
        lines.extend(line.strip() for line in path.read_text(encoding="utf-8", errors="replace").splitlines())
    return [line for line in lines if line]


PREFIXES = ["tỉnh", "Tỉnh", "TỈNH", "thành phố", "Thành  phố", "TP.", "Tp", "tp.", "tỉnh ủy", "Tỉnh Ủy",
            "Thành ủy", "đảng bộ tỉnh", "UBND tỉnh", "HĐND tỉnh", "nhân dân tỉnh", "huyện", "Huyện",
            "thị xã", "Thị xã", "quận", "huyện ủy", "Thị ủy", "quận ủy", "nhânhân", "tỉnhđnd",
            "xtỉnh", "thànhuyện", "tp", "TPHCM"]
GLUE = ["", " ", "  ", "\t", ", ", ": ", " - ", "(", ")", ".", "x", "X", "1", "_", "\u00a0", " \u200b"]
WORDS = ["của", "tại", "và", "ở", "Văn", "Nguyễn", "đồng chí", "Đồng chí", "ông", "bà", "Hội nghị", "hoà",
         "khoẻ", "Uỷ", "quá", "Ông", "đ/c", "thượng tướng", "trường", "THPT", "Chủ tịch", "Bí thư", "phó bí thư",
         "Phó Chủ tịch", "CHỦ TỊCH", "ủy viên", "trưởng ban", "đường", "tư tưởng", "nhà văn hóa", "giải"]


def place_names():
    names = []
    for prov in gazetteer.PROVINCES:
        names.extend((prov.name, *prov.aliases))
        names.extend(prov.districts[:3])
    return names


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
                name = rng.choice([name, name, name.upper(), name.lower(), unicodedata.normalize("NFD", name)])
                parts.append(rng.choice(PREFIXES) + rng.choice([" ", "  ", "", "\t"]) + name)
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


# --- the tests -------------------------------------------------------------------------

def test_mentions_equal_running_every_pattern_over_the_whole_line(lines):
    for line in lines:
        assert places.mentions(line, 5) == ref_mentions(line, 5), line


def test_prefix_starts_find_every_position_a_prefix_matches(lines):
    prefix_at = re.compile(r"(?=" + places._PROVINCE_PREFIX + "|" + places._DISTRICT_PREFIX + ")", re.I)
    for line in lines:
        assert {m.start() for m in prefix_at.finditer(line)} <= set(places._prefix_starts(line)), line


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
    for word in ["đồng chí", "Đ/C", "ÔNG", "bà", "thượng tướng", "Đại tá", "nhà văn hóa", "TP.", "tp",
                 "Chủ tịch", "huân chương", "xông"]:
        for tail in ["", " ", ":", " : ", "   ", "\n", " ::"]:
            for lead in ["", "x", " ", "Ô"]:
                befores.append(lead + word + tail)
    for before in befores:
        assert people._ends_with(people._STRONG_PREFIX_RE, before, colon=True) == bool(
            people._STRONG_PREFIX_RE.search(before)), before
        assert people._ends_with(people._NOT_PERSON_BEFORE_RE, before) == bool(
            people._NOT_PERSON_BEFORE_RE.search(before)), before


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
