"""Model factories: plain functions that build provinces, articles, people, documents, meetings.

For tests that need more rows than the seeds give (query counts on hundreds of articles). Every
mention's [start, end) points at its text in the article's raw text, as ingest would store it,
and the body is made of verbatim raw lines, so article pages can map spans as they do for
real articles. They write through the ORM only and never touch the search index.
"""
import datetime as dt
import itertools

from django.utils import timezone

from archive import text as vt
from archive.models import (
    Article,
    Document,
    DocumentMention,
    Meeting,
    MeetingMention,
    Person,
    PersonMention,
    Position,
    Province,
    Source,
)

_seq = itertools.count(1)

SURNAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ")
MIDDLES = ("Văn", "Thị", "Minh", "Quốc", "Thanh", "Hữu", "Đức", "Ngọc")
GIVEN = ("An", "Bình", "Cường", "Dũng", "Hà", "Hùng", "Lan", "Long", "Mai", "Nam", "Phong", "Sơn", "Tâm", "Trung")
POSITIONS = ("Bí thư Tỉnh ủy", "Phó Bí thư Tỉnh ủy", "Chủ tịch UBND tỉnh", "Chủ tịch HĐND tỉnh",
             "Ủy viên Ban Thường vụ Tỉnh ủy", "Trưởng Ban Tuyên giáo Tỉnh ủy")


def province(name, **fields):
    slug = fields.pop("slug", None) or vt.slugify(name)
    return Province.objects.create(name=name, slug=slug, **fields)


def source(name, province=None):
    return Source.objects.create(name=name, slug=vt.slugify(name), province=province)


def person(name, province=None):
    return Person.objects.create(name=name, slug=f"{vt.slugify(name)}-{next(_seq)}", province=province)


def document(kind="Nghị quyết", number=None, province=None, **fields):
    number = number or f"{next(_seq)}-NQ/TU"
    key = f"{vt.slugify(kind)}|{number.lower()}|{province.pk if province else ''}"
    return Document.objects.create(
        kind=kind, number=number, key=key, slug=vt.slugify(f"{kind} {number}") + f"-{next(_seq)}",
        province=province, **fields,
    )


def meeting(province=None, date=None, kind="Hội nghị Ban Chấp hành Đảng bộ tỉnh", **fields):
    n = next(_seq)
    return Meeting.objects.create(
        kind=kind, organ=fields.pop("organ", "Tỉnh ủy"), province=province, date=date,
        key=f"meeting-{n}", slug=f"{vt.slugify(kind)}-{n}", **fields,
    )


def article(*, title, paragraphs, province=None, source=None, published=None, captions=(), **fields):
    """An article whose raw text is its title, paragraphs and captions, one per line."""
    n = next(_seq)
    lines = [title, *paragraphs, *captions]
    raw = "\n".join(lines) + "\n"
    offsets, at = [], 0
    for line in lines:
        offsets.append(at)
        at += len(line) + 1
    caption_rows = [{"text": c, "span": [offsets[1 + len(paragraphs) + i], offsets[1 + len(paragraphs) + i] + len(c)]}
                    for i, c in enumerate(captions)]
    return Article.objects.create(
        file_name=fields.pop("file_name", f"factory_{n:05d}.txt"), sha256=f"{n:064d}", raw_text=raw,
        title=title, slug=fields.pop("slug", f"{vt.slugify(title, 80)}-{n}"), body="\n\n".join(paragraphs),
        captions=caption_rows, published=published, province=province, source=source,
        spans={"title": [0, len(title)]}, **fields,
    )


def mention(model, art, text, **fields):
    """A mention of `text` at its first place in the article's raw text."""
    start = art.raw_text.index(text)
    return model(article=art, text=text, start=start, end=start + len(text), **fields)


