"""The archive's models, in three modules re-exported here (``from archive.models import X``).

``entities`` holds what the archive is about (provinces, sources, articles, people,
documents, meetings, their mentions and aliases; its docstring has the glossary);
``curation`` holds what curators do to it (the review tallies, the audit trail, merge
records that can be undone, pairs known to be different, tenure corrections); ``alerts``
holds readers' email subscriptions and what was sent to them (issue #29). Code
imports from ``archive.models`` only, never from the submodules, so rows can move
between them without touching callers.
"""
from archive.models.alerts import Delivery, Frequency, Subscription
from archive.models.curation import (
    CurationEvent,
    DistinctPair,
    MergeRecord,
    ReviewCube,
    ReviewTally,
    TenureCorrection,
)
from archive.models.entities import (
    UNDATED,
    Article,
    ArticleQuerySet,
    Curated,
    Document,
    DocumentAlias,
    DocumentMention,
    KeyAlias,
    Meeting,
    MeetingAlias,
    MeetingMention,
    Mention,
    MergedSlug,
    Origin,
    Person,
    PersonAlias,
    PersonMention,
    Position,
    Province,
    Source,
    article_date,
    article_day,
    ids_newest_first,
    is_protected,
    protected_rows,
    province_counts,
)
from archive.models.originals import ArticleOriginal

__all__ = [
    "Article", "ArticleOriginal", "ArticleQuerySet", "Curated", "CurationEvent", "Delivery", "DistinctPair",
    "Document", "DocumentAlias", "Frequency", "Subscription",
    "DocumentMention", "KeyAlias", "Meeting", "MeetingAlias", "MeetingMention", "Mention", "MergeRecord",
    "MergedSlug", "Origin", "Person", "PersonAlias", "PersonMention", "Position", "Province", "ReviewCube",
    "ReviewTally", "Source", "TenureCorrection", "UNDATED", "article_date", "article_day", "ids_newest_first",
    "is_protected", "protected_rows", "province_counts",
]
