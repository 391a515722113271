"""The facets, declared once: name, the index fields each reads, how its values are shown.

Facet values in the index are slugs, never labels (a person's or document's label may hold a
comma, which Whoosh's multi-value fields split on); labels are read from the database here,
after an engine counted the values. Must never count anything itself nor know an engine.
"""
from dataclasses import dataclass

from archive import collation
from archive import text as vt

FACET_SIZE = 30  # values shown per facet


@dataclass(frozen=True)
class Facet:
    name: str  # the request parameter and the key of the results' facets
    label: str  # shown above its values
    fields: tuple  # index fields whose values count for it (a document counts once)
    newest_first: bool = False  # values in reverse order of value (years), not by count


DECLARED = (
    # The province as named then (historical) and the unit it belongs to after 1 July 2025.
    Facet("province", "Tỉnh, thành", ("province", "province_current")),
    Facet("year", "Năm", ("year",), newest_first=True),
    Facet("kind", "Loại hội nghị", ("kind",)),
    Facet("person", "Nhân vật", ("person",)),
    Facet("document", "Văn bản", ("document",)),
    Facet("source", "Nguồn tin", ("source",)),
)
BY_NAME = {f.name: f for f in DECLARED}
FACETS = tuple(f.name for f in DECLARED)
FACET_FIELDS = {f.name: f.fields for f in DECLARED}


def fieldnames():
    """Every index field a facet reads, sorted."""
    return sorted({name for f in DECLARED for name in f.fields})


_KIND_LABELS = {}


def labels(name, values):
    """Readable labels for facet slugs."""
    from archive.models import Document, Meeting, Person, Province, Source

    if name == "year":
        return {v: v for v in values}
    if name == "kind":
        # A handful of kinds over every meeting of the archive: read again only for a slug not seen yet.
        if not set(values) <= _KIND_LABELS.keys():
            kinds = Meeting.objects.order_by().values_list("kind", flat=True).distinct()  # ordering would join DISTINCT
            _KIND_LABELS.update({vt.slugify(k): k for k in kinds})
        return {v: _KIND_LABELS.get(v, v) for v in values}
    model = {"province": Province, "person": Person, "document": Document, "source": Source}[name]
    objects = model.objects.filter(slug__in=values)
    return {o.slug: (o.display_name if name == "province" else o.label if name == "document" else o.name)
            for o in objects}


def shown(counts, selected=None):
    """{facet: [{"value", "label", "count"}]} from an engine's {facet: {value: count}}: the
    FACET_SIZE most frequent values of each (equal counts in Vietnamese order of their labels;
    which of the values tied at the cut are kept goes by value), and every ``selected`` value
    ({facet: [value]}) besides, so that a selected value can always be removed; labelled, years
    newest first."""
    out = {}
    selected = selected or {}
    for facet in DECLARED:
        found = {v: c for v, c in counts.get(facet.name, {}).items() if v}
        top = sorted(found.items(), key=lambda kv: (-kv[1], kv[0]))[:FACET_SIZE]
        kept = {v for v, _ in top}
        top += [(v, found.get(v, 0)) for v in selected.get(facet.name, []) if v not in kept]
        named = labels(facet.name, [v for v, _ in top])
        out[facet.name] = collation.by_count_then_name(
            [{"value": v, "label": named.get(v, v), "count": c} for v, c in top],
            count=lambda f: f["count"], name=lambda f: f["label"])
        if facet.newest_first:
            out[facet.name].sort(key=lambda f: f["value"], reverse=True)
    return out


def more(counts):
    """{facet: whether it has values past the FACET_SIZE shown} of an engine's counts (an engine
    counts at least the FACET_SIZE + 1 most frequent, so one past the cut is always there)."""
    return {facet.name: sum(1 for v in counts.get(facet.name, {}) if v) > FACET_SIZE for facet in DECLARED}
