"""An index on the article's date expression, newest first, on SQLite.

Every list of articles (home, provinces, feeds, the search without words) orders by
``article_date()`` = COALESCE(published, meeting_date), which no column index serves: at 100,000
articles the home page's twelve latest articles sorted the whole table (0.8 s). SQLite orders NULL
last in a descending index, as ``newest_first`` asks. PostgreSQL cannot index that expression (the
cast of a date to a timestamp with time zone is not immutable) and sorts the top rows with a heap.
"""
from django.db import migrations

from archive.db.migration_ops import sqlite_index

# The expression exactly as Django writes article_date() for SQLite, so that the planner matches it.
SQLITE_INDEX = (
    "CREATE INDEX IF NOT EXISTS archive_article_newest ON archive_article "
    "(COALESCE(published, strftime('%Y-%m-%d %H:%M:%f', meeting_date)) DESC, id DESC)"
)


class Migration(migrations.Migration):
    dependencies = [("archive", "0009_search_document")]
    operations = [sqlite_index("archive_article_newest", SQLITE_INDEX)]
