"""The audit trail: who did what, when, to which record; shown in the admin and kept across re-ingest."""
from django.urls import reverse

from archive.models import CurationEvent, MergeRecord, Person, PersonMention, Position
from tests.conftest import SEEDS
from tests.test_admin import change_url, changelist, form_data
from tests.test_curation import reingest


def test_edits_verdicts_merges_and_undo_are_in_the_trail_and_survive_reingest(admin_client, ingested_seeds):
    person = Person.objects.get(name="Lê Quốc Phong")
    data = form_data(admin_client.get(change_url(person)))
    data.update(notes="Theo danh sách Tỉnh ủy.")
    assert admin_client.post(change_url(person), data).status_code == 302
    verified, rejected = PersonMention.objects.filter(verified=False)[:2]
    position = Position.objects.filter(verified=False).first()
    admin_client.post(reverse("admin:archive_review_bulk"),
                      {"fact": [f"person-{verified.pk}", f"position-{position.pk}"], "verdict": "verify"})
    admin_client.post(reverse("admin:archive_review_decide", args=["person", rejected.pk, "reject"]))
    a, b = Person.objects.exclude(pk=person.pk)[:2]
    admin_client.post(changelist(Person), {"action": "merge_selected", "_selected_action": [a.pk, b.pk],
                                           "post": "yes", "survivor": a.pk})
    merge = MergeRecord.objects.get()
    admin_client.post(reverse("admin:archive_mergerecord_undo", args=[merge.pk]), {})

    trail = {(e.action, e.model, e.object_id) for e in CurationEvent.objects.all()}
    assert ("edit", "person", str(person.pk)) in trail
    assert ("verify", "personmention", str(verified.pk)) in trail
    assert ("verify", "position", str(position.pk)) in trail
    assert ("reject", "personmention", str(rejected.pk)) in trail
    assert ("merge", "person", str(b.pk)) in trail and ("unmerge", "person", str(b.pk)) in trail
    assert set(CurationEvent.objects.values_list("username", flat=True)) == {"admin"}
    edit = CurationEvent.objects.get(action="edit", object_id=str(person.pk))
    assert "notes" in edit.message and edit.object_repr == "Lê Quốc Phong"
    assert CurationEvent.objects.get(action="reject").article_id == rejected.article_id

    page = admin_client.get(changelist(CurationEvent), {"action__exact": "verify"})
    assert page.status_code == 200 and page.context["cl"].result_count == 2
    assert change_url(verified) in page.content.decode()
    assert admin_client.get(changelist(CurationEvent), {"q": "Lê Quốc Phong"}).context["cl"].result_count >= 1

    before = CurationEvent.objects.count()
    reingest(SEEDS, force=True)
    assert CurationEvent.objects.count() == before
    assert PersonMention.objects.get(pk=verified.pk).verified and PersonMention.objects.get(pk=rejected.pk).rejected
    # The trail's links still lead to the records it names.
    assert admin_client.get(change_url(PersonMention.objects.get(pk=verified.pk))).status_code == 200
