"""Search pages beside the results page: the advanced-search help (issue #25, point 6).

Each view only renders: what a query means is decided in archive/search/plan.py, and the
examples on the help page are links to real searches. Must never search or parse a query itself.
"""
from django.http import QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode

from archive.search.facets import FACETS
from archive.search.plan import FIELD_PREFIXES

# The parameters of a results page an article link carries back ("tim": the search), at most.
FROM_SEARCH = "tim"
MAX_FROM_SEARCH = 2000
_SEARCH_KEYS = frozenset({"q", "from", "to", "sort", "page", *FACETS})


def search_help(request):
    return render(request, "search/help.html", {"prefixes": sorted(FIELD_PREFIXES)})


def notice_links(keep, result):
    """Links of the results page's notices, each keeping the other parameters (filters, sort): the
    suggestion, and a search for each of the nearest codes."""
    from urllib.parse import urlencode

    others = [(k, v) for k, v in keep if k != "q"]

    def link(q):
        return "?" + urlencode(others + [("q", q)])

    return {
        "suggestion_url": link(result.suggestion) if result.suggestion else None,
        "nearest_codes": [(code, link(code)) for code in result.nearest_codes],
    }


def facet_value_links(keep, name, items, selected):
    """Each value of a facet with the link that toggles it: an unselected value is added to the
    facet's selected ones (articles with any of them), a selected one removed; the page resets."""
    from archive.search import MAX_FILTER_VALUES

    out = []
    for f in items:
        on = f["value"] in selected
        if on:
            pairs = [kv for kv in keep if kv != (name, f["value"])]
        else:
            others = [kv for kv in keep if kv[0] == name]
            # At most MAX_FILTER_VALUES values of one facet are read: the oldest makes way.
            drop = set(others[:max(0, len(others) - MAX_FILTER_VALUES + 1)])
            pairs = [kv for kv in keep if kv not in drop] + [(name, f["value"])]
        out.append(dict(f, selected=on, url="?" + urlencode([kv for kv in pairs if kv[0] != "page"])))
    return out


def facet_page(request, name):
    """Every value of one facet for the search of the query string, 200 a page, each a link that
    toggles it on the results page: what the results page's "more" link opens."""
    from django.http import Http404

    from archive.search import SearchParams, SearchTooCostly, facet_values, kept_pairs
    from archive.search.facets import BY_NAME

    if name not in BY_NAME:
        raise Http404("Không có bộ lọc này.")
    params = SearchParams.from_querydict(request.GET)
    keep = kept_pairs(request.GET)
    try:
        values, pages = facet_values(params, name)
    except SearchTooCostly:
        values, pages = None, 1
    page = min(params.page, pages)
    links = facet_value_links(keep, name, values or [], params.filters.get(name, []))
    results = reverse("archive:search")
    for link in links:
        link["url"] = results + link["url"]
    return render(request, "search/facet.html", {
        "facet": BY_NAME[name], "values": links, "too_costly": values is None, "query": params.q,
        "page": page, "pages": pages, "page_query": urlencode(keep),
        "results_url": results + ("?" + urlencode(keep) if keep else ""),
    })


def result_link(keep, page):
    """The query string an article link of a results page carries: that page's search."""
    pairs = [(k, v) for k, v in keep if k in _SEARCH_KEYS] + ([("page", str(page))] if page > 1 else [])
    return urlencode({FROM_SEARCH: urlencode(pairs)}) if pairs else ""


def from_search(request):
    """(the index terms to mark, the URL of the results page) of the search an article was opened
    from (its ``tim`` parameter), or (frozenset(), None). Only the search's own parameters are
    kept, so the link back goes to the results page and nowhere else."""
    from archive.search import SearchParams
    from archive.search.plan import highlight_terms

    raw = request.GET.get(FROM_SEARCH, "")[:MAX_FROM_SEARCH]
    if not raw:
        return frozenset(), None
    data = QueryDict(raw)
    pairs = [(k, v) for k in data for v in data.getlist(k) if k in _SEARCH_KEYS]
    if not pairs:
        return frozenset(), None
    params = SearchParams.from_querydict(data)
    terms = frozenset(highlight_terms(params.q)) if params.q else frozenset()
    return terms, reverse("archive:search") + "?" + urlencode(pairs)
