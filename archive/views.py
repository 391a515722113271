"""Reader pages: home, province, article (with its raw text), person, document, meeting.

Views validate input and render; every page runs a fixed number of SQL queries
whatever the size of the archive (select_related, annotations and subqueries,
never a query per row), and rejected mentions never reach a public page.
Text is always HTML-escaped by the templates: the only markup added here is the
<mark> around a supporting passage, and it is added by the template, not by
building HTML strings. The search views at the end only validate and render;
their logic lives behind archive/search/ (its __init__ is the interface).
"""
import csv
import operator
import re
from functools import reduce, wraps

from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Count, Exists, F, Min, OuterRef, Q
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from archive import aggregates, budget, charts, collation, documents_page, tenures, twins, views_charts, views_search
from archive import search as searching
from archive.models import (
    Article,
    Document,
    DocumentMention,
    Meeting,
    MeetingMention,
    MergedSlug,
    Person,
    PersonMention,
    Position,
    Province,
    article_date,
    ids_newest_first,
    province_counts,
)
from archive.search import FACETS, PAGE_SIZE, SearchParams, kept_pairs
from archive.search.facets import BY_NAME as FACET_DECLARATIONS
from archive.search.params import parse_date

# PAGE_SIZE (archive.search.params): articles per page, the same in every list and in search results;
# a document's or a meeting's reports are listed oldest first, more to a page.
REPORTS_PAGE_SIZE = 50
# Names listed beside a meeting or a document: the first ones, with how many more there are.
SIDE_LONG_LIST = 100
# Rows in one CSV export: a spreadsheet's worth; narrower filters reach the rest.
EXPORT_MAX_ROWS = 5000
# Lists of articles up to this long are read whole to leave out Unicode twins (_page_without_twins).
TWIN_SCAN_MAX = 300
# Attendees read (id and name only) to pick the first SIDE_LONG_LIST in Vietnamese order.
ATTENDEES_SORTED = 2000
# What an export leaves of its request's time budget for the rows of one more chunk and the reply.
EXPORT_RESERVE_SECONDS = 0.5
# Side lists on province pages: enough to browse, bounded so a large province stays one page.
SIDE_LIST = 40
# Lists by count are cut in the database, then ordered in Python (Vietnamese order among equal
# counts): this many more rows are read so that ties at the cut are decided by that order too.
TIE_MARGIN = 20
MARK_ID = "doan-trich"
_MENTION_RE = re.compile(r"(person|document|meeting|position)-(\d{1,12})")


def follows_merges(model):
    """A view (or feed) of a model by slug that sends a merged-away slug to the survivor, for good."""
    def decorator(view):
        @wraps(view)
        def wrapper(request, slug, **kwargs):
            try:
                return view(request, slug, **kwargs)
            except Http404:
                target = MergedSlug.target(model, slug)
                if target is None:
                    raise
                url = request.path.replace(f"/{slug}/", f"/{target.slug}/", 1)
                query = request.META.get("QUERY_STRING", "")
                return HttpResponsePermanentRedirect(url + (f"?{query}" if query else ""))
        return wrapper
    return decorator


def _n(item):
    return item.n


def _tenure_anchor(tenure):
    return tenure.anchor


def _page(request, items, size=PAGE_SIZE, count=None):
    """A page of items; count, when the caller knows it, spares the paginator its COUNT query."""
    paginator = Paginator(items, size)
    if count is not None:
        paginator.__dict__["count"] = count  # Paginator.count is a cached_property
    return paginator.get_page(request.GET.get("page"))


def _crumbs(*items):
    """Breadcrumbs after the home page: (label, url) pairs, the last one being this page."""
    return [("Trang chủ", reverse("archive:home")), *items]


def _when(prefix=""):
    """An article's date for ordering (the one definition: models.article_date)."""
    return article_date(prefix)


