"""The search page's date filter: dd/mm/yyyy whatever the browser, errors beside their field, chips."""
import re

import pytest
from django.http import QueryDict

from archive.models import Article
from archive.search.params import SearchParams, parse_date


@pytest.fixture(autouse=True)
def no_search_throttle(settings):
    settings.ARCHIVE_SEARCH_RATE_PER_MINUTE = 0


def test_dates_are_read_day_first():
    assert str(parse_date("31/12/2021")) == "2021-12-31"
    assert str(parse_date("1/2/2021")) == "2021-02-01"
    assert str(parse_date("31122021")) == "2021-12-31"  # typed without separators: not year 22021
    assert str(parse_date("2021-03-11")) == "2021-03-11"  # links and feeds written before
    assert parse_date("12/31/2021") is None and parse_date("22021-03-11") is None and parse_date("9" * 500) is None


def test_a_reversed_range_is_swapped_and_said():
    params = SearchParams.from_querydict(QueryDict("from=31/12/2023&to=01/01/2023"))
    assert (str(params.date_from), str(params.date_to)) == ("2023-01-01", "2023-12-31")
    assert params.dates_swapped and not params.errors


def chips(html):
    block = re.search(r'<ul class="active-filters"[^>]*>(.*?)</ul>', html, re.S)
    return re.findall(r"<li>([^<]*?) <a", block.group(1)) if block else []


@pytest.mark.django_db
def test_search_page_dates_chips_errors_and_swap(client, ingested_seeds):
    in_2023 = Article.objects.filter(published__year=2023).count()
    assert in_2023
    html = client.get("/search/", {"from": "01/01/2023", "to": "31/12/2023"}).content.decode()
    assert f"{in_2023} bài viết" in html
    assert chips(html) == ["Từ 01/01/2023", "Đến 31/12/2023"]
    assert 'type="text" name="from" value="01/01/2023"' in html and 'type="date"' not in html

    # A bad date: marked beside its field and announced, left as typed, no chip, the rest applies.
    html = client.get("/search/", {"from": "01/01/2023", "to": "31/13/2023"}).content.decode()
    assert chips(html) == ["Từ 01/01/2023"]
    field = re.search(r'<input id="to"[^>]*>', html).group(0)
    assert 'aria-invalid="true"' in field and 'value="31/13/2023"' in field and "to-error" in field
    error = re.search(r'<p id="to-error" class="field-error" role="alert">([^<]*)</p>', html).group(1)
    assert "31/13/2023" in error and "ngày/tháng/năm" in error
    assert html.count("31/13/2023” không phải") == 1  # beside the field only, not again above the results

    # A reversed range: swapped, said, and the chips read the right way round.
    html = client.get("/search/", {"from": "31/12/2023", "to": "01/01/2023"}).content.decode()
    assert f"{in_2023} bài viết" in html
    assert 'role="status">Ngày bắt đầu sau ngày kết thúc' in html
    assert chips(html) == ["Đến 31/12/2023", "Từ 01/01/2023"]
    field = re.search(r'<input id="from"[^>]*>', html).group(0)
    assert 'value="01/01/2023"' in field
    # The API says the same of a bad date.
    data = client.get("/api/search", {"to": "31/13/2023"}).json()
    assert data["errors"] and "31/13/2023" in data["errors"][0]
