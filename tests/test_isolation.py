"""A test run keeps all runtime state in its own throwaway directory, never in var/."""
import tempfile
from pathlib import Path

from django.conf import settings


def test_runtime_state_lives_in_a_throwaway_directory():
    data_dir = Path(settings.DATA_DIR)
    assert data_dir != settings.BASE_DIR / "var"
    assert data_dir.is_relative_to(Path(tempfile.gettempdir()).resolve())
    # The autouse search_index fixture gives each test an index of its own under tmp_path.
    assert Path(settings.HAYSTACK_CONNECTIONS["default"]["PATH"]).is_relative_to(Path(tempfile.gettempdir()).resolve())
    for cache in settings.CACHES.values():
        if "LOCATION" in cache and "/" in str(cache["LOCATION"]):
            assert Path(cache["LOCATION"]).is_relative_to(data_dir)
    assert settings.ARCHIVE_SEARCH_RATE_PER_MINUTE == 0