def _most_mentioned(mentions, owner, limit):
    """The limit entities (owner: "person", "document") with the most articles among mentions,
    most first (equal counts by id), each with .n, its count of articles.

    Grouped on the mention table by the entity's id alone (with its sort fields), not through the
    entity's queryset: on SQLite Django groups such an annotation by every column of the entity
    (its notes too), which cost 264 ms instead of 18 ms for a province of 8,000 articles at
    100,000, and over 2 s on a busy machine."""
    key = f"{owner}_id"
    # Ties at the cut by id, not by the entity's fields: that join cost 250 of the 300 ms of the
    # home's most cited documents at 100,000 (the caller orders the candidates in Vietnamese).
    rows = list(mentions.order_by().values(key).annotate(n=Count("article_id", distinct=True))
                .order_by("-n", key)[:limit])
    found = mentions.model._meta.get_field(owner).related_model.objects.in_bulk([row[key] for row in rows])
    out = []
    for row in rows:
        entity = found[row[key]]
        entity.n = row["n"]
        out.append(entity)
    return out


def _latest_articles(person_ids, **filters):
    """{person id: the most recent article stating any of their positions}, filters narrowing the
    positions; a person without one is left out.

    Their articles are read newest first (models.ids_newest_first) until each person has one: a
    subquery per person sorting the article dates of their positions cost 104 ms for a province's
    40 most named people at 100,000 articles on SQLite, which reads each date behind the row's
    texts."""
    of_article, stated = {}, set()
    for person, article in (Position.objects.filter(person_id__in=person_ids, rejected=False, **filters)
                            .order_by().values_list("person_id", "article_id").distinct()):
        of_article.setdefault(article, []).append(person)
        stated.add(person)
    latest = {}
    for article in ids_newest_first(of_article):
        for person in of_article[article]:
            latest.setdefault(person, article)
        if len(latest) == len(stated):
            break
    return latest


def _with_latest_positions(people, **filters):
    """The people (a list, or a Person queryset evaluated here), each given .latest_positions:
    the positions stated by the most recent article that states any (filters narrow them)."""
    people = list(people)
    latest = _latest_articles([p.pk for p in people], **filters)
    pairs = [Q(person_id=pk, article_id=article) for pk, article in latest.items()]
    found = {}
    if pairs:
        for pos in Position.objects.filter(reduce(operator.or_, pairs), rejected=False).order_by("start"):
            found.setdefault(pos.person_id, []).append(pos)
    for p in people:
        p.latest_positions = _dedupe(found.get(p.pk, []))
    return people


def _dedupe(positions):
    seen, out = set(), []
    for pos in positions:
        if pos.normalized not in seen:
            seen.add(pos.normalized)
            out.append(pos)
    return out


def _latest_stated(stated):
    """The ids of the positions given by the most recent dated article (undated ones only when
    none is dated), from a person's tenures.statements() in date order."""
    dated = [st for st in stated if st.date] or stated
    return [st.position_id for st in dated if st.article_id == dated[-1].article_id]


def _home_aggregates():
    """The archive at a glance and the most cited documents (equal counts in Vietnamese order)."""
    cited = _most_mentioned(DocumentMention.objects.filter(rejected=False), "document", 12 + TIE_MARGIN)
    return views_charts.counted_glance(), collation.by_count_then_name(cited, _n, collation.document_name, 12)


@aggregates.cached_page
def home(request):
    # The documents group every mention: computed once per archive state, with the archive at a
    # glance, under one state query.
    glance, documents = aggregates.cached("home", _home_aggregates)
    return render(request, "archive/home.html", {
        "glance": glance,
        "provinces": [p for p in province_counts() if p.total],
        "latest": twins.first(Article.objects.for_listing(), 12),
        "documents": documents,
        "article_count": glance["articles"],
        "canonical": reverse("archive:home"),
    })


