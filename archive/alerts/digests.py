"""The alert run (``manage.py send_alerts``): one digest per due subscription that is owed articles.

One run at a time (a lock file under ARCHIVE_DATA_DIR: cron or a timer firing while the last
run still sends skips); one SMTP connection for the run. After the mail server accepted a
digest, its Delivery rows and the subscription's new window commit together, so a run killed at
any point leaves every digest either sent and marked, or unmarked and owed to the next run
(which sends it, and nothing twice). The one window left is between the server's acceptance and
that commit (milliseconds): a kill exactly there would send that one digest again. Subscriptions
owed nothing have their window moved on in one statement. Must never send to an unconfirmed
subscription, nor mark an article sent that the server did not accept.
"""
import contextlib
import datetime as dt
import fcntl
import logging
import smtplib
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import get_connection
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Greatest
from django.urls import reverse
from django.utils import timezone

from archive.alerts import mail, matching, service, targets
from archive.models import Article, Delivery, Person, Subscription
from archive.search import snippets
from archive.search.plan import highlight_terms

log = logging.getLogger(__name__)

# How far before the last cutoff the next run looks again: an article whose ingest began before
# a cutoff but committed after it carries an earlier "ingested" time; Delivery rows make the
# second look free of duplicates.
OVERLAP = dt.timedelta(hours=1)
# Consecutive failures to reach the mail server after which the run stops (the rest stay owed).
MAX_CONNECTION_FAILURES = 3


class RunInProgress(RuntimeError):
    pass


@dataclass
class Report:
    due: int = 0
    owed: int = 0
    sent: int = 0
    articles: int = 0
    failed: list = field(default_factory=list)  # (subscription id, reason)
    searches: int = 0
    expired: int = 0
    repointed: int = 0
    stopped: str = ""

    def summary(self):
        line = (f"{self.due} subscriptions due, {self.owed} owed articles: {self.sent} digests sent "
                f"({self.articles} articles), {len(self.failed)} failed; {self.searches} distinct searches run; "
                f"{self.expired} unconfirmed expired, {self.repointed} followed a merge")
        return line + (f"; stopped: {self.stopped}" if self.stopped else "")


