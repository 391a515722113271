"""The counts behind the reader pages' pictures, drawn by archive.charts: a query or two each.

Search hits by year come from the year facet the search already counted (no query); within one
year, by month from the year's (id, date) pairs read from the article date's index, kept when
the hit ids hold them (at most MONTH_HITS hits, else the year picture stands alone). A
province's meetings by year and kind: one grouped query; the archive at a glance on the home
page: four small ones. Periods are counted by comparing the article date (article_date, the one
definition lists and search sort by) with local period starts, never by extracting a local
year per row. Must never run a query per bar or per row, and never change what the search or
the pages list.
"""
import bisect
import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection
from django.db.models import Count, F, Func, IntegerField, Q, Subquery
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.http import urlencode

from archive import charts
from archive import search as searching
from archive.models import Article, Document, Meeting, Person, Province
from archive.models.entities import article_date
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
            counts = months_counted(ids, year)

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


def months_counted(ids, year):
    """{month: how many of ids are dated in it} for one local year.

    The year's (id, date) pairs come from the article date's index on SQLite (migration 0010),
    never from the rows: the date columns lie behind each row's raw text and body, and reading
    20,000 rows by id to count their months took 700 ms at 100,000 articles."""
    wanted = set(ids)
    starts = [_local_start(year, m) for m in range(1, 13)] + [_local_start(year + 1)]
    pairs = (Article.objects.annotate(when=article_date()).filter(when__gte=starts[0], when__lt=starts[-1])
             .order_by().values_list("id", "when"))
    counts = dict.fromkeys(range(1, 13), 0)
    for pk, when in pairs.iterator(chunk_size=5000):
        if pk in wanted:
            counts[bisect.bisect_right(starts, when)] += 1
    return counts


def _years(first, last):
    return [(y, _local_start(y), _local_start(y + 1)) for y in range(first, last + 1)]


def _year_of(value):
    if value is None:
        return None
    return timezone.localtime(value).year if isinstance(value, dt.datetime) else value.year


def _scalar(queryset, function, output_field=None):
    """function(the queryset's "when") as a scalar subquery (no GROUP BY: one row)."""
    value = Func(F("when"), function=function, output_field=output_field)
    return Subquery(queryset.order_by().annotate(v=value).values("v")[:1], output_field=output_field)


def years_counted():
    """{year: articles dated in it} over the whole archive, every year from the first to the last.

    Read from the article date's own index on SQLite (migration 0010): the published column lies
    behind each row's raw text and body, so one aggregate over the table read every article's
    text (2 s at 100,000 articles), where one range count per year reads the index alone (5 ms).
    PostgreSQL keeps long texts out of its rows and has no such index: one pass over the table."""
    dated = Article.objects.annotate(when=article_date())
    ends = (Province.objects.order_by()
            .annotate(first=_scalar(dated, "MIN"), last=_scalar(dated, "MAX"))
            .values_list("first", "last").first())
    if not ends or ends[0] is None:
        return {}
    years = _years(_year_of(ends[0]), _year_of(ends[1]))
    if connection.vendor != "sqlite":
        found = dated.aggregate(**{f"p{i}": Count("id", filter=Q(when__gte=start, when__lt=end))
                                   for i, (_, start, end) in enumerate(years)})
        return {year: found[f"p{i}"] or 0 for i, (year, _, _) in enumerate(years)}
    row = (Province.objects.order_by()
           .annotate(**{f"p{i}": _scalar(dated.filter(when__gte=start, when__lt=end), "COUNT", IntegerField())
                        for i, (_, start, end) in enumerate(years)})
           .values_list(*(f"p{i}" for i in range(len(years)))).first())
    return {year: n or 0 for (year, _, _), n in zip(years, row, strict=True)}


def counted_glance():
    """The home page's archive at a glance: the articles by year (two queries on the date's index),
    the articles, meetings, people and documents (one), the latest meetings (one)."""
    by_year = years_counted()
    # Any one-row query carries the counts: the source table's first row (provinces always exist).
    row = (Province.objects.order_by()
           .annotate(n_articles=_count_of(Article), n_meetings=_count_of(Meeting), n_people=_count_of(Person),
                     n_documents=_count_of(Document))
           .values_list("n_articles", "n_meetings", "n_people", "n_documents").first()) or (0, 0, 0, 0)
    counts = dict(zip(("articles", "meetings", "people", "documents"), row, strict=True))
    chart = charts.bar_chart(charts.years_between(by_year), unit="bài", title="Bài viết theo năm",
                             url_of=lambda label: "/search/?" + urlencode([("year", label)])) if by_year else None
    dated = [y for y, n in by_year.items() if n]
    return {
        "chart": chart,
        "first_year": min(dated) if dated else None,
        "last_year": max(dated) if dated else None,
        **counts,
        "latest_meetings": list(Meeting.objects.exclude(date=None).filter(date__lte=dt.date.today())
                                .select_related("province").order_by("-date", "-id")[:LATEST_MEETINGS]),
    }
