"""The counts behind the pictures (archive/views_charts.py): years and months in Hà Nội's time,
an article dated by its meeting's day when it has no publication time, none counted twice."""
import datetime as dt
import re

import pytest

from archive import views_charts
from archive.models import Article
from tests import factories

UTC = dt.UTC


@pytest.fixture
def dated(db):
    """Articles on both sides of local year and month boundaries (Asia/Ho_Chi_Minh is UTC+7)."""
    made = {
        # 31/12/2021 23:30 in Hà Nội: still 2021.
        "dec2021": factories.article(title="Tin cuối năm", paragraphs=["Họp."],
                                     published=dt.datetime(2021, 12, 31, 16, 30, tzinfo=UTC)),
        # 01/01/2022 00:30 in Hà Nội, the previous day in UTC: January 2022.
        "jan2022": factories.article(title="Tin đầu năm", paragraphs=["Họp."],
                                     published=dt.datetime(2021, 12, 31, 17, 30, tzinfo=UTC)),
        # 31/03/2022 23:59 in Hà Nội: March, not April.
        "mar2022": factories.article(title="Tin cuối tháng ba", paragraphs=["Họp."],
                                     published=dt.datetime(2022, 3, 31, 16, 59, tzinfo=UTC)),
        # No publication time: the meeting's day, 1 April 2022.
        "apr2022": factories.article(title="Tin hội nghị", paragraphs=["Họp."], meeting_date=dt.date(2022, 4, 1)),
        # Neither: undated, in no year.
        "undated": factories.article(title="Tin không rõ ngày", paragraphs=["Họp."]),
    }
    return made


def test_years_in_local_time_with_the_meeting_day_and_years_without_articles(dated):
    assert views_charts.years_counted() == {2021: 1, 2022: 3}
    factories.article(title="Tin năm 2024", paragraphs=["Họp."],
                      published=dt.datetime(2024, 6, 1, 3, 0, tzinfo=UTC))
    # Every year between the first and the last, 2023 with none.
    assert views_charts.years_counted() == {2021: 1, 2022: 3, 2023: 0, 2024: 1}


def test_months_count_only_the_hits_given(dated):
    every = list(Article.objects.values_list("id", flat=True))
    counts = views_charts.months_counted(every, 2022)
    assert {m: n for m, n in counts.items() if n} == {1: 1, 3: 1, 4: 1} and len(counts) == 12
    hits = [dated["mar2022"].pk, dated["dec2021"].pk]
    assert {m: n for m, n in views_charts.months_counted(hits, 2022).items() if n} == {3: 1}


@pytest.mark.django_db
def test_empty_archive_has_no_years():
    assert views_charts.years_counted() == {}
    assert views_charts.counted_glance()["chart"] is None


def test_home_page_glance_figures_and_its_data_table(dated, client):
    home = client.get("/").content.decode()
    figures = home.split('class="figures"', 1)[1].split("</dl>", 1)[0]
    assert "<dd>2021–2022</dd>" in figures and f"<dd>{Article.objects.count()}</dd>" in figures
    # The data table behind the year picture: one row a year with its count, linked to that year's search.
    table = home.split('id="articles-by-year-title"', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r'<th scope="row"><a href="([^"]{1,80})">(\d{4})</a></th><td>(\d{1,9})</td>', table)
    assert rows == [("/search/?year=2021", "2021", "1"), ("/search/?year=2022", "2022", "3")]
