"""Count the extractor's known fault patterns on a folder of real articles (no gold needed).

    python -m bench.extraction_faults DIR [--limit N] [--seed S] [--sample N] [--shuffle] [--context]

Runs the pure extractor (archive.ingest.extract.extract, no database) over every .txt file of DIR
and prints how many person names are countries, ministries or decorations, how many carry a
country or ministry prefix ("Mỹ Rex Tillerson"), how many positions are a bare "Trưởng", contain a
verb (pyvi) or join two people's titles (a title joined by "và" / "kiêm", or a person's name at the
end that no body or place type word opens), the share of articles with an author, the titles that are
not the file's first line, and a seeded sample of 40 person-position pairs to judge by reading.
The checks here are the counter's own word lists, kept apart from the extractor's rules so that a
count before and after a change measures the change. It reads files and prints; it writes nothing.
"""
import argparse
import random
import re
import sys
from collections import Counter
from functools import lru_cache
from pathlib import Path

from archive import text as vt
from archive.ingest.extract import extract
from archive.ingest.read import decode

COUNTRIES = (
    "Mỹ", "Hoa Kỳ", "Nhật", "Nhật Bản", "Trung Quốc", "Hàn Quốc", "Triều Tiên", "Nga", "Pháp", "Anh", "Đức",
    "Ý", "Italy", "Tây Ban Nha", "Bồ Đào Nha", "Hà Lan", "Bỉ", "Thụy Sĩ", "Thụy Điển", "Na Uy", "Phần Lan",
    "Đan Mạch", "Ba Lan", "Séc", "Hungary", "Ukraine", "Belarus", "Thổ Nhĩ Kỳ", "Hy Lạp", "Ai Cập", "Israel",
    "Palestine", "Iran", "Iraq", "Syria", "Libya", "Ấn Độ", "Pakistan", "Afghanistan", "Bangladesh", "Myanmar",
    "Thái Lan", "Lào", "Campuchia", "Malaysia", "Singapore", "Indonesia", "Philippines", "Brunei", "Đông Timor",
    "Úc", "Australia", "New Zealand", "Canada", "Mexico", "Brazil", "Argentina", "Chile", "Cuba", "Venezuela",
    "Nam Phi", "Nigeria", "Đài Loan", "Hồng Kông", "Mông Cổ", "Kazakhstan", "Nam Sudan", "Sudan", "Mali",
    "Saudi Arabia", "Ả Rập Xê Út", "Qatar", "Jordan", "Liban", "Yemen", "Triều Tiên", "Việt Nam", "Liên Hợp Quốc",
    "Vatican", "Áo", "Ireland", "Scotland", "Serbia", "Croatia", "Romania", "Bulgaria", "Colombia", "Peru",
)
MINISTRY_WORDS = (
    "Công Thương", "Quốc phòng", "Quốc Phòng", "Công an", "Ngoại giao", "Tài chính", "Nội vụ", "Tư pháp",
    "Giáo dục", "Y tế", "Xây dựng", "Giao thông", "Tài nguyên", "Nông nghiệp", "Kế hoạch", "Thông tin",
    "Lao động", "Khoa học", "Văn hóa", "Ngoại Giao", "Nội Vụ", "Tài Chính", "Y Tế",
)
DECORATION_WORDS = ("Hạng Nhất", "Hạng Nhì", "Hạng Ba", "Hạng Tư", "Huân chương", "Huy chương", "Bằng khen")
TITLE_HEADS = (
    "Ủy viên", "Bí thư", "Phó Bí thư", "Chủ tịch", "Phó Chủ tịch", "Giám đốc", "Bộ trưởng", "Thứ trưởng",
    "Thủ tướng", "Phó Thủ tướng", "Trưởng ban", "Trưởng Ban", "Tổng Bí thư", "Chủ nhiệm", "Tư lệnh", "Đại sứ",
)
_TWO_TITLES_RE = re.compile(
    r"\s(?:và|kiêm)\s+(?:" + "|".join(map(re.escape, TITLE_HEADS)) + r")(?![^\W\d_])", re.I)
_SURNAME_RUN_RE = re.compile(
    r"(?<![^\W\d_])(?:Nguyễn|Trần|Lê|Phạm|Hoàng|Huỳnh|Phan|Vũ|Võ|Đặng|Bùi|Đỗ|Ngô|Dương|Đinh|Trương)"
    r"(?: [A-ZĐÀ-Ỹ][^\W\d_]*){1,3}$")


# Words after which a surname run names a body or place ("Trường THPT Đinh Tiên Hoàng", "quận Ngô Quyền",
# "Công ty BĐS Lê Thành"): such a post holds no second person.
NAMED_AFTER_WORDS = (
    "trường", "tiểu học", "quận", "huyện", "phường", "xã", "đường", "phố", "tập đoàn", "công ty", "cty", "cảng",
    "cảng cá", "bệnh viện", "học viện", "đại học", "quỹ", "giải", "giải thưởng", "thôn", "làng", "khu", "cầu",
)


