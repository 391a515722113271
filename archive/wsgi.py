"""WSGI entry point (gunicorn, runserver)."""
import logging
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")
application = get_wsgi_application()


def _warm():
    """Load pyvi and open the search index as the worker starts, not on its first reader's clock."""
    from archive import search

    try:
        search.warm()
    except Exception as exc:  # no index yet (a fresh archive): the first search opens it
        logging.getLogger(__name__).warning("search not warmed at start: %s", exc)


_warm()