@aggregates.cached_page
def province_detail(request, slug):
    province = get_object_or_404(Province.objects.select_related("successor"), slug=slug)
    predecessors = collation.sort(province.predecessors.all(), by=collation.province_name)
    ids = [province.pk, *(p.pk for p in predecessors)]
    here = {"article__province_id__in": ids, "rejected": False}

    def sides():
        # Equal counts in Vietnamese order: the database's order only picks the candidates.
        people = collation.by_count_then_name(
            _most_mentioned(PersonMention.objects.filter(**here), "person", SIDE_LIST + TIE_MARGIN),
            _n, collation.person_name, SIDE_LIST)
        documents = collation.by_count_then_name(
            _most_mentioned(DocumentMention.objects.filter(**here), "document", SIDE_LIST + TIE_MARGIN),
            _n, collation.document_name, SIDE_LIST)
        return _with_latest_positions(people), documents

    # The most named people and documents of a province: grouped over every mention of its
    # articles, so computed once per archive state.
    people, documents = aggregates.cached(f"province-sides:{province.pk}", sides)
    page = _page_without_twins(request, Article.objects.for_listing().filter(province_id__in=ids))
    crumbs = [(province.display_name, province.get_absolute_url())]
    if province.successor_id and province.successor_id != province.pk:
        crumbs.insert(0, (province.successor.display_name, province.successor.get_absolute_url()))
    return render(request, "archive/province_detail.html", {
        "province": province,
        "predecessors": predecessors,
        "page": page,
        # A timeline reads forwards; the newest meetings are the ones kept when there are many.
        "meetings": sorted(
            Meeting.objects.filter(province_id__in=ids).order_by(F("date").desc(nulls_last=True), "-id")[:60],
            key=lambda m: (m.date is None, m.date),
        ),
        "people": people,
        "meetings_chart": views_charts.province_meetings(province, ids),
        "documents": documents,
        "breadcrumbs": _crumbs(*crumbs),
        "canonical": _canonical(province, page),
        "feed_url": reverse("archive:province_feed", kwargs={"slug": province.slug}),
    })


def _stating(request, mention_model, size=None, **owner):
    """The articles with a mention of the owner (person=…, document=…, meeting=…) not rejected, each
    once, for a list in date order, in the form SQLite reads fastest for the page asked. A short
    list is read by its mentions' article ids and sorted (a meeting's 4 articles: 1 ms); for the
    first pages of a long one, EXISTS lets SQLite walk the date index and stop at the page, probing
    about archive size / list length rows per article listed (a document cited by 12,893 of 100,000
    articles: its first page in 13 ms against 88 ms sorted, 186 ms by a join grouped by article;
    a meeting's 4 articles would cost a probe of every article: 150 ms)."""
    mentions = mention_model.objects.filter(rejected=False, **owner)
    articles = Article.objects.for_listing()
    listed = mentions.values("article_id").distinct().count()
    try:
        number = max(1, int(request.GET.get("page", 1)))
    except ValueError:
        number = 1
    # Rows an index walk probes, against rows a sort reads (both about a row's cost).
    top = articles.order_by("-id").values_list("id", flat=True).first() or 0
    walk = top / max(listed, 1) * number * (size or PAGE_SIZE)
    # The walk needs the date's index, which only SQLite has (migration 0010).
    if connection.vendor == "sqlite" and walk < listed:
        return articles.filter(Exists(mentions.filter(article=OuterRef("pk")))), listed
    return articles.filter(pk__in=mentions.values("article_id")), listed


def _with_mention_ids(page, mention_model, **owner):
    """The page, each of its articles given .mention_id: its first mention of the owner (the
    article link opens at it)."""
    rows = list(page.object_list)
    first = dict(mention_model.objects.filter(article_id__in=[a.pk for a in rows], rejected=False, **owner)
                 .order_by().values("article_id").annotate(first=Min("id")).values_list("article_id", "first"))
    for article in rows:
        article.mention_id = first.get(article.pk)
    page.object_list = rows
    return page


def _page_without_twins(request, articles, size=None, count=None):
    """A page of articles leaving out an article when an earlier one of the list has its very
    title, date and text.

    Two files of one text in two Unicode forms (NFC, NFD) are two articles, each known by its
    file, but ingest composes both to one NFC text: a list shows that text once. A list of up to
    TWIN_SCAN_MAX articles is read whole for them (ids, titles, dates), so its count is exact.
    A longer one is looked at page by page (with the row before the page): twins share their
    date, so they stand side by side in a list ordered by date; reading the titles and dates of
    a whole list cost 1.9 s for a document cited by 4,000 articles at 100,000 (both lie after the
    text in each row), and its count may then include a twin."""
    size = size or PAGE_SIZE
    # Unordered: ordering by date would read every row's date before the limit.
    head = list(articles.order_by().values_list("pk", "title", "published")[:TWIN_SCAN_MAX + 1])
    if len(head) <= TWIN_SCAN_MAX:
        found = twins.twin_ids(sorted(head))  # the oldest file of a text is the one listed
        return _page(request, articles.exclude(pk__in=found) if found else articles, size,
                     count=None if count is None else count - len(found))
    page = _page(request, articles, size, count=count)
    rows = list(page.object_list)
    before = list(articles[page.start_index() - 2:page.start_index() - 1]) if page.number > 1 else []
    found = twins.twin_ids([(a.pk, a.title, a.published) for a in before + rows])
    page.object_list = [a for a in rows if a.pk not in found]
    return page


