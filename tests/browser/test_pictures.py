"""The reader's pictures and rough edges of #30 in a real browser (Debian's Chromium, Playwright).

At 1280 px and 375 px: the home page at a glance, a search's hits over time (by year, then by
month), a province's meetings by kind, a person's career; their links used from the keyboard;
dd/mm/yyyy dates typed in a browser speaking English; print styles; axe-core (bundled by
axe-playwright-python, no CDN) finds no violation at all on every public page.
"""
import re

import pytest

from archive.models import Article, Document, Meeting, Person, Province
from tests.browser.conftest import PHONE


def assert_axe_clean(page, name):
    from axe_playwright_python.sync_playwright import Axe

    page.wait_for_load_state("load")  # the stylesheets too: axe reads computed styles
    violations = Axe().run(page).response["violations"]
    found = [(v["id"], v["impact"], [n["target"] for n in v["nodes"][:3]]) for v in violations]
    assert not found, f"{name}: axe finds {found}"


def tab_to(page, selector, limit=200):
    """Press Tab until the focused element matches selector; the number of presses."""
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if page.evaluate("(sel) => document.activeElement && document.activeElement.matches(sel)", selector):
            return presses
    raise AssertionError(f"{selector} never took the focus in {limit} presses of Tab")


def assert_chart_fits(page, selector):
    """The picture is drawn and stays inside the page at this width."""
    box = page.locator(selector).first.bounding_box()
    width = page.viewport_size["width"]
    assert box and box["width"] > 100 and box["x"] >= 0 and box["x"] + box["width"] <= width + 1, (selector, box)


@pytest.mark.django_db(transaction=True)
def test_pictures_at_both_widths_with_the_keyboard_and_axe(visit, ingested_seeds):
    page = visit.page
    for viewport in ({"width": 1280, "height": 900}, PHONE):
        page.set_viewport_size(viewport)
        visit.goto("/")
        figures = page.locator(".glance dl.figures").inner_text()
        assert f"{Article.objects.count()}" in figures and "Hội nghị" in figures
        assert_chart_fits(page, "#articles-by-year-title + p + svg, figure.chart svg.bars")
        assert page.locator(".glance ol.timeline li").count() >= 1

    # Every other picture drawn and inside the page at both widths too.
    province = Province.objects.filter(articles__isnull=False, meetings__date__isnull=False).distinct().first()
    assert province is not None
    person = Person.objects.get(name="Lê Quốc Phong")
    for viewport in ({"width": 1280, "height": 900}, PHONE):
        page.set_viewport_size(viewport)
        for url, selector in (("/search/?q=t%E1%BB%89nh", "#hits-over-time-title ~ svg"),
                              (province.get_absolute_url(), "#meetings-by-year-title ~ svg"),
                              (person.get_absolute_url(), "figure.career svg")):
            visit.goto(url)
            assert_chart_fits(page, selector)

    page.set_viewport_size({"width": 1280, "height": 900})
    visit.goto("/")
    assert_axe_clean(page, "home")
    # A year of the archive at a glance, reached with Tab and followed with Enter, is that year's search.
    tab_to(page, "#articles-by-year-title ~ svg .bar-link")
    year = page.evaluate("document.activeElement.getAttribute('aria-label')").split(":")[0]
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(rf"/search/\?year={year}$"))
    visit.goto("/")
    visit.screenshot("30-home-glance")

    # Search: hits by year; a bar reached with Tab and followed with Enter filters to its year.
    visit.goto("/search/?q=t%E1%BB%89nh")
    assert_axe_clean(page, "search")
    bars = page.locator("#hits-over-time-title ~ svg .bar-link")
    assert bars.count() >= 1
    years = {int(y) for y in page.locator("details.chart-data tbody th").all_text_contents()}
    published = {a.date.year for a in Article.objects.all() if a.date}
    assert years and max(years) <= max(published) and min(years) >= min(published)
    tab_to(page, "#hits-over-time-title ~ svg .bar-link")
    label = page.evaluate("document.activeElement.getAttribute('aria-label')")
    year = label.split(":")[0]
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(rf"year={year}"))
    assert page.locator("#hits-over-time-title").inner_text() == f"Kết quả theo tháng, năm {year}"
    visit.screenshot("31-search-months")
    # A month bar filters to that month, with dd/mm/yyyy chips.

    target = next(i for i, h in enumerate(page.locator("#hits-over-time-title ~ svg .bar-link rect.bar")
                                          .evaluate_all("els => els.map(e => +e.getAttribute('height'))")) if h > 0)

    page.locator("#hits-over-time-title ~ svg .bar-link").nth(target).focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"from=01%2F\d\d%2F\d{4}"))
    chips = page.get_by_role("list", name="Bộ lọc đang dùng").inner_text()
    assert re.search(rf"Từ 01/\d\d/{year}", chips) and re.search(rf"Đến \d\d/\d\d/{year}", chips)
    assert page.locator("ol.hits > li").count() >= 1
    assert_axe_clean(page, "search by month")

    # Province: meetings over time by kind, a legend, a table behind a disclosure.
    visit.goto(province.get_absolute_url())
    chart = page.locator("figure.chart", has=page.locator("#meetings-by-year-title"))
    assert chart.locator("svg .bar-link").count() >= 1 and chart.locator(".legend li").count() >= 1
    chart.locator("details summary").click()
    assert chart.locator("table tbody tr").count() >= 1
    assert_axe_clean(page, "province")
    visit.screenshot("32-province-meetings")
    # A year's bar, from the keyboard, searches that province's articles of that year.
    tab_to(page, "#meetings-by-year-title ~ svg .bar-link")
    year = page.evaluate("document.activeElement.getAttribute('aria-label')").split(":")[0]
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(rf"/search/\?province={province.slug}&year={year}$"))
    assert page.locator("ol.hits > li").count() >= 1

    # Person: the career as a timeline; a bar jumps to its tenure.
    visit.goto(person.get_absolute_url())
    spans = page.locator("figure.career svg .bar-link")
    assert spans.count() >= 1
    tab_to(page, "figure.career svg .bar-link")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"#chuc-vu-1$"))
    assert page.evaluate("document.activeElement.id") == "chuc-vu-1" or page.locator("#chuc-vu-1:target").count()
    assert_axe_clean(page, "person")
    visit.screenshot("33-person-career")

    # Every other public page: article, raw text, document, meeting, a search with a bad date, 404.
    article = Article.objects.get(file_name__startswith="000_")
    document = Document.objects.filter(mentions__rejected=False).first()
    meeting = Meeting.objects.filter(mentions__rejected=False).first()
    for name, url in (("article", article.get_absolute_url()), ("raw", f"{article.get_absolute_url()}van-ban-goc/"),
                      ("document", document.get_absolute_url()), ("meeting", meeting.get_absolute_url()),
                      ("search-bad-date", "/search/?q=t%E1%BB%89nh&to=31%2F13%2F2023")):
        visit.goto(url)
        assert_axe_clean(page, name)
    assert page.locator("#to[aria-invalid=true]").count() == 1
    # The email alerts' public pages: the subscribe form a person page links to, and a bad link's page.
    visit.goto(person.get_absolute_url())
    page.locator('a[href*="/thong-bao/dang-ky/"]').first.click()
    page.wait_for_url(re.compile(r"/thong-bao/dang-ky/\?"))
    assert page.locator("input[type=email]").count() == 1
    assert_axe_clean(page, "alerts-subscribe")
    response = page.goto(visit.base_url + "/thong-bao/xac-nhan/khong-hop-le/")
    assert response.status == 404
    assert_axe_clean(page, "alerts-bad-link")
    response = page.goto(visit.base_url + "/khong-co-trang-nay/")
    assert response.status == 404
    assert_axe_clean(page, "404")
    # The browser logs the two 404s itself; nothing else may be logged.
    not_found = "Failed to load resource: the server responded with a status of 404 (Not Found)"
    assert visit.console_errors == [not_found] * 2
    visit.console_errors.clear()


