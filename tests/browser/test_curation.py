"""A curator in a real browser: filter → bulk verify → merge → undo → history, axe-clean on every admin page.

Debian's Chromium through Playwright against the live server, on the seeds plus the test
articles and one variant spelling of a seed (so the archive holds a duplicate to merge).
Every admin page visited is checked with axe-core (axe-playwright-python bundles it; no
CDN): no critical or serious violation, and nothing wider than 1280 px.
"""
import re
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, User

from archive.models import CurationEvent, MergeRecord, Person, PersonMention
from tests.conftest import ARTICLES, SEEDS

SERIOUS = {"critical", "serious"}
FIELDS = "input:not([type=hidden]):not([type=submit]):not([type=button]), select, textarea"
UNLABELLED_JS = """els => els.filter(el => el.getAttribute('aria-hidden') !== 'true')
                      .filter(el => !(el.labels.length > 0 || !!el.getAttribute('aria-label')))
                      .map(el => el.outerHTML)"""


def assert_axe_clean(page, name):
    from axe_playwright_python.sync_playwright import Axe

    page.wait_for_load_state("load")  # the stylesheets too: axe reads computed styles
    violations = Axe().run(page).response["violations"]
    bad = [(v["id"], v["impact"], [n["target"] for n in v["nodes"][:3]]) for v in violations if v["impact"] in SERIOUS]
    assert not bad, f"{name}: axe finds {bad}"
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 1280, f"{name}: {width}px wide at 1280px"


def screenshot(page, name):
    """The admin is for desktops: a full-page screenshot at 1280 px (the reader's pages also test 375 px)."""
    from tests.browser.conftest import OUTPUT

    OUTPUT.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(OUTPUT / f"{name}-1280.png"), full_page=True)


def _archive(tmp_path, *paths):
    """The seeds, the given paths and a variant spelling of a seed, ingested; a curator's account."""
    from archive.ingest.pipeline import ingest_paths

    text = (SEEDS / "001_d7e118ee3ba1d95d.txt").read_text(encoding="utf-8").replace("Trần Ngọc Tam", "Trần Ngọc Tâm")
    variant = Path(tmp_path) / "variant" / "009_variant.txt"
    variant.parent.mkdir()
    variant.write_text(text, encoding="utf-8")
    report = ingest_paths([str(SEEDS), *map(str, paths), str(variant)])
    assert not report.failed, report.failed
    if not Group.objects.filter(name="Biên tập viên").exists():
        # A transactional test before this one flushed the tables, the migration's group with them.
        import importlib

        from django.apps import apps

        importlib.import_module("archive.migrations.0003_curator_group").create_group(apps, None)
        importlib.import_module("archive.migrations.0006_review_tallies_and_curator_rights").grant(apps, None)
    user = User.objects.create_user("bientap", password="mat-khau-thu-nghiem", is_staff=True)
    user.groups.add(Group.objects.get(name="Biên tập viên"))
    return user


@pytest.fixture
def curation_archive(transactional_db, tmp_path):
    """The curator's walk-through runs on the seeds plus every test article."""
    return _archive(tmp_path, ARTICLES)


@pytest.fixture
def small_archive(transactional_db, tmp_path):
    """Checking pages needs their kinds of rows, not the test articles' numbers."""
    return _archive(tmp_path)


