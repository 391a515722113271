"""Two indexes for the latest posts of a side list (a province's most named people, a meeting's
attendees): who is stated by which articles (position_stated, on every database), and, on
SQLite only, each article's date by its id (archive_article_dated), so that a set of articles is
put in date order from the index alone (models.ids_newest_first). SQLite keeps an article's date
behind its raw text and body in the row; PostgreSQL keeps long texts out of the rows (TOAST)."""
from django.db import migrations, models

from archive.db.migration_ops import sqlite_index

# The expression exactly as Django writes article_date() for SQLite (as migration 0010's).
SQLITE_INDEX = (
    "CREATE INDEX IF NOT EXISTS archive_article_dated ON archive_article "
    "(id, COALESCE(published, strftime('%Y-%m-%d %H:%M:%f', meeting_date)))"
)


class Migration(migrations.Migration):

    dependencies = [
        ('archive', '0015_mention_cited_indexes'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='position',
            index=models.Index(condition=models.Q(('rejected', False)), fields=['person', 'article'],
                               name='position_stated'),
        ),
        sqlite_index("archive_article_dated", SQLITE_INDEX),
    ]
