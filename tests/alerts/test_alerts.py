"""Email alerts end to end: the pages' link, double opt-in, send_alerts' digests as a real SMTP server
received them, one-click unsubscribe, the signed subscriptions page, the throttles and the admin."""
import datetime as dt
import os
import re
import signal
import subprocess
import sys
from io import StringIO

import pytest
from django.contrib.auth.models import Group, User
from django.core import signing
from django.core.management import call_command
from django.db.models import F
from django.test import Client
from django.utils import timezone

from archive import search
from archive.alerts import digests, tokens
from archive.models import Delivery, DocumentMention, PersonMention, Subscription
from tests import factories
from tests.alerts.conftest import parts
from tests.conftest import ROOT

SITE = "https://nghisu.example"
LINK_RE = re.compile(r"https://nghisu\.example(/thong-bao/[a-z-]+/[A-Za-z0-9:._-]{10,600}/)")


def a_day_passes():
    """As if the last digests went out a day ago (articles made now stay new)."""
    Subscription.objects.update(last_digest=F("last_digest") - dt.timedelta(days=1, minutes=5))


def links(message):
    """{kind: path} of the alert links in a message's plain text (confirm, huy, cua-toi)."""
    text, _ = parts(message)
    return {path.split("/")[2]: path for path in LINK_RE.findall(text)}


def subscribe(client, inbox, query, email, frequency="daily"):
    """Subscribe through the page's form and return the confirmation message."""
    before = len(inbox.to(email))
    form = client.get("/thong-bao/dang-ky/?" + query)
    assert form.status_code == 200, form.content.decode()[:500]
    data = dict(form.context["pairs"]) | {"email": email, "frequency": frequency}
    response = client.post("/thong-bao/dang-ky/", data)
    assert response.status_code == 200 and "Hãy kiểm tra hộp thư" in response.content.decode()
    received = inbox.to(email.lower())
    assert len(received) == before + 1
    return received[-1]


def confirm(client, message):
    path = links(message)["xac-nhan"]
    page = client.get(path)
    assert page.status_code == 200 and "Xác nhận đăng ký" in page.content.decode()
    done = client.post(path)
    assert done.status_code == 200 and "Đã xác nhận" in done.content.decode()


def indexed(*articles):
    search.index([a.pk for a in articles])
    return articles


def _province_pair():
    current = factories.province("Tỉnh Sông Mẫu", slug="tinh-song-mau")
    old = factories.province("Tỉnh Núi Cũ", slug="tinh-nui-cu", current=False, successor=current)
    return current, old