def _canonical(obj, page=None):
    url = obj.get_absolute_url()
    return f"{url}?page={page.number}" if page is not None and page.number > 1 else url


# --- the article and where a followed mention is in it -----------------------------------

def _find_mention(request, people, positions, documents, meetings):
    """The mention named by ?mention=<kind>-<id> among this article's (unrejected) mentions.

    Returns (mention or None, kind, error message or None)."""
    raw = request.GET.get("mention", "").strip()
    if not raw:
        return None, None, None
    m = _MENTION_RE.fullmatch(raw)
    if not m:
        return None, None, (
            f"Tham số mention=“{raw[:40]}” không hợp lệ: cần dạng person-12, document-3, meeting-5 hoặc position-7."
        )
    kind, pk = m.group(1), int(m.group(2))
    pool = {"person": people, "position": positions, "document": documents, "meeting": meetings}[kind]
    found = next((x for x in pool if x.pk == pk), None)
    if found is None:
        return None, kind, f"Bài này không có đoạn trích mention=“{raw}” (có thể đã bị biên tập viên loại bỏ)."
    return found, kind, None


def _first_per(mentions, owner):
    """The first mention of each entity, in text order: the one its link points to."""
    first = {}
    for m in mentions:
        first.setdefault(getattr(m, owner), m)
    return list(first.values())


def _segments(text, start=None, end=None):
    """[(text, marked)]: text split around [start, end) when that range lies inside it."""
    if start is None or not (0 <= start < end <= len(text)):
        return [(text, False)]
    parts = [(text[:start], False), (text[start:end], True), (text[end:], False)]
    return [p for p in parts if p[0]]


def _reading_blocks(article, span=None, needle=None):
    """Body paragraphs and photo captions in reading order, with the supporting span marked.

    Paragraphs are verbatim stretches of the raw text (clean.py keeps lines as written), so
    their raw offsets are found in order and the mention's raw [start, end) maps onto them
    exactly. When a curator rewrote the body the offsets no longer hold: then the mention's
    own text is looked for instead. Returns (blocks, marked?)."""
    raw = article.raw_text
    blocks, cursor, located = [], 0, True
    for text in article.paragraphs:
        at = raw.find(text, cursor)
        if at < 0:
            located = False
        else:
            cursor = at + len(text)
        blocks.append({"kind": "p", "at": at, "text": text})
    for caption in article.captions:
        at = (caption.get("span") or [-1])[0]
        text = caption.get("text", "")
        if text and raw[at:at + len(text)] != text:
            at, located = -1, False
        blocks.append({"kind": "caption", "at": at, "text": text})
    if located:
        blocks.sort(key=lambda b: b["at"])
    marked = False
    for b in blocks:
        start = end = None
        if not marked and span and b["at"] >= 0 and b["at"] <= span[0] and span[1] <= b["at"] + len(b["text"]):
            start, end = span[0] - b["at"], span[1] - b["at"]
        b["segments"] = _segments(b["text"], start, end)
        marked = marked or start is not None
    if not marked and needle:
        for b in blocks:
            at = b["text"].find(needle)
            if at >= 0:
                b["segments"] = _segments(b["text"], at, at + len(needle))
                marked = True
                break
    return blocks, marked


