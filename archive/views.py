"""Reader pages. Views validate input and render; queries live on the models' managers."""
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render

from archive.models import (
    Article, Document, DocumentMention, Meeting, MeetingMention, Person, PersonMention, Position, Province,
    province_counts,
)
from archive.search.query import search_articles

PAGE_SIZE = 20


def _page(request, items, size=PAGE_SIZE):
    return Paginator(items, size).get_page(request.GET.get("page"))


def home(request):
    return render(request, "archive/home.html", {
        "provinces": [p for p in province_counts() if p.total],
        "latest": Article.objects.for_listing()[:10],
        "documents": Document.objects.annotate(n=Count("mentions__article", distinct=True)).order_by("-n", "kind")[:10],
        "article_count": Article.objects.count(),
    })


def province_detail(request, slug):
    province = get_object_or_404(Province.objects.select_related("successor"), slug=slug)
    articles = Article.objects.for_listing().in_province(province)
    ids = [province.pk, *province.predecessors.values_list("pk", flat=True)]
    return render(request, "archive/province_detail.html", {
        "province": province,
        "predecessors": province.predecessors.all(),
        "page": _page(request, articles),
        "meetings": Meeting.objects.filter(province_id__in=ids).order_by("-date")[:50],
        "people": Person.objects.filter(mentions__article__province_id__in=ids).annotate(
            n=Count("mentions__article", distinct=True)).order_by("-n", "name")[:30],
        "documents": Document.objects.filter(mentions__article__province_id__in=ids).annotate(
            n=Count("mentions__article", distinct=True)).order_by("-n")[:20],
    })


def article_detail(request, slug):
    article = get_object_or_404(Article.objects.select_related("province", "source"), slug=slug)
    people = (
        PersonMention.objects.filter(article=article, rejected=False).select_related("person").order_by("start")
    )
    positions = {}
    for pos in Position.objects.filter(article=article, rejected=False).order_by("start"):
        positions.setdefault(pos.person_id, []).append(pos)
    persons, seen = [], set()
    for m in people:
        if m.person_id not in seen:
            seen.add(m.person_id)
            persons.append((m.person, positions.get(m.person_id, []), m))
    documents = {}
    for m in DocumentMention.objects.filter(article=article, rejected=False).select_related("document").order_by("start"):
        documents.setdefault(m.document_id, (m.document, m))
    meetings = MeetingMention.objects.filter(article=article, rejected=False).select_related("meeting")
    return render(request, "archive/article_detail.html", {
        "article": article,
        "persons": persons,
        "documents": list(documents.values()),
        "meetings": [m.meeting for m in meetings],
    })


def article_raw(request, slug):
    article = get_object_or_404(Article, slug=slug)
    return HttpResponse(article.raw_text, content_type="text/plain; charset=utf-8")


def person_detail(request, slug):
    person = get_object_or_404(Person.objects.select_related("province"), slug=slug)
    positions = Position.objects.filter(person=person, rejected=False).select_related("article").order_by(
        "-article__published", "start"
    )
    articles = Article.objects.for_listing().filter(
        personmention__person=person, personmention__rejected=False
    ).distinct()
    return render(request, "archive/person_detail.html", {
        "person": person, "positions": positions, "page": _page(request, articles),
    })


def document_detail(request, slug):
    document = get_object_or_404(Document.objects.select_related("province"), slug=slug)
    articles = Article.objects.for_listing().filter(
        documentmention__document=document, documentmention__rejected=False
    ).distinct().order_by("published")
    return render(request, "archive/document_detail.html", {
        "document": document, "articles": articles, "meetings": document.meetings.order_by("date"),
    })


def meeting_detail(request, slug):
    meeting = get_object_or_404(Meeting.objects.select_related("province"), slug=slug)
    articles = Article.objects.for_listing().filter(
        meetingmention__meeting=meeting, meetingmention__rejected=False
    ).distinct()
    attendees = Person.objects.filter(
        mentions__article__meetingmention__meeting=meeting, mentions__rejected=False
    ).distinct().order_by("name")
    return render(request, "archive/meeting_detail.html", {
        "meeting": meeting, "articles": articles, "attendees": attendees,
        "documents": meeting.documents.all(),
    })


def search(request):
    query = request.GET.get("q", "").strip()[:500]
    results = search_articles(query)
    return render(request, "search/search.html", {"query": query, "page": _page(request, results)})
