"""Province and source of an article, from what the article itself shows.

Evidence, strongest first: the newsroom marker opening the lead ("ĐTO", "BDK.VN")
or a newspaper's domain in a URL (which give the source and its province), a
headline that opens with the province ("Đồng Tháp: …"), explicit mentions
("tỉnh Hậu Giang", "Tỉnh ủy Thái Bình"), districts and provincial cities named
with their prefix ("huyện Lai Vung", "Thành ủy Cao Lãnh"), then bare names.
District names shared by several provinces prove nothing and are ignored.
Pure: no Django.
"""
import os
import re
from collections import defaultdict
from functools import lru_cache

from archive import text as vt
from archive.ingest import gazetteer
from archive.ingest.extract.shortcuts import (
    LETTER_RE,
    PLAIN_CASE,
    finditer_from,
    plain_case,
    starts_re,
    unify_tones_in_place,
)
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
        patterns.append((re.compile(_PROVINCE_PREFIX + r"(" + alternation + r")" + _LETTER_AFTER, re.I),
                         prov.name, "explicit", names))
        bare = [n for n in names if n not in _NOT_BARE and not n.upper().startswith("TP")]
        if bare:
            patterns.append((re.compile(r"(?<![^\W\d_])(" + "|".join(map(re.escape, bare)) + r")" + _LETTER_AFTER),
                             prov.name, "bare", bare))
    for district, owners in district_owners.items():
        if len(owners) == 1:
            patterns.append((re.compile(_DISTRICT_PREFIX + r"(" + re.escape(district) + r")" + _LETTER_AFTER, re.I),
                             next(iter(owners)), "district", [district]))
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
    """The set of indexes of the patterns that can match text at all.

    Running all ~700 province and district regexes over every line was 95% of
    extraction time. Every name starts at a letter-run boundary (a prefix ending
    in white space, or the look-behind of bare names) and its first word ends at
    a non-letter, so a pattern can only match when the first word of one of its
    names is a letter run of the text: the same matches, far fewer regexes.
    """
    by_word, always = _patterns_by_first_word()
    wanted = set(always)
    for word in by_word.keys() & set(_LETTERS_RE.findall(text.lower())):
        wanted.update(by_word[word])
    return wanted


def _alternatives(prefix):
    """The alternatives of a prefix regex above: ["tỉnh", "thành\\s+phố", …]."""
    return prefix[len("(?:"):prefix.rindex(")")].split("|")


_PREFIX_ALTERNATIVES = list(dict.fromkeys(_alternatives(_PROVINCE_PREFIX) + _alternatives(_DISTRICT_PREFIX)))


def _name_starts_re(alternatives, flags):
    """Zero-width, so finditer reports every position (overlapping ones too) where one of the
    alternatives and white space start; group k ends where the k-th and its white space end."""
    return re.compile(
        r"(?=(?:" + "|".join(alternatives) + r")\s)"
        + "".join(r"(?:(?=(" + alternative + r"\s+))|)" for alternative in alternatives),
        flags,
    )


_NAME_STARTS_RE = _name_starts_re(_PREFIX_ALTERNATIVES, re.I)  # same matching as the patterns
# The same for a plain-case line lowercased (see shortcuts.plain_case), tried where one can start.
_LOWER_ALTERNATIVES = list(dict.fromkeys(a.lower() for a in _PREFIX_ALTERNATIVES))
_LOWER_NAME_STARTS_RE = _name_starts_re(_LOWER_ALTERNATIVES, 0)
_LOWER_PREFIX_START_RE = starts_re([a + r"\s" for a in _LOWER_ALTERNATIVES])
_HEAD = 3  # characters of a name looked up where it can start


@lru_cache(maxsize=1)
def _prefixed_by_head():
    """{the first _HEAD characters of a name, lowercased: indexes of the prefixed patterns with that
    name}, the prefixed patterns with a name too short or not PLAIN_CASE (tried at every start),
    and all prefixed patterns."""
    by_head, always = defaultdict(set), set()
    for i, (_, _, kind, names) in enumerate(_pattern_table()):
        if kind == "bare":
            continue
        for name in names:
            head = name[:_HEAD]
            (by_head[head.lower()].add(i) if len(head) == _HEAD and PLAIN_CASE.issuperset(head) else always.add(i))
    prefixed = frozenset(i for i, (_, _, kind) in enumerate(_patterns()) if kind != "bare")
    return by_head, frozenset(always), prefixed


def _name_starts(text, plain):
    """(start, positions) for every position where an alternative of either prefix and white space
    start, in order, with the positions where they end: where a prefixed pattern's name can start.
    plain: text is plain-case (shortcuts.plain_case), so it is searched lowercased, without re.I."""
    if plain:
        low = text.lower()
        hits = (_LOWER_NAME_STARTS_RE.match(low, m.start()) for m in _LOWER_PREFIX_START_RE.finditer(low))
    else:
        hits = _NAME_STARTS_RE.finditer(text)
    for m in hits:
        yield m.start(), {end for _, end in m.regs[1:] if end >= 0}


