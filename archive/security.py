"""Web security around the field's libraries: who the client is, throttles, lockout answers, headers.

The Content-Security-Policy is django-csp's (settings.CONTENT_SECURITY_POLICY); the admin
lockout is django-axes' (failures stored in the database per normalised username); the
throttles are django-ratelimit's, counting in the "ratelimit" cache
(archive.counters: atomic increments in the database, shared by every worker).
``ThrottleMiddleware`` counts each search request (page, JSON, CSV, feed) against the
client's allowance, and each admin login POST against the username's and the client's
allowance *before* the password is checked, so parallel guesses cannot slip in between a
check and its count. This module adds the glue those libraries leave to the project: the
client's address behind a trusted proxy, the key for a username (normalised as Django
normalises it), and Vietnamese 429 answers. When the counters cannot be written (read-only or
full data directory) searches go on uncounted and logins are refused with the storage page.
It must never store or log passwords, and
must never throttle anything but the search views and the admin login.
"""
import ipaddress
import math
import unicodedata

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django_ratelimit.core import get_usage

from archive.faults import storage_fault, storage_refused

PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=()"


class PermissionsPolicyMiddleware:
    """The one header neither Django nor django-csp sends."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


def client_id(request):
    """The client's address; behind a trusted reverse proxy, the address the proxy saw."""
    addr = request.META.get("REMOTE_ADDR", "")
    if addr in getattr(settings, "ARCHIVE_TRUSTED_PROXIES", ()):
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
        if forwarded:
            return forwarded[-1]  # the entry our proxy appended; earlier ones are the client's to forge
    return addr or "unknown"


def username_key(username):
    """One key for every spelling Django would log in as the same account.

    Django's login form NFKC-normalises the username before authenticating ("ａdmin" logs
    in as "admin"), so the lockout must count under that form too; casefolding on top
    costs a look-alike attacker more than it costs a curator."""
    return unicodedata.normalize("NFKC", str(username or "")).strip().casefold()[:150]


# --- django-axes hooks (named in settings) ---------------------------------------------------

def axes_username(request, credentials):
    raw = (credentials or {}).get("username")
    if raw is None and request is not None:
        raw = request.POST.get("username", "")
    return username_key(raw)


def axes_client_ip(request):
    """The address axes records, or None: its access log keeps it in a GenericIPAddressField,
    which PostgreSQL refuses anything but an address for (a forwarded header can hold anything,
    and a request built in code, as force_login does, has none)."""
    addr = client_id(request)
    try:
        return str(ipaddress.ip_address(addr))
    except ValueError:
        return None


def login_failure_limit(request, credentials):
    return settings.ARCHIVE_LOGIN_MAX_FAILURES


def login_cooloff(request=None):
    import datetime as dt

    return dt.timedelta(seconds=settings.ARCHIVE_LOGIN_LOCKOUT_SECONDS)


def login_locked_out(request, original_response=None, credentials=None):
    return _login_refused(request)


# --- answers ------------------------------------------------------------------------------------

def _too_many(request, seconds, message):
    headers = {"Retry-After": str(seconds)}
    if request.path.startswith("/api/"):
        return JsonResponse({"error": message, "retry_after": seconds}, status=429, headers=headers,
                            json_dumps_params={"ensure_ascii": False})
    html = render_to_string("429.html", {"message": message, "seconds": seconds}, request=request)
    return HttpResponse(html, status=429, headers=headers)


def _login_refused(request):
    seconds = settings.ARCHIVE_LOGIN_LOCKOUT_SECONDS
    minutes = max(1, seconds // 60)
    return _too_many(request, seconds, f"Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau {minutes} phút.")


def search_rate():
    """The search allowance as a django-ratelimit rate: the burst, renewed once it could have
    been earned at the steady pace (30 per 30 s for 60 a minute with a burst of 30)."""
    per_minute, burst = settings.ARCHIVE_SEARCH_RATE_PER_MINUTE, max(1, settings.ARCHIVE_SEARCH_BURST)
    return f"{burst}/{max(1, math.ceil(burst * 60 / per_minute))}s"


def usage(request, group, value, rate):
    """django-ratelimit's count for value, or None when the counters cannot be written (a read-only
    or full data directory: archive.faults)."""
    try:
        return get_usage(request, group=group, key=lambda _group, _request: value, rate=rate, increment=True)
    except Exception as exc:
        if storage_fault(exc) is None:
            raise
        return None


class ThrottleMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST" and request.path == reverse("admin:login"):
            limit, window = settings.ARCHIVE_LOGIN_MAX_FAILURES, settings.ARCHIVE_LOGIN_LOCKOUT_SECONDS
            by_user = usage(request, "login-user", username_key(request.POST.get("username")), f"{limit}/{window}s")
            # A client may mistype more often than one account is guessed at.
            by_client = usage(request, "login-client", client_id(request), f"{2 * limit}/{window}s")
            if by_user is None or by_client is None:  # uncounted, a password is never checked
                return storage_refused(request, "the throttle counters cannot be written")
            if by_user["should_limit"] or by_client["should_limit"]:
                return _login_refused(request)
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if (not match or match.namespace != "archive" or "search" not in (match.url_name or "")
                or settings.ARCHIVE_SEARCH_RATE_PER_MINUTE <= 0):
            return None
        found = usage(request, "search", client_id(request), search_rate())
        if found is None or not found["should_limit"]:  # reading goes on when counting cannot
            return None
        seconds = max(1, found["time_left"])
        return _too_many(request, seconds, f"Bạn tìm kiếm quá nhanh. Vui lòng thử lại sau {seconds} giây.")
