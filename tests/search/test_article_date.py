"""One definition of an article's date (models.article_date / Article.sort_date): the home and
province lists, the feeds and search sort the same way — an article dated only by the meeting
it reports takes its place by that date instead of sinking to the bottom."""
import datetime as dt

import pytest

from archive import search
from archive.models import Article
from tests import factories


@pytest.fixture
def dated(db):
    hanoi = factories.province("Tỉnh Thử Ngày")
    made = {
        "published_early": factories.article(title="Hội nghị tháng ba đầu", paragraphs=["Hội nghị một."],
                                             province=hanoi, published=dt.datetime(2024, 3, 1, 2, tzinfo=dt.UTC)),
        "meeting_only": factories.article(title="Hội nghị chỉ có ngày họp", paragraphs=["Hội nghị hai."],
                                          province=hanoi, meeting_date=dt.date(2024, 3, 5)),
        "published_late": factories.article(title="Hội nghị tháng ba cuối", paragraphs=["Hội nghị ba."],
                                            province=hanoi, published=dt.datetime(2024, 3, 10, 2, tzinfo=dt.UTC)),
        "undated": factories.article(title="Hội nghị không ngày", paragraphs=["Hội nghị bốn."], province=hanoi),
    }
    search.index([a.pk for a in made.values()])
    return {k: a.pk for k, a in made.items()}, hanoi


def test_lists_feeds_and_search_sort_by_the_same_date(client, dated):
    ids, hanoi = dated
    expected = [ids["published_late"], ids["meeting_only"], ids["published_early"], ids["undated"]]
    assert list(Article.objects.for_listing().values_list("pk", flat=True)) == expected
    assert search.ids(search.SearchParams(sort="newest")) == expected
    assert search.ids(search.SearchParams(q="hội nghị", sort="newest")) == expected
    assert [Article.objects.get(pk=pk).sort_date is None for pk in expected] == [False, False, False, True]
    # The province page and the feed, through HTTP, list them in that order too.
    titles = [Article.objects.get(pk=pk).title for pk in expected]
    for url in (hanoi.get_absolute_url(), "/feed/", "/"):
        page = client.get(url).content.decode()
        found = [t for _, t in sorted((page.index(t), t) for t in titles if t in page)]
        assert found[:3] == titles[:3], url
    # Oldest first: the dated ones by date, the undated one still last.
    assert search.ids(search.SearchParams(q="hội nghị", sort="oldest")) == expected[2::-1] + [ids["undated"]]
