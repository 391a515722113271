"""Scoring extracted facts against a gold file: how right the archive is about its articles.

Both sides are rows in the export schema (``manage.py export_extractions``): one object per
article keyed by ``file`` (its base name), with title, province, source, published,
meeting_date, persons [{name, positions}], documents [{kind, number, issuer, date}] and authors.
Scalar fields are scored by accuracy; persons, (person, position) pairs, documents and authors
by micro-averaged precision, recall and F1 over the gold articles. Every miss and extra is
listed, so a figure can always be traced to the articles behind it.

Strings are compared as a careful reader would: NFC, either tone-mark placement (khoá = khóa),
case, white space and trailing punctuation ignored, the newspapers' abbreviations (BCH, HĐND,
UBND, TW/TƯ, BTV, MTTQ, NQ, ĐBQH) and "TP." written out. A document matches by kind and
number: the same digits (leading zeros aside) and the same code suffix, a suffix missing on
either side matching any. Pure: no Django, no I/O beyond reading the files it is given.
"""
import json
import re
from dataclasses import dataclass, field

from archive import text as vt

SCALAR_FIELDS = ("title", "province", "source", "published", "meeting_date")
SET_FIELDS = ("persons", "positions", "documents", "authors")

# The scorer's own abbreviations: those of archive.text that the gold conventions name (its
# longer ones, such as UBMTTQ, are kept as written so that both spellings count as a miss).
ABBREVIATIONS = {k: v for k, v in vt.ABBREVIATIONS.items()
                 if k in {"BCH", "HĐND", "UBND", "BTV", "MTTQ", "TW", "TƯ", "NQ", "ĐBQH"}}
_ABBR_RE = re.compile(r"(?<![\w/-])(" + "|".join(map(re.escape, ABBREVIATIONS)) + r")(?![\w/-])")
# "TP. Hồ Chí Minh", "TP Cần Thơ" = "Thành phố …"; a bare "Hồ Chí Minh" stays a person's name.
_CITY_RE = re.compile(r"(?<![\w/-])TP\.?\s*(?=[A-ZĐÀ-Ỹ])")
_TRIM = " .,;:-–—\"'“”"
_NUMBER_RE = re.compile(r"0*(\d+)(.*)", re.S)
# "TƯ" in a code is the Party centre's "TW" typed with its accent (15-NQ/TƯ = 15-NQ/TW).
_CODE_TU_RE = re.compile(r"(?<=[/-])tư(?![\w])")
# An issuer's term ("Ban Chấp hành Trung ương Đảng khóa XIII"): some gold rows keep it, some not.
_TERM_RE = re.compile(r"[\s,(]*khóa [ivxlc\d]+\)?$")


def norm(value):
    """The form two strings are compared in; None stays None (a null is a value)."""
    if value is None:
        return None
    value = vt.nfc(str(value))
    value = _CITY_RE.sub("Thành phố ", value)
    value = _ABBR_RE.sub(lambda m: ABBREVIATIONS[m.group(1)], value)
    return vt.key(value).strip(_TRIM)


def document_key(doc):
    """(kind, digits, code suffix) of a reference such as Nghị quyết 15-NQ/TW."""
    number = norm(doc.get("number") or "")
    match = _NUMBER_RE.match(number)
    digits, suffix = (match.group(1), match.group(2).strip(" -")) if match else (number, "")
    suffix = _CODE_TU_RE.sub("tw", suffix)
    return norm(doc.get("kind") or ""), digits, suffix


def documents_match(gold, predicted):
    gold_kind, gold_digits, gold_suffix = document_key(gold)
    kind, digits, suffix = document_key(predicted)
    if (gold_kind, gold_digits) != (kind, digits):
        return False
    return not (gold_suffix and suffix) or gold_suffix == suffix


@dataclass
class Tally:
    """True positives, predictions and gold items of one set field, summed over articles."""

    tp: int = 0
    predicted: int = 0
    gold: int = 0

    def add(self, tp, predicted, gold):
        self.tp += tp
        self.predicted += predicted
        self.gold += gold

    def figures(self):
        p = self.tp / self.predicted if self.predicted else (1.0 if not self.gold else 0.0)
        r = self.tp / self.gold if self.gold else 1.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4),
                "tp": self.tp, "predicted": self.predicted, "gold": self.gold}


