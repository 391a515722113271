"""The subscribe form in Debian's Chromium: from a person's page to a confirmed subscription,
with nothing loaded from outside the archive, no console error, and no sideways scrolling."""
import pytest

from archive.models import Subscription
from tests import factories
from tests.alerts.conftest import parts
from tests.alerts.test_alerts import LINK_RE
from tests.browser.conftest import browser, no_search_throttle, visit  # noqa: F401  (fixtures)


@pytest.mark.django_db(transaction=True)
def test_a_reader_subscribes_from_a_person_page_and_confirms(visit, inbox):  # noqa: F811
    province = factories.province("Tỉnh Trình Duyệt", slug="tinh-trinh-duyet")
    person = factories.person("Phạm Thị Trình", province)
    visit.goto(person.get_absolute_url())
    page = visit.page
    page.get_by_role("link", name="Nhận thông báo qua email").click()
    page.wait_for_url("**/thong-bao/dang-ky/**")
    assert "Nhân vật Phạm Thị Trình" in page.inner_text("main")
    visit.screenshot("alerts-subscribe")
    page.get_by_label("Địa chỉ email").fill("trinh@example.org")
    page.get_by_label("hằng tuần").check()
    page.get_by_role("button", name="Đăng ký").click()
    page.wait_for_selector("text=Hãy kiểm tra hộp thư")
    [message] = inbox.to("trinh@example.org")
    path = next(p for p in LINK_RE.findall(parts(message)[0]) if "/xac-nhan/" in p)
    visit.goto(path)
    page.get_by_role("button", name="Xác nhận đăng ký").click()
    page.wait_for_selector("text=Đã xác nhận")
    sub = Subscription.objects.get()
    assert sub.confirmed is not None and sub.frequency == "weekly"
