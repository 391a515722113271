"""Search pages beside the results page: the advanced-search help (issue #25, point 6).

Each view only renders: what a query means is decided in archive/search/plan.py, and the
examples on the help page are links to real searches. Must never search or parse a query itself.
"""
from django.shortcuts import render

from archive.search.plan import FIELD_PREFIXES


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
