"""Province and source of an article, from what the article itself shows.

Evidence, strongest first: the newsroom marker opening the lead ("ĐTO", "BDK.VN")
or a newspaper's domain in a URL (which give the source and its province), a
headline that opens with the province ("Đồng Tháp: …"), explicit mentions
("tỉnh Hậu Giang", "Tỉnh ủy Thái Bình"), districts and provincial cities named
with their prefix ("huyện Lai Vung", "Thành ủy Cao Lãnh"), then bare names.
District names shared by several provinces prove nothing and are ignored.
Pure: no Django.
"""
import re
from collections import defaultdict
from functools import lru_cache

from archive import text as vt
from archive.ingest import gazetteer
from archive.ingest.facts import Value

_LETTER_AFTER = r"(?![^\W\d_])"
_PROVINCE_PREFIX = (
    r"(?:tỉnh|thành\s+phố|TP\.?|Tp\.?|tỉnh\s+ủy|thành\s+ủy|đảng\s+bộ\s+tỉnh|"
    r"ubnd\s+tỉnh|hđnd\s+tỉnh|nhân\s+dân\s+tỉnh)\s+"
)
_DISTRICT_PREFIX = (
    r"(?:huyện|thị\s+xã|thành\s+phố|TP\.?|Tp\.?|quận|huyện\s+ủy|thị\s+ủy|thành\s+ủy|quận\s+ủy)\s+"
)
# Bare names that are far more often something else.
_NOT_BARE = {"Hồ Chí Minh"}

WEIGHT_SOURCE = 6
WEIGHT_TITLE = 5
WEIGHT_EXPLICIT = 3
WEIGHT_DISTRICT = 2
WEIGHT_BARE = 1


@lru_cache(maxsize=1)
def _patterns():
    """(regex, province name, kind) for every province and unambiguous district."""
    return [(regex, province, kind) for regex, province, kind, _ in _pattern_table()]


@lru_cache(maxsize=1)
def _pattern_table():
    """(regex, province name, kind, names the regex matches) for every province and unambiguous district."""
    district_owners = defaultdict(set)
    for prov in gazetteer.PROVINCES:
        for district in prov.districts:
            district_owners[vt.normalize(district)].add(prov.name)
    patterns = []
    for prov in gazetteer.PROVINCES:
        names = sorted({vt.normalize(n) for n in (prov.name, *prov.aliases)}, key=len, reverse=True)
        alternation = "|".join(re.escape(n) for n in names)
        patterns.append((re.compile(_PROVINCE_PREFIX + r"(" + alternation + r")" + _LETTER_AFTER, re.I), prov.name, "explicit", names))
        bare = [n for n in names if n not in _NOT_BARE and not n.upper().startswith("TP")]
        if bare:
            patterns.append((re.compile(r"(?<![^\W\d_])(" + "|".join(map(re.escape, bare)) + r")" + _LETTER_AFTER), prov.name, "bare", bare))
    for district, owners in district_owners.items():
        if len(owners) == 1:
            patterns.append((re.compile(_DISTRICT_PREFIX + r"(" + re.escape(district) + r")" + _LETTER_AFTER, re.I), next(iter(owners)), "district", [district]))
    return patterns


_LETTERS_RE = re.compile(r"[^\W\d_]+")


@lru_cache(maxsize=1)
def _patterns_by_first_word():
    """{first letter run of a name, lowercased: indexes into _patterns()}, plus the indexes
    of patterns with a name that does not open with a letter (always tried)."""
    by_word, always = defaultdict(set), set()
    for i, (_, _, _, names) in enumerate(_pattern_table()):
        for name in names:
            m = _LETTERS_RE.match(name.lower())
            (by_word[m.group(0)].add(i) if m else always.add(i))
    return by_word, frozenset(always)


