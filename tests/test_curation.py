"""Curated data wins: edits, verification, merges and rejected mentions survive re-ingest.

Each case curates through the admin over HTTP, then ingests the same file again
(forced, so extraction really runs) and a changed copy of it (text inserted above
the facts, so every offset moves), and checks the database, the reader's pages
and the search index.
"""
from django.contrib.admin.models import CHANGE, DELETION, LogEntry
from django.urls import reverse

from archive.curation import merge_documents, merge_people
from archive.ingest.pipeline import ingest_paths
from archive.models import (
    Article,
    Document,
    DocumentAlias,
    DocumentMention,
    Meeting,
    MeetingAlias,
    MeetingMention,
    Person,
    PersonAlias,
    PersonMention,
)
from tests.conftest import SEEDS
from tests.test_admin import change_url, changelist, form_data

INSERTED = "Bài viết được biên tập viên cập nhật thêm một đoạn ở đây.\n"


def insertion_point(text):
    return text.index("\n", len(text) // 3) + 1


def changed_copy(tmp_path, file_name, *, replace=(), folder="changed", name=None, insert=True):
    """The seed file with a paragraph inserted a third of the way in (offsets after it move)."""
    text = (SEEDS / file_name).read_text(encoding="utf-8")
    for old, new in replace:
        text = text.replace(old, new)
    if insert:
        cut = insertion_point(text)
        text = text[:cut] + INSERTED + text[cut:]
    (tmp_path / folder).mkdir(exist_ok=True)
    path = tmp_path / folder / (name or file_name)
    path.write_text(text, encoding="utf-8")
    return path


def shifted(start, file_name):
    """Where a span of the seed file starts in its changed copy."""
    cut = insertion_point((SEEDS / file_name).read_text(encoding="utf-8"))
    return start + len(INSERTED) if start >= cut else start


def ingest_spelling_twin(tmp_path):
    """A seed ingested again as 009_variant.txt with "Trần Ngọc Tam" spelt "Tâm": (the seed's person, the
    second person the variant makes, the variant's path)."""
    spelling = [("Trần Ngọc Tam", "Trần Ngọc Tâm")]
    variant = changed_copy(tmp_path, "001_d7e118ee3ba1d95d.txt", replace=spelling, folder="variant",
                           name="009_variant.txt", insert=False)
    reingest(variant)
    return Person.objects.get(name="Trần Ngọc Tam"), Person.objects.get(name="Trần Ngọc Tâm"), variant


def reingest(*paths, force=False):
    report = ingest_paths([str(p) for p in paths], force=force)
    assert not report.failed, report.failed
    return report


def facet_values(client, name, **params):
    return {f["value"] for f in client.get("/api/search", params).json()["facets"][name]}


def test_edited_person_and_repointed_mention_survive_reingest(admin_client, ingested_seeds, tmp_path):
    person = Person.objects.get(name="Trần Ngọc Tam")
    mentions = person.mentions.count()
    data = form_data(admin_client.get(change_url(person)))
    data.update(name="Trần Ngọc Tâm", notes="Tên sửa theo danh sách Tỉnh ủy.")
    assert admin_client.post(change_url(person), data).status_code == 302
    # A mention of Lê Đức Thọ re-pointed by hand to Hồ Thị Hoàng Yến, on the article's page.
    article = Article.objects.get(file_name="001_d7e118ee3ba1d95d.txt")
    moved = PersonMention.objects.filter(article=article, person__name="Lê Đức Thọ").first()
    yen = Person.objects.get(name="Hồ Thị Hoàng Yến")
    response = admin_client.get(change_url(article))
    data = form_data(response)
    formset = next(i.formset for i in response.context["inline_admin_formsets"] if i.formset.model is PersonMention)
    row = next(f for f in formset.forms if f.instance.pk == moved.pk)
    data[row.add_prefix("person")] = str(yen.pk)
    assert admin_client.post(change_url(article), data).status_code == 302
    # The article verified as read: a changed headline in the file does not overwrite it.
    title = article.title
    response = admin_client.post(changelist(Article), {"action": "mark_verified", "_selected_action": [article.pk]})
    assert response.status_code == 302
    reworded = [("sơ kết nửa nhiệm kỳ", "sơ kết giữa nhiệm kỳ")]

    for report in (reingest(SEEDS, force=True), reingest(changed_copy(tmp_path, article.file_name, replace=reworded))):
        assert report.counts["updated"] >= 1
        person.refresh_from_db()
        assert person.name == "Trần Ngọc Tâm" and set(person.curated_fields) >= {"name", "notes"}
        assert not Person.objects.filter(name="Trần Ngọc Tam").exists()
        assert person.mentions.count() == mentions
        moved.refresh_from_db()
        assert moved.person == yen and moved.origin == "curated"
        # The extractor does not add a rival mention of Lê Đức Thọ at the span the curator re-pointed.
        assert not PersonMention.objects.filter(article=article, person__name="Lê Đức Thọ", start=moved.start).exists()
    # The curated span followed its text into the changed file.
    article.refresh_from_db()
    assert INSERTED in article.raw_text and article.raw_text[moved.start:moved.end] == "Lê Đức Thọ"
    assert "sơ kết giữa nhiệm kỳ" in article.body and article.title == title and article.verified
    assert PersonAlias.objects.filter(alias="Trần Ngọc Tam", person=person).exists()
    assert LogEntry.objects.filter(object_id=str(person.pk), action_flag=CHANGE, user__username="admin").exists()


def test_verified_document_and_deleted_mentions_survive_reingest_and_reextraction(
    admin_client, ingested_seeds, tmp_path, django_capture_on_commit_callbacks
):
    document = Document.objects.get(number="15-NQ/TW")
    data = form_data(admin_client.get(change_url(document)))
    data.update(subject="về một số vấn đề về chính sách xã hội", verified="on")
    assert admin_client.post(change_url(document), data).status_code == 302

    # A false person mention deleted inline on the article page, a false citation through its delete page.
    article = Article.objects.get(file_name="000_206ab32a4b857f35.txt")
    false_person = PersonMention.objects.get(article=article, person__name="Võ Hoàng Cương")
    false_citation = DocumentMention.objects.filter(article=article).order_by("-start").first()
    response = admin_client.get(change_url(article))
    data = form_data(response)
    formset = next(i.formset for i in response.context["inline_admin_formsets"] if i.formset.model is PersonMention)
    data[next(f for f in formset.forms if f.instance.pk == false_person.pk).add_prefix("DELETE")] = "on"
    with django_capture_on_commit_callbacks(execute=True):
        assert admin_client.post(change_url(article), data).status_code == 302
        delete = reverse("admin:archive_documentmention_delete", args=[false_citation.pk])
        assert admin_client.post(delete, {"post": "yes"}).status_code == 302
    history = LogEntry.objects.filter(object_id=str(false_citation.pk), content_type__model="documentmention")
    assert [(e.action_flag, e.change_message) for e in history] == [(CHANGE, "Đã loại: nhận diện sai.")]
    false_person.refresh_from_db()
    false_citation.refresh_from_db()  # rejected, not deleted: the verdict is what re-ingest obeys
    assert false_person.rejected and false_citation.rejected
    assert "vo-hoang-cuong" not in facet_values(admin_client, "person", q="Đồng Tháp")
    cited = false_citation.document

    start_person, start_citation = false_person.start, false_citation.start
    reingest(SEEDS, force=True)
    reingest(changed_copy(tmp_path, article.file_name))
    ids = [a.pk for a in Article.objects.filter(file_name=article.file_name)]
    response = admin_client.post(changelist(Article), {"action": "reextract_selected", "_selected_action": ids})
    assert response.status_code == 302
    for mention in (false_person, false_citation):
        mention.refresh_from_db()
        assert mention.rejected
    raw = Article.objects.get(pk=article.pk).raw_text
    assert (false_person.start, false_citation.start) == (
        shifted(start_person, article.file_name), shifted(start_citation, article.file_name))
    assert raw[false_person.start:false_person.end] == "Võ Hoàng Cương"
    assert not PersonMention.objects.filter(article=article, person__name="Võ Hoàng Cương", rejected=False).exists()
    assert not DocumentMention.objects.filter(article=article, document=cited, start=false_citation.start,
                                              rejected=False).exists()
    document.refresh_from_db()
    assert document.verified and document.subject == "về một số vấn đề về chính sách xã hội"
    page = admin_client.get(article.get_absolute_url()).content.decode()
    assert false_person.person.get_absolute_url() not in page
    assert LogEntry.objects.filter(object_id=str(article.pk), change_message="Chạy lại trích xuất.").exists()


def test_merged_people_stay_merged_and_their_names_resolve_to_the_survivor(
    admin_client, ingested_seeds, tmp_path, django_capture_on_commit_callbacks
):
    # Another report spells the name differently: the extractor makes a second person.
    survivor, twin, variant = ingest_spelling_twin(tmp_path)
    spelling = [("Trần Ngọc Tam", "Trần Ngọc Tâm")]
    twin_articles = set(twin.mentions.values_list("article_id", flat=True))
    twin_positions = set(twin.positions.values_list("article_id", "normalized"))
    assert twin_positions
    assert twin.slug in facet_values(admin_client, "person")

    action = {"action": "merge_selected", "_selected_action": [survivor.pk, twin.pk]}
    response = admin_client.post(changelist(Person), action)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Trần Ngọc Tâm" in html and "Trần Ngọc Tam" in html and 'name="survivor"' in html
    items = {i.obj.pk: i for i in response.context["items"]}
    assert items[twin.pk].mentions == twin.mentions.count() and items[twin.pk].positions == twin.positions.count()
    assert Person.objects.filter(pk=twin.pk).exists()  # nothing moves before confirmation

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(changelist(Person), {**action, "post": "yes", "survivor": survivor.pk})
    assert response.status_code == 302
    assert not Person.objects.filter(pk=twin.pk).exists()
    assert twin_articles <= set(survivor.mentions.values_list("article_id", flat=True))
    assert twin_positions <= set(survivor.positions.values_list("article_id", "normalized"))
    assert twin.slug not in facet_values(admin_client, "person")
    hits = admin_client.get("/api/search", {"person": survivor.slug}).json()
    assert "009_variant.txt" in {h["file"] for h in hits["results"]}
    assert LogEntry.objects.filter(object_id=str(survivor.pk), action_flag=CHANGE,
                                   change_message__contains="Trần Ngọc Tâm").exists()
    assert LogEntry.objects.filter(object_id=str(twin.pk), action_flag=DELETION).exists()

    reingest(variant, force=True)
    reingest(changed_copy(tmp_path, "001_d7e118ee3ba1d95d.txt"))
    reingest(changed_copy(tmp_path, "001_d7e118ee3ba1d95d.txt", replace=spelling, folder="variant",
                          name="009_variant.txt"))
    assert not Person.objects.filter(name="Trần Ngọc Tâm").exists()
    assert PersonMention.objects.filter(person=survivor, article__file_name="009_variant.txt").exists()
    assert PersonAlias.objects.filter(alias="Trần Ngọc Tâm", person=survivor).exists()


def test_merged_documents_and_meetings_keep_their_keys_as_aliases(admin_client, ingested_seeds, tmp_path):
    survivor, merged = Document.objects.get(number="27"), Document.objects.get(number="28")
    action = {"action": "merge_selected", "_selected_action": [survivor.pk, merged.pk]}
    response = admin_client.post(changelist(Document), action)
    assert merged.key in response.content.decode()
    assert admin_client.post(
        changelist(Document), {**action, "post": "yes", "survivor": survivor.pk}
    ).status_code == 302

    first, second = Meeting.objects.get(key__startswith="dong-thap|ban chap"), Meeting.objects.get(
        key__startswith="dong-thap|ban thuong vu")
    action = {"action": "merge_selected", "_selected_action": [first.pk, second.pk]}
    assert admin_client.post(changelist(Meeting), action).status_code == 200
    # No survivor chosen: a clear message, nothing merged.
    response = admin_client.post(changelist(Meeting), {**action, "post": "yes"}, follow=True)
    assert "survivor" in response.content.decode() and Meeting.objects.filter(pk=second.pk).exists()
    assert admin_client.post(changelist(Meeting), {**action, "post": "yes", "survivor": first.pk}).status_code == 302

    reingest(SEEDS, force=True)
    reingest(changed_copy(tmp_path, "004_dec426784ccdbed7.txt"), changed_copy(tmp_path, "000_206ab32a4b857f35.txt"))
    assert not Document.objects.filter(key=merged.key).exists()
    assert DocumentAlias.objects.get(key=merged.key).document == survivor
    assert not Meeting.objects.filter(key=second.key).exists()
    assert MeetingAlias.objects.get(key=second.key).meeting == first
    assert set(MeetingMention.objects.filter(meeting=first).values_list("article__file_name", flat=True)) >= {
        "000_206ab32a4b857f35.txt", "004_dec426784ccdbed7.txt"}
    detail = admin_client.get(change_url(survivor)).content.decode()
    assert merged.key in detail  # the alias is shown on the survivor's admin page


def test_a_person_deleted_as_false_is_not_recreated(admin_client, ingested_seeds):
    person = Person.objects.get(name="Võ Hoàng Cương")
    response = admin_client.post(reverse("admin:archive_person_delete", args=[person.pk]), {"post": "yes"})
    assert response.status_code == 302
    reingest(SEEDS, force=True)
    assert not Person.objects.filter(name="Võ Hoàng Cương").exists()
    assert PersonAlias.objects.filter(alias="Võ Hoàng Cương", ignored=True, person=None).exists()
    assert LogEntry.objects.filter(object_id=str(person.pk), action_flag=DELETION).exists()


def test_addresses_of_merged_entities_lead_to_the_survivor(client, ingested_seeds, django_user_model):
    """Readers cite our URLs: after merges (a chain of two) the old pages and feeds redirect for good."""
    user = django_user_model.objects.create_superuser("editor", "e@example.org", "x")
    first, second, third = Document.objects.order_by("pk")[:3]
    old_page, old_feed = second.get_absolute_url(), reverse("archive:document_feed", kwargs={"slug": second.slug})
    merge_documents(survivor=third, others=[second], user=user)
    merge_documents(survivor=first, others=[third], user=user)

    response = client.get(old_page, {"page": "1"})
    assert response.status_code == 301
    assert response["Location"] == f"{first.get_absolute_url()}?page=1"
    assert client.get(third.get_absolute_url()).url == first.get_absolute_url()
    assert client.get(old_feed).url == reverse("archive:document_feed", kwargs={"slug": first.slug})
    assert client.get(old_page, follow=True).status_code == 200

    person, other = Person.objects.order_by("pk")[:2]
    old = other.get_absolute_url()
    merge_people(survivor=person, others=[other], user=user)
    assert client.get(old).url == person.get_absolute_url()
    assert client.get("/nhan-vat/khong-co-ai/").status_code == 404


def test_two_names_of_one_person_in_one_article_are_stored_once(ingested_seeds, tmp_path):
    """A curator's alias makes a misspelling resolve to the person; an article that writes both
    names, each with the same position, stores one mention per span and the position once."""
    phong = Person.objects.get(name="Lê Quốc Phong")
    PersonAlias.objects.create(person=phong, alias="Lê Văn Phong")
    spelling = [("Phát biểu kết luận hội nghị, đồng chí Lê Quốc Phong",
                 "Phát biểu kết luận hội nghị, đồng chí Lê Văn Phong")]
    reingest(changed_copy(tmp_path, "000_206ab32a4b857f35.txt", replace=spelling, name="010_two_names.txt"))
    article = Article.objects.get(file_name="010_two_names.txt")  # a new article: every row is created
    assert article.raw_text.count("Lê Văn Phong") == 1
    assert not Person.objects.filter(name="Lê Văn Phong").exists()
    positions = list(phong.positions.filter(article=article).values_list("normalized", flat=True))
    assert positions.count("Bí thư Tỉnh ủy") == 1
    starts = list(PersonMention.objects.filter(article=article, person=phong).values_list("start", flat=True))
    assert len(starts) == len(set(starts)) >= 2


def test_curated_verified_and_rejected_facts_survive_an_extractor_upgrade(ingested_seeds):
    """Articles stored by an earlier extractor are re-extracted by the next ingest (no --force):
    every article takes the new version, and the curators' verdicts stay as they were."""
    from archive.ingest.extract import EXTRACTOR_VERSION

    article = Article.objects.get(file_name="000_206ab32a4b857f35.txt")
    verified, rejected = PersonMention.objects.filter(article=article).order_by("start")[:2]
    PersonMention.objects.filter(pk=verified.pk).update(verified=True)
    PersonMention.objects.filter(pk=rejected.pk).update(rejected=True)
    document = Document.objects.get(number="15-NQ/TW")
    Document.objects.filter(pk=document.pk).update(subject="về chính sách xã hội", verified=True)
    Article.objects.update(extractor_version="2026.11.3")  # as the previous release stored them
    PersonMention.objects.update(extractor_version="2026.11.3")

    report = reingest(SEEDS)
    assert report.counts["updated"] == 5  # re-extracted because the extractor changed, not the files
    assert set(Article.objects.values_list("extractor_version", flat=True)) == {EXTRACTOR_VERSION}
    verified.refresh_from_db()
    rejected.refresh_from_db()
    assert verified.verified and not verified.rejected
    assert rejected.rejected
    assert not PersonMention.objects.filter(article=article, person=rejected.person, start=rejected.start,
                                            rejected=False).exists()
    document.refresh_from_db()
    assert document.verified and document.subject == "về chính sách xã hội"
    assert reingest(SEEDS).counts["unchanged"] == 5  # and the run after it finds nothing to do