def test_a_search_alert_from_the_page_to_the_digest_and_the_one_click_unsubscribe(client, inbox, db):
    current, old = _province_pair()
    other = factories.province("Tỉnh Khác", slug="tinh-khac")
    when = timezone.make_aware(dt.datetime(2026, 11, 20, 9))
    past = factories.article(title="Hội nghị cũ bàn chuyển đổi số", paragraphs=["Tỉnh bàn chuyển đổi số năm trước."],
                             province=current, published=when)
    indexed(past)
    page = client.get("/search/", {"q": "chuyển đổi số", "province": current.slug})
    html = page.content.decode()
    assert "Nhận thông báo qua email" in html
    href = re.search(r'href="(/thong-bao/dang-ky/\?[^"]+)"', html).group(1).replace("&amp;", "&")
    assert "follow=search" in href and "province=tinh-song-mau" in href
    form = client.get(href)
    assert "Tìm kiếm “chuyển đổi số”; tỉnh, thành: Tỉnh Sông Mẫu" in form.content.decode()

    message = subscribe(client, inbox, href.split("?", 1)[1], "Reader@Example.org")
    sub = Subscription.objects.get()
    assert sub.email == "reader@example.org" and sub.confirmed is None
    text, html = parts(message)
    assert "Xác nhận" in message["Subject"] and "chuyển đổi số" in text and links(message)["xac-nhan"] in html

    # Double opt-in: nothing is sent before the link is followed, and following it with GET
    # (as a mail scanner does) only shows the button.
    before = factories.article(title="Chuyển đổi số trước khi xác nhận", paragraphs=["Bàn chuyển đổi số."],
                               province=current, published=when)
    indexed(before)
    assert digests.run().due == 0 and len(inbox.to("reader@example.org")) == 1
    client.get(links(message)["xac-nhan"])
    assert Subscription.objects.get().confirmed is None
    confirm(client, message)

    matching = factories.article(title="Tỉnh Núi Cũ đẩy mạnh chuyển đổi số", province=old, published=when,
                                 paragraphs=["Hội nghị thống nhất chương trình chuyển đổi số của tỉnh giai đoạn mới."])
    elsewhere = factories.article(title="Tỉnh Khác bàn chuyển đổi số", province=other, published=when,
                                  paragraphs=["Chuyển đổi số ở tỉnh khác."])
    unrelated = factories.article(title="Hội nghị về nông nghiệp", province=current, published=when,
                                  paragraphs=["Bàn về lúa gạo."])
    indexed(matching, elsewhere, unrelated)
    inbox.clear()
    out = StringIO()
    call_command("send_alerts", stdout=out)
    assert "1 digests sent (1 articles)" in out.getvalue() and "1 distinct searches" in out.getvalue()
    [digest] = inbox.to("reader@example.org")
    text, html = parts(digest)
    # Django folds a long encoded subject onto the next line; readers strip the fold.
    assert digest["Subject"].strip() == "Nghị sự: 1 bài mới — Tìm kiếm “chuyển đổi số”; tỉnh, thành: Tỉnh Sông Mẫu"
    for body in (text, html):
        assert "Tỉnh Núi Cũ đẩy mạnh chuyển đổi số" in body and "20/11/2026" in body and "Tỉnh Núi Cũ" in body
        assert f"{SITE}/bai-viet/{matching.slug}/" in body
        for absent in (past, before, elsewhere, unrelated):
            assert absent.title not in body
    assert "chương trình chuyển đổi số của tỉnh" in text and "<mark>" not in text
    assert "<mark>chuyển</mark> <mark>đổi</mark> <mark>số</mark>" in html
    unsubscribe = links(digest)["huy"]
    assert digest["List-Unsubscribe"].strip() == f"<{SITE}{unsubscribe}>"
    assert "reader" not in unsubscribe + links(digest)["cua-toi"]  # no address in a link (access logs)
    assert digest["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert links(digest)["cua-toi"]

    # Never twice: later runs send only what is new since.
    a_day_passes()
    assert digests.run().sent == 0
    newer = indexed(factories.article(title="Chuyển đổi số: kết quả quý IV", province=current, published=when,
                                      paragraphs=["Kết quả chuyển đổi số quý IV."]))[0]
    inbox.clear()
    a_day_passes()
    report = digests.run()
    assert report.sent == 1 and report.articles == 1
    [second] = inbox.to("reader@example.org")
    assert newer.title in parts(second)[0] and matching.title not in parts(second)[0]
    assert Delivery.objects.filter(subscription=sub).count() == 2

    # One click: a mail client POSTs with no cookie and no CSRF token.
    mail_client = Client(enforce_csrf_checks=True)
    confirm_page = mail_client.get(unsubscribe)
    assert confirm_page.status_code == 200 and "Hủy đăng ký" in confirm_page.content.decode()
    assert Subscription.objects.exists()
    done = mail_client.post(unsubscribe, "List-Unsubscribe=One-Click",
                            content_type="application/x-www-form-urlencoded")
    assert done.status_code == 200 and "Đã hủy đăng ký" in done.content.decode()
    assert not Subscription.objects.exists() and not Delivery.objects.exists()
    assert mail_client.post(unsubscribe).status_code == 200  # a retry is not an error


def test_people_documents_provinces_are_matched_in_bulk_and_a_failed_digest_is_sent_by_the_rerun(client, inbox, db):
    current, old = _province_pair()
    person = factories.person("Nguyễn Văn Mẫu", current)
    document = factories.document(number="99-NQ/TU", province=current, issuer="Tỉnh ủy")
    for kind, slug in (("person", person.slug), ("document", document.slug), ("province", current.slug)):
        page = client.get(f"/{ {'person': 'nhan-vat', 'document': 'van-ban', 'province': 'tinh'}[kind]}/{slug}/")
        assert f"/thong-bao/dang-ky/?follow={kind}&amp;slug={slug}" in page.content.decode(), kind
        confirm(client, subscribe(client, inbox, f"follow={kind}&slug={slug}", f"{kind}@example.org"))
    weekly = subscribe(client, inbox, f"follow=person&slug={person.slug}", "weekly@example.org", frequency="weekly")
    confirm(client, weekly)

    when = timezone.make_aware(dt.datetime(2026, 12, 1, 8))
    named = factories.article(title="Đồng chí Nguyễn Văn Mẫu thăm xã", paragraphs=["Đồng chí Nguyễn Văn Mẫu đến thăm."],
                              province=None, published=when)
    cited = factories.article(title="Quán triệt nghị quyết", paragraphs=[f"Hội nghị quán triệt {document.label}."],
                              province=None, published=when)
    merged_unit = factories.article(title="Tin của Tỉnh Núi Cũ", paragraphs=["Tin trước sáp nhập."], province=old,
                                    published=when)
    both = factories.article(title="Nguyễn Văn Mẫu dự hội nghị tỉnh", paragraphs=["Đồng chí Nguyễn Văn Mẫu dự."],
                             province=current, published=when)
    PersonMention.objects.bulk_create([factories.mention(PersonMention, a, person.name, person=person)
                                       for a in (named, both)])
    factories.mention(DocumentMention, cited, document.label, document=document).save()
    PersonMention.objects.bulk_create([factories.mention(PersonMention, merged_unit, "Tin", person=person,
                                                         rejected=True)])  # a curator said no

    inbox.clear()
    inbox.refuse.add("document@example.org")
    report = digests.run()
    assert report.due == 4 and report.sent == 3 and [pk for pk, _ in report.failed] == [
        Subscription.objects.get(email="document@example.org").pk]
    person_text = parts(inbox.to("person@example.org")[0])[0]
    assert both.title in person_text and named.title in person_text and merged_unit.title not in person_text
    province_text = parts(inbox.to("province@example.org")[0])[0]
    assert merged_unit.title in province_text and both.title in province_text and named.title not in province_text
    assert inbox.to("document@example.org") == []

    # The refusing server recovers: the rerun sends the one digest left, and nothing twice.
    inbox.refuse.clear()
    report = digests.run(now=timezone.now() + dt.timedelta(minutes=5))
    assert report.sent == 1
    assert [len(inbox.to(f"{k}@example.org")) for k in ("person", "document", "province")] == [1, 1, 1]
    assert cited.title in parts(inbox.to("document@example.org")[0])[0]
    # Weekly: not before seven days have run since its digest.
    assert len(inbox.to("weekly@example.org")) == 1
    more = factories.article(title="Nguyễn Văn Mẫu phát biểu", paragraphs=["Nguyễn Văn Mẫu phát biểu."],
                             province=current, published=when)
    factories.mention(PersonMention, more, person.name, person=person).save()
    inbox.clear()
    digests.run(now=timezone.now() + dt.timedelta(days=2))
    assert len(inbox.to("person@example.org")) == 1 and inbox.to("weekly@example.org") == []
    digests.run(now=timezone.now() + dt.timedelta(days=7, minutes=1))
    [weekly_digest] = inbox.to("weekly@example.org")
    assert more.title in parts(weekly_digest)[0] and "hằng tuần" in parts(weekly_digest)[0]


def test_the_answer_never_tells_whether_an_address_is_known_and_requests_are_limited(client, inbox, db, settings):
    current, _ = _province_pair()
    person = factories.person("Trần Thị Mẫu", current)
    query = f"follow=person&slug={person.slug}"
    confirm(client, subscribe(client, inbox, query, "known@example.org"))
    answers = {}
    for email in ("known@example.org", "new@example.org"):
        response = client.post("/thong-bao/dang-ky/", {"follow": "person", "slug": person.slug, "email": email,
                                                       "frequency": "daily"})
        answers[email] = (response.status_code, response.content)
    assert answers["known@example.org"] == answers["new@example.org"]
    assert "đã đăng ký theo dõi mục đó" in parts(inbox.to("known@example.org")[-1])[0]
    assert "xac-nhan" in links(inbox.to("new@example.org")[-1])

    # At most N subscriptions per address: the N+1st makes none, and only the inbox says why.
    settings.ARCHIVE_ALERTS_MAX_PER_ADDRESS, settings.ARCHIVE_ALERTS_PER_ADDRESS_HOUR = 2, 0
    client.post("/thong-bao/dang-ky/", {"follow": "province", "slug": current.slug, "email": "known@example.org",
                                        "frequency": "daily"})
    response = client.post("/thong-bao/dang-ky/", {"follow": "search", "q": "ngân sách", "email": "known@example.org",
                                                   "frequency": "daily"})
    assert response.status_code == 200 and Subscription.objects.filter(email="known@example.org").count() == 2
    assert "tối đa 2 mục" in parts(inbox.to("known@example.org")[-1])[0]

    # Per address: past its hourly allowance an address gets no more mail, and the page is the same.
    settings.ARCHIVE_ALERTS_PER_ADDRESS_HOUR, settings.ARCHIVE_ALERTS_PER_CLIENT_HOUR = 2, 0
    for _ in range(4):
        response = client.post("/thong-bao/dang-ky/", {"follow": "person", "slug": person.slug,
                                                       "email": "flood@example.org", "frequency": "daily"})
        assert response.status_code == 200 and "Hãy kiểm tra hộp thư" in response.content.decode()
    assert len(inbox.to("flood@example.org")) == 2
    # Per client: past its allowance, a 429 in Vietnamese.
    settings.ARCHIVE_ALERTS_PER_CLIENT_HOUR = 1
    client.post("/thong-bao/dang-ky/", {"follow": "person", "slug": person.slug, "email": "a@example.org"})
    refused = client.post("/thong-bao/dang-ky/", {"follow": "person", "slug": person.slug, "email": "b@example.org",
                                                  "frequency": "daily"})
    assert refused.status_code == 429 and "quá nhiều yêu cầu đăng ký" in refused.content.decode()
    assert refused["Retry-After"] == "3600" and inbox.to("b@example.org") == []

    # Bad input names the parameter.
    settings.ARCHIVE_ALERTS_PER_CLIENT_HOUR = 0
    missing = client.get("/thong-bao/dang-ky/?follow=person&slug=khong-co-ai")
    assert missing.status_code == 400 and "“khong-co-ai” (tham số slug)" in missing.content.decode()
    assert "tham số follow" in client.get("/thong-bao/dang-ky/?follow=x").content.decode().lower()
    bad_email = client.post("/thong-bao/dang-ky/", {"follow": "person", "slug": person.slug, "email": "không-phải",
                                                    "frequency": "daily"})
    assert bad_email.status_code == 400 and "Địa chỉ email không hợp lệ" in bad_email.content.decode()


def test_tokens_are_signed_per_purpose_and_expire(client, inbox, db):
    current, _ = _province_pair()
    message = subscribe(client, inbox, f"follow=province&slug={current.slug}", "t@example.org")
    sub = Subscription.objects.get()
    confirm_path = links(message)["xac-nhan"]
    token = confirm_path.split("/")[3]
    forged = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    old = signing.TimestampSigner(salt=tokens.SALTS["confirm"])
    old.timestamp = lambda: signing.b62_encode(int(timezone.now().timestamp()) - 8 * 86400)
    expired = old.sign_object([sub.pk, sub.email_key[:12]], compress=True)
    for path in (f"/thong-bao/xac-nhan/{forged}/", f"/thong-bao/xac-nhan/{expired}/",
                 f"/thong-bao/huy/{token}/", f"/thong-bao/cua-toi/{token}/"):
        response = client.get(path)
        assert response.status_code == 404 and "Liên kết không dùng được" in response.content.decode(), path
    assert client.post(f"/thong-bao/huy/{forged}/").status_code == 200 and Subscription.objects.exists()
    # Never confirmed within the link's life: the next run forgets it.
    Subscription.objects.update(created=timezone.now() - dt.timedelta(days=8))
    assert digests.run().expired == 1 and not Subscription.objects.exists()


def test_the_signed_subscriptions_page_lists_and_changes_an_address_s_subscriptions(client, inbox, db):
    current, _ = _province_pair()
    person = factories.person("Lê Văn Mẫu", current)
    confirm(client, subscribe(client, inbox, f"follow=province&slug={current.slug}", "m@example.org"))
    subscribe(client, inbox, f"follow=person&slug={person.slug}", "m@example.org")
    subscribe(client, inbox, f"follow=person&slug={person.slug}", "other@example.org")
    manage = f"/thong-bao/cua-toi/{tokens.make('manage', tokens.address_key('m@example.org'))}/"
    page = client.get(manage)
    html = page.content.decode()
    assert page.status_code == 200 and "no-store" in page["Cache-Control"] and page["X-Robots-Tag"] == "noindex"
    assert "Tỉnh, thành Tỉnh Sông Mẫu" in html and "Nhân vật Lê Văn Mẫu" in html and "Chờ xác nhận" in html
    assert "other@example.org" not in html
    mine = Subscription.objects.get(email="m@example.org", kind="province")
    theirs = Subscription.objects.get(email="other@example.org")
    client.post(manage, {"subscription": mine.pk, "frequency": "weekly"})
    client.post(manage, {"subscription": theirs.pk, "frequency": "weekly"})  # not this address's
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.frequency == "weekly" and theirs.frequency == "daily"


def test_curators_see_counts_and_only_superusers_see_addresses(client, inbox, db):
    current, _ = _province_pair()
    confirm(client, subscribe(client, inbox, f"follow=province&slug={current.slug}", "hidden@example.org"))
    subscribe(client, inbox, f"follow=province&slug={current.slug}", "pending@example.org")
    curator = User.objects.create_user("bientap", password=None, is_staff=True)
    curator.groups.add(Group.objects.get(name="Biên tập viên"))
    url = "/admin/archive/subscription/"
    client.force_login(curator)
    page = client.get(url)
    html = page.content.decode()
    assert page.status_code == 200
    counts = page.context["alert_counts"]
    assert counts == [{"kind": "province", "n_confirmed": 1, "n_pending": 1, "kind_label": "tỉnh, thành"}]
    assert "hidden@example.org" not in html and "pending@example.org" not in html
    detail = client.get(f"{url}{Subscription.objects.get(email='hidden@example.org').pk}/change/")
    assert detail.status_code == 200 and "hidden@example.org" not in detail.content.decode()
    assert client.get(url, {"q": "hidden@example.org"}).context["cl"].result_count == 0
    admin = User.objects.create_superuser("chu", password=None)
    client.force_login(admin)
    assert "hidden@example.org" in client.get(url).content.decode()


def test_a_bad_email_url_stops_start_up_naming_it_without_its_password(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "ARCHIVE_DATA_DIR": str(tmp_path), "EMAIL_URL": "ftp://thu:s3cret@mail.example"}
    run = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert run.returncode != 0 and "EMAIL_URL" in run.stderr and "s3cret" not in run.stderr + run.stdout
    # A good one, in production without the site's address: parsed, and that address asked for.
    env.update(EMAIL_URL="smtp://thu:s3cret@127.0.0.1:2525?tls=True", DJANGO_DEBUG="0", DJANGO_SECRET_KEY="x" * 50,
               DJANGO_SETTINGS_MODULE="archive.settings")
    code = ("import django; django.setup(); from django.conf import settings as s; "
            "print(s.EMAIL_BACKEND, s.EMAIL_HOST, s.EMAIL_PORT, s.EMAIL_HOST_USER, s.EMAIL_USE_TLS); "
            "print(*[name for name, _ in s.ARCHIVE_SETTINGS_PROBLEMS])")
    run = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    assert run.stdout.split("\n")[:2] == ["django.core.mail.backends.smtp.EmailBackend 127.0.0.1 2525 thu True",
                                          "ARCHIVE_SITE_URL"], run.stdout + run.stderr


POPULATE = """
import datetime as dt
from django.utils import timezone
from archive.models import Subscription
from tests import factories
hour_ago = timezone.now() - dt.timedelta(hours=1)
province = factories.province("Tỉnh Mẫu", slug="tinh-mau")
for i in range(6):
    Subscription.objects.create(email=f"k{i}@example.org", kind="province", target=f"province:{province.pk}",
                                label="Tỉnh, thành Tỉnh Mẫu", province=province, target_slug=province.slug,
                                confirmed=hour_ago, since=hour_ago)
for i in range(3):
    factories.article(title=f"Bài mới số {i}", paragraphs=["Nội dung."], province=province)
"""


def _manage(data, settings, *args):
    env = {**os.environ, "ARCHIVE_DATA_DIR": str(data), "PYTHONUNBUFFERED": "1", "EMAIL_HOST": settings.EMAIL_HOST,
           "EMAIL_PORT": str(settings.EMAIL_PORT), "ARCHIVE_SITE_URL": SITE}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.pop("DATABASE_URL", None)  # a throwaway SQLite archive, also under `make test-postgres`
    return subprocess.Popen([sys.executable, str(ROOT / "manage.py"), *args], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_send_alerts_killed_mid_run_then_rerun_sends_each_digest_once(inbox, settings, tmp_path, fresh_archive):
    """The real command in a process of its own, SIGKILLed while the server holds its fourth digest."""
    data = fresh_archive(tmp_path / "data")  # migrated
    populate = _manage(data, settings, "shell", "-c", POPULATE)
    assert populate.wait(timeout=120) == 0, populate.stderr.read()
    inbox.hold_after = 3
    run = _manage(data, settings, "send_alerts")
    assert inbox.holding.wait(timeout=60), run.communicate()
    run.send_signal(signal.SIGKILL)
    run.communicate()
    assert run.returncode == -signal.SIGKILL and len(inbox.messages) == 3
    inbox.hold_after = None
    rerun = _manage(data, settings, "send_alerts")
    out, err = rerun.communicate(timeout=120)
    assert rerun.returncode == 0, err
    assert "3 subscriptions due" in out and "3 digests sent (9 articles)" in out, out
    assert sorted(rcpt[0] for rcpt, _ in inbox.messages) == [f"k{i}@example.org" for i in range(6)]
    again = _manage(data, settings, "send_alerts")
    out, _ = again.communicate(timeout=120)
    assert "0 subscriptions due" in out and len(inbox.messages) == 6


def test_a_person_merged_away_is_followed_to_the_survivor(client, inbox, db):
    from archive.curation import merge_people

    current, _ = _province_pair()
    twin = factories.person("Hoàng Văn Gộp", current)
    survivor = factories.person("Hoàng Văn Gộp", current)
    confirm(client, subscribe(client, inbox, f"follow=person&slug={twin.slug}", "g@example.org"))
    confirm(client, subscribe(client, inbox, f"follow=person&slug={twin.slug}", "both@example.org"))
    confirm(client, subscribe(client, inbox, f"follow=person&slug={survivor.slug}", "both@example.org"))
    admin = User.objects.create_superuser("chu", password=None)
    merge_people(survivor=survivor, others=[twin], user=admin)
    art = factories.article(title="Đồng chí Hoàng Văn Gộp phát biểu", paragraphs=["Hoàng Văn Gộp phát biểu."],
                            province=current)
    factories.mention(PersonMention, art, survivor.name, person=survivor).save()
    inbox.clear()
    report = digests.run()
    assert report.repointed == 2 and report.sent == 2
    assert Subscription.objects.filter(email="both@example.org").count() == 1  # the duplicate went
    moved = Subscription.objects.get(email="g@example.org")
    assert moved.person == survivor and moved.target == f"person:{survivor.pk}"
    assert art.title in parts(inbox.to("g@example.org")[0])[0]
    assert len(inbox.to("both@example.org")) == 1


def test_a_long_digest_lists_the_newest_and_counts_the_rest(client, inbox, db, settings):
    settings.ARCHIVE_ALERTS_DIGEST_SIZE = 2
    current, _ = _province_pair()
    confirm(client, subscribe(client, inbox, f"follow=province&slug={current.slug}", "long@example.org"))
    made = [factories.article(title=f"Bài số {i} của tỉnh", paragraphs=[f"Nội dung bài {i}."], province=current)
            for i in range(3)]
    inbox.clear()
    assert digests.run().articles == 3
    text, html = parts(inbox.to("long@example.org")[0])
    assert made[2].title in text and made[1].title in text and made[0].title not in text
    assert "… và 1 bài khác: https://nghisu.example/tinh/tinh-song-mau/" in text and "1 bài khác</a>" in html
    assert "3 bài mới" in text
    assert Delivery.objects.count() == 3  # the one not listed is not owed again


def test_a_mail_server_that_is_down_stops_the_run_and_leaves_everything_owed(client, inbox, db, settings):
    from django.core.management.base import CommandError

    from tests.alerts.conftest import _free_port

    current, _ = _province_pair()
    for i in range(4):
        confirm(client, subscribe(client, inbox, f"follow=province&slug={current.slug}", f"d{i}@example.org"))
    factories.article(title="Bài mới", paragraphs=["Nội dung."], province=current)
    working, settings.EMAIL_PORT = settings.EMAIL_PORT, _free_port()  # nothing listens there
    with pytest.raises(CommandError, match="the mail server failed 3 times in a row"):
        call_command("send_alerts", stdout=StringIO(), stderr=StringIO())
    assert not Delivery.objects.exists() and Subscription.objects.filter(last_digest__isnull=True).count() == 4
    settings.EMAIL_PORT = working
    assert digests.run().sent == 4 and len(inbox.messages) == 4 + 4  # the confirmations, then the digests
