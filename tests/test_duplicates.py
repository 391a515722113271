"""Possible duplicates: close names with a shared province or post; document code variants; never a pair kept apart."""
from django.urls import reverse

from archive.duplicates import code_key, document_pairs, person_pairs
from archive.models import DistinctPair, Document
from tests import factories


def test_close_names_in_one_province_are_proposed_and_one_click_from_the_merge(admin_client, db):
    here, there = factories.province("Tỉnh Thử Trùng"), factories.province("Tỉnh Thử Khác")
    a = factories.person("Nguyễn Bá Sang", here)
    b = factories.person("Nguyễn Bá Sáng", here)  # a tone mark apart
    c = factories.person("Nguyễn Bá Sang", there)  # same name, another province, no shared post
    factories.person("Trần Văn Sang", here)  # same given name, a different person
    pairs = {tuple(p.ids) for p in person_pairs()}
    assert tuple(sorted((a.pk, b.pk))) in pairs
    assert tuple(sorted((a.pk, c.pk))) not in pairs and len(pairs) == 1

    page = admin_client.get(reverse("admin:archive_duplicates"))
    html = page.content.decode()
    merge = reverse("admin:archive_person_merge") + f"?ids={min(a.pk, b.pk)}&amp;ids={max(a.pk, b.pk)}"
    assert merge in html and "cùng tỉnh: Tỉnh Thử Trùng" in html
    confirm = admin_client.get(reverse("admin:archive_person_merge"), {"ids": [a.pk, b.pk]})
    assert {i.obj.pk for i in confirm.context["items"]} == {a.pk, b.pk}

    admin_client.post(reverse("admin:archive_duplicates"), {"ids": [a.pk, b.pk]})
    assert DistinctPair.objects.filter(model="person").count() == 1
    assert person_pairs() == []


def test_document_code_variants_pair_but_tinh_uy_and_trung_uong_do_not(admin_client, db):
    assert code_key("Nghị quyết", "15-NQ/TƯ") == code_key("Nghị quyết", "15/NQ-TW")
    assert code_key("Nghị quyết", "15-NQ/TU") != code_key("Nghị quyết", "15-NQ/TW")
    a = factories.document(number="15-NQ/TW")
    b = factories.document(number="15/NQ-TW")
    factories.document(number="15-NQ/TU")
    factories.document(kind="Kết luận", number="15-KL/TW")
    assert [tuple(p.ids) for p in document_pairs()] == [tuple(sorted((a.pk, b.pk)))]
    html = admin_client.get(reverse("admin:archive_duplicates"), {"kind": "document"}).content.decode()
    assert reverse("admin:archive_document_merge") in html
    assert Document.objects.count() == 4
