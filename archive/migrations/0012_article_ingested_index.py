"""An index on the article's ingest time, for send_alerts (issue #29).

Each alert run reads the articles ingested since the earliest window of the due subscriptions
(archive/alerts/matching.py), directly and through the mention tables. Without an index SQLite
reads every article row up to its ``ingested`` column, past the raw text and body in overflow
pages; with it the range is an index search (the row id comes with it). Created with SQL, as
0010's index is, so the model (archive/models/entities.py) is left as it is; on both databases.
"""
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("archive", "0011_merge_alerts_newest_first")]
    operations = [
        migrations.RunSQL("CREATE INDEX IF NOT EXISTS archive_article_ingested ON archive_article (ingested)",
                          "DROP INDEX IF EXISTS archive_article_ingested"),
    ]
