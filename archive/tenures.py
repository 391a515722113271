"""Careers as tenures: each post a person held, once, with its province and the years it was seen.

An article states a post on the day it was written; a tenure gathers the articles that
state the same post (same normalised title, same province) for one person: first and
last dated mention, and the articles behind them. A curator's ``TenureCorrection``
overrides the years (or hides a tenure's end: "từ 2021"). Pure reads here, no writes:
corrections are saved by ``archive.curation.correct_tenure``.

A career is read as plain rows (``Statement``), not as model instances: a prominent person's
posts are stated by thousands of articles, and building a Position, an Article and a Province
for each was most of the person page's first render. Only the statements a page lists are read
as models (``load_shown``).
"""
import datetime as dt
from dataclasses import dataclass, field

from archive import text as vt
from archive.models import Position, Province, TenureCorrection, article_date, article_day

ARTICLES_SHOWN = 20  # per tenure on a page; the count says how many more there are


@dataclass(frozen=True, slots=True)
class Statement:
    """One article's statement of one of the person's posts (an unrejected Position row)."""

    position_id: int
    article_id: int
    normalized: str
    date: dt.date | None  # the article's date (Article.date)
    province_id: int | None  # the article's province


def statements(person):
    """The person's unrejected positions as Statements, in the article date order (undated last)."""
    rows = (Position.objects.filter(person=person, rejected=False)
            .order_by(article_date("article__").asc(nulls_last=True), "article_id", "start")
            .values_list("pk", "article_id", "normalized", "article__published", "article__meeting_date",
                         "article__province_id"))
    return [Statement(pk, article_id, normalized, article_day(published, meeting_date), province_id)
            for pk, article_id, normalized, published, meeting_date, province_id in rows]


@dataclass
class Tenure:
    post: str
    key: str
    province: object = None
    first: object = None  # date of the first dated article stating it
    last: object = None
    positions: list = field(default_factory=list)  # Statements, one per article, in date order
    undated: int = 0
    correction: TenureCorrection | None = None
    shown: list = field(default_factory=list)  # Position rows of the first statements (load_shown)

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
    def more(self):
        return max(0, len(self.positions) - ARTICLES_SHOWN)

    def overlaps(self, other):
        if None in (self.starts, self.ends, other.starts, other.ends):
            return False
        return self.starts <= other.ends and other.starts <= self.ends


def tenures_of(person, stated=None):
    """The person's tenures in time order (undated last); stated: their statements() read already."""
    if stated is None:
        stated = statements(person)
    provinces = Province.objects.in_bulk({s.province_id for s in stated if s.province_id})
    groups, seen = {}, {}
    for st in stated:
        key = (vt.key(st.normalized), st.province_id or 0)
        tenure = groups.get(key)
        if tenure is None:
            tenure = groups[key] = Tenure(post=st.normalized, key=key[0], province=provinces.get(st.province_id))
        if st.article_id in seen.setdefault(key, set()):
            continue  # one line per article, however the article words the title
        seen[key].add(st.article_id)
        tenure.positions.append(st)
        when = st.date
        if when is None:
            tenure.undated += 1
            continue
        tenure.first = when if tenure.first is None or when < tenure.first else tenure.first
        tenure.last = when if tenure.last is None or when > tenure.last else tenure.last
    corrections = {(c.post_key, c.province_id): c for c in TenureCorrection.objects.filter(person=person)}
    for key, tenure in groups.items():
        tenure.correction = corrections.get(key)
        tenure.positions.sort(key=lambda st: (st.date is None, st.date or dt.date.min, st.article_id))
    return sorted(groups.values(), key=lambda t: (t.starts is None, t.starts or 0, t.ends or 0, t.post))


def positions_of(position_ids):
    """The Position rows with these ids, with what a page shows of their articles, in that order."""
    found = (Position.objects.filter(pk__in=position_ids).select_related("article")
             # A line shows the article's title, date and link: never its texts nor its JSON columns.
             .only("pk", "text", "normalized", "article", "article__id", "article__slug", "article__title",
                   "article__published", "article__meeting_date")
             .in_bulk())
    return [found[pk] for pk in position_ids if pk in found]


def load_shown(tenures, also=()):
    """Give each tenure .shown: the Position rows of its first ARTICLES_SHOWN statements; returns
    {id: Position} of those and of the positions `also` names (one query for a page)."""
    wanted = [st.position_id for t in tenures for st in t.positions[:ARTICLES_SHOWN]]
    found = {p.pk: p for p in positions_of([*wanted, *also])}
    for t in tenures:
        t.shown = [found[st.position_id] for st in t.positions[:ARTICLES_SHOWN] if st.position_id in found]
    return found
