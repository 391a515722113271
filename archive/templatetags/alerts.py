"""``{% alert_link "person" person %}`` / ``{% alert_link "search" %}``: the "Nhận thông báo qua email"
link of a page, to the subscribe page with what the page shows (a search keeps its text and filters).
Must never put anything in the link that the page's own address does not already show."""
from django import template

from archive.alerts.views import link_query

register = template.Library()


@register.inclusion_tag("alerts/subscribe_link.html", takes_context=True)
def alert_link(context, kind, obj=None):
    request = context.get("request")
    query = link_query(kind, obj, request.GET if (obj is None and request is not None) else None)
    return {"query": query}