def _named_after_person(text, match):
    before = text[:match.start()].split()
    if not before:
        return False
    last = before[-1]
    return (last.isupper() and len(last) > 1 or vt.key(last) in _NAMED_AFTER_KEYS
            or len(before) >= 2 and vt.key(" ".join(before[-2:])) in _NAMED_AFTER_KEYS)


def _keys(words):
    return frozenset(vt.key(w) for w in words)


_COUNTRY_KEYS = _keys(COUNTRIES)
_MINISTRY_KEYS = _keys(MINISTRY_WORDS)
_DECORATION_KEYS = _keys(DECORATION_WORDS)
_NAMED_AFTER_KEYS = _keys(NAMED_AFTER_WORDS)


def _prefix_of(name, keys):
    """The words of name that open it and are one of keys, when more words follow; or None."""
    words = name.split()
    for n in range(min(3, len(words) - 1), 0, -1):
        if vt.key(" ".join(words[:n])) in keys:
            return " ".join(words[:n])
    return None


@lru_cache(maxsize=65536)
def has_verb(position):
    """Whether pyvi tags a lower-case word of the position as a verb."""
    from pyvi import ViPosTagger, ViTokenizer

    words, tags = ViPosTagger.postagging(ViTokenizer.tokenize(position))
    return any(tag == "V" and word[:1].islower() for word, tag in zip(words, tags, strict=False))


def first_line(raw):
    for line in raw.splitlines():
        if line.strip():
            return " ".join(line.split())
    return ""


def run(folder, limit=None, seed=2013, sample_size=40, out=sys.stdout, shuffle=False, context=False):
    files = sorted(Path(folder).glob("*.txt"))
    if shuffle:
        random.Random(seed).shuffle(files)
    if limit:
        files = files[:limit]
    counts = Counter()
    bad_names = Counter()
    pairs = []
    for path in files:
        raw = decode(path.read_bytes()).text
        facts = extract(raw, path.name)
        counts["articles"] += 1
        counts["with author"] += bool(facts.authors)
        if " ".join(str(facts.title.value or "").split()) != first_line(raw):
            counts["title not line 1"] += 1
        for person in facts.persons:
            counts["persons"] += 1
            key = vt.key(person.name)
            if key in _COUNTRY_KEYS:
                counts["name is a country"] += 1
                bad_names[person.name] += 1
            elif key in _MINISTRY_KEYS:
                counts["name is a ministry"] += 1
                bad_names[person.name] += 1
            elif any(d in key for d in _DECORATION_KEYS):
                counts["name is a decoration"] += 1
                bad_names[person.name] += 1
            if _prefix_of(person.name, _COUNTRY_KEYS):
                counts["name with a country prefix"] += 1
                bad_names[person.name] += 1
            elif _prefix_of(person.name, _MINISTRY_KEYS):
                counts["name with a ministry prefix"] += 1
                bad_names[person.name] += 1
            for position in person.positions:
                counts["positions"] += 1
                text = position.normalized
                at = facts.body.find(person.name)
                passage = " ".join(facts.body[max(0, at - 100):at + len(person.name) + 80].split()) if at >= 0 else ""
                pairs.append((path.name, person.name, text, passage))
                if vt.key(text) == "trưởng":
                    counts['bare "Trưởng"'] += 1
                if has_verb(text):
                    counts["position with a verb"] += 1
                surname_run = _SURNAME_RUN_RE.search(text)
                if _TWO_TITLES_RE.search(text) or surname_run and not _named_after_person(text, surname_run):
                    counts["position joining two titles"] += 1
    n = counts["articles"] or 1
    print(f"articles {counts['articles']}", file=out)
    for label in ("persons", "name is a country", "name is a ministry", "name is a decoration",
                  "name with a country prefix", "name with a ministry prefix", "positions", 'bare "Trưởng"',
                  "position with a verb", "position joining two titles", "title not line 1"):
        print(f"{label:30} {counts[label]}", file=out)
    print(f"{'articles with an author':30} {counts['with author']} ({100 * counts['with author'] / n:.1f}%)",
          file=out)
    print("most frequent faulty names: " + ", ".join(f"{k} ({v})" for k, v in bad_names.most_common(15)), file=out)
    print(f"sample of {sample_size} person-position pairs (seed {seed}):", file=out)
    for name, person, position, passage in random.Random(seed).sample(pairs, min(sample_size, len(pairs))):
        print(f"  {name}\t{person}\t{position}", file=out)
        if context:
            print(f"      {passage}", file=out)
    return counts


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder")
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--seed", type=int, default=2013)
    parser.add_argument("--sample", type=int, default=40, help="person-post pairs to print for judging")
    parser.add_argument("--shuffle", action="store_true", help="take the --limit files from a seeded shuffle")
    parser.add_argument("--context", action="store_true", help="print the passage around each sampled name")
    args = parser.parse_args(argv)
    run(args.folder, limit=args.limit, seed=args.seed, sample_size=args.sample, shuffle=args.shuffle,
        context=args.context)


if __name__ == "__main__":
    main()