@dataclass
class Score:
    accuracy: dict = field(default_factory=lambda: {k: [0, 0] for k in SCALAR_FIELDS})
    sets: dict = field(default_factory=lambda: {k: Tally() for k in SET_FIELDS})
    # On matched documents only: is the issuer / the date right as well? (Reported, not in worst.)
    document_details: dict = field(default_factory=lambda: {"issuer": [0, 0], "date": [0, 0]})
    misses: list = field(default_factory=list)

    def figures(self):
        out = {k: round(ok / n, 4) if n else None for k, (ok, n) in self.accuracy.items()}
        out.update({k: tally.figures() for k, tally in self.sets.items()})
        return out

    def worst(self):
        values = [v["f1"] if isinstance(v, dict) else v for v in self.figures().values() if v is not None]
        return min(values) if values else 0.0

    def as_json(self):
        details = {k: round(ok / n, 4) if n else None for k, (ok, n) in self.document_details.items()}
        return {"scores": self.figures(), "worst": self.worst(), "matched_documents": details,
                "misses": self.misses}


def load(lines, origin):
    """Rows keyed by the base name of their file; a bad line names the file and line."""
    rows = {}
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            name = row["file"]
        except (ValueError, KeyError, TypeError) as exc:
            raise ValueError(f"{origin}, line {number}: not a row of the export schema ({exc})") from exc
        rows[str(name).replace("\\", "/").rsplit("/", 1)[-1]] = row
    return rows


def load_file(path):
    with open(path, encoding="utf-8") as fh:
        return load(fh, path)


def score(gold, predicted):
    """Score the predicted rows (dict file → row) against the gold rows; articles outside the
    gold are not scored."""
    result = Score()
    for name, g in sorted(gold.items()):
        p = predicted.get(name) or {}
        if not p:
            result.misses.append(f"{name}: no prediction")
        _score_scalars(result, name, g, p)
        g_people = {norm(x["name"]): x for x in g.get("persons") or []}
        p_people = {norm(x.get("name")): x for x in p.get("persons") or []}
        _score_set(result, "persons", "person", name, set(g_people), set(p_people))
        _score_set(result, "positions", "position", name, _positions(g_people), _positions(p_people))
        _score_set(result, "authors", "author", name,
                   {norm(a) for a in g.get("authors") or []}, {norm(a) for a in p.get("authors") or []})
        _score_documents(result, name, g.get("documents") or [], p.get("documents") or [])
    return result


def _score_scalars(result, name, gold, predicted):
    for key in SCALAR_FIELDS:
        # A field missing from a gold row, or a null gold source, is not scored.
        if key not in gold or (key == "source" and gold[key] is None):
            continue
        ok = norm(gold.get(key)) == norm(predicted.get(key))
        result.accuracy[key][0] += ok
        result.accuracy[key][1] += 1
        if not ok:
            result.misses.append(f"{name}: {key} gold={gold.get(key)!r} got={predicted.get(key)!r}")


def _positions(people):
    return {(who, norm(post)) for who, person in people.items() for post in person.get("positions") or []}


def _score_set(result, key, label, name, gold, predicted):
    result.sets[key].add(len(gold & predicted), len(predicted), len(gold))
    result.misses.extend(f"{name}: missed {label} {x}" for x in sorted(gold - predicted, key=str))
    result.misses.extend(f"{name}: extra {label} {x}" for x in sorted(predicted - gold, key=str))


def _score_documents(result, name, gold, predicted):
    remaining = list(predicted)
    tp = 0
    for g in gold:
        hit = next((p for p in remaining if documents_match(g, p)), None)
        if hit is None:
            result.misses.append(f"{name}: missed document {g.get('kind')} {g.get('number')}")
            continue
        remaining.remove(hit)
        tp += 1
        for detail in ("issuer", "date"):
            if detail in g:
                ok = _detail(g.get(detail)) == _detail(hit.get(detail))
                result.document_details[detail][0] += ok
                result.document_details[detail][1] += 1
                if not ok:
                    result.misses.append(f"{name}: document {g.get('number')} {detail} "
                                         f"gold={g.get(detail)!r} got={hit.get(detail)!r}")
    result.misses.extend(f"{name}: extra document {p.get('kind')} {p.get('number')}" for p in remaining)
    result.sets["documents"].add(tp, len(predicted), len(gold))


def _detail(value):
    value = norm(value)
    return _TERM_RE.sub("", value) if value else value


def report_lines(result):
    """The human report: every miss, then each figure, then the worst one."""
    lines = ["  " + miss for miss in result.misses]
    for key, value in result.figures().items():
        if isinstance(value, dict):
            lines.append(f"{key:13} P {value['precision']:.4f}  R {value['recall']:.4f}  F1 {value['f1']:.4f}"
                         f"  ({value['tp']} of {value['predicted']} predicted, {value['gold']} gold)")
        else:
            lines.append(f"{key:13} {'-' if value is None else f'{value:.4f}'}")
    for detail, (ok, n) in result.document_details.items():
        if n:
            lines.append(f"  matched documents' {detail}: {ok} of {n} right (not in the worst figure)")
    lines.append(f"worst         {result.worst():.4f}")
    return lines
