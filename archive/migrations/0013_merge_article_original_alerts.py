# Merges the saved-page originals (#28) with the email alerts and ingested index from main.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('archive', '0011_merge_article_original_newest_first'),
        ('archive', '0012_article_ingested_index'),
    ]

    operations = [
    ]
