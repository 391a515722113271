"""Gzip for the archive's public pages, and only for them.

Django's GZipMiddleware compresses HTML, feeds, JSON and CSV. Compressing a page that reflects
input next to a secret lets an attacker who can watch sizes guess the secret (BREACH). Public pages
hold no secret: search is a GET form without a CSRF token, no session, nothing personal. The admin
holds CSRF tokens (masked per response by Django, but still) and curators' data, and reflects its
own search input, so it is never compressed, nor is any response that sets a cookie. Static files
are compressed ahead of time by WhiteNoise's CompressedStaticFilesStorage (collectstatic). Must
never compress a response that carries a CSRF token or a cookie.
"""
from django.middleware.gzip import GZipMiddleware

_COMPRESSED = ("font/woff2", "image/png", "image/jpeg", "image/webp", "application/zip", "application/gzip")


class PublicGZipMiddleware(GZipMiddleware):
    def process_response(self, request, response):
        # A page that renders a CSRF token renews its cookie (django.middleware.csrf.get_token),
        # so "sets a cookie" covers "carries a token" too.
        if request.path.startswith("/admin/") or response.cookies:
            return response
        # WOFF2 fonts and pictures are compressed already: gzip would spend CPU to gain nothing.
        if response.get("Content-Type", "").startswith(_COMPRESSED):
            return response
        return super().process_response(request, response)
