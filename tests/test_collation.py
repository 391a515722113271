"""Vietnamese order of provinces, people and documents, on the pages a reader browses."""
import re

import pytest

from archive import collation
from archive.models import MeetingMention, PersonMention, Province
from tests import factories


def test_the_vietnamese_alphabet_and_tones():
    words = ["đa", "ơn", "ưa", "ăn", "ân", "an", "ôm", "om", "êm", "em", "da", "ua", "ba"]
    assert collation.sort(words) == ["an", "ăn", "ân", "ba", "da", "đa", "em", "êm", "om", "ôm", "ơn", "ua", "ưa"]
    # Tones decide only between otherwise equal words: ngang, huyền, hỏi, ngã, sắc, nặng.
    assert collation.sort(["má", "mạ", "mà", "mả", "ma", "mã", "mai"]) == ["ma", "mà", "mả", "mã", "má", "mạ", "mai"]


def test_provinces_from_the_issue_and_numbers_as_numbers():
    names = ["Đồng Tháp", "Tuyên Quang", "Cao Bằng", "Tây Ninh", "Cà Mau", "An Giang", "Điện Biên", "Đà Nẵng"]
    assert collation.sort(names) == ["An Giang", "Cà Mau", "Cao Bằng", "Đà Nẵng", "Điện Biên", "Đồng Tháp",
                                     "Tây Ninh", "Tuyên Quang"]
    assert collation.sort(["Nghị quyết 15-NQ/TW", "Nghị quyết 4-NQ/TW", "Chỉ thị 05-CT/TW"]) == [
        "Chỉ thị 05-CT/TW", "Nghị quyết 4-NQ/TW", "Nghị quyết 15-NQ/TW"]
    # NFD input (two files, two Unicode forms) sorts as its composed twin.
    assert collation.key("Đồng Tháp") == collation.key("Đồng Tháp")


@pytest.mark.django_db
def test_home_province_province_page_and_meeting_list_in_vietnamese_order(client):
    # The gazetteer's provinces (created by the migrations); the home page lists those with articles.
    names = ("Tuyên Quang", "Đồng Tháp", "Cao Bằng", "Tây Ninh", "Cà Mau")
    provinces = {n: Province.objects.get(name=n) for n in names}
    here = provinces["Cà Mau"]
    meeting = factories.meeting(province=here)
    people = [factories.person(n, province=here) for n in ("Đỗ Văn Bình", "Âu Thị Lan", "Dương Minh Tâm",
                                                          "Ân Văn Hùng", "Zô Văn Nam", "An Văn Hà")]
    for p in provinces.values():
        art = factories.article(title=f"Tin {p.name}", paragraphs=["Hội nghị."], province=p)
        if p is here:
            text = "Hội nghị. " + ", ".join(x.name for x in people)
            art.raw_text = f"{art.title}\n{text}\n"
            art.save()
            PersonMention.objects.bulk_create([factories.mention(PersonMention, art, x.name, person=x) for x in people])
            MeetingMention.objects.create(article=art, meeting=meeting, text="Hội nghị", start=0, end=3)
    home = client.get("/").content.decode()
    listed = re.findall(r'<li><a href="/tinh/[^"]+/">([^<]+)</a>', home)
    assert listed == ["Cà Mau", "Cao Bằng", "Đồng Tháp", "Tây Ninh", "Tuyên Quang"]
    expected = ["An Văn Hà", "Ân Văn Hùng", "Âu Thị Lan", "Dương Minh Tâm", "Đỗ Văn Bình", "Zô Văn Nam"]
    province_page = client.get(here.get_absolute_url()).content.decode()
    section = province_page.split('id="h-people"')[1].split("</section>")[0]
    assert re.findall(r'<a href="/nhan-vat/[^"]+/">([^<]+)</a>', section) == expected
    meeting_page = client.get(meeting.get_absolute_url()).content.decode()
    section = meeting_page.split('id="h-attendees"')[1].split("</aside>")[0]
    assert re.findall(r'<a href="/nhan-vat/[^"]+/">([^<]+)</a>', section) == expected


@pytest.mark.django_db
def test_facet_values_with_equal_counts_in_vietnamese_order_of_their_labels():
    """Issue #30, 2: a facet's ties follow the labels a reader sees, not the slugs (đ folds to d
    in a slug, so "Đỗ" would come before "Dương")."""
    from archive.search import facets

    people = [factories.person(n) for n in ("Đỗ Văn Bình", "Dương Minh Tâm", "Ân Văn Hùng", "An Văn Hà")]
    counts = {"person": {p.slug: 2 for p in people} | {factories.person("Zô Văn Nam").slug: 3}}
    shown = [f["label"] for f in facets.shown(counts)["person"]]
    assert shown == ["Zô Văn Nam", "An Văn Hà", "Ân Văn Hùng", "Dương Minh Tâm", "Đỗ Văn Bình"]
