"""What a page asks to follow: a search (its text and filters), a person, a document or a province.

``from_request(data)`` reads the subscribe link's parameters (``follow=person&slug=…``, or
``follow=search`` and the search page's own parameters) and returns a ``Target`` with a canonical
key, so that the same search typed twice, or with its filters in another order, is one
subscription; a problem comes back as a Vietnamese message naming the parameter. Must never
run a search nor write anything.
"""
from dataclasses import dataclass
from urllib.parse import urlencode

from django.http import QueryDict

from archive.models import Document, MergedSlug, Person, Province, Subscription
from archive.search import FACETS, SearchParams
from archive.search import facets as search_facets

MAX_TARGET = 1200  # Subscription.target's length


@dataclass
class Target:
    kind: str
    key: str  # Subscription.target
    label: str
    query: str = ""  # a search's canonical query string
    obj: object = None  # the person, document or province
    url: str = ""  # the page followed (relative)

    def fields(self):
        """The Subscription fields that say what is followed."""
        values = {"kind": self.kind, "target": self.key, "label": self.label[:400], "query": self.query}
        if self.obj is not None:
            values[self.kind] = self.obj
            values["target_slug"] = self.obj.slug
        return values


class TargetError(ValueError):
    pass


def canonical_query(params):
    """One query string per search: text, facet values in declared order and sorted, dates."""
    pairs = [("q", params.q)] if params.q else []
    for name in FACETS:
        pairs.extend((name, v) for v in sorted(set(params.filters.get(name, ()))))
    if params.date_from:
        pairs.append(("from", params.date_from.isoformat()))
    if params.date_to:
        pairs.append(("to", params.date_to.isoformat()))
    return urlencode(pairs)


def search_params(query):
    """The SearchParams of a stored canonical query, newest first (a digest lists what is new)."""
    data = QueryDict(query, mutable=True)
    data["sort"] = "newest"
    return SearchParams.from_querydict(data)


def search_label(params):
    parts = [f"“{params.q}”"] if params.q else []
    for name, values in params.filters.items():
        named = search_facets.labels(name, values)
        parts.append(f"{search_facets.BY_NAME[name].label.lower()}: " + ", ".join(named.get(v, v) for v in values))
    if params.date_from or params.date_to:
        start = params.date_from.strftime("%d/%m/%Y") if params.date_from else "…"
        end = params.date_to.strftime("%d/%m/%Y") if params.date_to else "…"
        parts.append(f"ngày {start} – {end}")
    return "Tìm kiếm " + "; ".join(parts) if parts else "Mọi bài viết mới"


_MODELS = {Subscription.Kind.PERSON: Person, Subscription.Kind.DOCUMENT: Document,
           Subscription.Kind.PROVINCE: Province}


def entity_label(kind, obj):
    if kind == Subscription.Kind.PERSON:
        return f"Nhân vật {obj.name}"
    if kind == Subscription.Kind.DOCUMENT:
        return f"Văn bản {obj.label}"
    return f"Tỉnh, thành {obj.display_name}"


def entity(kind, slug):
    """The person, document or province with this slug (following a merge), or None."""
    model = _MODELS[kind]
    obj = model.objects.filter(slug=slug).first()
    if obj is None and model is not Province:
        obj = MergedSlug.target(model, slug)
    return obj


def from_request(data):
    """The Target of a subscribe link's parameters (a QueryDict), or TargetError with a message."""
    kind = data.get("follow", "")
    if kind == Subscription.Kind.SEARCH:
        params = SearchParams.from_querydict(data)
        if params.errors:
            raise TargetError(" ".join(params.errors))
        query = canonical_query(params)
        if len("search:" + query) > MAX_TARGET:
            raise TargetError(f"Tìm kiếm này quá dài để theo dõi (tối đa {MAX_TARGET} ký tự cho từ khóa và bộ lọc).")
        return Target(kind, "search:" + query, search_label(params), query=query,
                      url="/search/" + (f"?{query}" if query else ""))
    if kind in _MODELS:
        slug = data.get("slug", "").strip()
        obj = entity(kind, slug) if slug else None
        if obj is None:
            raise TargetError(f"Không tìm thấy {Subscription.Kind(kind).label} “{slug[:80]}” (tham số slug).")
        return Target(kind, f"{kind}:{obj.pk}", entity_label(kind, obj), obj=obj, url=obj.get_absolute_url())
    raise TargetError("Tham số follow phải là search, person, document hoặc province.")
