"""Reader pages. Views validate input and render; queries live on the models' managers."""
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render

from archive.models import (
    Article, Document, DocumentMention, Meeting, MeetingMention, Person, PersonMention, Position, Province,
    province_counts,
)
import csv

from django.http import JsonResponse
from django.urls import reverse
from django.utils.http import urlencode

from archive.search.facets import FACETS, SearchParams, all_article_ids, run_search

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


def _active_filters(request, params):
    """(label, url without that filter) for every active filter, so each can be removed."""
    base = [(k, v) for k in request.GET for v in request.GET.getlist(k) if k != "page"]
    active = []
    for key, value in base:
        if key in FACETS or key in ("from", "to"):
            remaining = [(k, v) for k, v in base if (k, v) != (key, value)]
            active.append((key, value, "?" + urlencode(remaining)))
    return active


def search(request):
    params = SearchParams.from_querydict(request.GET)
    result = run_search(params)
    labels = {(name, f["value"]): f["label"] for name, items in result.facets.items() for f in items}
    active = [(key, labels.get((key, value), value), url) for key, value, url in _active_filters(request, params)]
    keep = [(k, v) for k in request.GET for v in request.GET.getlist(k) if k != "page"]
    facet_links = {
        name: [dict(f, url="?" + urlencode([kv for kv in keep if kv[0] != name] + [(name, f["value"])]),
                    selected=f["value"] in params.filters.get(name, []))
               for f in items]
        for name, items in result.facets.items()
    }
    return render(request, "search/search.html", {
        "query": params.q, "result": result, "active": active, "facets": facet_links,
        "page_query": urlencode(keep), "export_url": reverse("archive:search_export") + "?" + urlencode(keep),
    })


def _result_json(request, article):
    return {
        "id": article.pk,
        "title": article.title,
        "url": request.build_absolute_uri(article.get_absolute_url()),
        "file": article.file_name,
        "province": article.province.name if article.province else None,
        "published": article.published.isoformat() if article.published else None,
    }


def search_api(request):
    params = SearchParams.from_querydict(request.GET)
    result = run_search(params)
    return JsonResponse({
        "query": params.q,
        "count": result.count,
        "page": result.page,
        "pages": result.pages,
        "results": [dict(_result_json(request, h.article), snippet_html=h.snippet_html) for h in result.hits],
        "facets": result.facets,
        "suggestion": result.suggestion,
        "errors": params.errors,
    }, json_dumps_params={"ensure_ascii": False})


def search_export(request):
    params = SearchParams.from_querydict(request.GET)
    ids = all_article_ids(params)
    articles = Article.objects.for_listing().in_bulk(ids)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="nghi-su-tim-kiem.csv"'
    response.write("\ufeff")  # Excel reads UTF-8 only with a BOM
    writer = csv.writer(response)
    writer.writerow(["id", "title", "url", "file", "province", "source", "published"])
    for i in ids:
        a = articles.get(i)
        if a is None:
            continue
        writer.writerow([
            a.pk, a.title, request.build_absolute_uri(a.get_absolute_url()), a.file_name,
            a.province.name if a.province else "", a.source.name if a.source else "",
            a.published.isoformat() if a.published else "",
        ])
    return response
