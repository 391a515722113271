"""Vietnamese alphabetical order for every list a reader sees (provinces, people, documents).

Code-point order puts every Đ… after Z and "Cà Mau" after "Cao Bằng"; Vietnamese order is
a, ă, â, b, c, d, đ, e, ê, … o, ô, ơ, … u, ư, with tone marks deciding only between words
otherwise equal. ICU's "vi" collator (CLDR's tailoring, PyICU from the pyicu-wheels package)
knows that order; numbers inside text compare as numbers ("Khóa 9" before "Khóa 10",
"4-NQ/TW" before "15-NQ/TW"). Lists are sorted in Python by its sort keys, so SQLite and
PostgreSQL give one order whatever their own collation. Must never query the database nor
change the text it orders: it only computes keys.
"""
import threading

import icu

_local = threading.local()


def _collator():
    # A collator is cheap to use but not documented as safe to share between threads.
    collator = getattr(_local, "collator", None)
    if collator is None:
        collator = icu.Collator.createInstance(icu.Locale("vi"))
        collator.setAttribute(icu.UCollAttribute.NUMERIC_COLLATION, icu.UCollAttributeValue.ON)
        _local.collator = collator
    return collator


def key(text):
    """The sort key (bytes) of text in Vietnamese order; '' and None sort first."""
    return _collator().getSortKey(text or "")


def sort(items, by=str):
    """items in Vietnamese order of by(item) (a new list; stable for equal keys)."""
    collator = _collator()
    return sorted(items, key=lambda item: collator.getSortKey(by(item) or ""))


def by_count_then_name(items, count, name, limit=None):
    """items most frequent first, equal counts in Vietnamese order of name; the first ``limit``."""
    collator = _collator()
    ordered = sorted(items, key=lambda item: (-count(item), collator.getSortKey(name(item) or "")))
    return ordered if limit is None else ordered[:limit]


def province_name(province):
    return province.name


def document_name(document):
    """Documents by kind, then code: "Chỉ thị số 05-CT/TW" before "Nghị quyết số 15-NQ/TW"."""
    return f"{document.kind} {document.number}"


def person_name(person):
    return person.name