def _prefixed_starts(text, plain, wanted):
    """{index of a prefixed pattern in wanted (None: any): sorted positions where it can match}.

    A prefixed pattern matches where an alternative of its prefix and white space start, with
    one of its names right after them (_name_starts): the first _HEAD characters there,
    lowercased, are the head of one of its names, unless they are not all PLAIN_CASE.
    """
    by_head, always, prefixed = _prefixed_by_head()
    starts = defaultdict(list)
    for start, name_starts in _name_starts(text, plain):
        for name_start in name_starts:
            head = text[name_start:name_start + _HEAD]
            if len(head) == _HEAD and PLAIN_CASE.issuperset(head):
                indexes = always.union(by_head.get(head.lower(), ()))
            else:
                indexes = prefixed
            for i in indexes if wanted is None else indexes & wanted:
                if not starts[i] or starts[i][-1] != start:
                    starts[i].append(start)
    return starts


@lru_cache(maxsize=1)
def _bare_by_first_run():
    """{first letter run of a name, as written: (index of its bare pattern, name)}, a regex finding
    those runs (followed by no letter) and the bare patterns with a name that does not open with a
    letter (searched the slow way)."""
    by_run, always = defaultdict(list), set()
    for i, (_, _, kind, names) in enumerate(_pattern_table()):
        if kind != "bare":
            continue
        for name in names:
            m = _LETTERS_RE.match(name)
            (by_run[m.group(0)].append((i, name)) if m else always.add(i))
    # Led by the runs' letters, not by a look-behind: the regex engine skips to where one can start.
    runs_re = re.compile("(?:" + "|".join(map(re.escape, sorted(by_run, key=len, reverse=True))) + ")" + _LETTER_AFTER)
    return by_run, runs_re, frozenset(always)


def _bare_starts(text, wanted):
    """{index of a bare pattern in wanted (None: any): sorted positions where it can match}: the
    letter runs of the text that open one of its names (its look-behind makes a match start a run).
    A letter run found by runs_re is one if no letter precedes it; a run inside a word found
    instead hides none (no run starts after a letter)."""
    by_run, runs_re, always = _bare_by_first_run()
    starts = defaultdict(list)
    for run in runs_re.finditer(text):
        at = run.start()
        if at and LETTER_RE.match(text, at - 1):
            continue
        for i, name in by_run[run.group(0)]:
            if (wanted is None or i in wanted) and text.startswith(name, at) and (not starts[i] or starts[i][-1] != at):
                starts[i].append(at)
    for i in always if wanted is None else always & wanted:
        starts[i] = None  # every position
    return starts


def mentions(text, offset=0):
    """Every (province name, kind, span) named in text; spans shifted by offset.

    Each candidate pattern is only tried where it can start (_prefixed_starts, _bare_starts,
    see shortcuts.finditer_from): the same matches, in the same order, as running each
    candidate regex's finditer over the whole line. On a plain-case line every pattern that
    matches is a candidate, so the candidates are not worked out: the name it matches is,
    lowercased, the line's text there lowercased, and the line lowercased keeps its letter runs.
    """
    text = unify_tones_in_place(text)
    found, explicit_spans = [], []
    plain = plain_case(text)
    wanted = None if plain else _candidates(text)  # None: any pattern
    patterns = _patterns()
    for i, starts in sorted(_prefixed_starts(text, plain, wanted).items()):
        regex, province, kind = patterns[i]
        for m in finditer_from(regex, text, starts):
            found.append((province, kind, (offset + m.start(1), offset + m.end(1))))
            explicit_spans.append((m.start(1), m.end(1)))
    for i, starts in sorted(_bare_starts(text, wanted).items()):
        regex, province, kind = patterns[i]
        for m in finditer_from(regex, text, starts):
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
# {domain: index of the first newspaper with it}: a host names the first paper of one of its domains.
_DOMAIN_PAPERS = {}
for _index, _paper in enumerate(gazetteer.NEWSPAPERS):
    for _domain in _paper.domains:
        _DOMAIN_PAPERS.setdefault(_domain, _index)
# What every domain ends with (".vn"), case as _DOMAIN_RE matches it: where one can be named.
_DOMAIN_TAIL_RE = re.compile(re.escape(os.path.commonprefix([d[::-1] for d in _DOMAIN_PAPERS])[::-1]), re.I)
_NOT_SPACE_RE = re.compile(r"\S*")


def _paper_of_host(host):
    """The first newspaper with a domain that host is or ends with ("." + domain), or None."""
    suffixes = [host] + [host[i + 1:] for i, ch in enumerate(host) if ch == "."]
    papers = [_DOMAIN_PAPERS[s] for s in suffixes if s in _DOMAIN_PAPERS]
    return gazetteer.NEWSPAPERS[min(papers)] if papers else None


