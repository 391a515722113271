"""The alert emails, in Vietnamese, plain text and HTML: confirmation, notices and digests.

Every message goes through Django's email framework (the backend and SMTP settings come from
the environment, archive/settings.py). A digest carries the one-click unsubscribe headers of
RFC 8058 (List-Unsubscribe with an https link, List-Unsubscribe-Post) and a signed link to the
address's subscriptions. Links are absolute, on ARCHIVE_SITE_URL. Must never send anything but
a confirmation or a notice about itself to an address that has not confirmed the subscription.
"""
import html
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from archive.alerts import tokens

_TAG_RE = re.compile(r"<[^<>]{0,200}>")


def absolute(path):
    return settings.ARCHIVE_SITE_URL + path


def link(name, token):
    return absolute(reverse(f"archive:{name}", kwargs={"token": token}))


def manage_url(email):
    return link("alerts_manage", tokens.make("manage", tokens.address_key(email)))


def unsubscribe_url(subscription):
    return link("alerts_unsubscribe", tokens.for_subscription("unsubscribe", subscription))


def plain(snippet_html):
    """The text of a snippet's HTML (marks dropped, entities read)."""
    return html.unescape(_TAG_RE.sub("", snippet_html))


def _message(to, subject, template, context, headers=None):
    context = {"site_url": settings.ARCHIVE_SITE_URL, **context}
    text = render_to_string(f"alerts/email/{template}.txt", context)
    body_html = render_to_string(f"alerts/email/{template}.html", context)
    message = EmailMultiAlternatives(subject=subject, body=text, to=[to], headers=headers or {})
    message.attach_alternative(body_html, "text/html")
    return message


def confirmation(subscription):
    url = link("alerts_confirm", tokens.for_subscription("confirm", subscription))
    return _message(subscription.email, f"Xác nhận nhận thông báo: {subscription.label}"[:200], "confirm", {
        "subscription": subscription, "confirm_url": url, "days": settings.ARCHIVE_ALERTS_CONFIRM_DAYS,
    })


def notice(email, reason, subscription=None):
    """A note to an address about a subscribe request that created nothing (already following,
    or at the limit), with the link to its subscriptions: the page said the same as for a new one."""
    return _message(email, "Về yêu cầu nhận thông báo của bạn", "notice", {
        "reason": reason, "subscription": subscription, "manage_url": manage_url(email),
        "limit": settings.ARCHIVE_ALERTS_MAX_PER_ADDRESS,
    })


@dataclass
class Item:
    """One article of a digest."""

    title: str
    url: str
    date: object
    province: str
    snippet_html: str

    @property
    def snippet_text(self):
        return plain(self.snippet_html)


def digest(subscription, items, more, followed_url):
    """The digest of items (at most ARCHIVE_ALERTS_DIGEST_SIZE; ``more`` not listed)."""
    unsubscribe = unsubscribe_url(subscription)
    count = len(items) + more
    subject = f"Nghị sự: {count} bài mới — {subscription.label}"[:200]
    headers = {
        "List-Unsubscribe": f"<{unsubscribe}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "List-Id": f"Nghị sự <{subscription.kind}.alerts.{urlsplit(settings.ARCHIVE_SITE_URL).hostname}>",
        "Auto-Submitted": "auto-generated",
    }
    return _message(subscription.email, subject, "digest", {
        "subscription": subscription, "items": items, "more": more, "count": count,
        "followed_url": absolute(followed_url), "unsubscribe_url": unsubscribe,
        "manage_url": manage_url(subscription.email),
    }, headers)
