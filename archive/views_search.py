"""Search pages beside the results page: the advanced-search help (issue #25, point 6).

Each view only renders: what a query means is decided in archive/search/plan.py, and the
examples on the help page are links to real searches. Must never search or parse a query itself.
"""
from django.shortcuts import render

from archive.search.plan import FIELD_PREFIXES


def search_help(request):
    return render(request, "search/help.html", {"prefixes": sorted(FIELD_PREFIXES)})
