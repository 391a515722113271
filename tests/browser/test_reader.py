"""What a reader sees in a real browser: home → province → article → person → document, and search.

Runs Debian's Chromium through Playwright against the live server on the ingested seeds,
saving screenshots at 1280 px and 375 px under test-output/browser/.
"""
import re

import pytest

from archive.models import Article, Person

# Contrast ratio (WCAG 2) of each visible text element against its first opaque background.
CONTRAST_JS = """
(selectors) => {
  const lum = (rgb) => {
    const [r, g, b] = rgb.map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const parse = (c) => (c.match(/[\\d.]+/g) || []).map(Number);
  const background = (el) => {
    for (; el; el = el.parentElement) {
      const c = parse(getComputedStyle(el).backgroundColor);
      if (c.length === 3 || (c.length === 4 && c[3] === 1)) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const worst = [];
  for (const sel of selectors) {
    for (const el of document.querySelectorAll(sel)) {
      if (!el.offsetParent && el.tagName !== 'BODY') continue;
      const fg = lum(parse(getComputedStyle(el).color).slice(0, 3)), bg = lum(background(el));
      const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
      worst.push([sel, Math.round(ratio * 100) / 100]);
    }
  }
  return worst;
}
"""
TEXT_SELECTORS = ["body", "a", ".meta", ".note", ".count", "button", "mark", ".breadcrumbs [aria-current]",
                  ".position", ".caption", "footer.site", ".tagline"]


def assert_readable(page):
    """Landmarks, labelled controls and AA contrast on the current page."""
    assert page.get_by_role("banner").count() == 1
    assert page.get_by_role("main").count() == 1
    assert page.get_by_role("contentinfo").count() == 1
    assert page.get_by_role("search").count() >= 1
    unlabelled = page.locator("input:not([type=hidden]), select").evaluate_all(
        "els => els.filter(el => !(el.labels.length > 0 || !!el.getAttribute('aria-label'))).map(el => el.outerHTML)")
    assert not unlabelled, unlabelled
    low = [(sel, ratio) for sel, ratio in page.evaluate(CONTRAST_JS, TEXT_SELECTORS) if ratio < 4.5]
    assert not low, f"{page.url}: text below AA contrast: {low[:5]}"


@pytest.mark.django_db(transaction=True)
def test_reader_walks_home_province_article_person_document(visit, ingested_seeds):
    page = visit.page
    visit.goto("/")
    assert page.title() == "Trang chủ · Nghị sự"
    assert_readable(page)
    # The first Tab reaches the skip link, which shows itself and a visible focus ring.
    page.keyboard.press("Tab")
    focused = page.evaluate("() => [document.activeElement.textContent,"
                            " getComputedStyle(document.activeElement).outlineStyle]")
    assert focused[0] == "Bỏ qua, đến nội dung" and focused[1] != "none"
    assert page.locator(".provinces").get_by_text("Đồng Tháp", exact=True).is_visible()
    visit.screenshot("1-home")

    page.locator(".provinces").get_by_role("link", name="Đồng Tháp", exact=True).click()
    assert page.locator("h1").inner_text() == "Đồng Tháp"
    assert page.get_by_role("navigation", name="Đường dẫn").get_by_role("link", name="Trang chủ").is_visible()
    assert page.get_by_role("heading", name="Bài viết (2)").is_visible()
    assert page.get_by_role("heading", name="Dòng thời gian hội nghị").is_visible()
    assert_readable(page)
    visit.screenshot("2-province")

    article = Article.objects.get(file_name__startswith="000_")
    page.get_by_role("link", name=article.title).first.click()
    assert page.locator("h1").inner_text() == article.title
    assert page.title() == f"{article.title} · Nghị sự"
    assert "Thứ Ba, 21/03/2023" in page.locator("article header").inner_text()
    assert "Trở về trang trước" not in page.locator("article").inner_text()
    assert page.locator("meta[property='og:title']").get_attribute("content") == article.title
    assert_readable(page)
    visit.screenshot("3-article")

    page.locator("aside.entities").get_by_role("link", name="Lê Quốc Phong", exact=True).click()
    assert page.locator("h1").inner_text() == "Lê Quốc Phong"
    timeline = page.locator("ol.positions").inner_text()
    assert "Bí thư Tỉnh ủy" in timeline and "21/03/2023" in timeline
    assert_readable(page)
    visit.screenshot("4-person")

    # Following a position back to its article lands on the highlighted supporting text.
    tenure = page.locator("ol.positions > li", has_text="Bí thư Tỉnh ủy")
    tenure.locator("li", has_text="21/03/2023").get_by_role("link").click()
    assert page.locator("h1").inner_text() == article.title
    mark = page.locator("mark#doan-trich")
    assert mark.count() == 1 and "Bí thư Tỉnh" in mark.inner_text()
    assert mark.is_visible()
    height = page.viewport_size["height"]
    for _ in range(50):  # the jump to #doan-trich may land after late layout on a loaded machine
        box = mark.bounding_box()
        if 0 <= box["y"] < height:
            break
        page.wait_for_timeout(100)
    assert 0 <= box["y"] < height, "the browser scrolled to the highlighted passage"
    assert "được tô sáng" in page.get_by_role("status").inner_text()
    visit.screenshot("5-article-highlight")

    page.locator("aside.entities").get_by_role("link", name=re.compile(r"^Nghị quyết số 27")).click()
    assert page.locator("h1").inner_text().startswith("Nghị quyết số 27")
    facts = page.locator("dl.facts").inner_text()
    assert "Loại văn bản" in facts and "Nghị quyết" in facts
    assert page.get_by_role("link", name=article.title).count() >= 1
    assert_readable(page)
    visit.screenshot("6-document")


