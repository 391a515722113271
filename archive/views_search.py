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
