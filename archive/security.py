"""Web security that Django 5.2 does not give us out of the box: CSP and per-client throttles.

``SecurityHeadersMiddleware`` sends a Content-Security-Policy without
'unsafe-inline' (every script and stylesheet is a file under static/; Django's
own admin has no inline scripts or style attributes either) plus the headers
Django's SecurityMiddleware leaves out. ``ThrottleMiddleware`` gives each client
a token bucket for the search views (page, JSON, CSV, feed), so a script crawling
every facet combination is slowed to a reader's pace instead of starving
readers, and refuses admin logins from a client or for a username after
repeated failures (counted from Django's ``user_login_failed`` signal). Counters
live in the "throttle" cache, shared by all worker processes. This module must
never store or log passwords, and must never throttle anything but the search
views and the admin login.
"""
import math
import time

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.core.cache import caches
from django.dispatch import receiver
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.urls import reverse

CSP = "; ".join((
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
))
EXTRA_HEADERS = {
    "Content-Security-Policy": CSP,
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # Django's technical 404/500 pages (DEBUG only) are styled inline; production pages never are.
        if settings.DEBUG and response.status_code >= 400:
            return response
        for name, value in EXTRA_HEADERS.items():
            response.headers.setdefault(name, value)
        return response


def client_id(request):
    """The client's address; behind a trusted reverse proxy, the address the proxy saw."""
    addr = request.META.get("REMOTE_ADDR", "")
    if addr in getattr(settings, "ARCHIVE_TRUSTED_PROXIES", ()):
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
        if forwarded:
            return forwarded[-1]  # the entry our proxy appended; earlier ones are the client's to forge
    return addr or "unknown"


def _cache():
    return caches["throttle"]


def take_token(key, per_minute, burst):
    """Token bucket: True if the request may go ahead, else the seconds until it may."""
    now = time.time()
    rate = per_minute / 60.0
    tokens, stamp = _cache().get(key, (float(burst), now))
    tokens = min(float(burst), tokens + (now - stamp) * rate)
    if tokens >= 1.0:
        _cache().set(key, (tokens - 1.0, now), timeout=int(burst / rate) + 60)
        return True
    _cache().set(key, (tokens, now), timeout=int(burst / rate) + 60)
    return max(1, math.ceil((1.0 - tokens) / rate))


def _login_keys(request, username=None):
    keys = [f"login-fail:ip:{client_id(request)}"]
    if username:
        keys.append(f"login-fail:user:{username.strip().lower()[:150]}")
    return keys


@receiver(user_login_failed, dispatch_uid="archive.security.login_failed")
def _count_login_failure(sender, credentials, request=None, **kwargs):
    if request is None:
        return
    window = settings.ARCHIVE_LOGIN_LOCKOUT_SECONDS
    for key in _login_keys(request, credentials.get("username")):
        cache = _cache()
        cache.add(key, 0, timeout=window)
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=window)


@receiver(user_logged_in, dispatch_uid="archive.security.logged_in")
def _forget_login_failures(sender, request=None, user=None, **kwargs):
    if request is not None:
        _cache().delete_many(_login_keys(request, getattr(user, "get_username", lambda: "")()))


def _too_many(request, seconds, message):
    headers = {"Retry-After": str(seconds)}
    if request.path.startswith("/api/"):
        return JsonResponse({"error": message, "retry_after": seconds}, status=429, headers=headers,
                            json_dumps_params={"ensure_ascii": False})
    html = render_to_string("429.html", {"message": message, "seconds": seconds}, request=request)
    return HttpResponse(html, status=429, headers=headers)


class ThrottleMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST" and request.path == reverse("admin:login"):
            refused = self._login_refused(request)
            if refused:
                return refused
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        per_minute = settings.ARCHIVE_SEARCH_RATE_PER_MINUTE
        if not match or match.namespace != "archive" or "search" not in (match.url_name or "") or per_minute <= 0:
            return None
        allowed = take_token(f"search:{client_id(request)}", per_minute, settings.ARCHIVE_SEARCH_BURST)
        if allowed is True:
            return None
        return _too_many(request, allowed, f"Bạn tìm kiếm quá nhanh. Vui lòng thử lại sau {allowed} giây.")

    def _login_refused(self, request):
        limit = settings.ARCHIVE_LOGIN_MAX_FAILURES
        cache = _cache()
        by_ip, *by_user = _login_keys(request, request.POST.get("username", ""))
        # A client may mistype more often than one account is guessed at.
        if (cache.get(by_ip) or 0) >= 2 * limit or any((cache.get(k) or 0) >= limit for k in by_user):
            minutes = max(1, settings.ARCHIVE_LOGIN_LOCKOUT_SECONDS // 60)
            return _too_many(request, settings.ARCHIVE_LOGIN_LOCKOUT_SECONDS,
                             f"Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau {minutes} phút.")
        return None