@pytest.mark.django_db(transaction=True)
def test_dates_typed_day_first_in_an_english_browser_and_print(browser, live_server, ingested_seeds):
    context = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto(live_server.url + "/search/")
        for key in ("from", "to"):
            assert page.locator(f"#{key}").get_attribute("type") == "text"
        page.locator("#from").fill("01/01/2023")
        page.locator("#to").fill("31122023")  # typed without separators
        assert page.evaluate("document.querySelector('form.advanced').checkValidity()")
        page.locator("#to").press("Enter")
        page.wait_for_url(re.compile(r"to=31122023"))
        chips = page.get_by_role("list", name="Bộ lọc đang dùng").inner_text()
        assert "Từ 01/01/2023" in chips and "Đến 31/12/2023" in chips
        assert page.locator("#to").input_value() == "31/12/2023"
        expected = sum(1 for a in Article.objects.all() if a.date and a.date.year == 2023)
        assert page.locator("ol.hits > li").count() == expected
        # Printing an article, a person or a document leaves the site's furniture out, the text in.
        article = Article.objects.get(file_name__startswith="000_")
        person = article.personmention_set.exclude(person=None).first().person
        document = article.documentmention_set.exclude(document=None).first().document
        for obj in (article, person, document):
            page.emulate_media(media="screen")
            page.goto(live_server.url + obj.get_absolute_url())
            assert page.locator("header.site .search-box").is_visible()
            page.emulate_media(media="print")
            assert not page.locator("header.site .search-box").is_visible(), obj
            assert not page.locator("footer.site").is_visible() and page.locator("main h1").is_visible(), obj
            assert not page.locator("nav.breadcrumbs, .breadcrumbs").first.is_visible(), obj
    finally:
        context.close()
