"""Unicode twins: two files of one text in two Unicode forms (NFC, NFD) are two articles, each
known by its file, but ingest composes both to one NFC text, so a reader would see that article
twice in a list. Every list a reader sees (home, province, person, document and meeting pages,
feeds, search results) shows the first of twins only."""
from archive.models import Article

# Rows read past a short list's length, so that the twins left out leave it full.
SPARE = 8


def twin_ids(rows):
    """The ids among rows ((id, title, published), in list order) whose title, date and text an
    earlier row has: the texts are read only for rows sharing title and date."""
    seen, candidates = {}, set()
    for pk, title, published in rows:
        first = seen.setdefault((title, published), pk)
        if first != pk:
            candidates.update((first, pk))
    texts, twins = {}, set()
    if candidates:
        raw = dict(Article.objects.filter(pk__in=candidates).values_list("pk", "raw_text"))
        for pk, title, _published in rows:  # in list order: the first of twins is the one kept
            if pk in candidates and texts.setdefault((title, raw[pk]), pk) != pk:
                twins.add(pk)
    return twins


def without_twins(articles):
    """articles (in list order) less the twins of another one of them, the oldest file of a text
    being the one kept."""
    found = twin_ids(sorted((a.pk, a.title, a.published) for a in articles))
    return [a for a in articles if a.pk not in found]


def first(articles, limit):
    """The first ``limit`` articles of a queryset (or list) of articles, twins left out."""
    return without_twins(list(articles[:limit + SPARE]))[:limit]