@aggregates.cached_page
def article_detail(request, slug):
    article = get_object_or_404(Article.objects.select_related("province", "source"), slug=slug)
    people = list(
        PersonMention.objects.filter(article=article, rejected=False).select_related("person").order_by("start")
    )
    positions = list(
        Position.objects.filter(article=article, rejected=False).select_related("person").order_by("start")
    )
    doc_mentions = list(
        DocumentMention.objects.filter(article=article, rejected=False).select_related("document").order_by("start")
    )
    meeting_mentions = list(
        MeetingMention.objects.filter(article=article, rejected=False).select_related("meeting").order_by("start")
    )
    by_person = {}
    for pos in positions:
        by_person.setdefault(pos.person_id, []).append(pos)
    persons = [{"person": m.person, "mention": m, "positions": by_person.get(m.person_id, [])}
               for m in _first_per(people, "person_id")]
    documents = [{"document": m.document, "mention": m} for m in _first_per(doc_mentions, "document_id")]
    meetings = [{"meeting": m.meeting, "mention": m} for m in _first_per(meeting_mentions, "meeting_id")]

    mention, kind, mention_error = _find_mention(request, people, positions, doc_mentions, meeting_mentions)
    span = (mention.start, mention.end) if mention else None
    title_span = article.spans.get("title") if isinstance(article.spans, dict) else None
    title_segments = [(article.title, False)]
    in_title = bool(
        span and title_span and title_span[0] <= span[0] and span[1] <= title_span[1]
        and article.raw_text[title_span[0]:title_span[1]] == article.title
    )
    if in_title:
        title_segments = _segments(article.title, span[0] - title_span[0], span[1] - title_span[0])
    blocks, marked = _reading_blocks(article, None if in_title else span,
                                     None if in_title else getattr(mention, "text", None))
    # Opened from a results page: the query's words marked (in the HTML, no script), a link back.
    terms, back_url = views_search.from_search(request)
    if terms:
        title_segments = _query_marked(title_segments, terms)
        for b in blocks:
            b["segments"] = _query_marked(b["segments"], terms)
    followed = None
    if mention is not None:
        followed = {
            "kind": kind,
            "text": mention.text,
            "entity": getattr(mention, kind, None) if kind != "position" else mention.person,
            "in_body": marked or in_title,
            "raw_url": reverse("archive:article_raw", kwargs={"slug": article.slug})
            + "?" + urlencode({"mention": request.GET["mention"].strip()}) + f"#{MARK_ID}",
        }
    paragraphs = [b for b in blocks if b["kind"] == "p"]
    description = paragraphs[0]["text"] if paragraphs else article.title
    return render(request, "archive/article_detail.html", {
        "article": article,
        "title_segments": title_segments,
        "blocks": blocks,
        "persons": persons,
        "documents": documents,
        "meetings": meetings,
        "followed": followed,
        "mention_error": mention_error,
        "mark_id": MARK_ID,
        "description": description,
        "breadcrumbs": _crumbs(
            *([(article.province.display_name, article.province.get_absolute_url())] if article.province else []),
            (article.title, article.get_absolute_url()),
        ),
        "canonical": article.get_absolute_url(),
        "original": _original(article),
        "back_url": back_url,
        "query_marked": bool(terms),
    })


def _query_marked(segments, terms):
    """Segments with the query's syllables marked inside the ones a mention does not mark."""
    from archive.search.snippets import marked_segments

    return [part for text, marked in segments
            for part in ([(text, marked)] if marked else marked_segments(text, terms))]


def _original(article):
    """(label, url) of the page or row the article was made from, or None (see views_original)."""
    from archive.views_original import original
    return original(article)


def article_raw(request, slug):
    """The raw file text as ingested, with the followed mention marked at its exact offsets."""
    article = get_object_or_404(Article.objects.select_related("province"), slug=slug)
    raw = request.GET.get("mention", "").strip()
    span, error = None, None
    if raw:
        m = _MENTION_RE.fullmatch(raw)
        model = {"person": PersonMention, "document": DocumentMention, "meeting": MeetingMention,
                 "position": Position}.get(m.group(1)) if m else None
        found = model.objects.filter(article=article, rejected=False, pk=int(m.group(2))).first() if model else None
        if found is None:
            error = f"Tham số mention=“{raw[:40]}” không khớp đoạn trích nào của bài này."
        else:
            span = (found.start, found.end)
    return render(request, "archive/article_raw.html", {
        "article": article,
        "segments": _segments(article.raw_text, *(span or (None, None))),
        "mention_error": error,
        "mark_id": MARK_ID,
        "breadcrumbs": _crumbs(
            *([(article.province.display_name, article.province.get_absolute_url())] if article.province else []),
            (article.title, article.get_absolute_url()),
            ("Văn bản gốc", reverse("archive:article_raw", kwargs={"slug": article.slug})),
        ),
        "canonical": reverse("archive:article_raw", kwargs={"slug": article.slug}),
    })