def newspaper_by_domain(text):
    """(newspaper, span) of the first newspaper domain named in text.

    _DOMAIN_RE matches no white space, so its finditer over text is its finditer over each
    white-space-free token in turn; a host of a paper ends with the domains' tail, so only the
    tokens holding that tail are read: the same first match, without scanning the whole text.
    """
    pos = 0
    while hit := _DOMAIN_TAIL_RE.search(text, pos):
        start = hit.start()
        while start and not text[start - 1].isspace():
            start -= 1
        end = _NOT_SPACE_RE.match(text, hit.end()).end()
        for m in _DOMAIN_RE.finditer(text, start, end):
            paper = _paper_of_host(m.group(1).lower())
            if paper:
                return paper, m.span(1)
        pos = max(end, hit.start() + 1)
    return None


def source_of(marker, marker_span, raw, outlet=None, credited=None, paragraphs=()):
    """Value(outlet) of the article, strongest evidence first: the outlet line a news page prints
    under its tags (as written), an outlet the closing credits name ("Theo Báo Cà Mau", "(TTXVN)"),
    the newspaper of the lead marker, a reporter's outlet the body names ("PV Lao Động" where
    "Báo Lao Động" is named too), a newspaper's domain in the raw text."""
    if outlet is not None:
        return Value(vt.normalize(outlet.text), (outlet.start, outlet.end), 0.95)
    if credited is not None and credited.value:
        return credited
    paper = newspaper_by_marker(marker)
    if paper:
        return Value(paper.name, marker_span, 0.95)
    for line in paragraphs:
        hit = reporter_outlet(line.text)
        if hit:
            name, (s, e) = hit
            return Value(name, (line.start + s, line.start + e), 0.8)
    hit = newspaper_by_domain(raw)
    if hit:
        return Value(hit[0].name, hit[1], 0.9)
    return Value(None)


# "PV Lao Động đã liên hệ": the paper's own reporter; its name must also be printed as "Báo …".
_REPORTER_RE = re.compile(r"(?<![^\W\d_])(?:PV|[Pp]hóng viên)\s+((?:[A-ZĐ][^\W\d_]*)(?:\s+[A-ZĐ][^\W\d_]*){0,3})")


def reporter_outlet(text):
    """("Báo X", span of X) when text says "PV X" (our reporter) and names "Báo X" as well, else None."""
    for m in _REPORTER_RE.finditer(text):
        name = m.group(1)
        if re.search(r"(?<![^\W\d_])[Bb]áo\s+" + re.escape(name) + r"(?![^\W\d_])", text):
            return "Báo " + name, m.span(1)
    return None


# "(theo) giờ Hà Nội" tells the time zone of a foreign dateline, not where the article is.
_TIME_ZONE_BEFORE = re.compile(r"(?<![^\W\d_])giờ\s+$", re.I)


@lru_cache(maxsize=1)
def _self_prefixed():
    """(regex, province name) of the spellings that carry their own city prefix ("TP.HCM",
    "TPHCM", "TP.Hồ Chí Minh"): the prefixed patterns need white space after "TP" and the bare ones
    leave them out, so they are looked for on their own, as explicit mentions."""
    found = []
    for prov in gazetteer.PROVINCES:
        names = sorted({vt.normalize(n) for n in prov.aliases if n.upper().startswith("TP")}, key=len, reverse=True)
        if names:
            found.append((re.compile(r"(?<![^\W\d_])(" + "|".join(map(re.escape, names)) + r")" + _LETTER_AFTER,
                                     re.I), prov.name))
    return found


@lru_cache(maxsize=1)
def _papers_named():
    """A regex of the provincial Party newspapers' names ("Báo Đắk Nông") and {name: province}: the
    bare pattern leaves a name after a capitalised word out, but a provincial paper's name is its
    province's."""
    by_name = {vt.normalize(p.name): p.province for p in gazetteer.NEWSPAPERS}
    names = sorted(by_name, key=len, reverse=True)
    return re.compile(r"(?<![^\W\d_])(" + "|".join(map(re.escape, names)) + r")" + _LETTER_AFTER), by_name


def _province_mentions(line):
    """Every (province name, kind, span) in a clean.Line: places.mentions, less a bare name read as a
    time zone, plus the provincial papers named and the self-prefixed spellings mentions does not read."""
    found = []
    for name, kind, span in mentions(line.text, line.start):
        start = span[0] - line.start
        if kind == "bare" and _TIME_ZONE_BEFORE.search(line.text, max(0, start - 8), start):
            continue
        found.append((name, kind, span))
    text = None
    if "Báo" in line.text:
        regex, by_name = _papers_named()
        text = unify_tones_in_place(line.text)
        for m in regex.finditer(text):
            span = (line.start + m.start(1), line.start + m.end(1))
            if not any(s < span[1] and span[0] < e for _, _, (s, e) in found):
                found.append((by_name[m.group(1)], "bare", span))
    for regex, name in _self_prefixed():
        if not re.search("tp", line.text, re.I):
            break
        text = text or unify_tones_in_place(line.text)
        for m in regex.finditer(text):
            span = (line.start + m.start(1), line.start + m.end(1))
            if not any(s < span[1] and span[0] < e for _, _, (s, e) in found):
                found.append((name, "explicit", span))
    return found


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
        for name, kind, span in _province_mentions(line):
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
