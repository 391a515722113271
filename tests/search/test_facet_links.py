"""Facets as a reader uses them (issue #25, point 7): every value reachable past the 30 shown,
several values of one facet at once (articles with any of them), a selected value removed by
clicking it, counts that stay right, a jump link to the filters. On 45 generated reports (the
benchmark's corpus), which name more than 30 provinces and people, through the page's own links.
"""
import re
from collections import Counter
from html import unescape

import pytest
from django.db import transaction

from archive.models import Article
from archive.search.facets import FACET_SIZE
from bench import corpus
from tests.conftest import module_search_index

pytestmark = pytest.mark.django_db
search_index = module_search_index("facet-links")
ARTICLES = 45


@pytest.fixture(scope="module", autouse=True)
def archive(search_index, django_db_setup, django_db_blocker, tmp_path_factory):
    from archive.ingest.pipeline import ingest_paths

    folder = tmp_path_factory.mktemp("facet-corpus")
    corpus.write(str(folder), 0, ARTICLES)
    with django_db_blocker.unblock():
        with transaction.atomic():
            report = ingest_paths([str(folder)])
            assert not report.failed and report.indexed == ARTICLES
            yield report
            transaction.set_rollback(True)


def links(html, facet):
    """{label: (href, count, selected)} of one facet's list on a results or facet page."""
    out = {}
    for m in re.finditer(r'<li><a href="([^"]+)"( aria-current="true")?[^>]*>(?:✓ )?([^<]+)</a> '
                         r'<span class="count">(\d+)</span></li>', html):
        href = unescape(m.group(1))
        href = "/search/" + href if href.startswith("?") else href
        if f"{facet}=" in href or m.group(2):
            out[unescape(m.group(3))] = (href, int(m.group(4)), bool(m.group(2)))
    return out


def province_section(html):
    start = html.index("<h3>Tỉnh, thành</h3>")
    return html[start:html.index("<h3>", start + 5) if "<h3>" in html[start + 5:] else len(html)]


def units(article):
    """The province facet's values of an article: the province it names and its unit now."""
    p = article.province
    return {p.slug, p.current_unit.slug} if p else set()


def province_counts():
    return Counter(slug for a in Article.objects.select_related("province__successor") for slug in units(a))


def test_every_value_is_reachable_past_the_first_30(client):
    html = client.get("/search/").content.decode()
    section = province_section(html)
    shown = links(section, "province")
    assert len(shown) == FACET_SIZE
    more = unescape(re.search(r'<p class="facet-more"><a href="([^"]+)"', section).group(1))
    page = client.get(more).content.decode()
    everything = links(page, "province")
    assert len(everything) == len(province_counts()) > FACET_SIZE
    assert set(shown) < set(everything)
    # Each value's link leads to the results page filtered to it, with the count it showed.
    label, (href, count, _) = sorted(everything.items(), key=lambda kv: kv[1][1])[0]
    assert href.startswith("/search/?") and client.get(href.replace("/search/", "/api/search")).json()["count"] == count


def test_two_values_of_one_facet_or_and_clicking_one_removes_it(client):
    counts = province_counts()
    html = client.get("/search/").content.decode()
    shown = links(province_section(html), "province")
    (a, (href_a, count_a, _)), (b, _) = list(shown.items())[:2]
    first = client.get(href_a).content.decode()
    assert links(province_section(first), "province")[a][2]  # selected, shown as such
    href_ab, count_b, _ = links(province_section(first), "province")[b]
    both = client.get(href_ab)
    data = client.get(href_ab.replace("/search/", "/api/search")).json()
    slugs = set(re.findall(r"province=([a-z0-9-]+)", href_ab))
    assert len(slugs) == 2
    # Articles under either province; the province counts stay those of the other filters (none).
    assert data["count"] == sum(1 for a in Article.objects.select_related("province__successor") if units(a) & slugs)
    assert data["count"] > max(count_a, count_b) - 1 and data["count"] <= count_a + count_b
    assert {f["value"]: f["count"] for f in data["facets"]["province"]}.items() <= counts.items()
    section = links(province_section(both.content.decode()), "province")
    assert section[a][2] and section[b][2]
    # Clicking the selected value b leaves a alone.
    back = client.get(section[b][0]).content.decode()
    after = links(province_section(back), "province")
    assert after[a][2] and not after[b][2]
    assert section[b][0].count("province=") == 1


def test_a_jump_link_to_the_filters(client):
    html = client.get("/search/", {"q": "hội nghị"}).content.decode()
    assert re.search(r'class="jump-to-filters"><a href="#bo-loc"', html) and 'id="bo-loc"' in html