@pytest.mark.django_db(transaction=True)
def test_curator_filters_verifies_merges_undoes_and_reads_the_history(visit, curation_archive):
    page = visit.page
    visit.goto("/admin/login/?next=/admin/")
    page.fill("#id_username", "bientap")
    page.fill("#id_password", "mat-khau-thu-nghiem")
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(re.compile(r"/admin/$"))
    assert_axe_clean(page, "admin index")

    # Filter: one province, then people only; the counts say how many wait.
    page.get_by_role("link", name="Hàng chờ duyệt").click()
    assert_axe_clean(page, "review queue")
    page.locator("aside.nghisu-facets section[aria-label='Tỉnh, thành']").get_by_role("link", name="Đồng Tháp").click()
    page.locator("aside.nghisu-facets section[aria-label='Loại']").get_by_role("link", name="Nhân vật").click()
    page.wait_for_url(re.compile(r"kind=person"))
    total = int(page.locator("#review-count").inner_text())
    expected = PersonMention.objects.filter(verified=False, rejected=False, article__province__name="Đồng Tháp")
    assert total == expected.count() > 2
    assert_axe_clean(page, "review queue filtered")
    screenshot(page, "curation-1-queue")

    # Bulk verify with the keyboard: x ticks the current fact, j moves on.
    first, second = page.locator("tr.review-row").nth(0), page.locator("tr.review-row").nth(1)
    tokens = [first.get_attribute("data-fact"), second.get_attribute("data-fact")]
    page.keyboard.press("x")
    page.keyboard.press("j")
    page.keyboard.press("x")
    page.get_by_role("button", name="Xác minh các mục đã chọn").click()
    assert "Đã xác minh 2 mục" in page.locator("ul.messagelist").inner_text()
    assert int(page.locator("#review-count").inner_text()) == total - 2
    ids = [int(t.split("-")[1]) for t in tokens]
    assert PersonMention.objects.filter(pk__in=ids, verified=True).count() == 2
    assert re.search(r"kind=person", page.url) and "province=" in page.url

    # Merge the variant spelling from the possible duplicates.
    visit.goto("/admin/")
    page.get_by_role("link", name="Có thể trùng nhau").click()
    assert_axe_clean(page, "duplicates")
    row = page.locator("#duplicate-pairs tr", has_text="Trần Ngọc Tâm").filter(has_text="Trần Ngọc Tam")
    row.get_by_role("link", name="So sánh và gộp…").click()
    page.locator("#merge-items").wait_for()
    assert_axe_clean(page, "merge confirmation")
    survivor = Person.objects.get(name="Trần Ngọc Tam")
    page.locator(f"#survivor-{survivor.pk}").check()
    page.get_by_role("button", name="Gộp", exact=True).click()
    assert "Đã gộp Trần Ngọc Tâm" in page.locator("ul.messagelist").inner_text()
    assert not Person.objects.filter(name="Trần Ngọc Tâm").exists()
    screenshot(page, "curation-2-merged")

    # Undo from the merge history; the pair is recorded as different.
    page.get_by_role("link", name="Hoàn tác từ lịch sử gộp").click()
    assert_axe_clean(page, "merge history")
    page.get_by_role("link", name="Hoàn tác").first.click()
    assert_axe_clean(page, "undo confirmation")
    page.get_by_role("button", name="Hoàn tác gộp").click()
    assert "Đã hoàn tác" in page.locator("ul.messagelist").inner_text()
    twin = Person.objects.get(name="Trần Ngọc Tâm")
    assert twin.mentions.exists() and MergeRecord.objects.get().undone_at is not None

    # The history of what this curator did.
    visit.goto("/admin/")
    page.locator("#nghisu-review").get_by_role("link", name="Nhật ký biên tập").click()
    assert_axe_clean(page, "audit trail")
    trail = page.locator("#result_list").inner_text()
    assert "Hoàn tác gộp" in trail and "Gộp" in trail and "Xác minh" in trail and "bientap" in trail
    assert set(CurationEvent.objects.values_list("action", flat=True)) >= {"verify", "merge", "unmerge", "distinct"}
    screenshot(page, "curation-3-history")


@pytest.mark.django_db(transaction=True)
def test_admin_pages_are_axe_clean_labelled_vietnamese_and_fit_1280(visit, small_archive, browser, live_server):
    from tests.browser.conftest import Visit

    User.objects.create_superuser("quantri", password="mat-khau-quan-tri")
    busiest = max(Person.objects.all(), key=lambda p: p.mentions.count())
    mention = PersonMention.objects.first()
    article = mention.article
    # A browser asking for English gets the same Vietnamese admin.
    english = Visit(browser, live_server.url)
    english.context.close()
    english.context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US",
                                          extra_http_headers={"Accept-Language": "en-US,en;q=0.9"})
    english.page = english.context.new_page()
    page = english.page
    page.goto(live_server.url + "/admin/login/")
    assert page.locator("html").get_attribute("lang") == "vi"
    page.fill("#id_username", "quantri")
    page.fill("#id_password", "mat-khau-quan-tri")
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(re.compile(r"/admin/$"))
    for path, name in [
        ("/admin/", "index"),
        ("/admin/archive/person/", "person changelist"),
        (f"/admin/archive/person/{busiest.pk}/change/", "person change form"),
        ("/admin/archive/personmention/", "mention changelist"),
        (f"/admin/archive/personmention/{mention.pk}/change/", "mention change form"),
        (f"/admin/archive/article/{article.pk}/change/", "article change form"),
        ("/admin/archive/article/", "article changelist"),
        ("/admin/archive/document/", "document changelist"),
        ("/admin/archive/tenurecorrection/add/", "tenure correction form"),
        ("/admin/archive/personmention/review/?kind=author", "review queue, bylines"),
        ("/admin/archive/person/duplicates/?kind=document", "document duplicates"),
    ]:
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        assert "Django administration" not in page.content() and page.locator("html").get_attribute("lang") == "vi"
        assert_axe_clean(page, name)
        # Every visible field (Playwright's own visibility test), asked about in one round trip.
        unlabelled = page.locator(FIELDS).filter(visible=True).evaluate_all(UNLABELLED_JS)
        assert not unlabelled, (name, unlabelled)
    html = page.goto(live_server.url + f"/admin/archive/person/{busiest.pk}/change/").text()
    assert not re.search(r'name="[^"]*(start|end)"', html)  # no raw offsets on the person's page
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height < 4000, f"person change form is {height}px tall"
    english.context.close()
