"""The counts behind the reader pages' pictures: one aggregate query each, drawn by archive.charts.

Search hits by year come from the year facet the search already counted (no query); within one
year, by month from one aggregate over the hits' ids (at most MONTH_HITS of them, else the
year picture stands alone). A province's meetings by year and kind: one grouped query; the
archive at a glance on the home page: four small ones. Periods are counted by plain comparisons
of the date columns (counts_by_period), never by extracting a local year per row. Must never
run a query per bar or per row, and never change what the search or the pages list.
"""
import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count, F, Func, Max, Min, Q, Subquery
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.http import urlencode

from archive import charts
from archive import search as searching
from archive.models import Article, Document, Meeting, Person, Province
from archive.search import kept_pairs

MONTH_HITS = 20000  # hits counted by month within a year; more and the year picture stands alone
LATEST_MEETINGS = 6


def _zone():
    return ZoneInfo(settings.TIME_ZONE)


def _one_year(params):
    """The year the search is limited to (a single year filter, or a range inside one year), or None."""
    years = params.filters.get("year", [])
    if len(years) == 1 and years[0].isdigit():
        return int(years[0])
    if params.date_from and params.date_to and params.date_from.year == params.date_to.year:
        return params.date_from.year
    return None


def search_timeline(request, result):
    """The search's hits over time: {"chart", "by", "note"} or None when there is nothing to draw."""
    params, keep = result.params, kept_pairs(request.GET)
    year = _one_year(params)
    if year is not None:
        ids = searching.ids(params, limit=MONTH_HITS + 1)
        if len(ids) <= MONTH_HITS and ids:
            counts = counts_by_period(Article.objects.filter(id__in=ids), _months(year))

            def month_url(label):
                first, last = charts.month_range(label)
                rest = [(k, v) for k, v in keep if k not in ("from", "to")]
                return "?" + urlencode(rest + [("from", f"{first:%d/%m/%Y}"), ("to", f"{last:%d/%m/%Y}")])

            chart = charts.bar_chart(charts.months_of(year, counts), unit="bài", url_of=month_url,
                                     title=f"Kết quả theo tháng năm {year}")
            return {"chart": chart, "by": "Tháng", "heading": f"Kết quả theo tháng, năm {year}"}
    counts = {int(f["value"]): f["count"] for f in result.facets.get("year", []) if str(f["value"]).isdigit()}
    if not counts:
        return None

    def year_url(label):
        return "?" + urlencode([(k, v) for k, v in keep if k != "year"] + [("year", label)])

    chart = charts.bar_chart(charts.years_between(counts), unit="bài", url_of=year_url, title="Kết quả theo năm")
    return {"chart": chart, "by": "Năm", "heading": "Kết quả theo năm"}


def province_meetings(province, ids):
    """A province's meetings (with its merged-in units') by year, stacked by kind."""
    rows = (Meeting.objects.filter(province_id__in=ids).exclude(date=None)
            .annotate(year=ExtractYear("date")).values_list("year", "kind").annotate(n=Count("id")).order_by())
    by_year = {}
    for year, kind, n in rows:
        by_year.setdefault(year, {})[kind or "Không rõ loại"] = n
    if not by_year:
        return None
    points = charts.years_between({y: sum(k.values()) for y, k in by_year.items()})

    def url(label):
        return "/search/?" + urlencode([("province", province.slug), ("year", label)])

    return charts.bar_chart(points, unit="hội nghị", url_of=url, title=f"Hội nghị của {province.display_name}",
                            series_of=lambda label: sorted(by_year.get(int(label), {}).items()))


def _count_of(model):
    """COUNT(*) of a table as a scalar subquery (no GROUP BY: one row whatever the table)."""
    return Subquery(model.objects.order_by().annotate(c=Func(F("id"), function="COUNT")).values("c")[:1])


def _local_start(year, month=1):
    return dt.datetime(year, month, 1, tzinfo=_zone())


def _dated_in(start, end):
    """Articles whose date (article_date: published, else the meeting's day) is in [start, end).

    Plain comparisons on the columns, so that SQLite counts with its own code: extracting a
    year in the local zone there is a Python function called once per row (2 s at 100,000)."""
    return Q(published__gte=start, published__lt=end) | Q(
        published=None, meeting_date__gte=start.date(), meeting_date__lt=end.date())


def counts_by_period(articles, periods):
    """{label: count} of articles in each (label, start, end) period, in one aggregate query."""
    if not periods:
        return {}
    found = articles.aggregate(**{f"p{i}": Count("id", filter=_dated_in(start, end))
                                  for i, (_, start, end) in enumerate(periods)})
    return {label: found[f"p{i}"] or 0 for i, (label, _, _) in enumerate(periods)}


def _years(first, last):
    return [(y, _local_start(y), _local_start(y + 1)) for y in range(first, last + 1)]


def _months(year):
    return [(m, _local_start(year, m), _local_start(year + (m == 12), m % 12 + 1)) for m in range(1, 13)]


def _year_of(value):
    if value is None:
        return None
    return timezone.localtime(value).year if isinstance(value, dt.datetime) else value.year


def counted_glance():
    """The home page's archive at a glance: the years covered and the total (one query), articles by
    year (one), meetings, people and documents (one), the latest meetings (one)."""
    span = Article.objects.aggregate(n=Count("id"), first=Min("published"), last=Max("published"),
                                     first_met=Min("meeting_date"), last_met=Max("meeting_date"))
    starts = [y for y in (_year_of(span["first"]), _year_of(span["first_met"])) if y]
    ends = [y for y in (_year_of(span["last"]), _year_of(span["last_met"])) if y]
    by_year = {}
    if starts and ends:
        counted = counts_by_period(Article.objects.all(), _years(min(starts), max(ends)))
        by_year = {y: n for y, n in counted.items()}
    # Any one-row query carries the three counts: the source table's first row (provinces always exist).
    row = (Province.objects.order_by()
           .annotate(n_meetings=_count_of(Meeting), n_people=_count_of(Person), n_documents=_count_of(Document))
           .values_list("n_meetings", "n_people", "n_documents").first()) or (0, 0, 0)
    counts = dict(zip(("meetings", "people", "documents"), row, strict=True))
    chart = charts.bar_chart(charts.years_between(by_year), unit="bài", title="Bài viết theo năm",
                             url_of=lambda label: "/search/?" + urlencode([("year", label)])) if by_year else None
    dated = [y for y, n in by_year.items() if n]
    return {
        "chart": chart,
        "articles": span["n"],
        "first_year": min(dated) if dated else None,
        "last_year": max(dated) if dated else None,
        **counts,
        "latest_meetings": list(Meeting.objects.exclude(date=None).filter(date__lte=dt.date.today())
                                .select_related("province").order_by("-date", "-id")[:LATEST_MEETINGS]),
    }
