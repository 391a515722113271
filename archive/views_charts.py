"""The counts behind the reader pages' pictures: one aggregate query each, drawn by archive.charts.

Search hits by year come from the year facet the search already counted (no query); within one
year, by month from one aggregate over the hits' ids (at most MONTH_HITS of them, else the
picture says it is left out). A province's meetings by year and kind, the archive at a glance
on the home page: one grouped query each. Must never run a query per bar or per row, and never
change what the search or the pages list.
"""
import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count, F, Func, Subquery
from django.db.models.functions import ExtractYear, TruncMonth
from django.utils.http import urlencode

from archive import charts
from archive import search as searching
from archive.models import Article, Document, Meeting, Person, Province, article_date
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
            rows = (Article.objects.filter(id__in=ids)
                    .annotate(month=TruncMonth(article_date(), tzinfo=_zone())).values_list("month")
                    .annotate(n=Count("id")).order_by())
            counts = {m.month: n for m, n in rows if m is not None and m.year == year}

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


def at_a_glance():
    """The home page's archive at a glance: articles by year (hence the years covered and the total),
    meetings, people and documents (one query), the latest meetings (one query)."""
    rows = list(Article.objects.annotate(year=ExtractYear(article_date(), tzinfo=_zone()))
                .values_list("year").annotate(n=Count("id")).order_by())
    by_year = {y: n for y, n in rows if y is not None}
    # Any one-row query carries the three counts: the source table's first row (provinces always exist).
    row = (Province.objects.order_by()
           .annotate(n_meetings=_count_of(Meeting), n_people=_count_of(Person), n_documents=_count_of(Document))
           .values_list("n_meetings", "n_people", "n_documents").first()) or (0, 0, 0)
    counts = dict(zip(("meetings", "people", "documents"), row, strict=True))
    chart = charts.bar_chart(charts.years_between(by_year), unit="bài", title="Bài viết theo năm",
                             url_of=lambda label: "/search/?" + urlencode([("year", label)])) if by_year else None
    return {
        "chart": chart,
        "articles": sum(n for _, n in rows),
        "first_year": min(by_year) if by_year else None,
        "last_year": max(by_year) if by_year else None,
        **counts,
        "latest_meetings": list(Meeting.objects.exclude(date=None).filter(date__lte=dt.date.today())
                                .select_related("province").order_by("-date", "-id")[:LATEST_MEETINGS]),
    }
