"""Extraction: one article's raw text → ArticleFacts, stage by stage.

Each fact kind has its own module (dates, places, people, documents,
meetings, bylines) of small named rules; this function only runs them in
order over the cleaned article. Bump EXTRACTOR_VERSION whenever a rule changes
what is extracted, so stored facts say which extractor produced them.
Pure: no Django, no network.
"""
import re

from archive.ingest import gazetteer
from archive.ingest.clean import clean, lead_marker
from archive.ingest.extract import bylines, dates, documents, meetings, people, places
from archive.ingest.facts import ArticleFacts, Value

# A new version re-extracts, re-stores and so re-indexes every article on the next ingest.
# 2026.12.1: the layouts of real crawls (one-line bodies, crawl exports, national news pages,
# portals), ISO and two-digit-year stamps, meetings only when reported, documents without codes,
# outlets and bylines, position boundaries at verbs, countries and bodies that are not names.
# 2026.12.2: short names folded into the article's full name, firms by legal form, posts that end at
# adverbs, the posts of whoever acts on or authorises a person kept from that person.
# 2026.12.3: posts of a list end at the next "ông"/"bà"; a rank before a post is a title of its own;
# dash compounds of a body's name ("đường bộ - đường sắt"); places after "ở"/"tại", schools and communes
# named like people, firms named after their trade; posts cut at adverbs before "ông", times with a
# demonstrative, closing adjectives after a proper name, mis-tagged verbs.
# 2026.12.4: a crawler's "Nguồn: https://…" line is the article's link, not a caption; a glued byline
# is looked for above it; a name after a titled person's verb is not titled ("… Moshe Yaalon tuyên bố
# Tel Aviv"), bodies cut inside a word ("Quỹ Bảo" vệ), "Môi trường"/"yêu cầu" hide no name, a unit
# named in lower case after "Trưởng phòng" stays in the post, reporting verbs end a post.
EXTRACTOR_VERSION = "2026.12.4"

# A crawler's note of where the page came from ("Nguồn: https://…", "URL: …").
# White space within the line only: "^\s*" ran across every blank line after each line start.
_SOURCE_URL_RE = re.compile(
    r"^[^\S\n]{0,40}(?:nguồn|link|url|source|địa chỉ bài viết)[^\S\n]{0,4}:[^\S\n]{0,4}(https?://\S+)", re.I | re.M)


def extract(raw, file_name):
    art = clean(raw)
    # The headline as written (only white space folded); search matches either tone spelling.
    title = Value(" ".join(art.title.text.split()), (art.title.start, art.title.end)) if art.title else Value("")
    published = dates.publication(art.stamps)
    marker = lead_marker(art.lead.text) if art.lead else None
    marker_text, marker_span = (
        (marker[0], (art.lead.start + marker[1], art.lead.start + marker[2])) if marker else (None, None)
    )
    source = places.source_of(marker_text, marker_span, raw, outlet=art.outlet,
                              credited=bylines.credited_source(art.tail, art.glued_byline),
                              paragraphs=art.paragraphs)
    text_lines = art.paragraphs + art.captions
    province = places.province_of(art.title, text_lines, source.value)
    meeting_date = dates.meeting_date(art.paragraphs, published.value)
    authors, photographers = bylines.credits(art.tail)
    photographers = bylines.dedupe(photographers + bylines.caption_credits(art.captions))
    persons = people.extract_people(text_lines)
    docs = documents.extract_documents(([art.title] if art.title else []) + art.paragraphs)
    meeting = meetings.extract_meeting(art.title, art.paragraphs, meeting_date.value)
    if meeting is not None:
        meeting.documents = [(d.kind, d.number) for d in docs]
    url = _SOURCE_URL_RE.search(raw)
    return ArticleFacts(
        file_name=file_name,
        title=title,
        body=art.body,
        paragraphs=art.paragraphs,
        captions=art.captions,
        published=published,
        province=province,
        source=source,
        category=Value(art.category.text, (art.category.start, art.category.end)) if art.category else Value(None),
        view_count=Value(art.view_count, (art.view_line.start, art.view_line.end)) if art.view_line else Value(None),
        url=Value(url.group(1), url.span(1)) if url else Value(None),
        meeting_date=meeting_date,
        authors=authors,
        photographers=photographers,
        persons=persons,
        documents=docs,
        meeting=meeting,
    )


def as_record(facts):
    """The facts of one article in the gold schema (shared/seeds/gold.jsonl), without a database."""
    return {
        "file": facts.file_name,
        "title": facts.title.value,
        "province": gazetteer.official_name(facts.province.value, facts.published.value)
        if facts.province.value else None,
        "source": facts.source.value,
        "published": facts.published.value.date().isoformat() if facts.published.value else None,
        "meeting_date": facts.meeting_date.value.isoformat() if facts.meeting_date.value else None,
        "persons": [{"name": p.name, "positions": [x.normalized for x in p.positions]} for p in facts.persons],
        "documents": [
            {"kind": d.kind, "number": d.number, "issuer": d.issuer, "date": d.date.isoformat() if d.date else None}
            for d in facts.documents
        ],
        "authors": [a.value for a in facts.authors],
    }
