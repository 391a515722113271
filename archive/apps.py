"""The archive app: loads the gazetteer of provinces and newspapers after every migrate."""
from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _sync_gazetteer(sender, **kwargs):
    from archive.ingest.store import sync_gazetteer

    sync_gazetteer()


class ArchiveConfig(AppConfig):
    name = "archive"
    verbose_name = "Lưu trữ Nghị sự"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from archive.search import checks  # noqa: F401  (registers the search engine's system checks)

        post_migrate.connect(_sync_gazetteer, sender=self)
