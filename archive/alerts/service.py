"""Subscribing, confirming and unsubscribing: the writes behind the alert pages.

``subscribe`` answers nothing: whatever the address's state (new, pending, already following,
at the limit, over its hourly allowance) the page says the same, and only the address's own
inbox learns which it was — so the form cannot tell a visitor whether an address is known.
The allowances are django-ratelimit's, counted in archive.counters (the search throttle's
SQLite counters), per client (the view) and per address (here). Nothing here sends to an
address more than its allowance, nor marks a subscription confirmed but through a signed link.
"""
import datetime as dt
import logging

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from archive import security
from archive.alerts import mail, tokens
from archive.models import Subscription

log = logging.getLogger(__name__)


class CountersUnavailable(RuntimeError):
    """The throttle counters cannot be written: nothing is sent uncounted."""


def normalise_email(email):
    """One form per address: the domain is case-insensitive, and so, in practice, is the mailbox."""
    return str(email or "").strip().lower()


def over_allowance(request, group, value, per_hour):
    """Whether value has used its hourly allowance (counting this request); 0 means no limit."""
    if per_hour <= 0:
        return False
    found = security.usage(request, group, value, f"{per_hour}/h")
    if found is None:  # the counters cannot be written (archive.faults)
        raise CountersUnavailable(f"the throttle counters cannot be written (group {group})")
    return found["should_limit"]


def _send(message):
    # An SMTP failure is logged, never shown: the reader's page must not depend on the inbox's state.
    try:
        message.send()
    except OSError as exc:  # smtplib's errors are OSErrors
        log.error("alert email to a subscriber could not be sent: %s", exc)


def forget_expired(now=None):
    """Delete subscriptions never confirmed within the confirmation link's life."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(days=settings.ARCHIVE_ALERTS_CONFIRM_DAYS)
    return Subscription.objects.filter(confirmed__isnull=True, created__lt=cutoff).delete()[0]


def subscribe(request, *, email, target, frequency):
    """Record (unconfirmed) and mail a confirmation, or mail a notice; returns nothing on purpose."""
    email = normalise_email(email)
    if over_allowance(request, "alerts-address", email, settings.ARCHIVE_ALERTS_PER_ADDRESS_HOUR):
        return
    forget_expired()
    existing = Subscription.objects.filter(email=email, target=target.key).first()
    if existing and existing.confirmed:
        _send(mail.notice(email, "known", existing))
        return
    if existing is None and Subscription.objects.filter(email=email).count() >= settings.ARCHIVE_ALERTS_MAX_PER_ADDRESS:
        _send(mail.notice(email, "limit"))
        return
    try:
        with transaction.atomic():
            if existing is None:
                existing = Subscription.objects.create(email=email, frequency=frequency, **target.fields())
            else:  # a pending request asked again: a fresh link, the frequency asked now
                existing.frequency, existing.created = frequency, timezone.now()
                existing.save(update_fields=["frequency", "created"])
    except IntegrityError:  # the same request twice at once: the other one mails the link
        return
    _send(mail.confirmation(existing))


def signed(purpose, token):
    """The subscription a valid token of purpose names, or None (forged, expired, or gone)."""
    value = tokens.read(purpose, token)
    if not (isinstance(value, list) and len(value) == 2 and isinstance(value[1], str)):
        return None
    subscription = Subscription.objects.filter(pk=value[0]).first()
    return subscription if subscription and subscription.email_key[:12] == value[1] else None


def confirm(subscription):
    """Confirm the subscription (if it was not); returns it."""
    if subscription is not None and subscription.confirmed is None:
        now = timezone.now()
        # Only articles ingested from now on: a new subscriber is not sent the archive's past.
        Subscription.objects.filter(pk=subscription.pk, confirmed__isnull=True).update(confirmed=now, since=now)
        subscription.refresh_from_db()
    return subscription


def unsubscribe(subscription):
    """Delete the subscription and what it was sent."""
    Subscription.objects.filter(pk=subscription.pk).delete()


def set_frequency(email_key, subscription_id, frequency):
    """Change the frequency of one of the address's subscriptions; whether there was one."""
    return Subscription.objects.filter(pk=subscription_id, email_key=email_key).update(frequency=frequency) == 1
