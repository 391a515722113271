"""Django system checks of the settings read from the environment (archive/settings.py).

settings.py never raises over a bad value: it keeps the safe default and records what
was wrong in ARCHIVE_SETTINGS_PROBLEMS, and these checks report each one as an error
naming the variable, so `manage.py check`, `migrate` and `runserver` stop with every
problem listed at once instead of a traceback from the middle of an import. This module
must never print a value that may be a secret (the database URL carries a password).
"""
from django.conf import settings
from django.core import checks


@checks.register()
def check_environment_settings(app_configs, **kwargs):
    return [
        checks.Error(message, hint=f"Correct {name} in the environment, or unset it for the default.",
                     id="archive.E001")
        for name, message in getattr(settings, "ARCHIVE_SETTINGS_PROBLEMS", ())
    ]
