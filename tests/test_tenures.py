"""Careers as tenures: each post once, with province and years, the articles behind it; curators correct the years."""
from django.urls import reverse

from archive.models import CurationEvent, Person, Position
from archive.tenures import tenures_of
from tests.conftest import SEEDS
from tests.test_curation import reingest


def test_each_post_once_in_time_order_and_a_curator_corrects_its_years(admin_client, ingested_seeds):
    person = Person.objects.get(name="Lê Quốc Phong")
    tenures = tenures_of(person)
    stated = Position.objects.filter(person=person, rejected=False)
    assert len({t.post for t in tenures}) == len(tenures) <= stated.count()
    secretary = next(t for t in tenures if t.post == "Bí thư Tỉnh ủy")
    assert secretary.province.name == "Đồng Tháp" and secretary.years == "2022 – 2023"
    assert len(secretary.positions) == stated.filter(normalized="Bí thư Tỉnh ủy").values("article").distinct().count()
    starts = [t.starts for t in tenures if t.starts]
    assert starts == sorted(starts)

    # The admin's person page lists the tenures, each with a link that opens the correction form filled in.
    html = admin_client.get(reverse("admin:archive_person_change", args=[person.pk])).content.decode()
    assert "nghisu-tenure-table" in html and "sửa năm" in html
    add = reverse("admin:archive_tenurecorrection_add")
    form = admin_client.get(add, {"person": person.pk, "post": "Bí thư Tỉnh ủy", "province": secretary.province_id})
    assert form.context["adminform"].form.initial["post"] == "Bí thư Tỉnh ủy"
    bad = admin_client.post(add, {"person": person.pk, "post": "Bí thư Tỉnh ủy", "province": secretary.province_id,
                                  "starts": "2024", "ends": "2020"})
    assert bad.status_code == 200 and "trước năm bắt đầu 2024" in bad.content.decode()
    response = admin_client.post(add, {"person": person.pk, "post": "Bí thư Tỉnh ủy",
                                       "province": secretary.province_id, "starts": "2020", "ongoing": "on"})
    assert response.status_code == 302
    page = admin_client.get(person.get_absolute_url()).content.decode()
    assert "<strong>Bí thư Tỉnh ủy</strong>, Đồng Tháp <span class=\"years\">(từ 2020)</span>" in page
    assert CurationEvent.objects.filter(action="tenure", object_id=str(person.pk), username="admin").exists()
    reingest(SEEDS, force=True)
    assert next(t for t in tenures_of(person) if t.post == "Bí thư Tỉnh ủy").years == "từ 2020"