@contextlib.contextmanager
def _only_run():
    path = settings.DATA_DIR / "send_alerts.lock"
    with open(path, "a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise RunInProgress(f"another send_alerts holds {path}") from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def follow_merges():
    """Point subscriptions of a merged-away person or document at the survivor (or drop the
    duplicate when the address follows the survivor already); returns how many moved."""
    moved = 0
    for kind in (Subscription.Kind.PERSON, Subscription.Kind.DOCUMENT):
        lost = Subscription.objects.filter(kind=kind, **{f"{kind}__isnull": True}).exclude(target_slug="")
        for s in lost[:1000]:
            survivor = targets.entity(kind, s.target_slug)
            if survivor is None:  # deleted, not merged: it matches nothing until a curator acts
                continue
            key = f"{kind}:{survivor.pk}"
            if Subscription.objects.filter(email=s.email, target=key).exists():
                s.delete()
            else:
                Subscription.objects.filter(pk=s.pk).update(
                    target=key, target_slug=survivor.slug, label=targets.entity_label(kind, survivor)[:400],
                    **{kind: survivor})
            moved += 1
    return moved


def _followed_url(s):
    if s.kind == Subscription.Kind.SEARCH:
        return reverse("archive:search") + (f"?{s.query}" if s.query else "")
    return reverse(f"archive:{s.kind}", kwargs={"slug": s.target_slug})


class _Snippets:
    """Snippets per (article, terms): many subscriptions are sent the same article."""

    def __init__(self, articles):
        self.articles, self.cache = articles, {}

    def __call__(self, article_id, terms):
        key = (article_id, terms)
        if key not in self.cache:
            self.cache[key] = snippets.snippet_html(self.articles[article_id].body, terms)
        return self.cache[key]


def _terms(subscriptions):
    names = dict(Person.objects.filter(pk__in=[s.person_id for s in subscriptions if s.person_id])
                 .values_list("pk", "name"))
    terms = {}
    for s in subscriptions:
        if s.kind == Subscription.Kind.SEARCH:
            q = targets.search_params(s.query).q
            terms[s.pk] = highlight_terms(q) if q else frozenset()
        elif s.kind == Subscription.Kind.PERSON and s.person_id in names:
            terms[s.pk] = highlight_terms(names[s.person_id])
        else:
            terms[s.pk] = frozenset()
    return terms


def _articles(ids):
    found = {}
    ids = sorted(ids)
    for start in range(0, len(ids), 500):
        found.update(Article.objects.filter(pk__in=ids[start:start + 500]).select_related("province")
                     .only("id", "title", "slug", "published", "meeting_date", "body", "province__name",
                           "province__kind").in_bulk())
    return found


def _items(article_ids, articles, snippet, terms):
    items = []
    for i in article_ids[:settings.ARCHIVE_ALERTS_DIGEST_SIZE]:
        a = articles[i]
        items.append(mail.Item(title=a.title, url=mail.absolute(a.get_absolute_url()), date=a.date,
                               province=a.province.display_name if a.province else "", snippet_html=snippet(i, terms)))
    return items


def _advance(subscription_ids, cutoff, sent):
    """Move these subscriptions' windows to the cutoff (never before their confirmation)."""
    updates = {"since": Greatest(F("since"), Value(cutoff - OVERLAP)), "last_digest": cutoff}
    if sent:
        updates["digests"] = F("digests") + 1
    ids = list(subscription_ids)
    for start in range(0, len(ids), 500):
        Subscription.objects.filter(pk__in=ids[start:start + 500]).update(**updates)


def run(now=None, connection=None):
    """Send every due digest; returns a Report."""
    with _only_run():
        return _run(now or timezone.now(), connection)


def _run(cutoff, connection):
    report = Report(expired=service.forget_expired(cutoff), repointed=follow_merges())
    due = list(Subscription.objects.due(cutoff).only(
        "id", "email", "kind", "label", "query", "target_slug", "person_id", "document_id", "province_id",
        "frequency", "confirmed", "since"))
    report.due = len(due)
    owed, report.searches = matching.owed(due, cutoff)
    report.owed = sum(len(v) for v in owed.values())
    _advance([s.pk for s in due if s.pk not in owed], cutoff, sent=False)
    if not owed:
        return report
    owing = [s for s in due if s.pk in owed]
    articles = _articles({i for ids in owed.values() for i in ids})
    snippet, terms = _Snippets(articles), _terms(owing)
    connection = connection or get_connection()
    failures = 0
    try:
        for s in owing:
            ids = [i for i in owed[s.pk] if i in articles]  # an article deleted meanwhile is not listed
            if not ids:
                continue
            items = _items(ids, articles, snippet, terms[s.pk])
            message = mail.digest(s, items, len(ids) - len(items), _followed_url(s))
            message.connection = connection
            try:
                connection.open()  # kept open between digests (send_messages closes what it opened)
                accepted = connection.send_messages([message])
            except smtplib.SMTPRecipientsRefused as exc:
                report.failed.append((s.pk, f"refused: {exc}"))
                continue
            except (OSError, smtplib.SMTPException) as exc:  # the server is gone: retry on a new connection
                report.failed.append((s.pk, f"{type(exc).__name__}: {exc}"))
                failures += 1
                with contextlib.suppress(Exception):
                    connection.close()
                if failures >= MAX_CONNECTION_FAILURES:
                    report.stopped = f"the mail server failed {failures} times in a row"
                    break
                continue
            if not accepted:
                report.failed.append((s.pk, "not accepted"))
                continue
            failures = 0
            with transaction.atomic():
                Delivery.objects.bulk_create([Delivery(subscription_id=s.pk, article_id=i) for i in ids],
                                             ignore_conflicts=True)
                _advance([s.pk], cutoff, sent=True)
            report.sent += 1
            report.articles += len(ids)
    finally:
        with contextlib.suppress(Exception):
            connection.close()
    if report.failed:
        log.warning("send_alerts: %d digests not sent (they stay owed)", len(report.failed))
    return report
