"""The curators' admin over HTTP: lists, folded search, filters, inlines, review queue, roles, history."""
import re
from pathlib import Path

import pytest
from django import forms
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Group, User
from django.urls import reverse

from archive.models import (
    Article,
    Document,
    DocumentMention,
    Meeting,
    MeetingMention,
    Person,
    PersonAlias,
    PersonMention,
    Position,
    Province,
    Source,
)

ROOT = Path(__file__).resolve().parent.parent
ALL_MODELS = (Article, Person, Position, Document, Meeting, Province, Source, PersonMention, DocumentMention,
              MeetingMention, PersonAlias)


def form_data(response):
    """The POST data a browser sends back from an admin change form exactly as it was rendered."""
    data = {}

    def add(form):
        for name, field in form.fields.items():
            key, value = form.add_prefix(name), form[name].value()
            if isinstance(field.widget, forms.MultiWidget):  # the split date/time of a DateTimeField
                parts = value if isinstance(value, list) else field.widget.decompress(value)
                for i, part in enumerate(parts):
                    data[f"{key}_{i}"] = "" if part is None else part.isoformat()
            elif isinstance(field, forms.BooleanField):
                if value:
                    data[key] = "on"
            elif isinstance(value, (list, tuple)):
                data[key] = [str(v) for v in value]
            else:
                data[key] = "" if value is None else value

    add(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management[name].value()
        for form in formset.forms:
            add(form)
    return data


def change_url(obj):
    return reverse(f"admin:archive_{obj._meta.model_name}_change", args=[obj.pk])


def changelist(model):
    return reverse(f"admin:archive_{model._meta.model_name}_changelist")


@pytest.fixture
def curator(db):
    user = User.objects.create_user("bientap", password=None, is_staff=True)
    user.groups.add(Group.objects.get(name="Biên tập viên"))
    return user


@pytest.fixture
def curator_client(client, curator):
    client.force_login(curator)
    return client


def test_every_entity_has_a_working_admin_with_filters_and_folded_search(admin_client, ingested_seeds):
    for model in ALL_MODELS:
        response = admin_client.get(changelist(model))
        assert response.status_code == 200, model
        obj = model.objects.first()
        if obj is not None:
            assert admin_client.get(change_url(obj)).status_code == 200, model
    # Accent-insensitive, on folded columns: "le quoc phong" finds Lê Quốc Phong and nobody else.
    for query in ("le quoc phong", "LÊ QUỐC PHONG", "Lê Quốc Phong"):
        response = admin_client.get(changelist(Person), {"q": query})
        assert [p.name for p in response.context["cl"].result_list] == ["Lê Quốc Phong"], query
    response = admin_client.get(changelist(PersonMention), {"q": "le quoc phong"})
    assert {m.person.name for m in response.context["cl"].result_list} == {"Lê Quốc Phong"}
    response = admin_client.get(changelist(Article), {"q": "doi moi phuong thuc lanh dao"})
    assert {a.file_name for a in response.context["cl"].result_list} == {
        "000_206ab32a4b857f35.txt", "004_dec426784ccdbed7.txt"}
    response = admin_client.get(changelist(Document), {"q": "15-nq/tw"})
    assert [str(d) for d in response.context["cl"].result_list] == ["Nghị quyết số 15-NQ/TW"]
    # Filters: year, province, curated; the date hierarchy where there is a date.
    response = admin_client.get(changelist(Article), {"nam": "2020"})
    assert [a.file_name for a in response.context["cl"].result_list] == ["002_9e4e5c1aab5d6626.txt"]
    kind = Meeting.objects.get(date__year=2022).kind
    response = admin_client.get(changelist(Article), {"meetingmention__meeting__kind": kind})
    assert {a.file_name for a in response.context["cl"].result_list} == {
        "002_9e4e5c1aab5d6626.txt", "004_dec426784ccdbed7.txt"}
    ben_tre = Province.objects.get(name="Bến Tre")
    response = admin_client.get(changelist(Person), {"province__id__exact": ben_tre.pk})
    assert response.context["cl"].result_count == Person.objects.filter(province=ben_tre).count() > 0
    response = admin_client.get(changelist(Meeting), {"bien_tap": "curated"})
    assert response.context["cl"].result_count == 0
    response = admin_client.get(changelist(Meeting), {"date__year": "2022"})
    assert [m.date.year for m in response.context["cl"].result_list] == [2022]
    # The verify action marks, logs, and the curated filter then sees it.
    meeting = Meeting.objects.get(date__year=2022)
    response = admin_client.post(changelist(Meeting), {"action": "mark_verified", "_selected_action": [meeting.pk]})
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.verified
    assert LogEntry.objects.filter(object_id=str(meeting.pk), change_message="Đã xác minh.").exists()


def test_person_page_shows_each_mention_with_its_evidence_and_a_link_to_the_article(admin_client, ingested_seeds):
    person = Person.objects.get(name="Lê Quốc Phong")
    html = admin_client.get(change_url(person)).content.decode()
    assert html.count("<mark>Lê Quốc Phong</mark>") == person.mentions.count() >= 2
    for article in Article.objects.filter(personmention__person=person).distinct():
        assert f'href="{article.get_absolute_url()}"' in html


def test_review_queue_least_certain_first_and_one_click_verify_or_reject_moves_on(
    admin_client, ingested_seeds, django_capture_on_commit_callbacks
):
    doubtful = PersonMention.objects.get(person__name="Võ Hoàng Cương")
    PersonMention.objects.filter(pk=doubtful.pk).update(confidence=0.2)
    assert doubtful.person.get_absolute_url() in admin_client.get(doubtful.article.get_absolute_url()).content.decode()
    queue = reverse("admin:archive_review")
    response = admin_client.get(queue)
    assert response.context["rows"][0].pk == doubtful.pk
    confidences = [r.confidence for r in response.context["rows"]]
    assert confidences == sorted(confidences)

    url = reverse("admin:archive_review_decide", args=["person", doubtful.pk, "reject"])
    html = response.content.decode()
    assert url in html and reverse("admin:archive_review_decide", args=["person", doubtful.pk, "verify"]) in html
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url)
    assert response.status_code == 302 and response["Location"] == queue
    doubtful.refresh_from_db()
    assert doubtful.rejected and not doubtful.verified
    nxt = admin_client.get(queue).context["rows"][0]
    assert (type(nxt), nxt.pk) != (PersonMention, doubtful.pk)
    entry = LogEntry.objects.get(object_id=str(doubtful.pk), content_type__model="personmention")
    assert entry.user.username == "admin" and entry.action_flag == CHANGE and "loại" in entry.change_message
    # Readers and search no longer see the rejected mention.
    page = admin_client.get(doubtful.article.get_absolute_url()).content.decode()
    assert doubtful.person.get_absolute_url() not in page
    facets = admin_client.get("/api/search", {"q": "Đồng Tháp"}).json()["facets"]["person"]
    assert "vo-hoang-cuong" not in {f["value"] for f in facets}

    verify = reverse("admin:archive_review_decide", args=["meeting", nxt.pk, "verify"])
    assert admin_client.get(verify).status_code == 405
    response = admin_client.post(verify, {"kind": "meeting"})
    assert response["Location"] == queue + "?kind=meeting"
    nxt.refresh_from_db()
    assert nxt.verified
    following = admin_client.get(queue, {"kind": "meeting"}).context["rows"][0]
    assert isinstance(following, MeetingMention) and following.pk != nxt.pk


