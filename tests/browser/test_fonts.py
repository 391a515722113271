"""Vietnamese set in the archive's own fonts (Noto, served from static/), with Debian's fonts installed.

Debian's generic monospace set ế, ồ, ề with marks apart from their letters on the raw view
curators check evidence on. The page must load our faces from the archive itself, use them for
every Vietnamese letter, and give each letter of the raw text one cell of the monospace grid
(a mark drawn by a fallback font takes a cell of its own or none). A screenshot is kept.
"""
import pytest

from archive.models import Article
from tests.browser.conftest import OUTPUT

LETTERS = "ếồềặẫữựởđăơư"

MEASURE_JS = """
(letters) => {
  const pre = document.querySelector('pre.raw');
  const cell = (text) => {
    const span = document.createElement('span');
    span.textContent = text;
    pre.appendChild(span);
    const width = span.getBoundingClientRect().width;
    span.remove();
    return width;
  };
  const one = cell('e'.repeat(20)) / 20;
  return {one, widths: [...letters].map(ch => cell(ch.repeat(20)) / 20),
          family: getComputedStyle(pre).fontFamily};
}
"""


@pytest.mark.django_db(transaction=True)
def test_raw_view_composes_vietnamese_in_the_archives_own_font(visit, ingested_seeds):
    page = visit.page
    fonts = []
    page.on("response", lambda r: "/static/archive/fonts/" in r.url and fonts.append((r.url, r.status)))
    article = Article.objects.get(file_name__startswith="000_")
    visit.goto(f"{article.get_absolute_url()}van-ban-goc/")
    page.evaluate("document.fonts.ready")
    assert any(url.endswith("noto-sans-mono-vietnamese-wght-normal.woff2") and status == 200 for url, status in fonts)
    assert page.evaluate(f"document.fonts.check('16px \"Nghị sự Mono\"', '{LETTERS}')")
    loaded = page.evaluate("[...document.fonts].filter(f => f.status === 'loaded').map(f => f.family)")
    assert any("Mono" in f for f in loaded) and any("Serif" in f for f in loaded)
    measured = page.evaluate(MEASURE_JS, LETTERS)
    assert measured["family"].startswith('"Nghị sự Mono"')
    off = [(ch, w) for ch, w in zip(LETTERS, measured["widths"], strict=True) if abs(w - measured["one"]) > 0.01]
    assert not off, f"letters not one monospace cell wide ({measured['one']:.2f}px): {off}"
    OUTPUT.mkdir(parents=True, exist_ok=True)
    page.locator("pre.raw").screenshot(path=str(OUTPUT / "34-raw-font.png"))
    # Headings and body text are in the archive's faces too.
    visit.goto(article.get_absolute_url())
    assert page.evaluate("getComputedStyle(document.querySelector('h1')).fontFamily").startswith('"Nghị sự Sans"')
    assert page.evaluate("getComputedStyle(document.body).fontFamily").startswith('"Nghị sự Serif"')
