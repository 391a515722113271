"""Merges you can trust: the confirmation tells candidates apart, every merge can be undone, pairs can be kept apart."""
from django.urls import reverse

from archive import review
from archive.models import (
    CurationEvent,
    DistinctPair,
    Document,
    DocumentAlias,
    MergedSlug,
    MergeRecord,
    Person,
    PersonAlias,
    PersonMention,
)
from tests.test_admin import changelist
from tests.test_curation import facet_values, ingest_spelling_twin, reingest


def test_confirmation_shows_what_tells_people_apart_and_warns(admin_client, ingested_seeds):
    a = Person.objects.filter(province__name="Bến Tre").exclude(positions=None).first()
    b = Person.objects.filter(province__name="Đồng Tháp").exclude(positions=None).first()
    response = admin_client.post(changelist(Person), {"action": "merge_selected", "_selected_action": [a.pk, b.pk]})
    html = response.content.decode()
    assert response.status_code == 200
    items = {i.obj.pk: i for i in response.context["items"]}
    assert "Bến Tre" in dict(items[a.pk].provinces) and "Đồng Tháp" in dict(items[b.pk].provinces)
    assert items[a.pk].tenures and items[a.pk].tenures[0].post in html
    assert items[a.pk].first_seen is not None
    assert any("không có tỉnh chung" in w for w in response.context["warnings"]), response.context["warnings"]
    assert 'id="merge-warnings"' in html
    # "Not the same person": recorded, nothing merged, and the confirmation says so next time.
    response = admin_client.post(changelist(Person), {"action": "merge_selected", "_selected_action": [a.pk, b.pk],
                                                      "post": "yes", "not_same": "1"})
    assert response.status_code == 302
    assert DistinctPair.objects.filter(model="person", low_id=min(a.pk, b.pk), high_id=max(a.pk, b.pk)).exists()
    assert Person.objects.filter(pk__in=[a.pk, b.pk]).count() == 2
    assert CurationEvent.objects.filter(action="distinct", object_id=str(a.pk)).exists()
    again = admin_client.get(reverse("admin:archive_person_merge"), {"ids": [a.pk, b.pk]})
    assert any("không phải là một" in w for w in again.context["warnings"])


def test_a_merge_is_undone_from_the_history_page_even_after_reingest(
    admin_client, ingested_seeds, tmp_path, django_capture_on_commit_callbacks
):
    survivor, twin, variant = ingest_spelling_twin(tmp_path)
    PersonAlias.objects.create(person=twin, alias="Trần N. Tâm", province=twin.province)
    twin_mentions = set(twin.mentions.values_list("article_id", "start"))
    twin_positions = set(twin.positions.values_list("article_id", "normalized"))
    own_mentions = set(survivor.mentions.values_list("article_id", "start"))
    twin_url, twin_slug = twin.get_absolute_url(), twin.slug
    action = {"action": "merge_selected", "_selected_action": [survivor.pk, twin.pk]}
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(changelist(Person), {**action, "post": "yes", "survivor": survivor.pk})
    assert not Person.objects.filter(pk=twin.pk).exists()
    assert admin_client.get(twin_url).status_code == 301
    reingest(variant, force=True)  # extracted rows get new ids: undo finds them by their place

    history = admin_client.get(reverse("admin:archive_mergerecord_changelist"))
    merge = MergeRecord.objects.get(survivor_id=survivor.pk)
    undo = reverse("admin:archive_mergerecord_undo", args=[merge.pk])
    assert undo in history.content.decode()
    confirm = admin_client.get(undo)
    assert "Trần Ngọc Tâm" in confirm.content.decode() and confirm.context["mentions"] >= len(twin_mentions)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(undo, {"distinct": "on"})
    assert response.status_code == 302
    restored = Person.objects.get(pk=twin.pk)
    assert restored.name == "Trần Ngọc Tâm" and restored.slug == twin_slug
    assert set(restored.mentions.values_list("article_id", "start")) == twin_mentions
    assert set(restored.positions.values_list("article_id", "normalized")) == twin_positions
    assert set(survivor.mentions.values_list("article_id", "start")) == own_mentions
    assert PersonAlias.objects.get(alias="Trần N. Tâm").person == restored
    assert not PersonAlias.objects.filter(alias="Trần Ngọc Tâm", person=survivor).exists()
    assert not MergedSlug.objects.filter(model="person", slug=twin_slug).exists()
    assert admin_client.get(twin_url).status_code == 200
    assert twin_slug in facet_values(admin_client, "person")
    assert DistinctPair.objects.filter(model="person", low_id=min(survivor.pk, twin.pk)).exists()
    merge.refresh_from_db()
    assert merge.undone_at is not None and "Đã hoàn tác" in admin_client.get(
        reverse("admin:archive_mergerecord_changelist")).content.decode()
    assert CurationEvent.objects.filter(action="unmerge", object_id=str(twin.pk), username="admin").exists()
    assert review.cube_drift() == {}
    # Twice is refused with a reason; a re-ingest keeps the restored mentions with the restored person.
    admin_client.post(undo, {})
    assert PersonMention.objects.filter(person=restored).count() == len(twin_mentions)
    reingest(variant, force=True)
    assert set(restored.mentions.values_list("article_id", "start")) == twin_mentions


def test_a_document_merge_is_undone_with_its_key_and_meetings(admin_client, ingested_seeds):
    survivor, merged = Document.objects.get(number="27"), Document.objects.get(number="28")
    meetings = set(merged.meetings.values_list("pk", flat=True))
    citations = merged.mentions.count()
    admin_client.post(changelist(Document), {"action": "merge_selected", "_selected_action": [survivor.pk, merged.pk],
                                             "post": "yes", "survivor": survivor.pk})
    assert DocumentAlias.objects.filter(key=merged.key, document=survivor).exists()
    merge = MergeRecord.objects.get(model="document")
    admin_client.post(reverse("admin:archive_mergerecord_undo", args=[merge.pk]), {})
    back = Document.objects.get(pk=merged.pk)
    assert back.key == merged.key and back.mentions.count() == citations
    assert set(back.meetings.values_list("pk", flat=True)) == meetings
    assert not DocumentAlias.objects.filter(key=merged.key).exists()
    assert not DistinctPair.objects.exists()  # the box was left unticked