def test_curator_may_curate_but_not_manage_accounts_nor_edit_raw_text(
    curator_client, curator, ingested_seeds, django_capture_on_commit_callbacks
):
    for url in (reverse("admin:auth_user_changelist"), reverse("admin:auth_group_changelist"),
                reverse("admin:auth_user_change", args=[curator.pk])):
        assert curator_client.get(url).status_code == 403, url
    assert curator_client.get(reverse("admin:archive_article_add")).status_code == 403
    assert curator_client.get(reverse("admin:archive_review")).status_code == 200
    assert not curator.has_perm("archive.delete_article") and not curator.has_perm("auth.change_user")

    article = Article.objects.get(file_name="002_9e4e5c1aab5d6626.txt")
    raw = article.raw_text
    response = curator_client.get(change_url(article))
    assert response.status_code == 200 and "raw_text" not in response.context["adminform"].form.fields
    data = form_data(response)
    data.update(title="Hậu Giang: tiêu đề do biên tập viên sửa", raw_text="văn bản giả mạo")
    with django_capture_on_commit_callbacks(execute=True):
        response = curator_client.post(change_url(article), data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    article.refresh_from_db()
    assert article.raw_text == raw and article.title == "Hậu Giang: tiêu đề do biên tập viên sửa"
    assert "title" in article.curated_fields
    entry = LogEntry.objects.filter(object_id=str(article.pk), content_type__model="article").latest("action_time")
    assert entry.user == curator and "Tiêu đề" in entry.get_change_message()
    # At once in the index: the new title's words find it.
    hits = curator_client.get("/api/search", {"q": "biên tập viên sửa"}).json()["results"]
    assert [h["file"] for h in hits] == ["002_9e4e5c1aab5d6626.txt"]


def test_attaching_a_position_finds_its_span_or_names_the_problem(admin_client, ingested_seeds):
    """On the article's page, where the text is (the person's page links positions, it does not inline them)."""
    person = Person.objects.get(name="Lê Quốc Phong")
    article = Article.objects.get(file_name="000_206ab32a4b857f35.txt")
    response = admin_client.get(change_url(article))
    data = form_data(response)
    prefix = next(i.formset.prefix for i in response.context["inline_admin_formsets"] if i.formset.model is Position)
    n = int(data[f"{prefix}-TOTAL_FORMS"])
    data.update({f"{prefix}-TOTAL_FORMS": str(n + 1), f"{prefix}-{n}-person": str(person.pk),
                 f"{prefix}-{n}-text": "chức vụ không có trong bài"})
    response = admin_client.post(change_url(article), data)
    assert response.status_code == 200
    assert "Không tìm thấy “chức vụ không có trong bài”" in response.content.decode()
    assert "000_206ab32a4b857f35.txt" in response.content.decode()

    data[f"{prefix}-{n}-text"] = "Bí thư Tỉnh ủy phát biểu"
    assert admin_client.post(change_url(article), data).status_code == 302
    position = Position.objects.get(person=person, article=article, text="Bí thư Tỉnh ủy phát biểu")
    assert article.raw_text[position.start:position.end] == position.text == position.normalized
    assert position.origin == "curated"


def test_make_run_creates_no_account_and_readme_shows_createsuperuser():
    makefile = (ROOT / "Makefile").read_text()
    assert not re.search(r"createsuperuser|create_user|DJANGO_SUPERUSER_PASSWORD", makefile)
    assert "python manage.py createsuperuser" in (ROOT / "README.md").read_text()
