"""An index on the article's last write, so the archive's state (archive/aggregates.py) sees a
re-ingest that rewrites an article in place in one index probe (MAX of an indexed column).

Without it an article re-ingested with a new title but no people or documents would change none
of the largest ids, and a cached page would outlive the change. Created with SQL, as 0010's and
0012's indexes are, so the model is left as it is; on both databases.
"""
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("archive", "0013_merge_article_original_alerts")]
    operations = [
        migrations.RunSQL("CREATE INDEX IF NOT EXISTS archive_article_updated ON archive_article (updated)",
                          "DROP INDEX IF EXISTS archive_article_updated"),
    ]
