"""Server-drawn pictures of the reader pages: counts over time as SVG bars, careers as a timeline.

Each function takes numbers a view already counted (one aggregate query each, made by the view)
and returns the geometry a template draws: rectangles in a fixed viewBox that scales with the
page, each with its label, count and link, plus the rows of the data table shown behind a
disclosure and the sentence read to a screen reader. Pure arithmetic: it must never query the
database, build HTML, nor put a style attribute anywhere (the CSP forbids inline styles; colours
are classes of the stylesheet).
"""
import datetime as dt
from dataclasses import dataclass, field

WIDTH = 480  # viewBox units; the SVG is as wide as its column (at most 36rem) and keeps its ratio
PLOT_TOP, PLOT_HEIGHT, LEFT, RIGHT = 12, 150, 34, 8
HEIGHT = PLOT_TOP + PLOT_HEIGHT + 30
LABELS_SHOWN = 12  # below the bars: every k-th label when there are more bars
SERIES_SHOWN = 4  # stacked series (meeting kinds) named in the legend; the rest are "Khác"
OTHER = "Khác"


@dataclass
class Segment:
    series: int  # the series' place in the legend: its colour class
    name: str
    count: int
    y: float
    height: float
    url: str = ""


@dataclass
class Bar:
    label: str  # "2023", "03/2023"
    count: int
    x: float
    width: float
    y: float
    height: float
    url: str
    segments: list = field(default_factory=list)
    by_series: list = field(default_factory=list)  # counts in the order of the chart's series (the table)
    show_label: bool = True
    short: str = ""

    @property
    def label_x(self):
        return round(self.x + self.width / 2, 1)


@dataclass
class BarChart:
    bars: list
    ticks: list  # [(y, value)] of the vertical axis
    series: list  # legend names, when the bars are stacked
    summary: str  # the sentence read for the picture
    unit: str
    width: int = WIDTH
    height: int = HEIGHT
    baseline: float = PLOT_TOP + PLOT_HEIGHT

    @property
    def label_y(self):
        return self.baseline + 18

    @property
    def left(self):
        return LEFT

    @property
    def tick_x(self):
        return LEFT - 4

    @property
    def plot_top(self):
        return PLOT_TOP

    @property
    def plot_height(self):
        return PLOT_HEIGHT

    @property
    def right(self):
        return self.width - RIGHT

    @property
    def total(self):
        return sum(b.count for b in self.bars)


def _nice_top(value):
    """The axis' top: 1, 2 or 5 times a power of ten, at least value (≥ 1)."""
    magnitude = 10 ** (len(str(max(1, int(value)))) - 1)
    return next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= value)


