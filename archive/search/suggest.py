"""Suggestions for a search that found nothing: the query with its diacritics removed, or
restored by pyvi when it was typed without them. Must never search itself nor know an engine
(#25 makes it read the archive's own vocabulary; the interface stays ``suggestion_for``).
"""
from archive import text as vt


def suggestion_for(q):
    """The diacritic-free or diacritic-restored variant of a query, when it differs."""
    if not q:
        return None
    if vt.has_diacritics(q):
        return vt.strip_accents(q)
    restored = _add_accents(q)
    return restored if restored.lower() != q.lower() else None


def _add_accents(q):
    from pyvi import ViUtils

    try:
        return ViUtils.add_accents(q)
    except KeyError:
        # pyvi's model can predict a mark its own table lacks (KeyError 'WW' on "15-NQ/TW"):
        # restore word by word and keep the words it cannot handle as typed.
        words = []
        for word in q.split(" "):
            try:
                words.append(ViUtils.add_accents(word))
            except KeyError:
                words.append(word)
        return " ".join(words)