def _candidates(text):
    """Indexes, in order, of the patterns that can match text at all.

    Running all ~700 province and district regexes over every line was 95% of
    extraction time. Every name starts at a letter-run boundary (a prefix ending
    in white space, or the look-behind of bare names) and its first word ends at
    a non-letter, so a pattern can only match when the first word of one of its
    names is a letter run of the text: the same matches, far fewer regexes.
    """
    by_word, always = _patterns_by_first_word()
    wanted = set(always)
    for word in set(_LETTERS_RE.findall(text.lower())):
        wanted.update(by_word.get(word, ()))
    return sorted(wanted)


def _first_words(prefix):
    """The first word of every alternative of a prefix regex above: "thành\\s+phố" → "thành"."""
    body = prefix[len("(?:"):prefix.rindex(")")]
    return {re.split(r"\\s|\\\.", alt)[0] for alt in body.split("|")}


# Every match of a prefixed pattern starts with one of these words (same re.I matching).
_PREFIX_WORD_RE = re.compile(
    "|".join(map(re.escape, sorted(_first_words(_PROVINCE_PREFIX) | _first_words(_DISTRICT_PREFIX)))), re.I
)


def _prefix_starts(text):
    """Sorted positions where a prefix word starts: where a prefixed pattern can start.
    finditer does not report a word starting inside another it matched ("nhânhân"), so
    those positions are tried one by one."""
    starts = []
    for m in _PREFIX_WORD_RE.finditer(text):
        starts.append(m.start())
        starts.extend(p for p in range(m.start() + 1, m.end()) if _PREFIX_WORD_RE.match(text, p))
    return starts


@lru_cache(maxsize=1)
def _bare_first_runs():
    """{pattern index: first letter runs of its names, as written} for the bare patterns
    whose names all open with a letter (the others are searched the slow way)."""
    runs = {}
    for i, (_, _, kind, names) in enumerate(_pattern_table()):
        if kind != "bare":
            continue
        firsts = [_LETTERS_RE.match(name) for name in names]
        if all(m and m.start() == 0 for m in firsts):
            runs[i] = frozenset(m.group(0) for m in firsts)
    return runs


def _finditer_from(regex, text, starts):
    """regex.finditer(text), given a sorted superset of the positions a match can start at:
    each search of finditer is a match at the next possible start past the previous match."""
    pos = 0
    for start in starts:
        if start < pos:
            continue
        m = regex.match(text, start)
        if m:
            yield m
            pos = m.end()


def mentions(text, offset=0):
    """Every (province name, kind, span) named in text; spans shifted by offset.

    Each pattern is only tried where it can start (see _finditer_from): prefixed patterns
    where a prefix word is (_prefix_starts), bare names where a letter run equals the first word of a name
    (the look-behind of bare names makes a match start a letter run). Same matches, same
    order as running each regex's finditer over the whole line.
    """
    text = vt.unify_tones_in_place(text)
    found, explicit_spans = [], []
    patterns = _patterns()
    indexes = _candidates(text)
    if not indexes:
        return found
    prefix_starts = None
    for i in indexes:
        regex, province, kind = patterns[i]
        if kind == "bare":
            continue
        if prefix_starts is None:
            prefix_starts = _prefix_starts(text)
        for m in _finditer_from(regex, text, prefix_starts):
            found.append((province, kind, (offset + m.start(1), offset + m.end(1))))
            explicit_spans.append((m.start(1), m.end(1)))
    bare_runs, run_starts = _bare_first_runs(), None
    for i in indexes:
        regex, province, kind = patterns[i]
        if kind != "bare":
            continue
        if i in bare_runs:
            if run_starts is None:
                run_starts = defaultdict(list)
                for run in _LETTERS_RE.finditer(text):
                    run_starts[run.group(0)].append(run.start())
            starts = sorted(s for first in bare_runs[i] for s in run_starts.get(first, ()))
            matches = _finditer_from(regex, text, starts)
        else:
            matches = regex.finditer(text)
        for m in matches:
            if any(s <= m.start(1) < e for s, e in explicit_spans):
                continue
            # Part of a person's name ("Đồng Văn Thanh") or an institution's, not a place.
            if _followed_by_capital(text, m.end(1)) or _preceded_by_capital(text, m.start(1)):
                continue
            found.append((province, kind, (offset + m.start(1), offset + m.end(1))))
    return found


