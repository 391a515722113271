"""Careers as tenures: each post a person held, once, with its province and the years it was seen.

An article states a post on the day it was written; a tenure gathers the articles that
state the same post (same normalised title, same province) for one person: first and
last dated mention, and the articles behind them. A curator's ``TenureCorrection``
overrides the years (or hides a tenure's end: "từ 2021"). Pure reads here, no writes:
corrections are saved by ``archive.curation.correct_tenure``.
"""
from dataclasses import dataclass, field

from archive import text as vt
from archive.models import Position, TenureCorrection

ARTICLES_SHOWN = 20  # per tenure on a page; the count says how many more there are


@dataclass
class Tenure:
    post: str
    key: str
    province: object = None
    first: object = None  # date of the first dated article stating it
    last: object = None
    positions: list = field(default_factory=list)  # one per article, in date order
    undated: int = 0
    correction: TenureCorrection | None = None

    @property
    def province_id(self):
        return self.province.pk if self.province else 0

    @property
    def starts(self):
        if self.correction and self.correction.starts:
            return self.correction.starts
        return self.first.year if self.first else None

    @property
    def ends(self):
        if self.correction and self.correction.ends:
            return self.correction.ends
        return self.last.year if self.last else None

    @property
    def ongoing(self):
        return bool(self.correction and self.correction.ongoing)

    @property
    def years(self):
        """"2020 – 2023", "2021", "từ 2021", or "" when no article is dated."""
        starts, ends = self.starts, self.ends
        if starts is None and ends is None:
            return ""
        if self.ongoing:
            return f"từ {starts or ends}"
        if starts is None or ends is None or starts == ends:
            return str(starts or ends)
        return f"{starts} – {ends}"

    @property
    def corrected(self):
        return self.correction is not None

    @property
    def shown(self):
        return self.positions[:ARTICLES_SHOWN]

    @property
    def more(self):
        return max(0, len(self.positions) - ARTICLES_SHOWN)

    def overlaps(self, other):
        if None in (self.starts, self.ends, other.starts, other.ends):
            return False
        return self.starts <= other.ends and other.starts <= self.ends


def tenures_of(person, positions=None):
    """The person's tenures in time order (undated last); positions: rejected ones left out already."""
    if positions is None:
        positions = (Position.objects.filter(person=person, rejected=False)
                     .select_related("article", "article__province")
                     .defer("article__raw_text", "article__body", "article__captions", "article__spans"))
    groups, seen = {}, {}
    for pos in positions:
        article = pos.article
        key = (vt.key(pos.normalized), article.province_id or 0)
        tenure = groups.get(key)
        if tenure is None:
            tenure = groups[key] = Tenure(post=pos.normalized, key=key[0], province=article.province)
        if pos.article_id in seen.setdefault(key, set()):
            continue  # one line per article, however the article words the title
        seen[key].add(pos.article_id)
        tenure.positions.append(pos)
        when = article.date
        if when is None:
            tenure.undated += 1
            continue
        tenure.first = when if tenure.first is None or when < tenure.first else tenure.first
        tenure.last = when if tenure.last is None or when > tenure.last else tenure.last
    corrections = {(c.post_key, c.province_id): c for c in TenureCorrection.objects.filter(person=person)}
    for key, tenure in groups.items():
        tenure.correction = corrections.get(key)
        tenure.positions.sort(key=lambda p: (p.article.date is None, p.article.date or 0, p.article_id))
    return sorted(groups.values(), key=lambda t: (t.starts is None, t.starts or 0, t.ends or 0, t.post))
