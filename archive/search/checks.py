"""Django system checks of the search settings, run at start-up (every manage.py command, the
server): an unknown engine, a Whoosh version the Whoosh engine was not written for, or a bad
arrays setting stop start-up with a message that names the setting or the version. Must never
create, change or open an index.
"""
import os

from django.conf import settings
from django.core import checks


@checks.register()
def check_search_engine(app_configs, **kwargs):
    from archive.search import ENGINES

    errors = []
    name = getattr(settings, "ARCHIVE_SEARCH_ENGINE", "whoosh")
    if name not in ENGINES:
        errors.append(checks.Error(
            f"ARCHIVE_SEARCH_ENGINE is {name!r}; the archive has the engines {', '.join(sorted(ENGINES))}.",
            id="archive.E101"))
        return errors
    if name == "postgres" and settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        errors.append(checks.Error(
            "ARCHIVE_SEARCH_ENGINE=postgres keeps the search index in the archive's PostgreSQL database, "
            "but DATABASE_URL does not name a PostgreSQL database.",
            hint="Set DATABASE_URL=postgres://… or leave ARCHIVE_SEARCH_ENGINE unset (whoosh).", id="archive.E105"))
    if name == "whoosh":
        errors.extend(_whoosh())
        arrays = getattr(settings, "ARCHIVE_SEARCH_ARRAYS_DIR", "")
        if arrays and not os.path.isabs(arrays):
            errors.append(checks.Error(f"ARCHIVE_SEARCH_ARRAYS_DIR must be an absolute path, not {arrays!r}.",
                                       id="archive.E104"))
    return errors


def _whoosh():
    from archive.search.engines.whoosh import private

    installed = private.installed_version()
    wanted = ".".join(map(str, private.WHOOSH_VERSION))
    if installed != private.WHOOSH_VERSION:
        return [checks.Error(
            f"Whoosh {'.'.join(map(str, installed))} is installed; the Whoosh search engine was written for "
            f"Whoosh {wanted} and relies on private names of that version (archive/search/engines/whoosh/private.py).",
            hint=f"Install whoosh=={wanted} (requirements.txt pins it).", id="archive.E102")]
    gone = private.missing()
    if gone:
        return [checks.Error(f"The installed Whoosh lacks names the search engine relies on: {', '.join(gone)}.",
                             id="archive.E103")]
    return []