def article_raw_text(request, slug):
    """The raw file text itself, for download."""
    article = get_object_or_404(Article.objects.only("raw_text", "slug"), slug=slug)
    response = HttpResponse(article.raw_text, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{article.slug}.txt"'
    return response


# --- entities -----------------------------------------------------------------------------

@follows_merges(Person)
@aggregates.cached_page
def person_detail(request, slug):
    person = get_object_or_404(Person.objects.select_related("province"), slug=slug)
    stated = tenures.statements(person)
    articles, listed = _stating(request, PersonMention, person=person)
    articles = articles.order_by(_when().desc(nulls_last=True), "-id")
    provinces = collation.by_count_then_name(
        Province.objects.filter(articles__personmention__person=person, articles__personmention__rejected=False)
        .annotate(n=Count("articles", distinct=True)), _n, collation.province_name,
    )
    page = _with_mention_ids(_page_without_twins(request, articles, count=listed), PersonMention, person=person)
    career, latest = tenures.tenures_of(person, stated), _latest_stated(stated)
    found = tenures.load_shown(career, also=latest)
    for i, tenure in enumerate(career, 1):
        tenure.anchor = f"chuc-vu-{i}"
    crumbs = [(person.province.display_name, person.province.get_absolute_url())] if person.province else []
    return render(request, "archive/person_detail.html", {
        "person": person,
        "latest_positions": _dedupe(found[pk] for pk in latest if pk in found),
        "tenures": career,
        "career": charts.career(career, _tenure_anchor),
        "page": page,
        "provinces": provinces,
        "mention_kind": "person",
        "breadcrumbs": _crumbs(*crumbs, (person.name, person.get_absolute_url())),
        "canonical": _canonical(person, page),
        "feed_url": reverse("archive:person_feed", kwargs={"slug": person.slug}),
    })


@follows_merges(Document)
@aggregates.cached_page
def document_detail(request, slug):
    document = get_object_or_404(Document.objects.select_related("province"), slug=slug)
    articles, listed = _stating(request, DocumentMention, size=REPORTS_PAGE_SIZE, document=document)
    page = _page_without_twins(request, articles.order_by(_when().asc(nulls_last=True), "id"),
                               size=REPORTS_PAGE_SIZE, count=listed)
    page = _with_mention_ids(page, DocumentMention, document=document)
    crumbs = [(document.province.display_name, document.province.get_absolute_url())] if document.province else []
    meetings = document.meetings.select_related("province").order_by(F("date").asc(nulls_last=True), "id")
    portal_name, portal_url = documents_page.portal_search(document)
    return render(request, "archive/document_detail.html", {
        "document": document,
        "abstract": documents_page.abstract(document.subject),
        "portal_name": portal_name,
        "portal_url": portal_url,
        "page": page,
        "meetings": meetings[:SIDE_LONG_LIST],
        "meetings_more": max(0, meetings.count() - SIDE_LONG_LIST),
        "mention_kind": "document",
        "breadcrumbs": _crumbs(*crumbs, (document.label, document.get_absolute_url())),
        "canonical": _canonical(document, page),
        "feed_url": reverse("archive:document_feed", kwargs={"slug": document.slug}),
    })


@follows_merges(Meeting)
@aggregates.cached_page
def meeting_detail(request, slug):
    meeting = get_object_or_404(Meeting.objects.select_related("province"), slug=slug)
    articles, listed = _stating(request, MeetingMention, size=REPORTS_PAGE_SIZE, meeting=meeting)
    page = _page_without_twins(request, articles.order_by(_when().asc(nulls_last=True), "id"),
                               size=REPORTS_PAGE_SIZE, count=listed)
    page = _with_mention_ids(page, MeetingMention, meeting=meeting)
    # Who the reporting articles name, with the position those articles give them.
    named = Person.objects.filter(
        mentions__rejected=False,
        mentions__article__meetingmention__meeting=meeting,
        mentions__article__meetingmention__rejected=False,
    ).distinct()
    # The first names in Vietnamese order: ids and names of at most ATTENDEES_SORTED, sorted here.
    first = [pk for pk, _ in collation.sort(named.values_list("pk", "name")[:ATTENDEES_SORTED],
                                            by=operator.itemgetter(1))[:SIDE_LONG_LIST]]
    attendees = collation.sort(_with_latest_positions(
        Person.objects.filter(pk__in=first),
        article__meetingmention__meeting=meeting, article__meetingmention__rejected=False,
    ), by=collation.person_name)
    crumbs = [(meeting.province.display_name, meeting.province.get_absolute_url())] if meeting.province else []
    return render(request, "archive/meeting_detail.html", {
        "meeting": meeting,
        "page": page,
        "attendees": attendees,
        "attendees_more": max(0, named.count() - SIDE_LONG_LIST) if len(attendees) == SIDE_LONG_LIST else 0,
        "documents": collation.sort(meeting.documents.all()[:SIDE_LONG_LIST], by=collation.document_name),
        "mention_kind": "meeting",
        "breadcrumbs": _crumbs(*crumbs, (meeting.label, meeting.get_absolute_url())),
        "canonical": _canonical(meeting, page),
    })


# --- search (logic behind archive/search/) --------------------------------------------------

def _active_filters(request, params=None):
    """(key, value, url without that filter) for every filter in force, so each can be removed.

    A date the parameters ignored (bad, out of range) has no chip; a date's value is its chip's
    label, "Từ 01/01/2021" / "Đến 31/12/2021", after a reversed range was put the right way."""
    base = kept_pairs(request.GET)
    active = []
    for key, value in base:
        label = value
        if key in ("from", "to"):
            when = parse_date(value) if params is not None and key not in params.field_errors else None
            if when is None:
                continue
            starts = when == params.date_from and (key == "from" or when != params.date_to)
            label = f"{'Từ' if starts else 'Đến'} {when:%d/%m/%Y}"
        elif key not in FACETS:
            continue
        remaining = [(k, v) for k, v in base if (k, v) != (key, value)]
        active.append((key, label, "?" + urlencode(remaining)))
    return active


def search(request):
    params = SearchParams.from_querydict(request.GET)
    result = searching.search(params)
    labels = {(name, f["value"]): f["label"] for name, items in result.facets.items() for f in items}
    active = [(key, labels.get((key, value), value), url) for key, value, url in _active_filters(request, params)]
    keep = kept_pairs(request.GET)
    facet_links = [
        {"name": name, "heading": FACET_DECLARATIONS[name].label,
         "values": views_search.facet_value_links(keep, name, items, params.filters.get(name, [])),
         "more_url": (reverse("archive:search_facet", kwargs={"name": name}) + "?" + urlencode(keep)
                      if result.facet_more.get(name) else None)}
        for name, items in result.facets.items()
    ]
    return render(request, "search/search.html", {
        "query": params.q, "result": result, "active": active, "facets": facet_links,
        "timeline": views_charts.search_timeline(request, result),
        "result_link": views_search.result_link(keep, result.page),
        "page_query": urlencode(keep), "export_url": reverse("archive:search_export") + "?" + urlencode(keep),
        **views_search.notice_links(keep, result),
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
    result = searching.search(params)
    return JsonResponse({
        "query": params.q,
        "count": result.count,
        "page": result.page,
        "pages": result.pages,
        "results": [dict(_result_json(request, h.article), snippet_html=h.snippet_html) for h in result.hits],
        "facets": result.facets,
        "suggestion": result.suggestion,
        "folded": result.folded,
        "nearest_codes": result.nearest_codes,
        "entities": [{"kind": c.kind, "label": c.label, "url": request.build_absolute_uri(c.url), "facts": c.facts,
                      "articles": c.articles} for c in result.entities],
        "errors": params.errors,
    }, json_dumps_params={"ensure_ascii": False})


# OWASP's CSV injection advice: a cell a spreadsheet would read as a formula starts with a quote.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value):
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


# The export's columns (#30): what a researcher cites and filters by, in Vietnamese; times in the
# archive's zone (Asia/Ho_Chi_Minh), so 06:30 on 1 January stays on 1 January. The first four keep
# the places they had (id, title, link, file) for spreadsheets built on earlier exports.
EXPORT_HEADER = ["Mã", "Tiêu đề", "Liên kết", "Tệp", "Ngày đăng (giờ Việt Nam)", "Ngày họp", "Tỉnh, thành",
                 "Loại hội nghị", "Hội nghị", "Nhân vật", "Văn bản", "Nguồn tin", "Địa chỉ gốc"]
EXPORT_CHUNK = 500  # articles whose people, documents and meetings are read at once


def _export_rows(request, ids):
    """(ids read, rows) per chunk of ids: one list of cells per article still in the database, in
    the order of ids."""
    for at in range(0, len(ids), EXPORT_CHUNK):
        chunk = ids[at:at + EXPORT_CHUNK]
        articles = Article.objects.for_listing().in_bulk(chunk)
        rows = []
        people, documents, meetings = {}, {}, {}
        for article_id, name in (PersonMention.objects.filter(article_id__in=chunk, rejected=False)
                                 .order_by("start").values_list("article_id", "person__name")):
            people.setdefault(article_id, {}).setdefault(name)
        for article_id, kind, number, issuer in (
                DocumentMention.objects.filter(article_id__in=chunk, rejected=False).order_by("start")
                .values_list("article_id", "document__kind", "document__number", "document__issuer")):
            documents.setdefault(article_id, {}).setdefault(Document.label_of(kind, number, issuer))
        for mention in (MeetingMention.objects.filter(article_id__in=chunk, rejected=False)
                        .select_related("meeting").order_by("start")):
            meetings.setdefault(mention.article_id, {}).setdefault(mention.meeting)
        for i in chunk:
            a = articles.get(i)
            if a is None:
                continue
            held = list(meetings.get(i, {}))
            rows.append([csv_cell(v) for v in (
                a.pk, a.title, request.build_absolute_uri(a.get_absolute_url()), a.file_name,
                f"{timezone.localtime(a.published):%Y-%m-%d %H:%M}" if a.published else "",
                a.meeting_date.isoformat() if a.meeting_date else "",
                a.province.display_name if a.province else "",
                "; ".join(dict.fromkeys(m.kind for m in held if m.kind)),
                "; ".join(m.label for m in held),
                "; ".join(people.get(i, {})), "; ".join(documents.get(i, {})),
                a.source.name if a.source else "", a.url,
            )])
        yield len(chunk), rows


def _export_start(request):
    """The ?start= of an export (the rank of its first row, from 0): a number, else 0."""
    raw = request.GET.get("start", "")
    return int(raw) if raw.isdigit() and len(raw) <= 9 else 0


def search_export(request):
    """The search's matches as CSV, at most EXPORT_MAX_ROWS from ?start=, and only as many as the
    request's time budget allows (archive/budget.py): the last row then says where the file
    stops and gives the address of the next part, so a large export is several downloads, none
    holding a worker."""
    params = SearchParams.from_querydict(request.GET)
    start = _export_start(request)
    ids = searching.ids(params, limit=start + EXPORT_MAX_ROWS + 1)[start:]
    more = len(ids) > EXPORT_MAX_ROWS
    ids = ids[:EXPORT_MAX_ROWS]
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="nghi-su-tim-kiem.csv"'
    response.write("\ufeff")  # Excel reads UTF-8 only with a BOM
    writer = csv.writer(response)
    writer.writerow(EXPORT_HEADER)
    read = 0
    for taken, rows in _export_rows(request, ids):
        writer.writerows(rows)
        read += taken
        left = budget.time_left()
        if read < len(ids) and left is not None and left < EXPORT_RESERVE_SECONDS:
            more = True
            break
    if more:
        # The last row says so in the file itself, where the reader of the spreadsheet sees it.
        query = request.GET.copy()
        query["start"] = str(start + read)
        writer.writerow(["", f"Tệp này dừng ở bài thứ {start + read:,}".replace(",", ".")
                         + ". Phần tiếp theo: " + request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
                         + " (hoặc thu hẹp tìm kiếm: lọc theo tỉnh, năm…).", *[""] * (len(EXPORT_HEADER) - 2)])
        response["X-Export-Truncated"] = str(start + read)
        response["X-Export-Next-Start"] = str(start + read)
    return response
