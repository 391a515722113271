"""Signed, expiring tokens for the links of alert emails (django.core.signing, one salt per purpose).

A confirmation token names a subscription, an unsubscribe token names a subscription, a
"your subscriptions" token names an address by its keyed hash; each is only good for its own
purpose and only for the days settings allow. Signed values are readable (signing is not
encryption), so a token must never hold the address itself: links end up in access logs.
"""
from django.conf import settings
from django.core import signing
from django.utils.crypto import salted_hmac

SALTS = {
    "confirm": "archive.alerts.confirm",
    "unsubscribe": "archive.alerts.unsubscribe",
    "manage": "archive.alerts.manage",
}


def address_key(email):
    """The address's keyed hash (changes with SECRET_KEY: older links then stop working)."""
    return salted_hmac("archive.alerts.address", str(email), algorithm="sha256").hexdigest()[:40]


def for_subscription(purpose, subscription):
    return make(purpose, [subscription.pk, subscription.email_key[:12]])


def _max_age(purpose):
    days = settings.ARCHIVE_ALERTS_CONFIRM_DAYS if purpose == "confirm" else settings.ARCHIVE_ALERTS_LINK_DAYS
    return days * 86400


def make(purpose, value):
    return signing.TimestampSigner(salt=SALTS[purpose]).sign_object(value, compress=True)


def read(purpose, token):
    """The value signed in token for purpose, or None when it is forged, of another purpose or expired."""
    try:
        return signing.TimestampSigner(salt=SALTS[purpose]).unsign_object(str(token or "")[:2000],
                                                                          max_age=_max_age(purpose))
    except (signing.BadSignature, ValueError, TypeError):
        return None