def _followed_by_capital(text, end):
    m = re.match(r" ([^\W\d_])", text[end:end + 2])
    return bool(m) and m.group(1).isupper()


def _preceded_by_capital(text, start):
    m = re.search(r"([^\W\d_]+) $", text[max(0, start - 20):start])
    return bool(m) and m.group(1)[0].isupper() and m.group(1).lower() not in {"tại", "của", "và", "ở", "với", "về"}


def title_province(title):
    """The province a headline opens with ("Đồng Tháp: Tổng kết …")."""
    m = re.match(r"\s*([^:–—-]{2,40}?)\s*[:–—]\s", title)
    if m:
        prov = gazetteer.by_name(vt.normalize(m.group(1)))
        if prov:
            return prov.name, m.span(1)
    return None


def newspaper_by_marker(marker):
    if not marker:
        return None
    wanted = vt.fold(marker).strip(".() ")
    for paper in gazetteer.NEWSPAPERS:
        if any(vt.fold(m).strip(".() ") == wanted for m in paper.markers):
            return paper
        if any(wanted == d or wanted.endswith("." + d) for d in paper.domains):
            return paper
    return newspaper_by_initials(marker)


def _initials(name):
    return "".join(word[0] for word in vt.fold(name).split())


def newspaper_by_initials(marker):
    """Newsrooms sign leads with "B" + the initials of the paper: BKG = Báo Kiên Giang, BDK.VN = Báo Đồng Khởi."""
    letters = re.sub(r"\.vn$", "", vt.fold(marker).strip(".() ")).replace(".", "")
    if len(letters) < 3 or not letters.startswith("b") or not letters.isalpha():
        return None
    matches = [p for p in gazetteer.NEWSPAPERS if _initials(re.sub(r"^Báo\s+", "", p.name)) == letters[1:]]
    return matches[0] if len(matches) == 1 else None


_DOMAIN_RE = re.compile(r"(?:https?://)?(?:www\.)?((?:[a-z0-9-]+\.)+[a-z]{2,})", re.I)


def newspaper_by_domain(text):
    """(newspaper, span) of the first newspaper domain named in text."""
    for m in _DOMAIN_RE.finditer(text):
        host = m.group(1).lower()
        for paper in gazetteer.NEWSPAPERS:
            if any(host == d or host.endswith("." + d) for d in paper.domains):
                return paper, m.span(1)
    return None


def source_of(marker, marker_span, raw):
    """Value(newspaper name) from the lead marker, else from a domain in the raw text."""
    paper = newspaper_by_marker(marker)
    if paper:
        return Value(paper.name, marker_span, 0.95)
    hit = newspaper_by_domain(raw)
    if hit:
        return Value(hit[0].name, hit[1], 0.9)
    return Value(None)


def province_of(title_line, lines, source_name=None):
    """Value(province name) best supported by the article; lines are clean.Line objects."""
    scores, first_seen, spans = defaultdict(float), {}, {}
    weights = {"explicit": WEIGHT_EXPLICIT, "district": WEIGHT_DISTRICT, "bare": WEIGHT_BARE}
    if title_line is not None:
        hit = title_province(title_line.text)
        if hit:
            name, (s, e) = hit
            scores[name] += WEIGHT_TITLE
            first_seen.setdefault(name, -1)
            spans.setdefault(name, (title_line.start + s, title_line.start + e))
    all_lines = ([title_line] if title_line is not None else []) + list(lines)
    for line in all_lines:
        for name, kind, span in mentions(line.text, line.start):
            scores[name] += weights[kind]
            first_seen.setdefault(name, span[0])
            spans.setdefault(name, span)
    if source_name:
        paper = next((p for p in gazetteer.NEWSPAPERS if p.name == source_name), None)
        if paper:
            scores[paper.province] += WEIGHT_SOURCE
            first_seen.setdefault(paper.province, -2)
    if not scores:
        return Value(None)
    best = max(scores, key=lambda n: (scores[n], -first_seen[n]))
    total = sum(scores.values())
    return Value(best, spans.get(best), round(min(1.0, scores[best] / total), 2))
