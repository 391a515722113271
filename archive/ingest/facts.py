"""The facts the extractor reads in one article, as plain dataclasses.

Every fact carries the [start, end) character span of the raw text that
supports it, so the database, the admin and the article page can show the
evidence. These classes are the contract between ``extract/`` and
``store.py``; they hold no Django objects and do no work.
"""
import datetime as dt
from dataclasses import dataclass, field

Span = tuple[int, int]


@dataclass(frozen=True)
class Value:
    """A single extracted value and where it was read."""

    value: object
    span: Span | None = None
    confidence: float = 1.0


@dataclass
class PositionFact:
    text: str  # as written: "Chủ tịch HĐND tỉnh"
    normalized: str  # expanded, unified: "Chủ tịch Hội đồng nhân dân tỉnh"
    span: Span


@dataclass
class PersonFact:
    name: str
    span: Span  # the first mention
    spans: list = field(default_factory=list)  # every mention
    positions: list = field(default_factory=list)  # PositionFact
    confidence: float = 0.9


@dataclass
class DocumentFact:
    kind: str  # "Nghị quyết"
    number: str  # "15-NQ/TW" or "27"
    span: Span
    issuer: str | None = None
    term: str | None = None  # khóa of the issuer, "XIII"
    date: dt.date | None = None
    subject: str | None = None
    spans: list = field(default_factory=list)
    confidence: float = 0.9

    @property
    def code(self):
        return self.number


@dataclass
class MeetingFact:
    kind: str
    span: Span
    organ: str | None = None
    term: str | None = None
    session: str | None = None
    date: dt.date | None = None
    format: str = ""  # "in_person" | "online" | "hybrid" | ""
    location: str | None = None
    documents: list = field(default_factory=list)  # DocumentFact keys it discussed
    confidence: float = 0.8


@dataclass
class ArticleFacts:
    file_name: str
    title: Value
    body: str
    paragraphs: list  # clean.Line
    captions: list  # clean.Line
    published: Value  # datetime.datetime or None
    province: Value  # gazetteer Province name or None
    source: Value  # gazetteer Newspaper name or None
    category: Value
    view_count: Value
    url: Value
    meeting_date: Value  # datetime.date or None
    authors: list  # Value(str)
    photographers: list  # Value(str)
    persons: list  # PersonFact
    documents: list  # DocumentFact
    meeting: MeetingFact | None
    places: list = field(default_factory=list)  # Value(province name) of every place named
