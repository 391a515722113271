"""Which new articles each due subscription is owed, found in bulk, never one search per subscription.

The candidates are the articles ingested in the run's window (from the earliest ``since`` of
the due subscriptions to the run's cutoff). Subscriptions are grouped by kind: people and
documents through their mention tables (one query each over the candidates' mentions),
provinces through the candidates' province (a province also owns the articles of the old units
merged into it, as its page does), searches through ``archive.search.ids`` once per distinct
query, its ids kept only where they are candidates. Each subscription then keeps the articles
ingested since its own ``since`` that it was not already sent (Delivery rows). Must never write,
send, nor run a search per subscription.
"""
from collections import defaultdict

from archive import search
from archive.alerts import targets
from archive.models import Article, Delivery, DocumentMention, PersonMention, Province, Subscription


def candidates(since, cutoff):
    """{article id: ingested} for the articles ingested in [since, cutoff)."""
    # order_by(): no sort of the models' default orders (and none added to the DISTINCT below).
    return dict(Article.objects.filter(ingested__gte=since, ingested__lt=cutoff).order_by()
                .values_list("id", "ingested"))


def _by_entity(model, field, since, cutoff, wanted):
    found = defaultdict(set)
    rows = (model.objects.filter(article__ingested__gte=since, article__ingested__lt=cutoff, rejected=False)
            .order_by().values_list(field, "article_id").distinct())
    for entity_id, article_id in rows:
        if entity_id in wanted:
            found[entity_id].add(article_id)
    return found


def _by_province(since, cutoff, wanted):
    """{subscribed province id: article ids}: its own articles and its merged-in units'."""
    owners = defaultdict(set)  # article's province id -> subscribed provinces that own it
    for pk in wanted:
        owners[pk].add(pk)
    for pk, successor in Province.objects.filter(successor_id__in=wanted).values_list("pk", "successor_id"):
        owners[pk].add(successor)
    found = defaultdict(set)
    rows = (Article.objects.filter(ingested__gte=since, ingested__lt=cutoff, province_id__in=list(owners))
            .order_by().values_list("id", "province_id"))
    for article_id, province_id in rows:
        for owner in owners[province_id]:
            found[owner].add(article_id)
    return found


def _by_search(new, queries):
    """{canonical query: article ids among new}: each distinct query searched once."""
    found = {}
    for query in queries:
        params = targets.search_params(query)
        found[query] = {i for i in search.ids(params) if i in new}
    return found


def _delivered(subscription_ids, since):
    """(subscription id, article id) pairs already sent among these subscriptions since since."""
    sent = set()
    ids = list(subscription_ids)
    for start in range(0, len(ids), 500):  # IN lists bounded for SQLite's variable limit
        sent.update(Delivery.objects.filter(subscription_id__in=ids[start:start + 500], sent__gte=since)
                    .order_by().values_list("subscription_id", "article_id"))
    return sent


def owed(subscriptions, cutoff):
    """{subscription id: [article ids, newest ingested first]} for due subscriptions (those owed
    nothing are left out), and the count of distinct searches run."""
    subscriptions = list(subscriptions)
    if not subscriptions:
        return {}, 0
    start = min(s.since or s.confirmed for s in subscriptions)
    new = candidates(start, cutoff)
    if not new:
        return {}, 0
    kinds = defaultdict(set)
    for s in subscriptions:
        key = s.query if s.kind == Subscription.Kind.SEARCH else getattr(s, f"{s.kind}_id")
        if key is not None:
            kinds[s.kind].add(key)
    matched = {
        Subscription.Kind.PERSON: _by_entity(PersonMention, "person_id", start, cutoff, kinds["person"]),
        Subscription.Kind.DOCUMENT: _by_entity(DocumentMention, "document_id", start, cutoff, kinds["document"]),
        Subscription.Kind.PROVINCE: _by_province(start, cutoff, kinds["province"]),
        Subscription.Kind.SEARCH: _by_search(new, sorted(kinds["search"])),
    }
    out = {}
    matching_subs = []
    for s in subscriptions:
        key = s.query if s.kind == Subscription.Kind.SEARCH else getattr(s, f"{s.kind}_id")
        since = s.since or s.confirmed
        ids = [i for i in matched[s.kind].get(key, ()) if new[i] >= since]
        if ids:
            out[s.pk] = ids
            matching_subs.append(s.pk)
    sent = _delivered(matching_subs, start)
    for pk in matching_subs:
        ids = sorted((i for i in out[pk] if (pk, i) not in sent), key=lambda i: (new[i], i), reverse=True)
        if ids:
            out[pk] = ids
        else:
            del out[pk]
    return out, len(kinds["search"])