def build_archive(articles=220):
    """A province with a merged-in predecessor, people, documents, meetings and many articles.

    Returns a dict of the created objects (for assertions and for clean-up)."""
    current = province("Tỉnh Mẫu Hiện Tại", slug="tinh-mau-hien-tai")
    old = province("Tỉnh Mẫu Cũ", slug="tinh-mau-cu", current=False, successor=current)
    other = province("Tỉnh Khác Mẫu", slug="tinh-khac-mau")
    provinces = [current, old, other]
    sources = [source("Báo Mẫu Hiện Tại", current), source("Báo Mẫu Cũ", old), source("Báo Khác Mẫu", other)]
    names = [f"{s} {m} {g}"
             for s, m, g in itertools.islice(itertools.product(SURNAMES, MIDDLES, GIVEN), 0, 400, 7)][:40]
    people = [person(name, provinces[i % 3]) for i, name in enumerate(names)]
    documents = [document(number=f"{i + 1}-NQ/TU", province=provinces[i % 3], issuer="Tỉnh ủy",
                          subject=f"về chủ đề số {i + 1}") for i in range(20)]
    start = dt.date(2019, 1, 7)
    meetings = [meeting(provinces[i % 3], start + dt.timedelta(days=45 * i), term="XV", session=str(i + 1))
                for i in range(24)]
    for m in meetings:
        m.documents.add(documents[meetings.index(m) % len(documents)])
    made, person_mentions, doc_mentions, meeting_mentions, positions = [], [], [], [], []
    for i in range(articles):
        prov, src = provinces[i % 3], sources[i % 3]
        who = [people[(i + k) % len(people)] for k in range(3)]
        docs = [documents[(i + k) % len(documents)] for k in range(2)]
        mtg = meetings[i % len(meetings)]
        role = POSITIONS[i % len(POSITIONS)]
        paragraphs = [
            f"Sáng nay, {role} {who[0].name} chủ trì {mtg.kind} lần thứ {mtg.session} tại hội trường.",
            f"Hội nghị bàn việc thực hiện {docs[0].label} và {docs[1].label}; đồng chí {who[1].name} báo cáo.",
            f"Đồng chí {who[2].name} phát biểu về chuyển đổi số và xây dựng nông thôn mới (bài {i + 1}).",
        ]
        published = timezone.make_aware(dt.datetime(2019, 1, 1, 8) + dt.timedelta(days=7 * i))
        art = article(title=f"Hội nghị mẫu số {i + 1} của {prov.name}", paragraphs=paragraphs, province=prov,
                      source=src, published=published, captions=[f"Quang cảnh hội nghị số {i + 1}."],
                      authors=[f"Phóng viên {i % 5 + 1}"])
        made.append(art)
        for p in who:
            person_mentions.append(mention(PersonMention, art, p.name, person=p))
        positions.append(mention(Position, art, role, person=who[0], normalized=role))
        for d in docs:
            doc_mentions.append(mention(DocumentMention, art, d.label, document=d))
        meeting_mentions.append(mention(MeetingMention, art, f"{mtg.kind} lần thứ {mtg.session}", meeting=mtg))
    PersonMention.objects.bulk_create(person_mentions)
    Position.objects.bulk_create(positions)
    DocumentMention.objects.bulk_create(doc_mentions)
    MeetingMention.objects.bulk_create(meeting_mentions)
    return {"provinces": provinces, "sources": sources, "people": people, "documents": documents,
            "meetings": meetings, "articles": made}


def delete_archive(objects):
    """Remove what build_archive made (mentions and positions go with their articles)."""
    Article.objects.filter(pk__in=[a.pk for a in objects["articles"]]).delete()
    Meeting.objects.filter(pk__in=[m.pk for m in objects["meetings"]]).delete()
    Document.objects.filter(pk__in=[d.pk for d in objects["documents"]]).delete()
    Person.objects.filter(pk__in=[p.pk for p in objects["people"]]).delete()
    Source.objects.filter(pk__in=[s.pk for s in objects["sources"]]).delete()
    Province.objects.filter(pk__in=[p.pk for p in objects["provinces"]]).update(successor=None)
    Province.objects.filter(pk__in=[p.pk for p in objects["provinces"]]).delete()