def bar_chart(points, *, unit, url_of, series_of=None, title=""):
    """A bar per (label, count) of points, in their order; url_of(label) is a bar's link.

    series_of(label) → [(series name, count)] stacks each bar (counts of a name beyond the
    SERIES_SHOWN most frequent overall are gathered as "Khác"); None draws plain bars."""
    # (label, count) or (label, count, short label drawn under the bar: "T3" for "03/2023")
    shorts = {p[0]: (p[2] if len(p) > 2 else p[0]) for p in points}
    points = [(p[0], p[1]) for p in points]
    if not points:
        return None
    n = len(points)
    slot = (WIDTH - LEFT - RIGHT) / n
    width = max(2.0, round(slot * 0.72, 1))
    top = _nice_top(max(c for _, c in points) or 1)
    scale = PLOT_HEIGHT / top
    every = -(-n // LABELS_SHOWN)
    names = []
    if series_of is not None:
        totals = {}
        for label, _ in points:
            for name, count in series_of(label):
                totals[name] = totals.get(name, 0) + count
        ranked = sorted(totals, key=lambda k: (-totals[k], k))
        names = ranked[:SERIES_SHOWN] + ([OTHER] if len(ranked) > SERIES_SHOWN else [])
    bars = []
    for i, (label, count) in enumerate(points):
        height = round(count * scale, 1)
        y = round(PLOT_TOP + PLOT_HEIGHT - height, 1)
        bar = Bar(label=label, short=shorts[label], count=count, x=round(LEFT + i * slot + (slot - width) / 2, 1),
                  width=width, y=y, height=height, url=url_of(label), show_label=(n - 1 - i) % every == 0)
        if series_of is not None:
            grouped = {}
            for name, c in series_of(label):
                key = name if name in names[:SERIES_SHOWN] else OTHER
                grouped[key] = grouped.get(key, 0) + c
            bar.by_series = [grouped.get(name, 0) for name in names]
            bottom = PLOT_TOP + PLOT_HEIGHT
            for index, name in enumerate(names):
                c = grouped.get(name, 0)
                if not c:
                    continue
                h = round(c * scale, 1)
                bottom = round(bottom - h, 1)
                bar.segments.append(Segment(series=index, name=name, count=c, y=bottom, height=h))
        bars.append(bar)
    ticks = [(round(PLOT_TOP + PLOT_HEIGHT - v * scale, 1), v) for v in sorted({0, top // 2, top})]
    peak = max(bars, key=lambda b: b.count)
    summary = (f"{title}: {sum(b.count for b in bars)} {unit} từ {bars[0].label} đến {bars[-1].label}, "
               f"nhiều nhất {peak.label} ({peak.count} {unit}).")
    return BarChart(bars=bars, ticks=ticks, series=names, summary=summary, unit=unit)


def years_between(counts):
    """{year: count} → [(year as text, count)] for every year from the first to the last (gaps as 0)."""
    if not counts:
        return []
    first, last = min(counts), max(counts)
    return [(str(y), counts.get(y, 0)) for y in range(first, last + 1)]


def months_of(year, counts):
    """{month: count} → twelve (“03/2023”, count, “T3”) points of the year."""
    return [(f"{m:02d}/{year}", counts.get(m, 0), f"T{m}") for m in range(1, 13)]


def month_range(label):
    """“03/2023” → (first day, last day) of that month."""
    month, year = (int(p) for p in label.split("/"))
    first = dt.date(year, month, 1)
    following = dt.date(year + (month == 12), month % 12 + 1, 1)
    return first, following - dt.timedelta(days=1)


# --- a career as a timeline ------------------------------------------------------------------

ROW_HEIGHT = 44
TIMELINE_TOP = 24


@dataclass
class Span:
    anchor: str  # the id of the tenure's entry below the picture
    post: str
    years: str
    x: float
    width: float
    y: float
    text_y: float
    series: int


@dataclass
class Timeline:
    spans: list
    ticks: list  # [(x, year)]
    height: int
    summary: str
    width: int = WIDTH
    undated: int = 0

    @property
    def axis_y(self):
        return TIMELINE_TOP - 8


def career(tenures, anchor_of):
    """Dated tenures as bars on a common time axis (first year to last year + 1), in their order."""
    dated = [t for t in tenures if t.starts is not None or t.ends is not None]
    if not dated:
        return None
    this_year = dt.date.today().year
    first = min(t.starts or t.ends for t in dated)
    last = max((this_year if t.ongoing else (t.ends or t.starts)) for t in dated)
    last = max(last, first)
    span_years = last + 1 - first
    scale = (WIDTH - 2 * RIGHT) / span_years
    spans = []
    for i, t in enumerate(dated):
        starts = t.starts or t.ends
        ends = this_year if t.ongoing else (t.ends or t.starts)
        y = TIMELINE_TOP + i * ROW_HEIGHT
        spans.append(Span(anchor=anchor_of(t), post=t.post + (f", {t.province.display_name}" if t.province else ""),
                          years=t.years, x=round(RIGHT + (starts - first) * scale, 1),
                          width=round(max(ends + 1 - starts, 1) * scale, 1), y=y + 20, text_y=y + 13,
                          series=i % SERIES_SHOWN))
    step = max(1, -(-span_years // 8))
    ticks = [(round(RIGHT + (year - first) * scale, 1), year) for year in range(first, last + 2, step)]
    summary = (f"Dòng thời gian {len(spans)} chức vụ, từ {first} đến {last}: "
               + "; ".join(f"{s.post} ({s.years})" for s in spans) + ".")
    return Timeline(spans=spans, ticks=ticks, height=TIMELINE_TOP + len(spans) * ROW_HEIGHT + 4, summary=summary,
                    undated=len(tenures) - len(dated))