def result_titles(page):
    return sorted(page.locator("ol.hits > li > a").all_inner_texts())


@pytest.mark.django_db(transaction=True)
def test_reader_searches_with_and_without_diacritics_and_two_facets(visit_without_js, ingested_seeds):
    """Without JavaScript: plain forms and links carry the whole search."""
    visit, page = visit_without_js, visit_without_js.page
    expected = sorted(Article.objects.filter(body__contains="nông thôn mới").values_list("title", flat=True))
    assert len(expected) >= 2
    visit.goto("/")
    page.get_by_label("Tìm bài viết, nhân vật, văn bản").fill("nông thôn mới")
    page.get_by_label("Tìm bài viết, nhân vật, văn bản").press("Enter")
    page.wait_for_url(re.compile(r"/search/\?q="))
    assert page.locator("#h-results").inner_text().startswith(f"{len(expected)} kết quả")
    assert result_titles(page) == expected
    assert page.locator("ol.hits mark").count() >= 1
    visit.screenshot("7-search")

    page.locator("#q").fill("nong thon moi")
    page.locator("form.search-form").get_by_role("button", name="Tìm", exact=True).click()
    page.wait_for_url(re.compile(r"q=nong\+thon\+moi"))
    assert result_titles(page) == expected

    facets = page.locator("aside.facets")
    facets.locator("h3:text-is('Tỉnh, thành') + ul").get_by_role("link", name="Đồng Tháp").click()
    page.wait_for_url(re.compile(r"province=dong-thap"))
    in_dong_thap = sorted(Article.objects.filter(body__contains="nông thôn mới", province__name="Đồng Tháp")
                          .values_list("title", flat=True))
    assert result_titles(page) == in_dong_thap
    year = facets.locator("h3:text-is('Năm') + ul a").first
    year_value = year.inner_text()
    year.click()
    page.wait_for_url(re.compile(r"year=\d{4}"))
    titles = result_titles(page)
    assert titles and set(titles) <= set(in_dong_thap)
    for meta in page.locator("ol.hits .meta").all_inner_texts():
        assert "Đồng Tháp" in meta and year_value in meta
    active = page.get_by_role("list", name="Bộ lọc đang dùng").inner_text()
    assert "Đồng Tháp" in active and year_value in active
    # The page offers the feed of exactly this search, and the feed answers.
    feed = page.locator("a.feed").get_attribute("href")
    for part in ("q=nong+thon+moi", "province=dong-thap", f"year={year_value}"):
        assert part in feed
    response = page.request.get(visit.base_url + feed)
    assert response.ok and response.text().count("<entry>") == len(titles)
    visit.screenshot("8-search-facets")

    # Person pages work without JavaScript too.
    visit.goto(Person.objects.get(name="Lê Quốc Phong").get_absolute_url())
    assert page.locator("h1").inner_text() == "Lê Quốc Phong"
