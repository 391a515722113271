"""The alert pages: subscribe (from a search, person, document or province page), confirm,
one-click unsubscribe (RFC 8058) and an address's subscriptions behind a signed link.

Pages reached through a token are never cached nor indexed, and a token that is forged,
expired or names something gone gets one page that says so. Unsubscribing by POST needs no
CSRF token: mail clients POST ``List-Unsubscribe=One-Click`` with no cookie and no form, and
the signed token in the URL is what authorises it. Must never show an address to anyone who
did not bring a signed link for it.
"""
from django.conf import settings
from django.http import QueryDict
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from archive.alerts import service, targets, tokens
from archive.alerts.forms import FrequencyForm, SubscribeForm
from archive.faults import storage_refused
from archive.models import Subscription
from archive.security import client_id


def _private(response):
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = "noindex"
    return response


def _bad_link(request):
    return _private(render(request, "alerts/bad_link.html", {
        "days": settings.ARCHIVE_ALERTS_LINK_DAYS, "confirm_days": settings.ARCHIVE_ALERTS_CONFIRM_DAYS,
    }, status=404))


def _target_pairs(data):
    """The link's parameters that say what is followed (kept in the form as hidden fields)."""
    return [(k, v) for k in data for v in data.getlist(k)
            if k not in ("csrfmiddlewaretoken", "email", "frequency", "page", "sort")][:60]


@require_http_methods(["GET", "POST"])
def subscribe(request):
    data = request.GET if request.method == "GET" else request.POST
    try:
        target = targets.from_request(data)
    except targets.TargetError as exc:
        return render(request, "alerts/subscribe.html", {"problem": str(exc)}, status=400)
    context = {"target": target, "pairs": _target_pairs(data)}
    if request.method == "GET":
        context["form"] = SubscribeForm()
        return render(request, "alerts/subscribe.html", context)
    try:
        # Every POST counts, a malformed one too: the allowance bounds the client, not its mail.
        if service.over_allowance(request, "alerts-client", client_id(request),
                                  settings.ARCHIVE_ALERTS_PER_CLIENT_HOUR):
            response = render(request, "429.html", {"message": "Bạn đã gửi quá nhiều yêu cầu đăng ký. "
                                                               "Vui lòng thử lại sau một giờ."}, status=429)
            response["Retry-After"] = "3600"
            return _private(response)
        form = SubscribeForm(request.POST)
        if not form.is_valid():
            context["form"] = form
            return render(request, "alerts/subscribe.html", context, status=400)
        service.subscribe(request, email=form.cleaned_data["email"], target=target,
                          frequency=form.cleaned_data["frequency"])
    except service.CountersUnavailable:
        return storage_refused(request, "the throttle counters cannot be written")
    return _private(render(request, "alerts/check_inbox.html", {
        "target": target, "days": settings.ARCHIVE_ALERTS_CONFIRM_DAYS,
    }))


@require_http_methods(["GET", "POST"])
def confirm(request, token):
    # GET only shows a button: mail scanners open links, and must not confirm for the reader.
    subscription = service.signed("confirm", token)
    if subscription is None:
        return _bad_link(request)
    if request.method == "POST":
        service.confirm(subscription)
    return _private(render(request, "alerts/confirm.html", {
        "subscription": subscription, "manage_token": tokens.make("manage", subscription.email_key),
    }))


@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    subscription = service.signed("unsubscribe", token)
    if subscription is None:
        if request.method == "POST":  # already gone (a second click, a mail client retrying): done
            return _private(render(request, "alerts/unsubscribed.html", {"subscription": None}))
        return _bad_link(request)
    if request.method == "POST":
        service.unsubscribe(subscription)
        return _private(render(request, "alerts/unsubscribed.html", {
            "subscription": subscription, "manage_token": tokens.make("manage", subscription.email_key),
        }))
    return _private(render(request, "alerts/unsubscribe.html", {"subscription": subscription, "token": token}))


@require_http_methods(["GET", "POST"])
def manage(request, token):
    key = tokens.read("manage", token)
    if not isinstance(key, str) or not key:
        return _bad_link(request)
    changed = False
    if request.method == "POST":
        form = FrequencyForm(request.POST)
        if form.is_valid():
            changed = service.set_frequency(key, form.cleaned_data["subscription"],
                                            form.cleaned_data["frequency"])
    # At most ARCHIVE_ALERTS_MAX_PER_ADDRESS rows exist for one address; the cap only bounds the page.
    subscriptions = list(Subscription.objects.filter(email_key=key).order_by("-created")[:200])
    for s in subscriptions:
        s.unsubscribe_token = tokens.for_subscription("unsubscribe", s)
    return _private(render(request, "alerts/manage.html", {
        "email": subscriptions[0].email if subscriptions else "", "subscriptions": subscriptions, "changed": changed,
        "frequencies": Subscription._meta.get_field("frequency").choices,
    }))


def link_query(kind, obj=None, querydict=None):
    """The subscribe page's query string for a page (used by the pages' include)."""
    q = QueryDict(mutable=True)
    q["follow"] = kind
    if obj is not None:
        q["slug"] = obj.slug
    elif querydict is not None:
        for k, v in _target_pairs(querydict):
            if k != "follow":
                q.appendlist(k, v)
    return q.urlencode()
