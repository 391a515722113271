"""Identity rules of the ingest: which stored Person, Document or Meeting a fact refers to.

A name resolves through the curators' aliases first (an ignored alias: not a person), then to a
person of the same province, then to one who held the same post; documents and meetings are keyed
by what identifies them (kind, number, issuer, province; kind, term, session, province). Must never
write the database: new entities are made unsaved, for the caller to create in one query.
"""


from archive import text as vt
from archive.ingest.extract import EXTRACTOR_VERSION
from archive.ingest.extract.documents import is_national
from archive.models import (
    Person,
)


def resolve_person(name, province, positions, lookups):
    """The Person a name in this province refers to, or None when an alias says "not a person".

    A person met for the first time is made but not saved (pk None): the caller creates the
    new people of an article in one query.
    """
    key = vt.key(name)
    aliases = lookups.aliases(key)
    alias = next((a for a in aliases if a.province_id == getattr(province, "pk", None)), None) or next(
        (a for a in aliases if a.province_id is None), None
    )
    if alias:
        # An ignored alias, or one whose person a curator deleted: the name is not a person.
        return None if alias.ignored or alias.person_id is None else alias.person
    # In name order, as the database gave them (stable: equal names stay in creation order).
    candidates = sorted(lookups.persons(key), key=lambda p: p.name)
    same_province = [p for p in candidates if province and p.province_id == province.pk]
    if same_province:
        return same_province[0]
    wanted = {vt.key(p.normalized) for p in positions}
    for person in candidates:
        if wanted & lookups.held(person):
            return person
    person = Person(name=name, province=province, extractor_version=EXTRACTOR_VERSION)
    person.derive()
    person.slug = lookups.unique_slug(Person, vt.slugify(name))
    lookups.new_person(person)
    return person


def document_key(kind, number, issuer, province):
    """Identity of a document across articles (see Document.key)."""
    base = f"{vt.fold(kind)}|{vt.fold(number).replace(' ', '')}"
    if any(ch.isalpha() for ch in number):
        return base if is_national(number) else f"{base}|{getattr(province, 'slug', '')}"
    issuer_key = vt.fold(issuer or "")
    national = any(w in issuer_key for w in ("trung uong", "bo chinh tri", "ban bi thu", "quoc hoi", "chinh phu"))
    return f"{base}|{issuer_key}" if national else f"{base}|{issuer_key}|{getattr(province, 'slug', '')}"


def _merged_into(alias_model, field, key):
    """The survivor a curator merged the entity with this key into, if any."""
    alias = alias_model.objects.filter(key=key).select_related(field).first()
    return getattr(alias, field) if alias else None


def meeting_key(fact, province, file_name):
    prov = getattr(province, "slug", "")
    organ = vt.fold(fact.organ or fact.kind)
    if fact.date:
        return f"{prov}|{organ}|{fact.date.isoformat()}"
    if fact.term and fact.session:
        return f"{prov}|{organ}|{fact.term}|{fact.session}"
    return f"article|{file_name}"


def _meeting_slug(fact, province):
    return vt.slugify(f"{fact.kind} {province or ''} {fact.date or ''}", 180)
